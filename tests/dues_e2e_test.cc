// Party dues end to end: orgctl against the real orgtreed (demo organisation, today 2026-11-25):
// bases import, assessment, payments, statement reconciliation, summary roll-up, report.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/demo_server_test.h"
#include "tests/server_process.h"

namespace orgtree {
namespace {

using testing::CommandResult;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ServerProcess;
using testing::TempDir;

class DuesE2eTest : public testing::DemoServerTest {
 protected:
  nlohmann::json Json(const std::vector<std::string>& args) {
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }
  static std::string No(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "M%05d", n);
    return buf;
  }
  // Every demo member: salary 5000.00 yuan (1% → 5000 fen); the retirees (M00025–M00030) a
  // pension of 4000.00 (0.5% → 2000 fen). October 2026 is due 30 × 5000 + 6 × 2000 = 162000 fen.
  void ImportBases() {
    std::string csv = "党员编号,生效月份,收入类型,月缴费基数(分)\n";
    for (int n = 1; n <= 36; ++n) {
      const bool retired = n >= 25 && n <= 30;
      csv += No(n) + ",2020-01," + (retired ? "离退休费,400000\n" : "工资,500000\n");
    }
    auto r = Run({"dues", "bases", "import", File("bases.csv", csv)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_THAT(r.out, HasSubstr("imported: 36"));
  }
  void AssessJune() {
    auto r = Run({"dues", "assess", "--org", "G0001", "--month", "2026-10"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  nlohmann::json Summary(const std::string& org) {
    return Json({"dues", "summary", "--org", org, "--month", "2026-10", "--json"});
  }
};

TEST_F(DuesE2eTest, BasesImportReportsBadRowsByLineAndWritesNothing) {
  auto bad = Run({"dues", "bases", "import",
                  File("bad.csv",
                       "member_no,effective_month,income_type,monthly_base_fen\n"
                       "M00001,2020-01,salary,500000\n"
                       "M00002,2020-01,wages,500000\n"
                       "NOBODY,2020-01,salary,500000\n"
                       "M00003,2020-1x,salary,500000\n")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("error: INVALID_ARGUMENT:"));
  EXPECT_THAT(bad.err, HasSubstr("line 3, column income_type"));
  EXPECT_THAT(bad.err, HasSubstr("line 4, column member_no"));
  EXPECT_THAT(bad.err, HasSubstr("line 5, column effective_month"));
  EXPECT_THAT(bad.err, Not(HasSubstr("line 2,")));
  auto m = Json({"dues", "member", "M00001", "--json"});
  EXPECT_TRUE(m["bases"].empty());

  // A pension base for an employed member is accepted, with a warning naming the line.
  auto warn = Run({"dues", "bases", "import",
                   File("warn.csv",
                        "member_no,effective_month,income_type,monthly_base_yuan\n"
                        "M00001,2020-01,pension,3000.00\n")});
  ASSERT_EQ(warn.exit_code, 0) << warn.err;
  EXPECT_THAT(warn.out, HasSubstr("warning: line 2, column income_type"));
}

TEST_F(DuesE2eTest, AssessmentIsIdempotentAndTheSummaryRollsUp) {
  ImportBases();
  auto first = Json({"dues", "assess", "--org", "G0001", "--month", "2026-10", "--json"});
  EXPECT_EQ(first["members_assessed"], 36);
  EXPECT_EQ(first["members_changed"], 36);
  EXPECT_EQ(first["due_fen"], 162000);
  auto again = Json({"dues", "assess", "--org", "G0001", "--month", "2026-10", "--json"});
  EXPECT_EQ(again["members_changed"], 0);
  EXPECT_EQ(again["members_unchanged"], 36);

  auto root = Summary("G0001");
  for (const char* key : {"due_fen", "received_fen", "members_due", "members_paid",
                          "members_partly_paid", "members_unpaid", "members_overpaid"}) {
    EXPECT_TRUE(root.contains(key)) << key;
  }
  EXPECT_EQ(root["due_fen"], 162000);
  EXPECT_EQ(root["members_due"], 36);
  EXPECT_EQ(root["members_unpaid"], 36);

  ASSERT_EQ(Run({"dues", "pay", "M00001", "--amount-fen", "5000", "--month", "2026-10", "--txn-ref",
                 "T1", "--paid-on", "2026-10-30"})
                .exit_code,
            0);
  ASSERT_EQ(Run({"dues", "pay", "M00031", "--amount-fen", "9000", "--month", "2026-10", "--txn-ref",
                 "T2"})
                .exit_code,
            0);
  root = Summary("G0001");
  int64_t due = 0, received = 0, members = 0, unpaid = 0;
  for (const char* branch : {"G0001-JG-B01", "G0001-JG-B02", "S0001-Z01-B01", "S0001-Z01-B02",
                             "S0001-B03", "S0002-B01"}) {
    auto s = Summary(branch);
    due += s["due_fen"].get<int64_t>();
    received += s["received_fen"].get<int64_t>();
    members += s["members_due"].get<int64_t>();
    unpaid += s["members_unpaid"].get<int64_t>();
  }
  EXPECT_EQ(root["due_fen"].get<int64_t>(), due);
  EXPECT_EQ(root["received_fen"].get<int64_t>(), received);
  EXPECT_EQ(root["members_due"].get<int64_t>(), members);
  EXPECT_EQ(root["members_unpaid"].get<int64_t>(), unpaid);
  EXPECT_EQ(received, 14000);
  EXPECT_EQ(root["members_paid"], 1);
  EXPECT_EQ(root["members_overpaid"], 1);

  auto text = Run({"dues", "summary", "--org", "S0001", "--month", "2026-10"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("due: 720.00"));  // 12 × 50.00 + 6 × 20.00 yuan
}

TEST_F(DuesE2eTest, PaymentsDuplicateReferenceBackPayAndReversal) {
  ImportBases();
  AssessJune();
  auto pay = Run({"dues", "pay", "M00001", "--amount-fen", "5000", "--month", "2026-10",
                  "--txn-ref", "BANK-1"});
  ASSERT_EQ(pay.exit_code, 0) << pay.err;
  EXPECT_THAT(pay.out, HasSubstr("recorded: payment"));
  auto same = Run({"dues", "pay", "M00001", "--amount-fen", "5000", "--month", "2026-10",
                   "--txn-ref", "BANK-1"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_THAT(same.out, HasSubstr("already recorded"));
  auto clash = Run({"dues", "pay", "M00002", "--amount-fen", "5000", "--month", "2026-10",
                    "--txn-ref", "BANK-1"});
  EXPECT_EQ(clash.exit_code, 1);
  EXPECT_THAT(clash.err, HasSubstr("error: ALREADY_EXISTS: txn_ref: 'BANK-1'"));
  EXPECT_EQ(Summary("G0001")["received_fen"], 5000);

  auto old = Run({"dues", "pay", "M00002", "--amount-fen", "5000", "--month", "2026-04",
                  "--txn-ref", "BANK-2"});
  EXPECT_EQ(old.exit_code, 1);
  EXPECT_THAT(old.err, HasSubstr("error: FAILED_PRECONDITION: months: 2026-04"));
  auto ahead = Json({"dues", "pay", "M00002", "--amount-fen", "60000", "--month", "2026-11",
                     "--month", "2027-10", "--txn-ref", "BANK-3", "--json"});
  EXPECT_EQ(ahead["payment"]["allocations"].size(), 2u);

  auto reverse = Run({"dues", "reverse", "BANK-1", "--reason", "bounced"});
  ASSERT_EQ(reverse.exit_code, 0) << reverse.err;
  auto audit = Run({"events", "--member", "M00001"});  // dues events are in the audit log
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_THAT(audit.out, HasSubstr("DuesBaseDeclared"));
  EXPECT_THAT(audit.out, HasSubstr("DuesPaymentRecorded"));
  EXPECT_THAT(audit.out, HasSubstr("DuesPaymentReversed"));
  EXPECT_EQ(Summary("G0001")["received_fen"], 0);
  auto member = Json({"dues", "member", "M00002", "--json"});
  EXPECT_EQ(member["paid_up_to"], "");  // October is still unpaid
  EXPECT_EQ(Run({"dues", "pay", "M00002", "--amount-fen", "0", "--txn-ref", "Z"}).exit_code, 1);
  EXPECT_EQ(Run({"dues", "pay", "M00002", "--amount-fen", "1", "--month", "2020-13"}).exit_code, 2);
}

TEST_F(DuesE2eTest, ReconcileStatementWithUnmatchedMalformedAndDuplicateLines) {
  ImportBases();
  AssessJune();
  const std::string statement =
      File("statement.csv",
           "流水号,党员编号,所属月份,金额(分),缴费日期,缴费方式\n"
           "S1,M00001,2026-10,5000,2026-10-20,bank\n"        // line 2: paid
           "S2,M00002,2026-10,3000,2026-10-20,bank\n"        // line 3: partly paid
           "S3,NOBODY,2026-10,5000,2026-10-20,bank\n"        // line 4: no such member
           "S4,M00003,2026-10,abc,2026-10-20,bank\n"         // line 5: malformed amount
           "S5,M00025,2026-10,2000,2026年10月21日,wechat\n"  // line 6: paid
           "S1,M00004,2026-10,5000,2026-10-20,bank\n");      // line 7: S1 again, other content

  auto refused = Run({"dues", "reconcile", "--month", "2026-10", statement});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("line 5, column amount_fen"));
  EXPECT_THAT(refused.err, HasSubstr("line 7, column txn_ref"));
  EXPECT_EQ(Summary("G0001")["received_fen"], 0);  // nothing recorded

  const std::string out_dir = dir_.path();
  auto r = Run(
      {"dues", "reconcile", "--month", "2026-10", statement, "--skip-bad", "--export", out_dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("recorded: 3"));
  EXPECT_THAT(r.out, HasSubstr("skipped: line 5, column amount_fen"));
  EXPECT_THAT(r.out, HasSubstr("skipped: line 7, column txn_ref"));
  EXPECT_THAT(r.out, HasSubstr("unmatched statement lines: 1"));
  EXPECT_THAT(r.out, HasSubstr("NOBODY"));
  EXPECT_THAT(r.out, HasSubstr("members still unpaid: 33"));
  EXPECT_THAT(r.out, HasSubstr("amounts that differ from what is due: 1"));
  std::ifstream unmatched(out_dir + "/unmatched.csv");
  std::stringstream text;
  text << unmatched.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("4,S3,NOBODY,2026-10,5000,"));

  auto s = Summary("G0001");
  EXPECT_EQ(s["received_fen"], 10000);
  EXPECT_EQ(s["members_paid"], 2);
  EXPECT_EQ(s["members_partly_paid"], 1);
  EXPECT_EQ(s["members_unpaid"], 33);

  // The same statement again: nothing is counted twice.
  auto again = Json({"dues", "reconcile", "--month", "2026-10", statement, "--skip-bad", "--json"});
  EXPECT_EQ(again["recorded"], 0);
  EXPECT_EQ(again["already_recorded"], 3);
  EXPECT_EQ(again["unmatched"].size(), 1u);
  EXPECT_EQ(again["differences"][0]["member_no"], "M00002");
  EXPECT_EQ(again["differences"][0]["difference_fen"], -2000);
  EXPECT_EQ(Summary("G0001")["received_fen"], 10000);
}

TEST_F(DuesE2eTest, ArrearsAndAnnualReport) {
  ImportBases();
  for (const char* m : {"2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"}) {
    ASSERT_EQ(Run({"dues", "assess", "--org", "S0002", "--month", m}).exit_code, 0) << m;
  }
  auto arrears = Json({"dues", "arrears", "--org", "S0002", "--as-of", "2026-10", "--json"});
  ASSERT_EQ(arrears["items"].size(), 6u);
  EXPECT_EQ(arrears["next_page_token"], "");
  EXPECT_EQ(arrears["items"][0]["months_in_arrears"], 6);
  EXPECT_EQ(arrears["items"][0]["self_withdrawal_candidate"], true);

  const std::string csv = dir_.path() + "/report.csv";
  auto report = Run({"dues", "report", "--org", "G0001", "--year", "2026", "--csv", csv});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("S0002-B01"));
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header,
            "org_code,org_name,org_type,depth,year,due_fen,received_fen,outstanding_fen,"
            "extra_fen,extra_payments,large_extra_payments");
  std::string first;
  std::getline(in, first);
  // G0001 over the year: S0002's five full members × 6 months × 5000 fen, and its probationary
  // member (joined 2026-06-25) × 5 months.
  EXPECT_THAT(first, HasSubstr("G0001,集团党委,committee,0,2026,175000,0,175000,"));
}

}  // namespace
}  // namespace orgtree

namespace orgtree {
namespace {

// A unit whose rules differ changes the configuration, not the code.
TEST(DuesConfigE2eTest, ServerFlagReplacesTheBracketTable) {
  testing::TempDir dir;
  const std::string config = dir.path() + "/dues.json";
  testing::WriteFile(config, R"({"in_service": [[null, 200]], "farmer_fen": 100})");
  testing::ServerProcess server(dir.path() + "/data", "2026-11-25",
                                {"--demo", "--dues-config", config});
  auto run = [&](const std::vector<std::string>& args) {
    return testing::RunOrgctl(server.address(), args);
  };
  const std::string bases = dir.path() + "/bases.csv";
  testing::WriteFile(bases,
                     "member_no,effective_month,income_type,monthly_base_fen\n"
                     "M00001,2026-01,salary,300000\n"
                     "M00002,2026-01,farmer,\n");
  ASSERT_EQ(run({"dues", "bases", "import", bases}).exit_code, 0);
  auto r = run({"dues", "assess", "--org", "G0001-JG-B01", "--month", "2026-10", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["due_fen"], 6000 + 100);  // 2% of 3000.00; farmer 1.00
}

}  // namespace
}  // namespace orgtree
