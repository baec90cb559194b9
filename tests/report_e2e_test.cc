// Reports end to end: orgctl against the real orgtreed with the demo organisation (today
// 2026-11-25): the org chart as a table, CSV, JSON and DOT; the rule check; the statistics; orgs
// by label; refused and malformed requests.
//
// The demo: G0001 (committee, 36) ── G0001-JG (committee, 12: two branches of 6)
//                                 ├─ S0001 (committee, 18) ── S0001-Z01 (general branch, 12:
//                                 │    B01 with group G1, B02), S0001-B03 (6 retirees)
//                                 └─ S0002 (committee, 6) ── S0002-B01 (joint branch, 3 units)
// Every branch but the retirees' has 5 full members and 1 probationary one.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/demo_server_test.h"

namespace orgtree {
namespace {

using testing::CommandResult;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The line of `text` that holds `code` followed by a space ("" when none).
std::string LineOf(const std::string& text, const std::string& code) {
  for (const auto& l : Lines(text)) {
    if (l.find(code + " ") != std::string::npos) return l;
  }
  return "";
}

// A table line split into its cells (cells here hold no spaces).
std::vector<std::string> Cells(const std::string& line) {
  std::istringstream words(line);
  return {std::istream_iterator<std::string>(words), {}};
}

class ReportE2eTest : public testing::DemoServerTest {
 protected:
  CommandResult Ok(const std::vector<std::string>& args) {
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  }
  nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    CommandResult r = Ok(args);
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }
};

TEST_F(ReportE2eTest, TreeTableIndentsTheChartWithCounts) {
  const std::string text = Ok({"report", "tree"}).out;
  auto lines = Lines(text);
  ASSERT_GE(lines.size(), 13u);
  EXPECT_THAT(lines[0], StartsWith("ORG"));
  EXPECT_THAT(lines[1], StartsWith("G0001 "));
  // Depth 3 under G0001: six spaces; the branch's own code, name, type, "-" for no secretary
  // and 6 members (5 full, 1 probationary).
  const std::string b01 = LineOf(text, "S0001-Z01-B01");
  EXPECT_THAT(b01, StartsWith("      S0001-Z01-B01 "));
  EXPECT_THAT(Cells(b01),
              ElementsAre("S0001-Z01-B01", "一车间党支部", "branch", "-", "6", "5", "1"));
}

TEST_F(ReportE2eTest, TreeCsvAndJsonCarryTheSameFigures) {
  auto csv = Lines(Ok({"report", "tree", "S0001", "--csv"}).out);
  ASSERT_EQ(csv.size(), 7u);  // header + S0001, B03, Z01, Z01-B01, its group, Z01-B02
  EXPECT_EQ(csv[0],
            "code,name,type,parent_code,depth,units,secretary,secretary_member_no,current_members,"
            "full,probationary");
  EXPECT_EQ(csv[1], "S0001,第一分公司党委,committee,G0001,0,0,,,18,16,2");
  EXPECT_EQ(csv[5], "S0001-Z01-B01-G1,一车间甲班党小组,group,S0001-Z01-B01,3,0,,,3,3,0");

  auto json = Json({"report", "tree", "S0002"});
  ASSERT_EQ(json["items"].size(), 2u);
  EXPECT_EQ(json["next_page_token"], "");
  const auto& joint = json["items"][1];
  EXPECT_EQ(joint["code"], "S0002-B01");
  EXPECT_EQ(joint["type"], "branch");
  EXPECT_EQ(joint["units"], 3);
  EXPECT_EQ(joint["secretary"], "");  // printed even when empty
  EXPECT_EQ(joint["current_members"], 6);
  EXPECT_EQ(joint["full"], 5);
  EXPECT_EQ(joint["probationary"], 1);
}

TEST_F(ReportE2eTest, TreeDotQuotesAndEscapesEveryLabel) {
  ASSERT_EQ(Run({"org", "create", "--code", "S0002-B02", "--name", "青年\"突击队\"党支部", "--type",
                 "branch", "--parent", "S0002"})
                .exit_code,
            0);
  std::string dot = Ok({"report", "tree", "S0002", "--dot"}).out;
  EXPECT_THAT(dot, StartsWith("digraph orgtree {\n"));
  EXPECT_THAT(dot, HasSubstr("\"S0002\" -> \"S0002-B01\";"));
  EXPECT_THAT(dot, HasSubstr("\"S0002\" -> \"S0002-B02\";"));
  EXPECT_THAT(dot, HasSubstr("[label=\"S0002-B01 项目部联合党支部\\nbranch, 6 members (5 full, 1 "
                             "probationary)\"];"));
  EXPECT_THAT(dot, HasSubstr("青年\\\"突击队\\\"党支部"));
  EXPECT_THAT(dot, Not(HasSubstr("-> \"S0002\"")));  // the root of the report has no parent edge
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

TEST_F(ReportE2eTest, RulesListWhatTheDemoBreaks) {
  auto text = Ok({"report", "rules"}).out;
  EXPECT_THAT(text, HasSubstr("committee_too_small"));

  // The demo records no officeholders: every committee, general branch and branch (11) has no
  // secretary; the size rules come first within each org.
  auto csv = Lines(Ok({"report", "rules", "--csv"}).out);
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv[0], "code,name,type,rule,figure,expected");
  std::vector<std::string> size_rules;
  int no_secretary = 0;
  for (size_t i = 1; i < csv.size(); ++i) {
    if (csv[i].find(",no_secretary,0,a secretary") != std::string::npos) {
      ++no_secretary;
    } else {
      size_rules.push_back(csv[i]);
    }
  }
  EXPECT_EQ(no_secretary, 11);
  EXPECT_THAT(size_rules,
              ElementsAre("G0001,集团党委,committee,committee_too_small,36,>= 100",
                          "G0001-JG,集团机关党委,committee,committee_too_small,12,>= 100",
                          "S0001,第一分公司党委,committee,committee_too_small,18,>= 100",
                          "S0001-Z01,生产党总支,general_branch,general_branch_size,12,50-100",
                          "S0002,第二分公司党委,committee,committee_too_small,6,>= 100"));
  EXPECT_EQ(csv[1], "G0001,集团党委,committee,committee_too_small,36,>= 100");
  EXPECT_EQ(csv[2], "G0001,集团党委,committee,no_secretary,0,a secretary");

  // The general branch and its two branches.
  auto json = Json({"report", "rules", "S0001-Z01"});
  ASSERT_EQ(json["items"].size(), 4u);
  EXPECT_EQ(json["items"][0]["rule"], "general_branch_size");
  EXPECT_EQ(json["items"][0]["figure"], 12);
  EXPECT_EQ(json["items"][0]["expected"], "50-100");
  EXPECT_EQ(json["items"][1]["rule"], "no_secretary");
  EXPECT_EQ(json["items"][1]["code"], "S0001-Z01");
  EXPECT_EQ(json["items"][2]["code"], "S0001-Z01-B01");
  EXPECT_EQ(json["items"][3]["code"], "S0001-Z01-B02");
}

// Officeholders recorded through orgctl show in the chart, clear and break rules, and are counted
// by the statistics; a secretary who dies leaves the post and the branch is flagged again.
TEST_F(ReportE2eTest, OfficeholdersFeedTheChartTheRulesAndTheStats) {
  EXPECT_THAT(Lines(Ok({"report", "rules", "G0001-JG-B01", "--csv"}).out),
              ElementsAre("code,name,type,rule,figure,expected",
                          "G0001-JG-B01,机关第一党支部,branch,no_secretary,0,a secretary"));
  ASSERT_EQ(Run({"officer", "appoint", "G0001-JG-B01", "M00001", "--position", "secretary",
                 "--date", "2024-01-10"})
                .exit_code,
            0);
  EXPECT_EQ(Ok({"report", "rules", "G0001-JG-B01"}).out, "no rule is broken\n");
  auto tree = Json({"report", "tree", "G0001-JG"});
  ASSERT_EQ(tree["items"].size(), 3u);
  EXPECT_EQ(tree["items"][1]["code"], "G0001-JG-B01");
  EXPECT_EQ(tree["items"][1]["secretary"], "王敏");
  EXPECT_EQ(tree["items"][1]["secretary_member_no"], "M00001");
  EXPECT_EQ(tree["items"][2]["secretary"], "");
  auto table = Lines(Ok({"report", "tree", "G0001-JG"}).out);
  std::string b01;
  for (const auto& l : table) {
    if (l.find("G0001-JG-B01 ") != std::string::npos) b01 = l;
  }
  std::istringstream words(b01);
  std::vector<std::string> cells{std::istream_iterator<std::string>(words), {}};
  EXPECT_THAT(cells,
              ElementsAre("G0001-JG-B01", "机关第一党支部", "branch", "王敏", "6", "5", "1"));

  // Elected on 2023-11-24 for the default 3 years: the term ended yesterday.
  ASSERT_EQ(Run({"election", "record", "G0001-JG-B02", "--date", "2023-11-24", "--elect",
                 "M00007:secretary"})
                .exit_code,
            0);
  auto overdue = Json({"report", "rules", "G0001-JG-B02"});
  ASSERT_EQ(overdue["items"].size(), 1u);
  EXPECT_EQ(overdue["items"][0]["rule"], "term_overdue");
  EXPECT_EQ(overdue["items"][0]["figure"], 1);
  EXPECT_EQ(overdue["items"][0]["expected"], "re-election by 2026-11-24");

  // Party workers: shown per member, listed per subtree, counted by the statistics.
  ASSERT_EQ(Run({"member", "worker", "M00001", "full-time"}).exit_code, 0);
  ASSERT_EQ(Run({"member", "worker", "M00008", "part-time"}).exit_code, 0);
  ASSERT_EQ(Run({"member", "worker", "M00013", "part-time"}).exit_code, 0);  // outside G0001-JG
  EXPECT_EQ(Json({"member", "worker", "M00001"})["kind"], "full_time");
  auto none = Json({"member", "worker", "M00002"});
  EXPECT_EQ(none["kind"], "none");
  EXPECT_EQ(none["effective_date"], "");
  EXPECT_EQ(none["org_code"], "G0001-JG-B01");
  auto workers = Json({"org", "workers", "G0001-JG"});
  ASSERT_EQ(workers["items"].size(), 2u);
  EXPECT_EQ(workers["items"][0]["member_no"], "M00001");
  EXPECT_EQ(workers["items"][0]["org_code"], "G0001-JG-B01");
  EXPECT_EQ(workers["items"][1]["member_no"], "M00008");
  EXPECT_EQ(workers["items"][1]["kind"], "part_time");
  EXPECT_EQ(Json({"org", "workers"})["items"].size(), 3u);
  auto stats = Json({"report", "stats", "G0001-JG"});
  EXPECT_EQ(stats["branch_secretaries"], 2);
  EXPECT_EQ(stats["full_time_party_workers"], 1);
  EXPECT_EQ(stats["part_time_party_workers"], 1);

  // The secretary dies: the post ends that day with the reason, the rule is broken again, and the
  // statistics no longer count him.
  ASSERT_EQ(Run({"member", "status", "M00001", "died", "--date", "2026-11-20"}).exit_code, 0);
  auto ended = Json({"org", "officers", "G0001-JG-B01", "--all"});
  ASSERT_EQ(ended["items"].size(), 1u);
  EXPECT_EQ(ended["items"][0]["end_date"], "2026-11-20");
  EXPECT_EQ(ended["items"][0]["end_reason"], "holder deceased");
  EXPECT_EQ(Json({"org", "officers", "G0001-JG-B01"})["items"].size(), 0u);
  EXPECT_EQ(Json({"report", "rules", "G0001-JG-B01"})["items"][0]["rule"], "no_secretary");
  stats = Json({"report", "stats", "G0001-JG"});
  EXPECT_EQ(stats["branch_secretaries"], 1);
  EXPECT_EQ(stats["full_time_party_workers"], 0);
  EXPECT_EQ(Json({"org", "workers", "G0001-JG"})["items"].size(), 1u);

  // Bad references: exit 1 with the status and the field.
  auto no_org = Run({"org", "workers", "NOPE"});
  EXPECT_EQ(no_org.exit_code, 1);
  EXPECT_THAT(no_org.err, HasSubstr("error: NOT_FOUND:"));
  auto no_member = Run({"member", "worker", "M99999"});
  EXPECT_EQ(no_member.exit_code, 1);
  EXPECT_THAT(no_member.err, HasSubstr("error: NOT_FOUND:"));
}

TEST_F(ReportE2eTest, StatsTablesAddUpToTheSubtree) {
  auto json = Json({"report", "stats", "S0001"});
  EXPECT_EQ(json["org_code"], "S0001");
  EXPECT_EQ(json["as_of"], "2026-11-25");
  EXPECT_EQ(json["current_members"], 18);
  EXPECT_EQ(json["branch_secretaries"], 0);
  std::map<std::string, std::map<std::string, int64_t>> tables;
  for (const auto& t : json["tables"]) {
    int64_t sum = 0;
    for (const auto& row : t["rows"]) {
      tables[t["name"]][row["key"]] = row["count"];
      sum += row["count"].get<int64_t>();
    }
    // Every member table counts each current member once.
    if (t["name"] != "orgs_by_type") {
      EXPECT_EQ(sum, 18) << t["name"];
    }
  }
  EXPECT_EQ(tables["category"]["full"], 16);
  EXPECT_EQ(tables["category"]["probationary"], 2);
  EXPECT_EQ(tables["party_age"]["probationary"], 2);
  EXPECT_EQ(tables["employment"]["retired"], 6);
  EXPECT_EQ(tables["education"]["本科"] + tables["education"]["大专"], 18);
  EXPECT_EQ(tables["orgs_by_type"]["committee"], 1);
  EXPECT_EQ(tables["orgs_by_type"]["general_branch"], 1);
  EXPECT_EQ(tables["orgs_by_type"]["branch"], 3);
  EXPECT_EQ(tables["orgs_by_type"]["group"], 1);
  // The retirees were born 1950–1955: 71 and older on the demo's today.
  EXPECT_GE(tables["age"][">=61"], 6);

  auto csv = Lines(Ok({"report", "stats", "--csv", "--as-of", "2030-01-01"}).out);
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv[0], "table,key,count");
  EXPECT_EQ(csv[1], "total,current_members,36");
  EXPECT_THAT(csv, ::testing::Contains("orgs_by_type,committee,4"));
  EXPECT_THAT(csv, ::testing::Contains("officeholders,branch_secretaries,0"));

  auto text = Ok({"report", "stats", "S0002"}).out;
  EXPECT_THAT(text, HasSubstr("current members: 6\n"));
  EXPECT_THAT(text, HasSubstr("PARTY_AGE"));
}

TEST_F(ReportE2eTest, LabelsShowRectificationStartAndStatus) {
  ASSERT_EQ(Run({"org", "update", "S0002-B01", "--label", "软弱涣散:2026-03-01:整顿中", "--label",
                 "学习型"})
                .exit_code,
            0);
  auto csv = Lines(Ok({"report", "labels", "--csv"}).out);
  EXPECT_THAT(csv, ElementsAre("label,code,name,type,rectification,since,status",
                               "学习型,S0002-B01,项目部联合党支部,branch,no,,",
                               "示范党支部,S0001-Z01-B01,一车间党支部,branch,no,,",
                               "软弱涣散,S0002-B01,项目部联合党支部,branch,yes,2026-03-01,整顿中"));
  auto json = Json({"report", "labels", "S0002"});
  ASSERT_EQ(json["items"].size(), 2u);
  EXPECT_EQ(json["items"][1]["rectification"], true);
  EXPECT_EQ(json["items"][1]["since"], "2026-03-01");
  EXPECT_EQ(json["items"][1]["status"], "整顿中");
  EXPECT_THAT(Ok({"report", "labels", "S0001"}).out, HasSubstr("示范党支部"));
  EXPECT_EQ(Ok({"report", "labels", "G0001-JG"}).out, "no labelled orgs\n");
}

TEST_F(ReportE2eTest, BadRequestsAreRefused) {
  CommandResult r = Run({"report", "tree", "NOPE"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, StartsWith("error: NOT_FOUND: "));
  EXPECT_EQ(Run({"report", "stats", "--as-of", "2026-02-30"}).exit_code, 2);
  EXPECT_EQ(Run({"report", "rules", "--csv", "--json"}).exit_code, 2);
  EXPECT_EQ(Run({"report", "tree", "--dot", "--csv"}).exit_code, 2);
  EXPECT_EQ(Run({"report"}).exit_code, 2);
}

}  // namespace
}  // namespace orgtree
