// Officeholders, party workers and elections end to end: orgctl against the real orgtreed with the
// demo organisation (today 2026-11-25): appointing and ending, the refusals as orgctl reports them,
// the party-worker flag, an election replacing the officeholders, the overdue report around the
// term's last day, the term flags, and the retiree handover listing a retiree still in a post.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/demo_server_test.h"

namespace orgtree {
namespace {

using testing::CommandResult;
using ::testing::HasSubstr;
using testing::LineWith;
using ::testing::Not;
using testing::ServerProcess;

class OfficersE2eTest : public testing::DemoServerTest {
 protected:
  nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    const CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }
  // The same data directory on another day, with extra server flags.
  void Restart(const std::string& today, std::vector<std::string> flags = {}) {
    server_.reset();
    flags.push_back("--demo");
    server_ = std::make_unique<ServerProcess>(dir_.path() + "/data", today, flags);
  }
};

TEST_F(OfficersE2eTest, AppointListAndEndOfficeholders) {
  auto appoint = Run({"officer", "appoint", "S0001-Z01-B01", "M00013", "--position", "secretary",
                      "--date", "2024-03-01", "--document", "中共S0001委〔2024〕8号"});
  ASSERT_EQ(appoint.exit_code, 0) << appoint.err;
  auto member = Json({"officer", "appoint", "S0001-Z01-B01", "M00014", "--position",
                      "committee_member", "--role", "organisation", "--date", "2024-03-01"});
  EXPECT_EQ(member["position"], "committee_member");
  EXPECT_EQ(member["role"], "organisation");
  EXPECT_EQ(member["end_date"], "");

  auto table = Run({"org", "officers", "S0001-Z01-B01"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("POSITION"));
  EXPECT_THAT(LineWith(table.out, {"secretary", "M00013", "2024-03-01", "中共S0001委〔2024〕8号"}),
              Not(""))
      << table.out;
  EXPECT_THAT(LineWith(table.out, {"committee_member", "organisation", "M00014"}), Not(""));

  // Refusals as orgctl reports them: exit 1 with the status name, or 2 for a bad word.
  auto second = Run({"officer", "appoint", "S0001-Z01-B01", "M00015", "--position", "secretary"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr("error: FAILED_PRECONDITION:"));
  EXPECT_THAT(second.err, HasSubstr("one secretary per org"));
  auto outsider = Run({"officer", "appoint", "S0001-Z01-B02", "M00031", "--position", "secretary"});
  EXPECT_EQ(outsider.exit_code, 1);
  EXPECT_THAT(outsider.err, HasSubstr("officeholder rule"));
  EXPECT_EQ(
      Run({"officer", "appoint", "S0001-Z01-B01", "M00015", "--position", "chairman"}).exit_code,
      2);
  auto unknown = Run({"officer", "appoint", "NOPE", "M00015", "--position", "secretary"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("error: NOT_FOUND:"));
  // Replacing the secretary explicitly ends the first one on the new start date.
  auto replaced = Run({"officer", "appoint", "S0001-Z01-B01", "M00015", "--position", "secretary",
                       "--date", "2025-01-01", "--replace-current"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;

  auto ended = Json({"officer", "end", "S0001-Z01-B01", "M00014", "--position", "committee_member",
                     "--date", "2025-06-30"});
  EXPECT_EQ(ended["end_date"], "2025-06-30");
  auto current = Json({"org", "officers", "S0001-Z01-B01"});
  ASSERT_EQ(current["items"].size(), 1u);
  EXPECT_EQ(current["items"][0]["member_no"], "M00015");
  EXPECT_EQ(current["next_page_token"], "");
  auto all = Json({"org", "officers", "S0001-Z01-B01", "--all"});
  EXPECT_EQ(all["items"].size(), 3u);
  auto all_text = Run({"org", "officers", "S0001-Z01-B01", "--all"});
  EXPECT_THAT(LineWith(all_text.out, {"secretary", "M00013", "2024-03-01", "2025-01-01"}), Not(""))
      << all_text.out;

  // The party-worker flag.
  auto worker = Json({"member", "worker", "M00013", "full-time", "--date", "2025-01-01"});
  EXPECT_EQ(worker["kind"], "full_time");
  EXPECT_EQ(worker["effective_date"], "2025-01-01");
  EXPECT_EQ(Run({"member", "worker", "M00013", "sometimes"}).exit_code, 2);

  // Reads of an unknown org: exit 1 with the status.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"org", "officers", "NOPE"},
        std::vector<std::string>{"election", "list", "NOPE"}}) {
    const CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_THAT(r.err, HasSubstr("error: NOT_FOUND:")) << args[0];
  }
}

TEST_F(OfficersE2eTest, ElectionsReplaceOfficeholdersAndFeedTheOverdueReport) {
  ASSERT_EQ(Run({"officer", "appoint", "S0001-Z01-B02", "M00019", "--position", "secretary",
                 "--date", "2020-11-01"})
                .exit_code,
            0);
  // Elected on 2023-11-24 for the default 3 years: the term's last day was yesterday.
  auto election = Json({"election", "record", "S0001-Z01-B02", "--date", "2023-11-24", "--document",
                        "二车间〔2023〕1号", "--elect", "M00020:secretary", "--elect",
                        "M00021:committee_member:propaganda"});
  EXPECT_EQ(election["term_years"], 3);
  EXPECT_EQ(election["term_ends_on"], "2026-11-24");
  EXPECT_EQ(election["elected"].size(), 2u);
  auto officers = Json({"org", "officers", "S0001-Z01-B02"});
  ASSERT_EQ(officers["items"].size(), 2u);
  EXPECT_EQ(officers["items"][0]["member_no"], "M00020");
  auto previous = Json({"org", "officers", "S0001-Z01-B02", "--all"});
  EXPECT_EQ(previous["items"][0]["member_no"], "M00019");
  EXPECT_EQ(previous["items"][0]["end_date"], "2023-11-24");
  EXPECT_EQ(Run({"election", "record", "S0001-Z01-B02", "--elect", "M00020"}).exit_code, 2);
  // S0001-Z01-B01 ends today: not yet overdue.
  ASSERT_EQ(Run({"election", "record", "S0001-Z01-B01", "--date", "2023-11-25", "--elect",
                 "M00013:secretary"})
                .exit_code,
            0);

  auto overdue = Json({"election", "overdue", "--org", "S0001"});
  EXPECT_EQ(overdue["as_of"], "2026-11-25");
  std::map<std::string, nlohmann::json> by_org;
  for (const auto& item : overdue["items"]) by_org[item["org_code"]] = item;
  ASSERT_TRUE(by_org.count("S0001-Z01-B02"));
  EXPECT_EQ(by_org["S0001-Z01-B02"]["due"], "overdue");
  EXPECT_EQ(by_org["S0001-Z01-B02"]["days_overdue"], 1);
  EXPECT_EQ(by_org.count("S0001-Z01-B01"), 0u);
  EXPECT_EQ(by_org["S0001-B03"]["due"], "not_recorded");
  EXPECT_EQ(by_org.count("S0002"), 0u);  // outside the subtree

  auto within = Run({"election", "overdue", "--org", "S0001", "--within", "30"});
  ASSERT_EQ(within.exit_code, 0) << within.err;
  EXPECT_THAT(LineWith(within.out, {"S0001-Z01-B01", "due_soon", "2023-11-25", "2026-11-25"}),
              Not(""))
      << within.out;
  EXPECT_THAT(LineWith(within.out, {"S0001-Z01-B02", "overdue", "1"}), Not(""));

  // The day after, S0001-Z01-B01 is overdue too.
  Restart("2026-11-26");
  auto next_day = Json({"election", "overdue", "--org", "S0001-Z01"});
  std::map<std::string, std::string> due;
  for (const auto& item : next_day["items"]) due[item["org_code"]] = item["due"];
  EXPECT_EQ(due["S0001-Z01-B01"], "overdue");
  EXPECT_EQ(due["S0001-Z01-B02"], "overdue");
  EXPECT_EQ(due["S0001-Z01"], "not_recorded");
}

TEST_F(OfficersE2eTest, TermFlagsSetTheDefaults) {
  Restart("2026-11-25", {"--term-years-committee", "4", "--term-years-branch", "2"});
  auto committee =
      Json({"election", "record", "S0002", "--date", "2025-05-01", "--elect", "M00031:secretary"});
  EXPECT_EQ(committee["term_years"], 4);
  EXPECT_EQ(committee["term_ends_on"], "2029-05-01");
  auto branch = Json(
      {"election", "record", "S0002-B01", "--date", "2025-05-01", "--elect", "M00032:secretary"});
  EXPECT_EQ(branch["term_ends_on"], "2027-05-01");
  auto own = Json({"election", "record", "S0001-B03", "--date", "2025-05-01", "--term-years", "5",
                   "--elect", "M00025:secretary"});
  EXPECT_EQ(own["term_ends_on"], "2030-05-01");
  auto list = Json({"election", "list", "S0002"});
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["election_date"], "2025-05-01");
}

TEST_F(OfficersE2eTest, HandoverListsARetireeStillInAPost) {
  ASSERT_EQ(Run({"officer", "appoint", "S0001-B03", "M00025", "--position", "secretary"}).exit_code,
            0);
  auto plan = Run({"handover", "--org", "S0001-B03", "--to", "东城社区党委", "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(LineWith(plan.out, {"M00025", "holds_position"}), Not("")) << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("exceptions: 1\n"));
}

}  // namespace
}  // namespace orgtree
