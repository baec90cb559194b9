// Reports: the pure rules at their boundaries (age and party-age bands, size rules, officeholder
// rules, the label convention), then in-process over a real RocksDB in a temp directory — a tree
// that breaks each size rule exactly once, one that sits exactly on every limit and breaks none,
// officeholder records feeding the chart, the rule check and the statistics, statistics equal to
// what was registered, labels, and bad requests.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "services/common/clock.h"
#include "services/officers/office_book.h"
#include "services/reports/member_stats.h"
#include "services/reports/report_rules.h"
#include "services/reports/reporter.h"
#include "tests/temp_dir.h"
#include "tests/test_data.h"

namespace orgtree::reports {
namespace {

using orgtree::testing::TempDir;
using registry::CallMeta;
using registry::Registry;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

using Rows = std::vector<std::pair<std::string, int64_t>>;

Rows RowsOf(const v1::StatsReport& report, const std::string& table) {
  Rows rows;
  for (const auto& t : report.tables()) {
    if (t.name() != table) continue;
    for (const auto& r : t.rows()) rows.emplace_back(r.key(), r.count());
  }
  return rows;
}

int64_t CountIn(const v1::StatsReport& report, const std::string& table, const std::string& key) {
  for (const auto& [k, n] : RowsOf(report, table)) {
    if (k == key) return n;
  }
  return -1;
}

v1::Org OrgOf(v1::OrgType type, int units = 0) {
  v1::Org org;
  org.set_code("X");
  org.set_type(type);
  org.set_state(v1::ORG_ACTIVE);
  org.set_units(units);
  return org;
}

std::vector<v1::Rule> Broken(const v1::Org& org, int64_t current, int64_t full) {
  std::vector<v1::Rule> out;
  for (const auto& v : CheckOrgRules(org, OrgFigures{current, full})) out.push_back(v.rule());
  return out;
}

std::vector<v1::Rule> OfficeBroken(const v1::Org& org, int64_t full, const OfficeFacts& office,
                                   Date today = Date(2026, 11, 25)) {
  std::vector<v1::Rule> out;
  for (const auto& v : CheckOfficeRules(org, OrgFigures{full, full}, office, today)) {
    out.push_back(v.rule());
  }
  return out;
}

OfficeFacts WithSecretary(int64_t seats = 1) {
  OfficeFacts office;
  office.secretary = v1::Officer();
  office.committee_seats = seats;
  return office;
}

TEST(ReportRulesTest, OrgsThatHoldElectionsNeedASecretary) {
  for (v1::OrgType type : {v1::COMMITTEE, v1::GENERAL_BRANCH, v1::BRANCH}) {
    EXPECT_THAT(OfficeBroken(OrgOf(type), 3, OfficeFacts()), ElementsAre(v1::NO_SECRETARY));
    EXPECT_THAT(OfficeBroken(OrgOf(type), 3, WithSecretary()), ElementsAre());
  }
  EXPECT_THAT(OfficeBroken(OrgOf(v1::GROUP), 3, OfficeFacts()), ElementsAre());
  v1::Org dissolved = OrgOf(v1::BRANCH);
  dissolved.set_state(v1::ORG_DISSOLVED);
  EXPECT_THAT(OfficeBroken(dissolved, 3, OfficeFacts()), ElementsAre());
}

TEST(ReportRulesTest, SevenFullMembersNeedThreeCommitteeSeats) {
  const v1::Org branch = OrgOf(v1::BRANCH);
  EXPECT_THAT(OfficeBroken(branch, 6, WithSecretary(1)), ElementsAre());
  EXPECT_THAT(OfficeBroken(branch, 7, WithSecretary(2)), ElementsAre(v1::BRANCH_NO_COMMITTEE));
  EXPECT_THAT(OfficeBroken(branch, 7, WithSecretary(3)), ElementsAre());
  auto v = CheckOfficeRules(branch, OrgFigures{7, 7}, WithSecretary(2), Date(2026, 11, 25));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].figure(), 2);
  EXPECT_EQ(v[0].expected(), ">= 3 committee seats");
  // A general branch of seven is not a branch: its committee is not this rule's business.
  EXPECT_THAT(OfficeBroken(OrgOf(v1::GENERAL_BRANCH), 7, WithSecretary(1)), ElementsAre());
}

TEST(ReportRulesTest, ATermIsOverdueFromTheDayAfterItsLastDay) {
  OfficeFacts office = WithSecretary();
  office.term_ends_on = Date(2026, 11, 25);
  const v1::Org branch = OrgOf(v1::BRANCH);
  EXPECT_THAT(OfficeBroken(branch, 3, office, Date(2026, 11, 25)), ElementsAre());
  auto v = CheckOfficeRules(branch, OrgFigures{3, 3}, office, Date(2026, 11, 26));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule(), v1::TERM_OVERDUE);
  EXPECT_EQ(v[0].figure(), 1);
  EXPECT_EQ(v[0].expected(), "re-election by 2026-11-25");
  // No election recorded: not this rule (the overdue-election list names such orgs).
  EXPECT_THAT(OfficeBroken(branch, 3, WithSecretary(), Date(2030, 1, 1)), ElementsAre());
}

TEST(ReportRulesTest, AllRulesOfAnOrgComeInEnumOrder) {
  OfficeFacts office;
  office.term_ends_on = Date(2020, 1, 1);
  v1::Org joint = OrgOf(v1::BRANCH, 6);
  std::vector<v1::Rule> rules;
  for (const auto& v : CheckAllRules(joint, OrgFigures{60, 8}, office, Date(2026, 11, 25))) {
    rules.push_back(v.rule());
  }
  EXPECT_THAT(rules, ElementsAre(v1::BRANCH_NO_COMMITTEE, v1::BRANCH_TOO_LARGE,
                                 v1::JOINT_BRANCH_TOO_WIDE, v1::NO_SECRETARY, v1::TERM_OVERDUE));
}

TEST(ReportRulesTest, AgeBandsIncludeTheirBounds) {
  EXPECT_EQ(AgeBand(18), "<=30");
  EXPECT_EQ(AgeBand(30), "<=30");
  EXPECT_EQ(AgeBand(31), "31-35");
  EXPECT_EQ(AgeBand(35), "31-35");
  EXPECT_EQ(AgeBand(36), "36-45");
  EXPECT_EQ(AgeBand(45), "36-45");
  EXPECT_EQ(AgeBand(46), "46-55");
  EXPECT_EQ(AgeBand(55), "46-55");
  EXPECT_EQ(AgeBand(56), "56-60");
  EXPECT_EQ(AgeBand(60), "56-60");
  EXPECT_EQ(AgeBand(61), ">=61");
  EXPECT_EQ(AgeBand(99), ">=61");
}

TEST(ReportRulesTest, PartyAgeBandsIncludeTheirBounds) {
  EXPECT_EQ(PartyAgeBand(-1), "<5");  // confirmed after the as-of date
  EXPECT_EQ(PartyAgeBand(0), "<5");
  EXPECT_EQ(PartyAgeBand(4), "<5");
  EXPECT_EQ(PartyAgeBand(5), "5-9");
  EXPECT_EQ(PartyAgeBand(9), "5-9");
  EXPECT_EQ(PartyAgeBand(10), "10-19");
  EXPECT_EQ(PartyAgeBand(19), "10-19");
  EXPECT_EQ(PartyAgeBand(20), "20-29");
  EXPECT_EQ(PartyAgeBand(29), "20-29");
  EXPECT_EQ(PartyAgeBand(30), "30-39");
  EXPECT_EQ(PartyAgeBand(39), "30-39");
  EXPECT_EQ(PartyAgeBand(40), ">=40");
}

TEST(ReportRulesTest, BranchNeedsThreeFullMembers) {
  EXPECT_THAT(Broken(OrgOf(v1::BRANCH), 5, 2), ElementsAre(v1::BRANCH_TOO_FEW_FULL));
  EXPECT_THAT(Broken(OrgOf(v1::BRANCH), 3, 3), ElementsAre());
  auto v = CheckOrgRules(OrgOf(v1::BRANCH), OrgFigures{4, 2});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].figure(), 2);
  EXPECT_EQ(v[0].expected(), ">= 3");
}

TEST(ReportRulesTest, BranchCommitteeFromSevenFullMembers) {
  EXPECT_FALSE(BranchCommitteeRequired(6));
  EXPECT_TRUE(BranchCommitteeRequired(7));
}

TEST(ReportRulesTest, BranchOverFiftyMembersIsTooLarge) {
  EXPECT_THAT(Broken(OrgOf(v1::BRANCH), 50, 50), ElementsAre());
  EXPECT_THAT(Broken(OrgOf(v1::BRANCH), 51, 51), ElementsAre(v1::BRANCH_TOO_LARGE));
}

TEST(ReportRulesTest, JointBranchSpansAtMostFiveUnits) {
  EXPECT_THAT(Broken(OrgOf(v1::BRANCH, 5), 10, 10), ElementsAre());
  EXPECT_THAT(Broken(OrgOf(v1::BRANCH, 6), 10, 10), ElementsAre(v1::JOINT_BRANCH_TOO_WIDE));
}

TEST(ReportRulesTest, GeneralBranchHoldsFiftyToHundredMembers) {
  const v1::Org gb = OrgOf(v1::GENERAL_BRANCH);
  EXPECT_THAT(Broken(gb, 49, 49), ElementsAre(v1::GENERAL_BRANCH_SIZE));
  EXPECT_THAT(Broken(gb, 50, 50), ElementsAre());
  EXPECT_THAT(Broken(gb, 100, 100), ElementsAre());
  EXPECT_THAT(Broken(gb, 101, 101), ElementsAre(v1::GENERAL_BRANCH_SIZE));
}

TEST(ReportRulesTest, CommitteeHoldsAHundredMembers) {
  EXPECT_THAT(Broken(OrgOf(v1::COMMITTEE), 99, 99), ElementsAre(v1::COMMITTEE_TOO_SMALL));
  EXPECT_THAT(Broken(OrgOf(v1::COMMITTEE), 100, 0), ElementsAre());
}

TEST(ReportRulesTest, GroupsAndDissolvedOrgsAreNotChecked) {
  EXPECT_THAT(Broken(OrgOf(v1::GROUP), 0, 0), ElementsAre());
  v1::Org dissolved = OrgOf(v1::BRANCH, 9);
  dissolved.set_state(v1::ORG_DISSOLVED);
  EXPECT_THAT(Broken(dissolved, 0, 0), ElementsAre());
}

TEST(ReportRulesTest, RectificationLabelsCarryStartDateAndStatus) {
  ParsedLabel p = ParseLabel("软弱涣散:2026-03-01:整顿中");
  EXPECT_EQ(p.label, "软弱涣散");
  EXPECT_TRUE(p.rectification);
  EXPECT_EQ(p.since, "2026-03-01");
  EXPECT_EQ(p.status, "整顿中");

  p = ParseLabel("rectification:2026-3-1");  // not YYYY-MM-DD: no date rather than a wrong one
  EXPECT_TRUE(p.rectification);
  EXPECT_EQ(p.since, "");
  EXPECT_EQ(p.status, "");

  p = ParseLabel("软弱涣散");
  EXPECT_TRUE(p.rectification);
  EXPECT_EQ(p.since, "");

  p = ParseLabel("示范党支部");
  EXPECT_EQ(p.label, "示范党支部");
  EXPECT_FALSE(p.rectification);
}

v1::Member StatsMember(const std::string& birth, v1::Gender gender, v1::MemberCategory category,
                       const std::string& confirmed) {
  v1::Member m;
  m.set_birth_date(birth);
  m.set_gender(gender);
  m.set_category(category);
  m.set_confirmed_on(confirmed);
  m.set_employment(v1::EMPLOYED);
  return m;
}

TEST(MemberStatsTest, AgeAndPartyAgeTurnOnTheBirthdayAndTheConfirmationDay) {
  const v1::Member m = StatsMember("1995-11-26", v1::FEMALE, v1::FULL, "2021-11-26");
  v1::StatsReport day_before, day_of;
  MemberStats before(Date(2026, 11, 25));
  before.Add(m);
  before.AppendTo(&day_before);
  MemberStats on(Date(2026, 11, 26));
  on.Add(m);
  on.AppendTo(&day_of);
  EXPECT_EQ(CountIn(day_before, kAgeTable, "<=30"), 1);
  EXPECT_EQ(CountIn(day_of, kAgeTable, "31-35"), 1);
  EXPECT_EQ(CountIn(day_of, kAgeTable, "<=30"), 0);
  EXPECT_EQ(CountIn(day_before, kPartyAgeTable, "<5"), 1);
  EXPECT_EQ(CountIn(day_of, kPartyAgeTable, "5-9"), 1);
}

TEST(MemberStatsTest, ProbationaryMembersHaveNoPartyAge) {
  MemberStats stats(Date(2026, 11, 25));
  stats.Add(StatsMember("1990-01-01", v1::MALE, v1::PROBATIONARY, ""));
  v1::StatsReport report;
  stats.AppendTo(&report);
  EXPECT_EQ(CountIn(report, kPartyAgeTable, kProbationaryRow), 1);
  for (const auto& band : PartyAgeBands()) EXPECT_EQ(CountIn(report, kPartyAgeTable, band), 0);
  EXPECT_EQ(CountIn(report, kCategoryTable, "probationary"), 1);
  EXPECT_EQ(CountIn(report, kCategoryTable, "full"), 0);
}

// Today is 2026-11-25.
class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_ = std::make_unique<Clock>(Date(2026, 11, 25));
    storage::StoreOptions options;
    options.path = dir_.path() + "/db";
    options.block_cache_mb = 8;
    auto registry = Registry::Open(options, clock_.get());
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    reporter_ = std::make_unique<Reporter>(registry_.get());
    book_ = std::make_unique<officers::OfficeBook>(registry_.get(), officers::OfficerOptions{});
  }

  void Appoint(const std::string& org, const std::string& no, v1::Position position) {
    v1::AppointOfficerRequest req;
    req.mutable_org()->set_code(org);
    req.mutable_member()->set_member_no(no);
    req.set_position(position);
    req.set_effective_date("2024-01-10");
    auto officer = book_->Appoint(Call(), req);
    ASSERT_TRUE(officer.ok()) << org << " " << no << ": " << officer.status();
  }

  void Worker(const std::string& no, v1::PartyWorkerKind kind) {
    v1::SetPartyWorkerRequest req;
    req.mutable_member()->set_member_no(no);
    req.set_kind(kind);
    auto worker = book_->SetPartyWorker(Call(), req);
    ASSERT_TRUE(worker.ok()) << no << ": " << worker.status();
  }

  CallMeta Call() { return CallMeta{"tester", "r" + std::to_string(++requests_)}; }

  void Org(const std::string& code, v1::OrgType type, const std::string& parent, int units = 0,
           std::vector<std::string> labels = {}) {
    v1::CreateOrgRequest req;
    req.set_code(code);
    req.set_name("org " + code);
    req.set_type(type);
    if (!parent.empty()) req.mutable_parent()->set_code(parent);
    req.set_established_on("2020-01-01");
    req.set_units(units);
    for (auto& l : labels) req.add_labels(l);
    auto org = registry_->CreateOrg(Call(), req);
    ASSERT_TRUE(org.ok()) << code << ": " << org.status();
  }

  // A full member born on `birth` ("YYYYMMDD"); odd `seq` = male.
  v1::Member Person(const std::string& branch, const std::string& birth, int seq) {
    v1::Member m;
    m.set_member_no("M" + std::to_string(seq));
    m.set_name("member " + std::to_string(seq));
    m.set_national_id(orgtree::testing::TestNationalId(birth, seq));
    m.set_org_code(branch);
    m.set_category(v1::FULL);
    m.set_employment(v1::EMPLOYED);
    m.set_joined_on("2000-06-01");
    m.set_confirmed_on("2001-06-01");
    return m;
  }

  // `n` full members in `branch` (the first `probationary` of them probationary), in one import.
  void Fill(const std::string& branch, int n, int probationary = 0) {
    std::vector<registry::ImportRow<v1::Member>> rows;
    for (int i = 0; i < n; ++i) {
      registry::ImportRow<v1::Member> row;
      row.line = i + 2;
      row.record = Person(branch, "19800101", ++people_);
      if (i < probationary) {
        row.record.set_category(v1::PROBATIONARY);
        row.record.set_joined_on("2026-06-01");
        row.record.clear_confirmed_on();
      }
      rows.push_back(std::move(row));
    }
    auto outcome = registry_->ImportMembers(Call(), std::move(rows), false, people_);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    ASSERT_TRUE(outcome->errors.empty()) << outcome->errors[0].reason();
  }

  void Register(v1::Member m) {
    v1::RegisterMemberRequest req;
    *req.mutable_member() = std::move(m);
    auto r = registry_->RegisterMember(Call(), req);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  std::vector<std::pair<std::string, v1::Rule>> Violations(const std::string& code) {
    v1::GetRuleReportRequest req;
    if (!code.empty()) req.mutable_org()->set_code(code);
    auto report = reporter_->Rules(req);
    EXPECT_TRUE(report.ok()) << report.status();
    std::vector<std::pair<std::string, v1::Rule>> out;
    const v1::RuleReport rules = report.value_or(v1::RuleReport());
    for (const auto& v : rules.violations()) {
      out.emplace_back(v.code(), v.rule());
    }
    return out;
  }

  // The size rules only (the trees of the size tests record no officeholders).
  std::vector<std::pair<std::string, v1::Rule>> SizeViolations(const std::string& code) {
    auto all = Violations(code);
    std::erase_if(all, [](const auto& v) {
      return v.second == v1::NO_SECRETARY || v.second == v1::TERM_OVERDUE ||
             v.second == v1::BRANCH_NO_COMMITTEE;
    });
    return all;
  }

  v1::StatsReport Stats(const std::string& code, const std::string& as_of = "") {
    v1::GetStatsReportRequest req;
    if (!code.empty()) req.mutable_org()->set_code(code);
    req.set_as_of(as_of);
    auto report = reporter_->Stats(req);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.value_or(v1::StatsReport());
  }

  TempDir dir_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<Reporter> reporter_;
  std::unique_ptr<officers::OfficeBook> book_;
  int requests_ = 0;
  int people_ = 0;
};

// C1 (120 members)
//   GB1 (60) ── B1 (45), B2 (15)
//   C2 (3)   ── B3 (2 full + 1 probationary)  → committee too small; branch too few full
//   GB2 (51) ── B4 (51)                        → branch too large
//   B5 (joint, 6 units, 3)                     → joint branch too wide
//   GB3 (3)  ── B6 (3)                         → general branch size
TEST_F(ReportTest, EachCheckedRuleBrokenOnceIsReportedOnce) {
  Org("C1", v1::COMMITTEE, "");
  Org("GB1", v1::GENERAL_BRANCH, "C1");
  Org("B1", v1::BRANCH, "GB1");
  Org("B2", v1::BRANCH, "GB1");
  Org("C2", v1::COMMITTEE, "C1");
  Org("B3", v1::BRANCH, "C2");
  Org("GB2", v1::GENERAL_BRANCH, "C1");
  Org("B4", v1::BRANCH, "GB2");
  Org("B5", v1::BRANCH, "C1", 6);
  Org("GB3", v1::GENERAL_BRANCH, "C1");
  Org("B6", v1::BRANCH, "GB3");
  Fill("B1", 45);
  Fill("B2", 15);
  Fill("B3", 3, 1);
  Fill("B4", 51);
  Fill("B5", 3);
  Fill("B6", 3);

  // Depth-first, children by code.
  EXPECT_THAT(SizeViolations(""),
              ElementsAre(Pair("B5", v1::JOINT_BRANCH_TOO_WIDE),
                          Pair("C2", v1::COMMITTEE_TOO_SMALL), Pair("B3", v1::BRANCH_TOO_FEW_FULL),
                          Pair("B4", v1::BRANCH_TOO_LARGE), Pair("GB3", v1::GENERAL_BRANCH_SIZE)));
  // The figures that break them, and a subtree sees only its own orgs.
  v1::GetRuleReportRequest req;
  auto report = reporter_->Rules(req);
  ASSERT_TRUE(report.ok());
  std::map<std::string, int64_t> figures;
  for (const auto& v : report->violations()) {
    if (v.rule() != v1::NO_SECRETARY) figures[v.code()] = v.figure();
  }
  EXPECT_EQ(figures["C2"], 3);
  EXPECT_EQ(figures["B3"], 2);
  EXPECT_EQ(figures["B4"], 51);
  EXPECT_EQ(figures["B5"], 6);
  EXPECT_EQ(figures["GB3"], 3);
  EXPECT_THAT(SizeViolations("GB2"), ElementsAre(Pair("B4", v1::BRANCH_TOO_LARGE)));
  EXPECT_THAT(SizeViolations("GB1"), ElementsAre());
}

// Every figure exactly on its limit: committee 100, general branch 50, branch 50, joint branch 5
// units with exactly 3 full members.
TEST_F(ReportTest, ATreeOnEveryLimitBreaksNoRule) {
  Org("C1", v1::COMMITTEE, "");
  Org("GB1", v1::GENERAL_BRANCH, "C1");
  Org("B1", v1::BRANCH, "GB1");
  Org("B2", v1::BRANCH, "C1");
  Org("B3", v1::BRANCH, "C1", 5);
  Fill("B1", 50);
  Fill("B2", 47);
  Fill("B3", 3);
  EXPECT_THAT(SizeViolations(""), ElementsAre());
  EXPECT_THAT(SizeViolations("C1"), ElementsAre());
}

// C1 ── B1 (M1–M7: seven full members), B2 (M8–M10). Officeholder records feed the rule check, the
// chart and the statistics, and follow their holders: a secretary who dies leaves the post.
TEST_F(ReportTest, OfficeholderRecordsFeedTheRulesTheChartAndTheStats) {
  Org("C1", v1::COMMITTEE, "");
  Org("B1", v1::BRANCH, "C1");
  Org("B2", v1::BRANCH, "C1");
  Fill("B1", 7);
  Fill("B2", 3);
  EXPECT_THAT(Violations(""),
              ElementsAre(Pair("C1", v1::COMMITTEE_TOO_SMALL), Pair("C1", v1::NO_SECRETARY),
                          Pair("B1", v1::BRANCH_NO_COMMITTEE), Pair("B1", v1::NO_SECRETARY),
                          Pair("B2", v1::NO_SECRETARY)));

  // B1: a secretary who also sits as a committee member holds one seat; a deputy makes three.
  Appoint("B1", "M1", v1::POSITION_SECRETARY);
  Appoint("B1", "M1", v1::POSITION_COMMITTEE_MEMBER);
  Appoint("B1", "M2", v1::POSITION_COMMITTEE_MEMBER);
  EXPECT_THAT(Violations("B1"), ElementsAre(Pair("B1", v1::BRANCH_NO_COMMITTEE)));
  Appoint("B1", "M3", v1::POSITION_DEPUTY_SECRETARY);
  EXPECT_THAT(Violations("B1"), ElementsAre());

  // C1 elected on 2021-11-25 for 5 years: its term's last day is today. B2 elected on 2023-11-24
  // for 3 years: its term ended yesterday.
  auto elect = [&](const std::string& org, const std::string& on, const std::string& secretary) {
    v1::RecordElectionRequest req;
    req.mutable_org()->set_code(org);
    req.set_election_date(on);
    v1::ElectedOfficer* e = req.add_elected();
    e->mutable_member()->set_member_no(secretary);
    e->set_position(v1::POSITION_SECRETARY);
    auto election = book_->RecordElection(Call(), req);
    ASSERT_TRUE(election.ok()) << election.status();
  };
  elect("C1", "2021-11-25", "M4");
  elect("B2", "2023-11-24", "M8");
  EXPECT_THAT(Violations(""),
              ElementsAre(Pair("C1", v1::COMMITTEE_TOO_SMALL), Pair("B2", v1::TERM_OVERDUE)));
  auto rules = reporter_->Rules(v1::GetRuleReportRequest());
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules->violations(1).figure(), 1);
  EXPECT_EQ(rules->violations(1).expected(), "re-election by 2026-11-24");

  auto tree = reporter_->Tree(v1::GetTreeReportRequest());
  ASSERT_TRUE(tree.ok()) << tree.status();
  ASSERT_EQ(tree->nodes_size(), 3);
  EXPECT_EQ(tree->nodes(0).secretary(), "member 4");
  EXPECT_EQ(tree->nodes(0).secretary_member_no(), "M4");
  EXPECT_EQ(tree->nodes(1).secretary_member_no(), "M1");
  EXPECT_EQ(tree->nodes(2).secretary_member_no(), "M8");

  Worker("M1", v1::PARTY_WORKER_FULL_TIME);
  Worker("M8", v1::PARTY_WORKER_PART_TIME);
  Worker("M9", v1::PARTY_WORKER_PART_TIME);
  Worker("M9", v1::PARTY_WORKER_NONE);  // the latest flag counts
  v1::StatsReport stats = Stats("C1");
  EXPECT_EQ(stats.branch_secretaries(), 2);
  EXPECT_EQ(stats.full_time_party_workers(), 1);
  EXPECT_EQ(stats.part_time_party_workers(), 1);
  v1::StatsReport b2 = Stats("B2");
  EXPECT_EQ(b2.branch_secretaries(), 1);
  EXPECT_EQ(b2.full_time_party_workers(), 0);
  EXPECT_EQ(b2.part_time_party_workers(), 1);

  // M1 dies: both of M1's posts end that day, B1 is without a secretary (with six full members
  // left it no longer needs a committee), and M1 is no longer counted as a party worker.
  v1::ChangeMemberStatusRequest died;
  died.mutable_member()->set_member_no("M1");
  died.set_reason(v1::DIED);
  died.set_effective_date("2026-11-20");
  ASSERT_TRUE(registry_->ChangeMemberStatus(Call(), died).ok());
  EXPECT_THAT(Violations("B1"), ElementsAre(Pair("B1", v1::NO_SECRETARY)));
  v1::ListOfficersRequest list;
  list.mutable_org()->set_code("B1");
  list.set_include_ended(true);
  auto officers = book_->List(list);
  ASSERT_TRUE(officers.ok());
  int ended = 0;
  for (const v1::Officer& o : officers->officers()) {
    if (o.member_no() != "M1") continue;
    ++ended;
    EXPECT_EQ(o.end_date(), "2026-11-20");
    EXPECT_EQ(o.end_reason(), "holder deceased");
  }
  EXPECT_EQ(ended, 2);
  stats = Stats("C1");
  EXPECT_EQ(stats.branch_secretaries(), 1);
  EXPECT_EQ(stats.full_time_party_workers(), 0);
}

TEST_F(ReportTest, TreeReportShowsCountsPerSubtreeInDepthFirstOrder) {
  Org("C1", v1::COMMITTEE, "");
  Org("B1", v1::BRANCH, "C1", 2);
  Org("G1", v1::GROUP, "B1");
  Org("B2", v1::BRANCH, "C1");
  Fill("B1", 4, 1);
  v1::Member in_group = Person("B1", "19800101", ++people_);
  in_group.set_group_code("G1");
  Register(in_group);

  auto report = reporter_->Tree(v1::GetTreeReportRequest());
  ASSERT_TRUE(report.ok()) << report.status();
  std::vector<std::string> lines;
  for (const auto& n : report->nodes()) {
    lines.push_back(n.code() + "/" + std::to_string(n.depth()) + "/" +
                    std::to_string(n.current_members()) + "/" + std::to_string(n.full()) + "/" +
                    std::to_string(n.probationary()) + "/" + n.secretary());
  }
  EXPECT_THAT(lines, ElementsAre("C1/0/5/4/1/", "B1/1/5/4/1/", "G1/2/1/1/0/", "B2/1/0/0/0/"));
  EXPECT_EQ(report->nodes(1).units(), 2);
  EXPECT_EQ(report->nodes(1).parent_code(), "C1");
}

// C1 ── B1 (A, B, D, and C in group G1; E died) ── C2 ── B2 (F)
TEST_F(ReportTest, StatsCountWhatWasRegistered) {
  Org("C1", v1::COMMITTEE, "");
  Org("B1", v1::BRANCH, "C1");
  Org("G1", v1::GROUP, "B1");
  Org("C2", v1::COMMITTEE, "C1");
  Org("B2", v1::BRANCH, "C2");

  v1::Member a = Person("B1", "19961125", 1);  // 30 today; party age 5 today
  a.set_joined_on("2020-11-25");
  a.set_confirmed_on("2021-11-25");
  a.set_education("本科");
  Register(a);
  v1::Member b = Person("B1", "19951126", 2);  // 31 tomorrow; party age 5 tomorrow
  b.set_joined_on("2020-11-26");
  b.set_confirmed_on("2021-11-26");
  b.set_education(" 本科 ");
  b.set_employment(v1::STUDENT);
  Register(b);
  v1::Member c = Person("B1", "19951125", 3);  // 31 today; probationary
  c.set_category(v1::PROBATIONARY);
  c.set_joined_on("2026-06-01");
  c.clear_confirmed_on();
  c.set_group_code("G1");
  Register(c);
  v1::Member d = Person("B1", "19600101", 5);  // 66; party age 40
  d.set_joined_on("1985-07-01");
  d.set_confirmed_on("1986-07-01");
  d.set_education("大专");
  d.set_employment(v1::RETIRED);
  Register(d);
  Register(Person("B1", "19700101", 7));  // E: dies below, no longer counted
  v1::ChangeMemberStatusRequest died;
  died.mutable_member()->set_member_no("M7");
  died.set_reason(v1::DIED);
  ASSERT_TRUE(registry_->ChangeMemberStatus(Call(), died).ok());
  Register(Person("B2", "19800101", 9));  // F

  v1::StatsReport s = Stats("C1");
  EXPECT_EQ(s.org_code(), "C1");
  EXPECT_EQ(s.as_of(), "2026-11-25");
  EXPECT_EQ(s.current_members(), 5);
  EXPECT_THAT(RowsOf(s, kCategoryTable), ElementsAre(Pair("probationary", 1), Pair("full", 4)));
  EXPECT_THAT(RowsOf(s, kGenderTable), ElementsAre(Pair("male", 4), Pair("female", 1)));
  EXPECT_THAT(RowsOf(s, kAgeTable),
              ElementsAre(Pair("<=30", 2), Pair("31-35", 1), Pair("36-45", 0), Pair("46-55", 1),
                          Pair("56-60", 0), Pair(">=61", 1)));
  EXPECT_THAT(RowsOf(s, kEducationTable),
              ElementsAre(Pair("(not recorded)", 2), Pair("本科", 2), Pair("大专", 1)));
  EXPECT_EQ(CountIn(s, kEmploymentTable, "employed"), 3);
  EXPECT_EQ(CountIn(s, kEmploymentTable, "student"), 1);
  EXPECT_EQ(CountIn(s, kEmploymentTable, "retired"), 1);
  EXPECT_EQ(CountIn(s, kEmploymentTable, "farmer"), 0);
  EXPECT_THAT(RowsOf(s, kPartyAgeTable),
              ElementsAre(Pair("<5", 1), Pair("5-9", 1), Pair("10-19", 0), Pair("20-29", 1),
                          Pair("30-39", 0), Pair(">=40", 1), Pair("probationary", 1)));
  EXPECT_THAT(RowsOf(s, kOrgsByTypeTable),
              ElementsAre(Pair("committee", 2), Pair("general_branch", 0), Pair("branch", 2),
                          Pair("group", 1)));
  EXPECT_EQ(s.branch_secretaries(), 0);

  // A day earlier A is 29 and C 30; A's party age is 4.
  v1::StatsReport earlier = Stats("C1", "2026-11-24");
  EXPECT_EQ(CountIn(earlier, kAgeTable, "<=30"), 3);
  EXPECT_EQ(CountIn(earlier, kPartyAgeTable, "<5"), 2);

  // Only the subtree's members and orgs; every root when no org is named.
  v1::StatsReport c2 = Stats("C2");
  EXPECT_EQ(c2.current_members(), 1);
  EXPECT_THAT(RowsOf(c2, kOrgsByTypeTable),
              ElementsAre(Pair("committee", 1), Pair("general_branch", 0), Pair("branch", 1),
                          Pair("group", 0)));
  EXPECT_EQ(Stats("").current_members(), 5);
  EXPECT_EQ(Stats("").org_code(), "");
}

TEST_F(ReportTest, LabelsAreGroupedWithRectificationDetails) {
  Org("C1", v1::COMMITTEE, "", 0, {"学习型"});
  Org("B1", v1::BRANCH, "C1", 0, {"示范党支部", "学习型"});
  Org("B2", v1::BRANCH, "C1", 0, {"软弱涣散:2026-03-01:整顿中"});
  auto report = reporter_->Labels(v1::GetLabelReportRequest());
  ASSERT_TRUE(report.ok()) << report.status();
  std::vector<std::string> rows;
  for (const auto& r : report->rows()) {
    rows.push_back(r.label() + "/" + r.code() + "/" + (r.rectification() ? "r" : "-") + "/" +
                   r.since() + "/" + r.status());
  }
  EXPECT_THAT(rows, ElementsAre("学习型/C1/-//", "学习型/B1/-//", "示范党支部/B1/-//",
                                "软弱涣散/B2/r/2026-03-01/整顿中"));
}

TEST_F(ReportTest, BadRequestsNameTheField) {
  Org("C1", v1::COMMITTEE, "");
  v1::GetTreeReportRequest unknown;
  unknown.mutable_org()->set_code("NOPE");
  EXPECT_EQ(reporter_->Tree(unknown).status().code(), absl::StatusCode::kNotFound);
  v1::GetRuleReportRequest empty_ref;
  empty_ref.mutable_org();
  auto status = reporter_->Rules(empty_ref).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("org"));
  v1::GetStatsReportRequest bad_date;
  bad_date.set_as_of("2026-13-01");
  status = reporter_->Stats(bad_date).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("as_of"));
  v1::GetLabelReportRequest unknown_labels;
  unknown_labels.mutable_org()->set_code("NOPE");
  EXPECT_EQ(reporter_->Labels(unknown_labels).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace orgtree::reports
