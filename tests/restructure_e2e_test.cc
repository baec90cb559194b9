// `orgctl restructure …` end to end against the real server with the demo organisation: each dry
// run prints the plan the real run then applies; refusals exit 1 naming the rule and change
// nothing; a member list comes from a GB18030 spreadsheet with a Chinese header.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/demo_server_test.h"
#include "tests/test_data.h"

namespace orgtree::testing {
namespace {

using ::testing::HasSubstr;

class RestructureE2eTest : public DemoServerTest {
 protected:
  nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  }
  int64_t Current(const std::string& code) {
    return Json({"org", "stats", code})["current_members"].get<int64_t>();
  }
  // Runs `args` with --dry-run, then for real, and expects the same plan.
  nlohmann::json DryRunThenApply(std::vector<std::string> args) {
    auto dry_args = args;
    dry_args.push_back("--dry-run");
    nlohmann::json dry = Json(dry_args);
    nlohmann::json real = Json(args);
    EXPECT_EQ(dry["applied"], false);
    EXPECT_EQ(real["applied"], true);
    EXPECT_GT(real["event_seq"].get<int64_t>(), 0);
    for (auto* plan : {&dry, &real}) {
      plan->erase("applied");
      plan->erase("event_seq");
    }
    EXPECT_EQ(dry, real);
    return real;
  }
};

TEST_F(RestructureE2eTest, MergeDryRunIsWhatTheRunDoes) {
  auto text = Run({"restructure", "merge", "S0001-Z01-B02", "--into", "S0001-Z01-B01", "--reason",
                   "车间合并", "--dry-run"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("merge: dry run, nothing changed"));
  EXPECT_THAT(text.out, HasSubstr("members moved: 6"));
  EXPECT_EQ(Current("S0001-Z01-B02"), 6);  // nothing changed

  auto plan = DryRunThenApply({"restructure", "merge", "S0001-Z01-B02", "--into", "S0001-Z01-B01",
                               "--reason", "车间合并", "--document", "党委〔2026〕8号"});
  EXPECT_EQ(plan["members_moved"], 6);
  EXPECT_EQ(plan["document"], "党委〔2026〕8号");
  EXPECT_EQ(Current("S0001-Z01-B01"), 12);
  EXPECT_EQ(Json({"org", "get", "S0001-Z01-B02"})["state"], "dissolved");
  EXPECT_EQ(Json({"member", "get", "M00019"})["org_code"], "S0001-Z01-B01");
}

TEST_F(RestructureE2eTest, SplitTakesChosenMembersAndAGroup) {
  auto plan =
      DryRunThenApply({"restructure", "split", "S0001-Z01-B01", "--new-code", "S0001-Z01-B04",
                       "--new-name", "三车间党支部", "--members", "M00016,M00017", "--children",
                       "S0001-Z01-B01-G1", "--reason", "车间拆分"});
  EXPECT_EQ(plan["members_moved"], 5);  // two listed, three with their group
  EXPECT_EQ(Current("S0001-Z01-B04"), 5);
  EXPECT_EQ(Current("S0001-Z01-B01"), 1);
  EXPECT_EQ(Json({"member", "get", "M00013"})["org_code"], "S0001-Z01-B04");
  bool warned = false;
  for (const auto& w : plan["warnings_created"]) {
    warned |= w["org_code"] == "S0001-Z01-B01" && w["rule"] == "branch_too_few_full";
  }
  EXPECT_TRUE(warned) << plan.dump();
}

TEST_F(RestructureE2eTest, RefusalsNameTheRuleAndChangeNothing) {
  auto convert =
      Run({"restructure", "convert", "S0002-B01", "--to", "general_branch", "--reason", "改建"});
  EXPECT_EQ(convert.exit_code, 1);
  EXPECT_THAT(convert.err, HasSubstr("error: FAILED_PRECONDITION:"));
  EXPECT_THAT(convert.err, HasSubstr("only a branch holds members"));
  auto dissolve = Run({"restructure", "dissolve", "S0001-B03", "--reason", "撤销"});
  EXPECT_EQ(dissolve.exit_code, 1);
  EXPECT_THAT(dissolve.err, HasSubstr("dissolve.members_to"));
  EXPECT_EQ(Json({"org", "get", "S0001-B03"})["state"], "active");
  auto no_reason = Run({"restructure", "merge", "S0001-B03", "--into", "S0002-B01"});
  EXPECT_EQ(no_reason.exit_code, 2);

  DryRunThenApply(
      {"restructure", "dissolve", "S0001-B03", "--members-to", "S0002-B01", "--reason", "撤销"});
  EXPECT_EQ(Current("S0002-B01"), 12);
  EXPECT_EQ(Json({"org", "get", "S0001-B03"})["state"], "dissolved");
}

TEST_F(RestructureE2eTest, BulkMoveReadsAMemberListFromAnExcelFile) {
  const std::string file = File("members.csv", ToGb18030("序号,党员编号\n1,M00001\n2,M00002\n"));
  auto plan = DryRunThenApply({"restructure", "move-members", "G0001-JG-B01", "--to",
                               "G0001-JG-B02", "--members-file", file, "--reason", "人员调整"});
  EXPECT_EQ(plan["members_moved"], 2);
  EXPECT_EQ(Current("G0001-JG-B01"), 4);
  EXPECT_EQ(Current("G0001-JG-B02"), 8);
}

}  // namespace
}  // namespace orgtree::testing
