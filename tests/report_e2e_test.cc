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
  auto lines = Lines(Ok({"report", "tree"}).out);
  ASSERT_GE(lines.size(), 13u);
  EXPECT_THAT(lines[0], StartsWith("ORG"));
  EXPECT_THAT(lines[1], StartsWith("G0001 "));
  // Depth 3 under G0001: six spaces; the branch's own code, name, type, "-" for no secretary
  // and 6 members (5 full, 1 probationary).
  std::string b01;
  for (const auto& l : lines) {
    if (l.find("S0001-Z01-B01 ") != std::string::npos) b01 = l;
  }
  EXPECT_THAT(b01, StartsWith("      S0001-Z01-B01 "));
  std::istringstream words(b01);
  std::vector<std::string> cells{std::istream_iterator<std::string>(words), {}};
  EXPECT_THAT(cells, ElementsAre("S0001-Z01-B01", "一车间党支部", "branch", "-", "6", "5", "1"));
}

TEST_F(ReportE2eTest, TreeCsvAndJsonCarryTheSameFigures) {
  auto csv = Lines(Ok({"report", "tree", "S0001", "--csv"}).out);
  ASSERT_EQ(csv.size(), 7u);  // header + S0001, B03, Z01, Z01-B01, its group, Z01-B02
  EXPECT_EQ(csv[0],
            "code,name,type,parent_code,depth,units,secretary,current_members,full,probationary");
  EXPECT_EQ(csv[1], "S0001,第一分公司党委,committee,G0001,0,0,,18,16,2");
  EXPECT_EQ(csv[5], "S0001-Z01-B01-G1,一车间甲班党小组,group,S0001-Z01-B01,3,0,,3,3,0");

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

  auto csv = Lines(Ok({"report", "rules", "--csv"}).out);
  EXPECT_THAT(csv, ElementsAre("code,name,type,rule,figure,expected",
                               "G0001,集团党委,committee,committee_too_small,36,>= 100",
                               "G0001-JG,集团机关党委,committee,committee_too_small,12,>= 100",
                               "S0001,第一分公司党委,committee,committee_too_small,18,>= 100",
                               "S0001-Z01,生产党总支,general_branch,general_branch_size,12,50-100",
                               "S0002,第二分公司党委,committee,committee_too_small,6,>= 100"));

  auto json = Json({"report", "rules", "S0001-Z01"});
  ASSERT_EQ(json["items"].size(), 1u);
  EXPECT_EQ(json["items"][0]["rule"], "general_branch_size");
  EXPECT_EQ(json["items"][0]["figure"], 12);
  EXPECT_EQ(json["items"][0]["expected"], "50-100");

  EXPECT_EQ(Ok({"report", "rules", "G0001-JG-B01"}).out, "no rule is broken\n");
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
