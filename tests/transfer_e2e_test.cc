// Relationship transfers and the retiree handover end to end: orgctl against the real orgtreed.
// The demo organisation (today 2026-11-25) for the transfer steps, letters, receipts and inbound
// members; a generated organisation of 10,000 members for a handover batch interrupted by SIGKILL
// and resumed.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/demo_server_test.h"
#include "tests/server_process.h"
#include "tests/test_data.h"

namespace orgtree {
namespace {

using testing::CommandResult;
using ::testing::HasSubstr;
using testing::LineWith;
using ::testing::Not;
using testing::ServerProcess;
using testing::TempDir;

nlohmann::json ParseOk(const CommandResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

class TransferE2eTest : public testing::DemoServerTest {
 protected:
  nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    return ParseOk(Run(args));
  }
  nlohmann::json Stats(const std::string& org) { return Json({"org", "stats", org}); }
  nlohmann::json Member(const std::string& no) { return Json({"member", "get", no}); }
  // Starts a transfer and returns the letter (JSON).
  nlohmann::json Start(std::vector<std::string> args) {
    args.insert(args.begin(), {"transfer", "start"});
    return Json(args);
  }
  // The same data directory, another day (or the same after a restart).
  void Restart(const std::string& today) {
    server_.reset();  // stops the old process before the new one opens the data directory
    server_ = std::make_unique<ServerProcess>(dir_.path() + "/data", today,
                                              std::vector<std::string>{"--demo"});
  }
  // A person outside the demo organisation, registered in `branch`.
  void Register(const std::string& no, const std::string& national_id, const std::string& branch) {
    auto r = Run({"member", "register", "--member-no", no, "--name", "新同志", "--national-id",
                  national_id, "--org", branch, "--category", "full", "--joined", "2005-07-01",
                  "--confirmed", "2006-07-01", "--employment", "employed"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(TransferE2eTest, InternalTransferFullCycleMovesTheMemberAndTheCounters) {
  EXPECT_EQ(Stats("S0001")["current_members"], 18);
  EXPECT_EQ(Stats("S0001")["in_transit"], 0);
  EXPECT_EQ(Stats("S0002")["current_members"], 6);

  // Text output starts with the serial: the handle officers write on the paper letter.
  auto text = Run({"transfer", "start", "M00013", "--to", "S0002-B01", "--reason", "工作调动"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.rfind("serial:", 0), 0u) << text.out;
  auto t = Json({"transfer", "show", "S0001-2026-0001"});
  EXPECT_THAT(text.out, HasSubstr("S0001-2026-0001"));
  EXPECT_EQ(t["kind"], "internal");
  EXPECT_EQ(t["state"], "pending_approval");
  EXPECT_EQ(t["member_no"], "M00013");
  EXPECT_EQ(t["from"]["org_code"], "S0001-Z01-B01");
  EXPECT_EQ(t["to"]["org_code"], "S0002-B01");
  EXPECT_EQ(t["issuing_committee_code"], "S0001");
  EXPECT_EQ(t["issued_on"], "2026-11-25");
  EXPECT_EQ(t["validity_days"], 30);
  EXPECT_EQ(t["valid_until"], "2026-12-25");
  EXPECT_EQ(t["reason"], "工作调动");

  // In transit: still a member of the sending side, counted as in transit up its chain only.
  EXPECT_EQ(Member("M00013")["in_transit_serial"], "S0001-2026-0001");
  EXPECT_EQ(Stats("S0001")["current_members"], 18);
  EXPECT_EQ(Stats("S0001")["in_transit"], 1);
  EXPECT_EQ(Stats("G0001")["in_transit"], 1);
  EXPECT_EQ(Stats("S0002")["in_transit"], 0);
  auto pending = Json({"transfer", "list", "--view", "pending-approval"});
  ASSERT_EQ(pending["items"].size(), 1u);
  EXPECT_EQ(pending["items"][0]["serial"], "S0001-2026-0001");
  EXPECT_EQ(pending["next_page_token"], "");

  auto approved = Json({"transfer", "approve", "S0001-2026-0001", "--note", "同意"});
  EXPECT_EQ(approved["state"], "awaiting_acceptance");
  EXPECT_EQ(approved["approved_on"], "2026-11-25");
  auto incoming = Json({"transfer", "list", "--org", "S0002", "--direction", "incoming", "--view",
                        "awaiting_acceptance"});
  ASSERT_EQ(incoming["items"].size(), 1u);
  EXPECT_EQ(Json({"transfer", "list", "--org", "S0002", "--direction", "outgoing"})["items"].size(),
            0u);

  auto accepted = Json({"transfer", "accept", "S0001-2026-0001"});
  EXPECT_EQ(accepted["state"], "completed");
  EXPECT_EQ(accepted["completed_on"], "2026-11-25");
  auto m = Member("M00013");
  EXPECT_EQ(m["org_code"], "S0002-B01");
  EXPECT_EQ(m["group_code"], "");  // the old branch's group does not travel
  EXPECT_EQ(m["in_transit_serial"], "");
  EXPECT_EQ(m["status"], "active");

  EXPECT_EQ(Stats("S0001")["current_members"], 17);
  EXPECT_EQ(Stats("S0001")["in_transit"], 0);
  EXPECT_EQ(Stats("S0002")["current_members"], 7);
  EXPECT_EQ(Stats("G0001")["current_members"], 36);
  EXPECT_EQ(Stats("G0001")["in_transit"], 0);

  auto done = Json(
      {"transfer", "list", "--view", "completed", "--from", "2026-11-25", "--to", "2026-11-25"});
  ASSERT_EQ(done["items"].size(), 1u);
  auto table = Run({"transfer", "list", "--member", "M00013"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(LineWith(table.out, {"S0001-2026-0001", "internal", "completed", "M00013",
                                   "S0001-Z01-B01", "S0002-B01", "2026-11-25", "2026-12-25"}),
              Not(""))
      << table.out;
}

TEST_F(TransferE2eTest, AcceptPlacesTheMemberInTheGroupAsked) {
  auto t = Start({"M00019", "--to", "S0001-Z01-B01"});
  ASSERT_EQ(t["serial"], "S0001-2026-0001");
  ASSERT_EQ(Run({"transfer", "approve", "S0001-2026-0001"}).exit_code, 0);
  auto accepted = Json({"transfer", "accept", "S0001-2026-0001", "--group", "S0001-Z01-B01-G1"});
  EXPECT_EQ(accepted["state"], "completed");
  auto m = Member("M00019");
  EXPECT_EQ(m["org_code"], "S0001-Z01-B01");
  EXPECT_EQ(m["group_code"], "S0001-Z01-B01-G1");
}

TEST_F(TransferE2eTest, StepsOutOfOrderAndMissingReasonsAreRefused) {
  ASSERT_EQ(Start({"M00014", "--to", "S0002-B01"})["serial"], "S0001-2026-0001");

  auto early = Run({"transfer", "accept", "S0001-2026-0001"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("error: FAILED_PRECONDITION:"));

  auto second = Run({"transfer", "start", "M00014", "--out", "某市某区党委"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr("error: FAILED_PRECONDITION:"));

  auto no_reason = Run({"transfer", "reject", "S0001-2026-0001"});
  EXPECT_EQ(no_reason.exit_code, 1);
  EXPECT_THAT(no_reason.err, HasSubstr("error: INVALID_ARGUMENT:"));
  EXPECT_EQ(Json({"transfer", "show", "S0001-2026-0001"})["state"], "pending_approval");

  auto rejected = Json({"transfer", "reject", "S0001-2026-0001", "--reason", "编制已满"});
  EXPECT_EQ(rejected["state"], "rejected");
  EXPECT_EQ(rejected["end_reason"], "编制已满");
  EXPECT_EQ(Member("M00014")["in_transit_serial"], "");
  EXPECT_EQ(Member("M00014")["org_code"], "S0001-Z01-B01");

  auto ended = Run({"transfer", "approve", "S0001-2026-0001"});
  EXPECT_EQ(ended.exit_code, 1);
  EXPECT_THAT(ended.err, HasSubstr("error: FAILED_PRECONDITION:"));

  // Receipts are for outbound letters that exist.
  auto unknown = Run({"transfer", "receipt", "S0001-2026-9999"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("error: NOT_FOUND:"));
  auto internal = Run({"transfer", "receipt", "S0001-2026-0001"});
  EXPECT_EQ(internal.exit_code, 1);
  EXPECT_THAT(internal.err, HasSubstr("error: FAILED_PRECONDITION:"));

  auto too_long = Run({"transfer", "start", "M00015", "--to", "S0002-B01", "--validity", "91"});
  EXPECT_EQ(too_long.exit_code, 1);
  EXPECT_THAT(too_long.err, HasSubstr("error: INVALID_ARGUMENT: validity_days"));

  // A cancelled letter frees the member for another transfer.
  ASSERT_EQ(Start({"M00015", "--to", "S0002-B01"})["serial"], "S0001-2026-0002");
  auto cancelled = Json({"transfer", "cancel", "S0001-2026-0002", "--reason", "本人撤回"});
  EXPECT_EQ(cancelled["state"], "cancelled");
  EXPECT_EQ(Start({"M00015", "--to", "S0002-B01"})["serial"], "S0001-2026-0003");

  // A dry run issues nothing and takes no serial.
  auto dry = Run({"transfer", "start", "M00016", "--to", "S0002-B01", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(Member("M00016")["in_transit_serial"], "");
  EXPECT_EQ(Start({"M00016", "--to", "S0002-B01"})["serial"], "S0001-2026-0004");

  EXPECT_EQ(Run({"transfer", "start", "M00017"}).exit_code, 2);  // neither --to nor --out
  EXPECT_EQ(Run({"transfer", "list", "--view", "stale"}).exit_code, 2);
}

TEST_F(TransferE2eTest, ExpiredLetterIsRefusedOnAccept) {
  auto t = Start({"M00016", "--to", "S0002-B01", "--validity", "10"});
  ASSERT_EQ(t["valid_until"], "2026-12-05");
  const std::string serial = t["serial"];
  ASSERT_EQ(Run({"transfer", "approve", serial}).exit_code, 0);

  Restart("2026-12-20");
  auto shown = Json({"transfer", "show", serial});
  EXPECT_EQ(shown["state"], "expired");
  auto accept = Run({"transfer", "accept", serial});
  EXPECT_EQ(accept.exit_code, 1);
  EXPECT_THAT(accept.err, HasSubstr("error: FAILED_PRECONDITION:"));
  EXPECT_EQ(Member("M00016")["org_code"], "S0001-Z01-B01");
  EXPECT_EQ(Json({"transfer", "list", "--view", "open"})["items"].size(), 0u);
  // An expired letter no longer holds the member: a new transfer may start.
  EXPECT_EQ(Start({"M00016", "--to", "S0002-B01"})["serial"], "S0001-2026-0002");
}

TEST_F(TransferE2eTest, OutboundLetterReceiptMakesTheMemberTransferredOut) {
  auto t = Start(
      {"M00019", "--out", "某市某区某街道党工委", "--out-code", "EXT-0101", "--reason", "随迁"});
  EXPECT_EQ(t["serial"], "S0001-2026-0001");
  EXPECT_EQ(t["kind"], "outbound");
  EXPECT_EQ(t["state"], "awaiting_receipt");
  EXPECT_EQ(t["to"]["org_name"], "某市某区某街道党工委");
  EXPECT_EQ(t["to"]["org_code"], "EXT-0101");
  EXPECT_EQ(t["overdue"], false);
  EXPECT_EQ(Stats("S0001")["in_transit"], 1);

  auto letter = Run({"transfer", "letter", "S0001-2026-0001"});
  ASSERT_EQ(letter.exit_code, 0) << letter.err;
  for (const char* part : {"（存根）", "党员组织关系介绍信\n", "（回执）"}) {
    EXPECT_THAT(letter.out, HasSubstr(part));
  }
  EXPECT_THAT(letter.out, HasSubstr("编号：S0001-2026-0001"));
  EXPECT_THAT(letter.out, HasSubstr("党员编号：M00019"));
  EXPECT_THAT(letter.out, HasSubstr("转入党组织：某市某区某街道党工委（EXT-0101）"));
  EXPECT_THAT(letter.out, HasSubstr("党费交至："));
  EXPECT_THAT(letter.out, HasSubstr("开具日期：2026年11月25日"));
  EXPECT_THAT(letter.out, HasSubstr("有效期至：2026年12月25日"));
  EXPECT_THAT(letter.out, HasSubstr("转接原因：随迁"));
  EXPECT_EQ(Json({"transfer", "letter", "S0001-2026-0001"})["serial"], "S0001-2026-0001");

  auto received = Json({"transfer", "receipt", "S0001-2026-0001", "--date", "2026-11-25"});
  EXPECT_EQ(received["state"], "completed");
  EXPECT_EQ(received["received_on"], "2026-11-25");
  EXPECT_EQ(received["receipt_late"], false);
  auto m = Member("M00019");
  EXPECT_EQ(m["status"], "transferred_out");
  EXPECT_EQ(m["in_transit_serial"], "");
  EXPECT_EQ(Stats("S0001")["current_members"], 17);
  EXPECT_EQ(Stats("S0001")["in_transit"], 0);
}

TEST_F(TransferE2eTest, ReceiptAfterValidityIsRecordedAndFlaggedLate) {
  auto t = Start({"M00020", "--out", "某县委组织部", "--validity", "5"});
  ASSERT_EQ(t["valid_until"], "2026-11-30");
  const std::string serial = t["serial"];

  Restart("2026-12-10");
  auto shown = Json({"transfer", "show", serial});
  EXPECT_EQ(shown["state"], "awaiting_receipt");
  EXPECT_EQ(shown["overdue"], true);
  auto overdue = Json({"transfer", "list", "--view", "overdue"});
  ASSERT_EQ(overdue["items"].size(), 1u);
  EXPECT_EQ(overdue["items"][0]["serial"], serial);
  auto table = Run({"transfer", "list", "--view", "overdue"});
  EXPECT_THAT(LineWith(table.out, {serial, "awaiting_receipt", "overdue"}), Not("")) << table.out;

  auto late = Json({"transfer", "receipt", serial, "--date", "2026-12-08"});
  EXPECT_EQ(late["state"], "completed");
  EXPECT_EQ(late["receipt_late"], true);
  EXPECT_EQ(late["overdue"], false);
  EXPECT_EQ(Member("M00020")["status"], "transferred_out");
}

TEST_F(TransferE2eTest, SerialsAreGapFreePerCommitteeAndYearAcrossARestart) {
  EXPECT_EQ(Start({"M00013", "--out", "甲单位党委"})["serial"], "S0001-2026-0001");
  EXPECT_EQ(Start({"M00014", "--out", "乙单位党委"})["serial"], "S0001-2026-0002");
  // Another committee has its own sequence; a letter dated last year takes that year's.
  EXPECT_EQ(Start({"M00001", "--out", "丙单位党委"})["serial"], "G0001-JG-2026-0001");
  EXPECT_EQ(Start({"M00016", "--out", "丁单位党委", "--date", "2025-12-30"})["serial"],
            "S0001-2025-0001");
  Restart("2026-11-25");
  EXPECT_EQ(Start({"M00015", "--to", "S0002-B01"})["serial"], "S0001-2026-0003");
}

TEST_F(TransferE2eTest, InboundRegistersANewPersonAndReactivatesAReturningOne) {
  const std::string newcomer = testing::TestNationalId("19880808", 901);
  auto dry = Run({"transfer",      "in",          "--letter-serial", "WB-2026-017",    "--from",
                  "外单位党委",    "--org",       "S0002-B01",       "--name",         "新同志",
                  "--national-id", newcomer,      "--member-no",     "M09001",         "--category",
                  "full",          "--joined-on", "2010-07-01",      "--confirmed-on", "2011-07-01",
                  "--employment",  "employed",    "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(Run({"member", "get", "M09001"}).exit_code, 1);

  auto in = Json({"transfer",       "in",         "--letter-serial", "WB-2026-017",
                  "--from",         "外单位党委", "--from-code",     "WB01",
                  "--issued-on",    "2026-11-20", "--paid-up-to",    "2026-10",
                  "--org",          "S0002-B01",  "--name",          "新同志",
                  "--national-id",  newcomer,     "--member-no",     "M09001",
                  "--category",     "full",       "--joined-on",     "2010-07-01",
                  "--confirmed-on", "2011-07-01", "--employment",    "employed"});
  EXPECT_EQ(in["returning"], false);
  EXPECT_EQ(in["transfer"]["serial"], "S0002-2026-0001");  // the committee above the branch
  EXPECT_EQ(in["transfer"]["kind"], "inbound");
  EXPECT_EQ(in["transfer"]["state"], "completed");
  EXPECT_EQ(in["transfer"]["external_serial"], "WB-2026-017");
  EXPECT_EQ(in["transfer"]["dues_paid_up_to"], "2026-10");
  EXPECT_EQ(in["transfer"]["from"]["org_name"], "外单位党委");
  EXPECT_EQ(in["member"]["member_no"], "M09001");
  EXPECT_EQ(Member("M09001")["status"], "active");
  EXPECT_EQ(Stats("S0002")["current_members"], 7);

  // The same person again while a current member: one person, one record.
  auto twice = Run({"transfer", "in", "--letter-serial", "WB-2026-018", "--from", "外单位党委",
                    "--org", "S0002-B01", "--name", "新同志", "--national-id", newcomer});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("error: ALREADY_EXISTS:"));

  // A member who left by an outbound letter comes back: the same record and member number.
  const std::string returning = testing::TestNationalId("19770707", 903);
  Register("M09002", returning, "S0001-Z01-B02");
  auto out = Start({"M09002", "--out", "外省某单位党委"});
  ASSERT_EQ(out["serial"], "S0001-2026-0001");
  ASSERT_EQ(Run({"transfer", "receipt", "S0001-2026-0001"}).exit_code, 0);
  ASSERT_EQ(Member("M09002")["status"], "transferred_out");
  auto back = Json({"transfer", "in", "--letter-serial", "WS-88", "--from", "外省某单位党委",
                    "--org", "S0001-B03", "--name", "新同志", "--national-id", returning,
                    "--member-no", "M09999", "--employment", "retired"});
  EXPECT_EQ(back["returning"], true);
  EXPECT_EQ(back["member"]["member_no"], "M09002");
  EXPECT_EQ(back["transfer"]["serial"], "S0001-2026-0002");
  EXPECT_EQ(back["transfer"]["member_no"], "M09002");
  auto m = Member("M09002");
  EXPECT_EQ(m["status"], "active");
  EXPECT_EQ(m["org_code"], "S0001-B03");
  EXPECT_EQ(m["employment"], "retired");
  EXPECT_EQ(Run({"member", "get", "M09999"}).exit_code, 1);
  EXPECT_EQ(Json({"transfer", "list", "--member", "M09002"})["items"].size(), 2u);
}

// --- Handover of a short list (demo organisation).

class HandoverListE2eTest : public TransferE2eTest {
 protected:
  // M00025–M00030 are the demo's retirees; M00001 is employed.
  std::string ListFile(const std::string& name, bool reversed) {
    std::vector<std::string> rows = {"M00025,东城社区党委,SQ-01",
                                     "M00026,东城社区党委,SQ-01",
                                     "M00027,西城社区党委,SQ-02",
                                     "M00028,西城社区党委,SQ-02",
                                     "M00029,,",
                                     "M00001,东城社区党委,SQ-01"};
    if (reversed) std::reverse(rows.begin(), rows.end());
    std::string csv = "序号,党员编号,接收党组织名称,接收党组织编码\r\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
      csv += std::to_string(i + 1) + "," + rows[i] + "\r\n";
    return File(name, testing::ToGb18030(csv));
  }
  static std::string BatchOf(const std::string& out) {
    std::smatch m;
    return std::regex_search(out, m, std::regex("batch: (handover-list-[0-9a-f]{8})\\b"))
               ? m[1].str()
               : "";
  }
};

TEST_F(HandoverListE2eTest, DryRunListsEveryExceptionAndTheRunIssuesTheRest) {
  const std::string list = ListFile("list.csv", false);
  auto plan = Run({"handover", "--members", list, "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.err, HasSubstr("column 序号: unknown column, ignored"));
  const std::string batch = BatchOf(plan.out);
  ASSERT_NE(batch, "") << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("total: 6\n"));
  EXPECT_THAT(plan.out, HasSubstr("to_hand_over: 4\n"));
  EXPECT_THAT(plan.out, HasSubstr("exceptions: 2\n"));
  EXPECT_THAT(LineWith(plan.out, {"东城社区党委", "SQ-01", "2"}), Not(""));
  EXPECT_THAT(LineWith(plan.out, {"西城社区党委", "SQ-02", "2"}), Not(""));
  EXPECT_THAT(LineWith(plan.out, {"M00029", "S0001-B03", "no_mapping"}), Not("")) << plan.out;
  EXPECT_THAT(LineWith(plan.out, {"M00001", "G0001-JG-B01", "not_retired"}), Not("")) << plan.out;
  // The default batch id depends on the members listed, not on their order.
  auto reordered = Run({"handover", "--members", ListFile("reversed.csv", true), "--dry-run"});
  EXPECT_EQ(BatchOf(reordered.out), batch);
  EXPECT_EQ(Run({"handover", "status", batch}).exit_code, 1);  // a dry run writes nothing

  // Mapping rows for members outside the selection are warned about.
  auto extra = Run({"handover", "--members", list, "--dry-run", "--mapping",
                    File("map.csv", "member_no,community_org_name\nM00030,北城社区党委\n")});
  ASSERT_EQ(extra.exit_code, 0) << extra.err;
  EXPECT_THAT(extra.out, HasSubstr("warning: 1 mapping row(s)"));

  auto run = Run({"handover", "--members", list, "--to", "南城社区党委", "--to-code", "SQ-03"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("batch: " + batch + "\n"));
  EXPECT_THAT(run.out, HasSubstr("total: 6\n"));
  EXPECT_THAT(run.out, HasSubstr("issued: 5\n"));
  EXPECT_THAT(run.out, HasSubstr("exceptions: 1\n"));
  EXPECT_THAT(LineWith(run.out, {"M00001", "G0001-JG-B01", "not_retired"}), Not("")) << run.out;
  EXPECT_THAT(run.err, Not(HasSubstr("\r")));  // no progress bar when stderr is not a terminal

  auto letters = Json({"transfer", "list", "--batch-id", batch});
  ASSERT_EQ(letters["items"].size(), 5u);
  std::map<std::string, std::string> community;
  for (const auto& t : letters["items"]) {
    EXPECT_EQ(t["kind"], "outbound");
    EXPECT_EQ(t["state"], "awaiting_receipt");
    community[t["member_no"].get<std::string>()] = t["to"]["org_name"].get<std::string>();
  }
  EXPECT_EQ(community["M00025"], "东城社区党委");
  EXPECT_EQ(community["M00027"], "西城社区党委");
  EXPECT_EQ(community["M00029"], "南城社区党委");  // the default for the unmapped

  // The batch id names this selection and mapping; another mapping must choose another id.
  auto other = Run({"handover", "--members", list});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("error: ALREADY_EXISTS:"));
  // The same command again resumes (here: re-checks) the batch without a second letter.
  auto again = Run({"handover", "--members", list, "--to", "南城社区党委", "--to-code", "SQ-03"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("issued: 5\n"));
  EXPECT_EQ(Json({"transfer", "list", "--batch-id", batch})["items"].size(), 5u);
  EXPECT_EQ(Json({"handover", "status", batch})["state"], "done");

  auto report = Run({"handover", "report", "--batch-id", batch});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("\n0 of 6 transferred, 0.00%\n"));
  EXPECT_THAT(LineWith(report.out, {"M00001", "not_retired"}), Not(""));
  EXPECT_THAT(LineWith(report.out, {"M00025", "东城社区党委", "awaiting receipt"}), Not(""));

  // Receipts with Chinese headers and the date forms officers type.
  std::string receipts = "介绍信编号,回执日期,党员编号\n";
  int n = 0;
  for (const auto& t : letters["items"]) {
    if (t["member_no"] == "M00025" || t["member_no"] == "M00026" || t["member_no"] == "M00027") {
      const char* dates[] = {"2026/11/25", "2026年11月25日", "2026-11-25"};
      receipts += t["serial"].get<std::string>() + "," + dates[n++] + "," +
                  t["member_no"].get<std::string>() + "\n";
    }
  }
  auto recorded = Run({"handover", "receipts", File("receipts.csv", receipts)});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_THAT(recorded.out, HasSubstr("recorded: 3\n"));
  report = Run({"handover", "report", "--batch-id", batch});
  EXPECT_THAT(report.out, HasSubstr("\n3 of 6 transferred, 50.00%\n"));
  EXPECT_EQ(Member("M00025")["status"], "transferred_out");
}

TEST_F(HandoverListE2eTest, MalformedFilesAreRefusedByLineAndColumn) {
  const std::string list = ListFile("list.csv", false);
  auto no_column = Run({"handover", "--members", list, "--mapping",
                        File("map.csv", "党员编号,备注\nM00025,东城\n")});
  EXPECT_EQ(no_column.exit_code, 2);
  EXPECT_THAT(no_column.err,
              HasSubstr("line 1, column community_org_name: required column missing"));

  auto quote = Run({"handover", "--members", File("broken.csv", "member_no\nM00025\n\"M00026\n")});
  EXPECT_EQ(quote.exit_code, 2);
  EXPECT_THAT(quote.err, HasSubstr("line 3:"));

  // Rows are sent with their lines, so the server's refusal names them.
  auto empty_cell =
      Run({"handover", "--members", list, "--dry-run", "--mapping",
           File("map2.csv", "member_no,community_org_name\nM00025,东城社区党委\nM00026,\n")});
  EXPECT_EQ(empty_cell.exit_code, 1);
  EXPECT_THAT(empty_cell.err, HasSubstr("line 3, column community_org_name"));

  auto unknown = Run({"handover", "--members", File("unknown.csv", "member_no\nM00025\nNOBODY\n"),
                      "--dry-run", "--to", "东城社区党委"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("error: NOT_FOUND:"));
  EXPECT_THAT(unknown.err, HasSubstr("line 3, column member_no"));
}

// --- A handover batch of a generated organisation, interrupted by SIGKILL and resumed.

TEST(HandoverBatchE2eTest, KilledBatchResumesWithoutDuplicatesAndReportsProgress) {
  TempDir dir;
  auto gen = testing::RunOrgctl("127.0.0.1:1", {"gen-demo", "--members", "10000", "--seed", "7",
                                                "--out", dir.path(), "--today", "2026-11-25"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  // Small chunks with a pause between them: the batch takes long enough to be interrupted.
  const std::vector<std::string> flags = {"--handover-chunk", "20", "--handover-pause-ms", "30"};
  auto server = std::make_unique<ServerProcess>(dir.path() + "/data", "2026-11-25", flags);
  auto run = [&](const std::vector<std::string>& args) {
    return testing::RunOrgctl(server->address(), args);
  };
  ASSERT_EQ(run({"import", "orgs", dir.path() + "/orgs.csv"}).exit_code, 0);
  ASSERT_EQ(run({"import", "members", dir.path() + "/members.csv"}).exit_code, 0);

  // The generator puts 28% of each secondary committee's 2,500 members in its retirees' branch.
  auto retirees = ParseOk(run({"member", "list", "G0001", "--subtree", "--employment", "retired",
                               "--all-pages", "--page-size", "1000", "--json"}))["items"];
  ASSERT_EQ(retirees.size(), 2800u);

  // Three communities; every 100th retiree is left unmapped, and one is already in transit.
  const char* communities[][2] = {
      {"东城社区党委", "SQ-01"}, {"西城社区党委", "SQ-02"}, {"南城社区党委", "SQ-03"}};
  std::string mapping = "序号,党员编号,接收党组织名称,接收党组织编码\n";
  std::set<std::string> unmapped;
  std::map<std::string, int> per_community;
  const std::string in_transit = retirees[5]["member_no"];
  for (std::size_t i = 0; i < retirees.size(); ++i) {
    const std::string no = retirees[i]["member_no"];
    if (i % 100 == 0) {
      unmapped.insert(no);
      continue;
    }
    const auto& c = communities[i % 3];
    mapping += std::to_string(i + 1) + "," + no + "," + c[0] + "," + c[1] + "\n";
    if (no != in_transit) ++per_community[c[0]];
  }
  const std::string map_file = dir.path() + "/mapping.csv";
  testing::WriteFile(map_file, mapping);
  ASSERT_EQ(run({"transfer", "start", in_transit, "--out", "外地某党委"}).exit_code, 0);

  const std::vector<std::string> handover = {"handover", "--org",  "G0001",     "--mapping",
                                             map_file,   "--date", "2026-11-25"};
  const std::string batch = "handover-G0001-20261125";
  auto with = [&](std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };

  auto plan = run(with(handover, {"--dry-run"}));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("batch: " + batch + " (dry run"));
  EXPECT_THAT(plan.out, HasSubstr("total: 2800\n"));
  EXPECT_THAT(plan.out, HasSubstr("to_hand_over: 2771\n"));
  EXPECT_THAT(plan.out, HasSubstr("exceptions: 29\n"));
  for (const auto& [name, count] : per_community) {
    EXPECT_THAT(LineWith(plan.out, {name, std::to_string(count)}), Not("")) << name;
  }
  for (const auto& no : unmapped) {
    EXPECT_THAT(LineWith(plan.out, {no, "no_mapping"}), Not("")) << no;
  }
  EXPECT_THAT(LineWith(plan.out, {in_transit, "open_transfer"}), Not(""));

  // Start the run; kill the server while the batch is part-way through.
  CommandResult interrupted;
  std::thread runner([&] { interrupted = run(handover); });
  bool part_way = false;
  for (int i = 0; i < 3000 && !part_way; ++i) {
    auto status = run({"handover", "status", batch, "--json"});
    if (status.exit_code == 0) {
      auto job = nlohmann::json::parse(status.out);
      if (job["state"] == "done") break;
      part_way = job["processed"].get<int>() > 0 && job["processed"].get<int>() < job["total"];
    }
    if (!part_way) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server->Kill();
  runner.join();
  ASSERT_TRUE(part_way) << "the batch was not observed part-way through";
  EXPECT_EQ(interrupted.exit_code, 1);
  EXPECT_THAT(interrupted.err, HasSubstr("error: UNAVAILABLE:"));

  // Restart; the same command resumes the batch.
  server = std::make_unique<ServerProcess>(dir.path() + "/data", "2026-11-25", flags);
  auto resumed = run(handover);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.out, HasSubstr("batch: " + batch + "\n"));
  EXPECT_THAT(resumed.out, HasSubstr("total: 2800\n"));
  EXPECT_THAT(resumed.out, HasSubstr("issued: 2771\n"));
  EXPECT_THAT(resumed.out, HasSubstr("exceptions: 29\n"));
  for (const auto& no : unmapped) {
    EXPECT_THAT(LineWith(resumed.out, {no, "no_mapping"}), Not("")) << no;
  }
  auto job = ParseOk(run({"handover", "status", batch, "--json"}));
  EXPECT_EQ(job["state"], "done");
  EXPECT_GE(job["runs"].get<int>(), 2);
  EXPECT_EQ(job["issued"].get<int>() + job["exceptions"].get<int>(), job["total"].get<int>());

  // One letter per member, and serials without gaps or repeats per committee.
  auto letters = ParseOk(run({"transfer", "list", "--batch-id", batch, "--all", "--page-size",
                              "1000", "--json"}))["items"];
  EXPECT_EQ(letters.size(), 2771u);
  std::map<std::string, int> letters_of;
  for (const auto& t : letters) {
    ++letters_of[t["member_no"].get<std::string>()];
    EXPECT_EQ(t["state"], "awaiting_receipt");
  }
  EXPECT_EQ(letters_of.size(), letters.size());  // nobody twice
  for (const auto& no : unmapped) EXPECT_EQ(letters_of.count(no), 0u) << no;
  std::map<std::string, std::set<int>> numbers;
  for (const auto& t :
       ParseOk(run({"transfer", "list", "--all", "--page-size", "1000", "--json"}))["items"]) {
    const std::string serial = t["serial"];
    numbers[serial.substr(0, serial.size() - 5)].insert(
        std::stoi(serial.substr(serial.size() - 4)));
  }
  for (const auto& [prefix, used] : numbers) {
    EXPECT_EQ(*used.rbegin(), static_cast<int>(used.size())) << prefix << " has gaps";
  }
  EXPECT_EQ(ParseOk(run({"org", "stats", "G0001", "--json"}))["in_transit"], 2772);

  auto report = run({"handover", "report", "--batch-id", batch});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, HasSubstr("\n0 of 2,800 transferred, 0.00%\n"));

  // A receipts file with bad rows records nothing and names every bad row.
  const std::string first = letters[0]["serial"], second = letters[1]["serial"];
  const std::string bad = dir.path() + "/bad-receipts.csv";
  testing::WriteFile(bad, "letter_serial,received_on,member_no\n" + first +
                              ",2026-11-25,\n"
                              "S0009-2026-0001,2026-11-25,\n" +
                              second + ",2026-13-01,\n" + letters[2]["serial"].get<std::string>() +
                              ",2026-11-25,NOBODY\n");
  auto refused = run({"handover", "receipts", bad});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("line 3, column letter_serial"));
  EXPECT_THAT(refused.err, HasSubstr("line 4, column received_on"));
  EXPECT_THAT(refused.err, HasSubstr("line 5, column member_no"));
  EXPECT_THAT(refused.err, Not(HasSubstr("line 2,")));
  EXPECT_THAT(run({"handover", "report", "--batch-id", batch}).out,
              HasSubstr("\n0 of 2,800 transferred, 0.00%\n"));

  // 1,000 receipts in the date forms officers type.
  std::string receipts = "介绍信编号,回执日期,党员编号\n";
  const char* dates[] = {"2026-11-25", "2026/11/25", "2026-11-25", "2026年11月25日"};
  for (int i = 0; i < 1000; ++i) {
    receipts += letters[i]["serial"].get<std::string>() + "," + dates[i % 4] + "," +
                (i % 2 ? letters[i]["member_no"].get<std::string>() : "") + "\n";
  }
  const std::string good = dir.path() + "/receipts.csv";
  testing::WriteFile(good, receipts);
  auto dry = run({"handover", "receipts", good, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("recorded: 1000\n"));
  auto recorded = run({"handover", "receipts", good});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_THAT(recorded.out, HasSubstr("recorded: 1000\nlate: 0\nalready_recorded: 0\n"));
  auto again = run({"handover", "receipts", good});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("recorded: 0\nlate: 0\nalready_recorded: 1000\n"));

  report = run({"handover", "report", "--batch-id", batch});
  EXPECT_THAT(report.out, HasSubstr("\n1,000 of 2,800 transferred, 35.71%\n"));
  auto json = ParseOk(run({"handover", "report", "--batch-id", batch, "--json"}));
  EXPECT_EQ(json["overall"]["percent"], "35.71");
  EXPECT_EQ(json["overall"]["transferred"], 1000);
  EXPECT_EQ(json["outstanding"].size(), 1800u);
  int total = 0;
  for (const auto& c : json["communities"]) total += c["total"].get<int>();
  EXPECT_EQ(total, 2800);
  auto csv = run({"handover", "report", "--batch-id", batch, "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "scope,community_org_name,total,issued,transferred,exceptions,percent");
  EXPECT_THAT(csv.out, HasSubstr("\noverall,,2800,2771,1000,29,35.71\n"));
  EXPECT_EQ(ParseOk(run({"org", "stats", "G0001", "--json"}))["in_transit"], 1772);
}

}  // namespace
}  // namespace orgtree
