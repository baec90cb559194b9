// The dues ledger in-process over a real RocksDB in a temp directory: bases, assessment (and its
// idempotence), hardship overrides, payments with their window and transaction references,
// reversals, arrears across a year end, 党费交至, the summary roll-up and statement reconciliation.

#include "services/dues/dues_ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "services/common/clock.h"
#include "services/dues/dues_csv.h"
#include "services/rules/national_id.h"
#include "tests/registry_env.h"
#include "tests/temp_dir.h"

namespace orgtree::dues {
namespace {

using registry::CallMeta;
using registry::Registry;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string NationalId(int seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "11010119800315%03d", seq % 1000);
  return std::string(buf) + rules::NationalIdCheckChar(buf);
}

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

// Today is 2020-07-15. Tree:
//   C (committee) ── B1 (branch: M1 salary 3000.00, M2 pension 6000.00, M3 student)
//                └─ Z (general branch) ── B2 (branch: M4 salary 12000.00, M5 farmer)
class DuesLedgerTest : public ::testing::Test {
 protected:
  DuesLedgerTest() : clock_(Date(2020, 7, 15)) {}

  void SetUp() override {
    Open();
    Org("C", v1::COMMITTEE, "");
    Org("B1", v1::BRANCH, "C");
    Org("Z", v1::GENERAL_BRANCH, "C");
    Org("B2", v1::BRANCH, "Z");
    Member("M1", "B1", v1::EMPLOYED);
    Member("M2", "B1", v1::RETIRED);
    Member("M3", "B1", v1::STUDENT);
    Member("M4", "B2", v1::EMPLOYED);
    Member("M5", "B2", v1::FARMER);
    Base("M1", "2019-01", v1::INCOME_SALARY, 300000);
    Base("M2", "2019-01", v1::INCOME_PENSION, 600000);
    Base("M3", "2019-01", v1::INCOME_STUDENT, 0);
    Base("M4", "2019-01", v1::INCOME_SALARY, 1200000);
    Base("M5", "2019-01", v1::INCOME_FARMER, 0);
  }

  void TearDown() override {
    ledger_.reset();
    registry_.reset();
  }

  void Open() {
    ledger_.reset();
    registry_.reset();
    auto registry = orgtree::testing::OpenTestRegistry(dir_.path(), &clock_);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    ledger_ = std::make_unique<DuesLedger>(registry_.get(), DuesConfig());
  }

  CallMeta Call(const std::string& request_id = "") {
    return CallMeta{"tester", request_id.empty() ? "r" + std::to_string(++requests_) : request_id};
  }

  void Org(const std::string& code, v1::OrgType type, const std::string& parent) {
    ASSERT_TRUE(
        orgtree::testing::CreateTestOrg(*registry_, Call(), code, type, parent, "2015-01-01").ok())
        << code;
  }

  void Member(const std::string& no, const std::string& branch, v1::Employment employment,
              const std::string& joined_on = "2010-06-01") {
    v1::RegisterMemberRequest req;
    v1::Member* m = req.mutable_member();
    m->set_member_no(no);
    m->set_name("member " + no);
    m->set_national_id(NationalId(++people_));
    m->set_org_code(branch);
    m->set_category(v1::FULL);
    m->set_employment(employment);
    m->set_joined_on(joined_on);
    m->set_confirmed_on(joined_on.substr(0, 4) == "2020" ? "2020-07-01" : "2011-06-01");
    if (joined_on.substr(0, 4) == "2020") {
      m->set_category(v1::PROBATIONARY);
      m->clear_confirmed_on();
    }
    auto r = registry_->RegisterMember(Call(), req);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  void Base(const std::string& no, const std::string& month, v1::IncomeType type, int64_t fen) {
    v1::SetDuesBaseRequest req;
    req.set_member_no(no);
    req.set_effective_month(month);
    req.set_income_type(type);
    req.set_monthly_base_fen(fen);
    auto r = ledger_->SetBase(Call(), req);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  absl::StatusOr<v1::AssessDuesResponse> Assess(const std::string& org, const std::string& month,
                                                const std::string& request_id = "") {
    v1::AssessDuesRequest req;
    req.set_org_code(org);
    req.set_month(month);
    return ledger_->Assess(Call(request_id), req);
  }

  absl::StatusOr<v1::RecordPaymentResponse> Pay(const std::string& no,
                                                std::vector<std::string> months, int64_t fen,
                                                const std::string& ref,
                                                const std::string& paid_on = "2020-07-10") {
    v1::RecordPaymentRequest req;
    req.set_member_no(no);
    for (auto& m : months) req.add_months(m);
    req.set_amount_fen(fen);
    req.set_paid_on(paid_on);
    req.set_channel("bank");
    req.set_txn_ref(ref);
    return ledger_->RecordPayment(Call(), req);
  }

  v1::DuesSummary Summary(const std::string& org, const std::string& month) {
    v1::GetDuesSummaryRequest req;
    req.set_org_code(org);
    req.set_month(month);
    auto s = ledger_->GetSummary(req);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.value_or(v1::DuesSummary());
  }

  v1::MemberDues MemberDues(const std::string& no, const std::string& from = "",
                            const std::string& to = "") {
    v1::GetMemberDuesRequest req;
    req.set_member_no(no);
    req.set_from_month(from);
    req.set_to_month(to);
    auto d = ledger_->GetMemberDues(req);
    EXPECT_TRUE(d.ok()) << d.status();
    return d.value_or(v1::MemberDues());
  }

  uint64_t LastSeq() {
    v1::ListEventsRequest req;
    req.set_page_size(1000);
    auto events = registry_->ListEvents(req);
    return events->events().empty() ? 0 : events->events().rbegin()->seq();
  }

  Clock clock_;
  testing::TempDir dir_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<DuesLedger> ledger_;
  int requests_ = 0;
  int people_ = 0;
};

TEST_F(DuesLedgerTest, AssessmentComputesEveryTypeAndIsIdempotent) {
  auto first = Assess("C", "2020-06");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->members_assessed(), 5);
  EXPECT_EQ(first->members_changed(), 5);
  // 1500 (3000.00 × 0.5%) + 6000 (6000.00 pension × 1%) + 20 + 24000 (12000.00 × 2%) + 20.
  EXPECT_EQ(first->due_fen(), 1500 + 6000 + 20 + 24000 + 20);
  const uint64_t seq = LastSeq();

  auto again = Assess("C", "2020-06");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->members_changed(), 0);
  EXPECT_EQ(again->members_unchanged(), 5);
  EXPECT_EQ(LastSeq(), seq);  // nothing written, no duplicate ledger lines
  auto s = Summary("C", "2020-06");
  EXPECT_EQ(s.due_fen(), 31540);
  EXPECT_EQ(s.members_due(), 5);
  EXPECT_EQ(s.members_unpaid(), 5);

  // A base declared later for June re-assesses only that member.
  Base("M1", "2020-06", v1::INCOME_SALARY, 500001);
  auto third = Assess("B1", "2020-06");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->members_changed(), 1);
  EXPECT_EQ(Summary("C", "2020-06").due_fen(), 31540 - 1500 + 7500);
  EXPECT_EQ(Summary("C", "2020-06").members_due(), 5);

  auto future = Assess("C", "2020-08");
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Assess("NOPE", "2020-06").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Assess("C", "2020-6").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(DuesLedgerTest, MembersWithoutABaseAreListedNotAssessed) {
  Member("M6", "B2", v1::EMPLOYED);
  auto r = Assess("C", "2020-06");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->members_assessed(), 5);
  EXPECT_THAT(r->missing_base(), ElementsAre("M6"));
}

TEST_F(DuesLedgerTest, MovementWithinTheMonth) {
  // Suspended on 2020-05-10: current on May 1st (assessed for May), not on June 1st.
  v1::ChangeMemberStatusRequest req;
  req.mutable_member()->set_member_no("M4");
  req.set_reason(v1::SUSPENDED_ABROAD);
  req.set_effective_date("2020-05-10");
  ASSERT_TRUE(registry_->ChangeMemberStatus(Call(), req).ok());
  // Joined on 2020-06-20: assessed for June by the branch at joining.
  Member("M7", "B1", v1::EMPLOYED, "2020-06-20");
  Base("M7", "2020-06", v1::INCOME_SALARY, 400000);

  auto may = Assess("C", "2020-05");
  ASSERT_TRUE(may.ok());
  EXPECT_EQ(may->members_assessed(), 5);  // M1–M5; M7 had not joined
  auto june = Assess("C", "2020-06");
  ASSERT_TRUE(june.ok());
  EXPECT_EQ(june->members_assessed(), 5);  // M1–M3, M5, M7
  EXPECT_EQ(june->members_not_current(), 1);
  EXPECT_EQ(Summary("B1", "2020-06").members_due(), 4);
  EXPECT_EQ(Summary("B2", "2020-06").members_due(), 1);
}

TEST_F(DuesLedgerTest, HardshipOverrideReducesOrWaives) {
  v1::SetDuesOverrideRequest req;
  req.set_member_no("M4");
  req.set_from_month("2020-05");
  req.set_to_month("2020-06");
  req.set_amount_fen(0);
  req.set_approver("branch secretary 王");
  req.set_reason("serious illness");
  auto o = ledger_->SetOverride(Call(), req);
  ASSERT_TRUE(o.ok()) << o.status();
  req.clear_approver();
  EXPECT_THAT(Msg(ledger_->SetOverride(Call(), req).status()), HasSubstr("approver"));

  ASSERT_TRUE(Assess("B2", "2020-06").ok());
  ASSERT_TRUE(Assess("B2", "2020-07").ok());
  auto d = MemberDues("M4", "2020-06", "2020-07");
  ASSERT_EQ(d.months_size(), 2);
  EXPECT_EQ(d.months(0).computed_fen(), 24000);
  EXPECT_EQ(d.months(0).due_fen(), 0);
  EXPECT_TRUE(d.months(0).overridden());
  EXPECT_EQ(d.months(0).state(), v1::PAID);  // a waived month counts as paid
  EXPECT_EQ(d.months(1).due_fen(), 24000);   // the override ended in June
  ASSERT_EQ(d.overrides_size(), 1);
  EXPECT_EQ(d.overrides(0).approver(), "branch secretary 王");
}

TEST_F(DuesLedgerTest, TransactionReferencesAreIdempotentAndNeverDoubleCounted) {
  ASSERT_TRUE(Assess("C", "2020-06").ok());
  auto first = Pay("M1", {"2020-06"}, 1500, "T1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->already_recorded());
  auto same = Pay("M1", {"2020-06"}, 1500, "T1");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->already_recorded());
  EXPECT_EQ(same->payment().payment_id(), first->payment().payment_id());
  auto different = Pay("M1", {"2020-06"}, 1600, "T1");
  EXPECT_EQ(different.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Msg(different.status()), HasSubstr("txn_ref: 'T1' already records"));
  auto s = Summary("C", "2020-06");
  EXPECT_EQ(s.received_fen(), 1500);
  EXPECT_EQ(s.members_paid(), 1);
  EXPECT_EQ(s.members_unpaid(), 4);
}

TEST_F(DuesLedgerTest, PaymentWindowBackPaySixMonthsPrepayTwelve) {
  // Paid in July 2020: back to January 2020 is fine, December 2019 is not.
  EXPECT_TRUE(Pay("M1", {"2020-01"}, 1500, "B1").ok());
  auto too_old = Pay("M1", {"2019-12"}, 1500, "B2");
  EXPECT_EQ(too_old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(too_old.status()), HasSubstr("back-payment covers at most 6 months"));
  // Prepaying five months is split by what each month will be due.
  auto ahead = Pay("M1", {"2020-08", "2020-09", "2020-10", "2020-11", "2020-12"}, 7600, "P1");
  ASSERT_TRUE(ahead.ok()) << ahead.status();
  ASSERT_EQ(ahead->payment().allocations_size(), 5);
  EXPECT_EQ(ahead->payment().allocations(0).amount_fen(), 1500);
  EXPECT_EQ(ahead->payment().allocations(4).amount_fen(), 1600);  // the rest, on the last month
  auto too_far = Pay("M1", {"2021-08"}, 1500, "P2");
  EXPECT_EQ(too_far.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(too_far.status()), HasSubstr("prepayment covers at most 12"));
  EXPECT_TRUE(Pay("M1", {"2021-07"}, 1500, "P3").ok());

  auto s = Summary("B1", "2020-08");
  EXPECT_EQ(s.members_prepaid(), 1);
  EXPECT_EQ(s.received_fen(), 1500);
  EXPECT_EQ(s.members_due(), 0);  // not assessed yet

  v1::ChangeMemberStatusRequest req;
  req.mutable_member()->set_member_no("M2");
  req.set_reason(v1::DIED);
  ASSERT_TRUE(registry_->ChangeMemberStatus(Call(), req).ok());
  EXPECT_EQ(Pay("M2", {"2020-07"}, 100, "D1").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Pay("NOBODY", {"2020-07"}, 100, "N1").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(DuesLedgerTest, ReversalsAreEntriesNotEdits) {
  ASSERT_TRUE(Assess("B1", "2020-06").ok());
  ASSERT_TRUE(Pay("M1", {"2020-06"}, 1500, "T9").ok());
  v1::ReversePaymentRequest req;
  req.set_txn_ref("T9");
  req.set_reason("bounced");
  auto r = ledger_->ReversePayment(Call(), req);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->payment().amount_fen(), -1500);
  EXPECT_EQ(r->payment().txn_ref(), "T9-R");
  EXPECT_EQ(Summary("B1", "2020-06").received_fen(), 0);
  EXPECT_EQ(Summary("B1", "2020-06").members_unpaid(), 3);
  auto twice = ledger_->ReversePayment(Call(), req);
  ASSERT_TRUE(twice.ok());  // the same reversal ref: the first answer
  EXPECT_TRUE(twice->already_recorded());
  req.set_reversal_txn_ref("T9-R2");
  EXPECT_EQ(ledger_->ReversePayment(Call(), req).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MemberDues("M1").payments_size(), 2);  // the payment and its reversal
}

TEST_F(DuesLedgerTest, ExtraPaymentsAreSeparateAndLargeOnesFlagged) {
  ASSERT_TRUE(Assess("B1", "2020-07").ok());
  v1::RecordPaymentRequest req;
  req.set_member_no("M1");
  req.set_amount_fen(100000);  // 1000 yuan: at the threshold
  req.set_kind(v1::PAYMENT_EXTRA);
  req.set_txn_ref("X1");
  auto r = ledger_->RecordPayment(Call(), req);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->payment().large_extra());
  auto s = Summary("C", "2020-07");
  EXPECT_EQ(s.extra_fen(), 100000);
  EXPECT_EQ(s.large_extra_payments(), 1);
  EXPECT_EQ(s.received_fen(), 0);  // extras are not dues
  v1::GetDuesReportRequest report_req;
  report_req.set_org_code("C");
  report_req.set_year(2020);
  auto report = ledger_->GetReport(report_req);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->large_extras_size(), 1);
  EXPECT_EQ(report->rows(0).extra_fen(), 100000);
}

TEST_F(DuesLedgerTest, ArrearsRunAcrossTheYearEndAndPaidUpTo) {
  for (const char* m :
       {"2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01", "2020-02", "2020-03"}) {
    ASSERT_TRUE(Assess("B2", m).ok()) << m;
  }
  // M4 paid August and September 2019, nothing after: October–March is a run of 6 across the
  // year end. M5 paid everything.
  for (const char* m :
       {"2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01", "2020-02", "2020-03"}) {
    ASSERT_TRUE(Pay("M5", {m}, 20, std::string("F") + m, std::string(m) + "-25").ok()) << m;
  }
  ASSERT_TRUE(Pay("M4", {"2019-08", "2019-09"}, 48000, "A1", "2019-09-30").ok());

  v1::ListArrearsRequest req;
  req.set_org_code("C");
  req.set_as_of_month("2020-03");
  auto list = ledger_->ListArrears(req);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->items_size(), 1);
  const auto& e = list->items(0);
  EXPECT_EQ(e.member_no(), "M4");
  EXPECT_EQ(e.months_in_arrears(), 6);
  EXPECT_EQ(e.arrears_fen(), 6 * 24000);
  EXPECT_EQ(e.longest_unpaid_run(), 6);
  EXPECT_TRUE(e.self_withdrawal_candidate());
  EXPECT_EQ(e.paid_up_to(), "2019-09");
  req.set_min_months(7);
  EXPECT_EQ(ledger_->ListArrears(req)->items_size(), 0);
  req.set_min_months(0);
  req.set_as_of_month("2020-02");  // a run of 5 only: not yet a candidate
  EXPECT_FALSE(ledger_->ListArrears(req)->items(0).self_withdrawal_candidate());
  EXPECT_EQ(*ledger_->PaidUpTo(5), "2020-03");  // M5 (member id 5)
  EXPECT_EQ(MemberDues("M4", "2019-08", "2020-03").paid_up_to(), "2019-09");
}

TEST_F(DuesLedgerTest, SummaryRollUpEqualsTheSumOfTheBranches) {
  ASSERT_TRUE(Assess("C", "2020-06").ok());
  ASSERT_TRUE(Pay("M1", {"2020-06"}, 1500, "S1").ok());
  ASSERT_TRUE(Pay("M2", {"2020-06"}, 3000, "S2").ok());   // partly
  ASSERT_TRUE(Pay("M4", {"2020-06"}, 30000, "S3").ok());  // over
  auto c = Summary("C", "2020-06");
  auto b1 = Summary("B1", "2020-06");
  auto b2 = Summary("B2", "2020-06");
  auto z = Summary("Z", "2020-06");
  EXPECT_EQ(c.due_fen(), b1.due_fen() + b2.due_fen());
  EXPECT_EQ(c.received_fen(), b1.received_fen() + b2.received_fen());
  EXPECT_EQ(c.members_due(), b1.members_due() + b2.members_due());
  EXPECT_EQ(z.due_fen(), b2.due_fen());
  EXPECT_EQ(c.members_paid(), 1);
  EXPECT_EQ(c.members_partly_paid(), 1);
  EXPECT_EQ(c.members_overpaid(), 1);
  EXPECT_EQ(c.members_unpaid(), 2);
  EXPECT_EQ(c.outstanding_fen(), 3000 + 20 + 20);
  EXPECT_EQ(c.own().members_due(), 0);  // a committee holds no members
  ASSERT_EQ(c.children_size(), 2);
  EXPECT_EQ(c.children(0).org_code(), "B1");
  EXPECT_EQ(c.children(1).org_code(), "Z");
  EXPECT_EQ(c.children(1).due_fen(), b2.due_fen());

  // The aggregates survive a restart.
  Open();
  EXPECT_EQ(Summary("C", "2020-06").received_fen(), c.received_fen());
}

TEST_F(DuesLedgerTest, ReconcileRecordsMatchesAndListsTheRest) {
  ASSERT_TRUE(Assess("C", "2020-06").ok());
  auto file = ParseStatementCsv(
      "txn_ref,member_no,period,amount_fen,paid_on,channel\n"
      "R1,M1,2020-06,1500,2020-06-20,bank\n"
      "R2,M2,2020-06,5000,2020-06-20,bank\n"
      "R3,GHOST,2020-06,1500,2020-06-20,bank\n"
      "R4,M3,2019-01,20,2020-06-20,bank\n",
      csv::Encoding::kAuto);
  ASSERT_TRUE(file.errors.empty());
  ReconcileOptions o;
  o.month = "2020-06";
  v1::ReconcileReport report;
  report.set_lines(file.data_lines);
  ASSERT_TRUE(ledger_->Reconcile(Call(), file.rows, o, &report).ok());
  EXPECT_EQ(report.recorded(), 2);
  ASSERT_EQ(report.unmatched_size(), 2);
  EXPECT_EQ(report.unmatched(0).line(), 4);
  EXPECT_THAT(report.unmatched(0).reason(), HasSubstr("no member 'GHOST'"));
  EXPECT_EQ(report.unmatched(1).line(), 5);
  ASSERT_EQ(report.differences_size(), 1);
  EXPECT_EQ(report.differences(0).member_no(), "M2");
  EXPECT_EQ(report.differences(0).difference_fen(), -1000);
  EXPECT_EQ(report.unpaid_size(), 3);  // M3, M4, M5

  // The same statement again records nothing new.
  v1::ReconcileReport again;
  ASSERT_TRUE(ledger_->Reconcile(Call(), file.rows, o, &again).ok());
  EXPECT_EQ(again.recorded(), 0);
  EXPECT_EQ(again.already_recorded(), 2);
  EXPECT_EQ(Summary("C", "2020-06").received_fen(), 6500);
}

TEST_F(DuesLedgerTest, BasesCsvWithWarningsAndBadRows) {
  auto good = ParseBasesCsv(
      "党员编号,生效月份,收入类型,月缴费基数(元)\n"
      "M1,2020-01,工资,4500.50\n"
      "M4,2020年1月,离退休费,3000\n",
      csv::Encoding::kAuto);
  ASSERT_TRUE(good.errors.empty()) << good.errors[0].reason();
  EXPECT_EQ(good.rows[0].base.monthly_base_fen(), 450050);
  v1::DuesImportReport report;
  ASSERT_TRUE(ledger_->ImportBases(Call(), good.rows, false, 1, &report).ok());
  EXPECT_EQ(report.errors_size(), 0);
  EXPECT_EQ(report.imported(), 2);
  ASSERT_EQ(report.warnings_size(), 1);
  EXPECT_EQ(report.warnings(0).line(), 3);  // a pension base for an employed member
  EXPECT_EQ(MemberDues("M1").bases_size(), 2);

  auto bad = ParseBasesCsv(
      "member_no,effective_month,income_type,monthly_base_fen\n"
      "M1,2020-13,salary,1\n"
      "M2,2020-02,wages,1\n"
      "GHOST,2020-02,salary,1\n",
      csv::Encoding::kAuto);
  ASSERT_EQ(bad.errors.size(), 2u);
  EXPECT_EQ(bad.errors[0].line(), 2);
  EXPECT_EQ(bad.errors[0].column(), "effective_month");
  EXPECT_EQ(bad.errors[1].column(), "income_type");
  v1::DuesImportReport bad_report;
  const uint64_t seq = LastSeq();
  ASSERT_TRUE(ledger_->ImportBases(Call(), bad.rows, true, 2, &bad_report).ok());
  ASSERT_EQ(bad_report.errors_size(), 1);
  EXPECT_EQ(bad_report.errors(0).line(), 4);
  EXPECT_EQ(LastSeq(), seq);
}

}  // namespace
}  // namespace orgtree::dues
