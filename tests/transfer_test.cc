// Transfers and retiree handovers in-process over a real RocksDB in a temp directory: the rules
// (serials, validity, percentages), every step of the state machine and every refused one,
// counters during and after transit, expiry on read and when recorded, serials across restarts,
// receipts (late, unknown, bulk all-or-nothing), inbound letters (new and returning people), and
// handover batches (plan, exceptions, resume without duplicates, report).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "services/common/clock.h"
#include "services/dues/dues_ledger.h"
#include "services/transfers/transfer_desk.h"
#include "tests/registry_env.h"
#include "tests/temp_dir.h"
#include "tests/test_data.h"

namespace orgtree::transfers {
namespace {

using registry::CallMeta;
using registry::Registry;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

TEST(TransferRulesTest, SerialsArePaddedPerCommitteeAndYear) {
  EXPECT_EQ(FormatSerial("S0001", 2020, 42), "S0001-2020-0042");
  EXPECT_EQ(FormatSerial("C1", 2026, 12345), "C1-2026-12345");
}

TEST(TransferRulesTest, ValidityDefaultsAndIsCappedAtThreeMonths) {
  EXPECT_EQ(*CheckValidityDays(0, 30), 30);
  EXPECT_EQ(*CheckValidityDays(90, 30), 90);
  EXPECT_EQ(CheckValidityDays(91, 30).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckValidityDays(-1, 30).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TransferRulesTest, PercentRoundsHalfUpToTwoPlaces) {
  EXPECT_EQ(PercentHalfUp(4056, 4071), "99.63");
  EXPECT_EQ(PercentHalfUp(1, 3), "33.33");
  EXPECT_EQ(PercentHalfUp(2, 3), "66.67");
  EXPECT_EQ(PercentHalfUp(1, 800), "0.13");  // 0.125 → half up
  EXPECT_EQ(PercentHalfUp(1, 8), "12.50");
  EXPECT_EQ(PercentHalfUp(5, 5), "100.00");
  EXPECT_EQ(PercentHalfUp(0, 0), "0.00");
}

TEST(TransferRulesTest, BatchIdsAreShortAndPlain) {
  EXPECT_TRUE(CheckBatchId("handover-S01-20261125").ok());
  EXPECT_FALSE(CheckBatchId("").ok());
  EXPECT_FALSE(CheckBatchId("has space").ok());
  EXPECT_FALSE(CheckBatchId(std::string(65, 'a')).ok());
}

TEST(TransferRulesTest, InternalLettersExpireAfterTheirLastValidDay) {
  v1::Transfer t;
  t.set_kind(v1::TRANSFER_INTERNAL);
  t.set_state(v1::TRANSFER_AWAITING_ACCEPTANCE);
  t.set_valid_until("2026-12-25");
  EXPECT_FALSE(IsExpiredOn(t, Date(2026, 12, 25)));
  EXPECT_TRUE(IsExpiredOn(t, Date(2026, 12, 26)));
  EXPECT_EQ(AsOf(t, Date(2026, 12, 26)).state(), v1::TRANSFER_EXPIRED);
  t.set_kind(v1::TRANSFER_OUTBOUND);
  t.set_state(v1::TRANSFER_AWAITING_RECEIPT);
  EXPECT_FALSE(IsExpiredOn(t, Date(2026, 12, 26)));  // outbound letters become overdue instead
  EXPECT_TRUE(AsOf(t, Date(2026, 12, 26)).overdue());
  EXPECT_FALSE(AsOf(t, Date(2026, 12, 25)).overdue());
}

// Today is 2026-11-25 unless a test moves the clock. Tree:
//   C1 (committee) ── GB1 (general branch) ── B1 (branch: M1..M4; M3, M4 retired)
//                 ├── B2 (branch) ── G2 (group)
//                 └── C2 (committee) ── B3 (branch: M5 retired)
class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Open(Date(2026, 11, 25));
    Org("C1", v1::COMMITTEE, "");
    Org("GB1", v1::GENERAL_BRANCH, "C1");
    Org("B1", v1::BRANCH, "GB1");
    Org("B2", v1::BRANCH, "C1");
    Org("G2", v1::GROUP, "B2");
    Org("C2", v1::COMMITTEE, "C1");
    Org("B3", v1::BRANCH, "C2");
    Member("M1", "B1", v1::EMPLOYED);
    Member("M2", "B1", v1::EMPLOYED);
    Member("M3", "B1", v1::RETIRED);
    Member("M4", "B1", v1::RETIRED);
    Member("M5", "B3", v1::RETIRED);
  }

  void TearDown() override { Close(); }

  void Close() {
    desk_.reset();
    ledger_.reset();
    registry_.reset();
  }

  // (Re)opens the same data directory with the clock on `today`.
  void Open(Date today) {
    Close();
    clock_ = std::make_unique<Clock>(today);
    auto registry = orgtree::testing::OpenTestRegistry(dir_.path(), clock_.get());
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    ledger_ = std::make_unique<dues::DuesLedger>(registry_.get(), dues::DuesConfig());
    TransferOptions topts;
    topts.handover_chunk = 2;
    desk_ = std::make_unique<TransferDesk>(registry_.get(), ledger_.get(), topts);
  }

  CallMeta Call() { return CallMeta{"tester", "r" + std::to_string(++requests_)}; }

  void Org(const std::string& code, v1::OrgType type, const std::string& parent) {
    ASSERT_TRUE(
        orgtree::testing::CreateTestOrg(*registry_, Call(), code, type, parent, "2020-01-01").ok())
        << code;
  }

  v1::Member NewPerson(const std::string& no, const std::string& branch, v1::Employment e) {
    v1::Member m;
    m.set_member_no(no);
    m.set_name("member " + no);
    m.set_national_id(orgtree::testing::TestNationalId("19600315", ++people_));
    m.set_org_code(branch);
    m.set_category(v1::FULL);
    m.set_employment(e);
    m.set_joined_on("1990-06-01");
    m.set_confirmed_on("1991-06-01");
    return m;
  }

  void Member(const std::string& no, const std::string& branch, v1::Employment e) {
    v1::RegisterMemberRequest req;
    *req.mutable_member() = NewPerson(no, branch, e);
    auto m = registry_->RegisterMember(Call(), req);
    ASSERT_TRUE(m.ok()) << m.status();
  }

  v1::Member Get(const std::string& no) {
    v1::MemberRef ref;
    ref.set_member_no(no);
    auto m = registry_->GetMember(ref);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.value_or(v1::Member());
  }

  v1::OrgStats Stats(const std::string& code) {
    v1::OrgRef ref;
    ref.set_code(code);
    auto s = registry_->GetOrgStats(ref);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.value_or(v1::OrgStats());
  }

  absl::StatusOr<v1::Transfer> Start(const std::string& no, const std::string& to, int validity = 0,
                                     bool validate_only = false) {
    v1::InitiateTransferRequest req;
    req.mutable_member()->set_member_no(no);
    req.set_kind(v1::TRANSFER_INTERNAL);
    req.mutable_to_org()->set_code(to);
    req.set_validity_days(validity);
    req.set_validate_only(validate_only);
    req.set_reason("change of unit");
    return desk_->Initiate(Call(), req);
  }

  absl::StatusOr<v1::Transfer> StartOut(const std::string& no, const std::string& to_name) {
    v1::InitiateTransferRequest req;
    req.mutable_member()->set_member_no(no);
    req.set_kind(v1::TRANSFER_OUTBOUND);
    req.set_to_org_name(to_name);
    return desk_->Initiate(Call(), req);
  }

  static v1::TransferStepRequest StepReq(const std::string& serial,
                                         const std::string& reason = "") {
    v1::TransferStepRequest req;
    req.set_serial(serial);
    req.set_reason(reason);
    return req;
  }

  absl::StatusOr<v1::Transfer> Approve(const std::string& serial) {
    return desk_->Approve(Call(), StepReq(serial));
  }
  absl::StatusOr<v1::Transfer> Accept(const std::string& serial, const std::string& group = "") {
    v1::AcceptTransferRequest req;
    req.set_serial(serial);
    req.set_group_code(group);
    return desk_->Accept(Call(), req);
  }
  absl::StatusOr<v1::Transfer> Receipt(const std::string& serial, const std::string& on = "") {
    v1::RecordReceiptRequest req;
    req.set_serial(serial);
    req.set_received_on(on);
    return desk_->RecordReceipt(Call(), req);
  }

  std::vector<std::string> MemberEventTypes(const std::string& no) {
    v1::ListEventsRequest req;
    req.set_entity_type(v1::ENTITY_MEMBER);
    req.set_entity_key(no);
    req.set_page_size(1000);
    auto events = registry_->ListEvents(req);
    EXPECT_TRUE(events.ok()) << events.status();
    std::vector<std::string> out;
    if (!events.ok()) return out;
    for (const auto& e : events->events()) out.push_back(e.type());
    return out;
  }

  orgtree::testing::TempDir dir_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<dues::DuesLedger> ledger_;
  std::unique_ptr<TransferDesk> desk_;
  int requests_ = 0;
  int people_ = 0;
};

TEST_F(TransferTest, InternalTransferMovesTheMemberAndTheCountersOnlyWhenAccepted) {
  auto t = Start("M1", "B2");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->serial(), "C1-2026-0001");  // GB1 is no committee: C1 numbers B1's letters
  EXPECT_EQ(t->state(), v1::TRANSFER_PENDING_APPROVAL);
  EXPECT_EQ(t->issued_on(), "2026-11-25");
  EXPECT_EQ(t->valid_until(), "2026-12-25");
  EXPECT_EQ(t->from().org_code(), "B1");
  EXPECT_EQ(t->to().org_code(), "B2");

  // In transit: still counted (and listed) by the sending branch, and counted as in transit.
  EXPECT_EQ(Get("M1").in_transit_serial(), "C1-2026-0001");
  EXPECT_EQ(Stats("B1").current_members(), 4);
  EXPECT_EQ(Stats("B1").in_transit(), 1);
  EXPECT_EQ(Stats("GB1").in_transit(), 1);
  EXPECT_EQ(Stats("C1").in_transit(), 1);
  EXPECT_EQ(Stats("B2").in_transit(), 0);

  auto early = Accept(t->serial());
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(early.status()), HasSubstr("must approve it"));
  auto second = Start("M1", "B3");
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(second.status()), HasSubstr("already has an open transfer"));

  auto approved = Approve(t->serial());
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::TRANSFER_AWAITING_ACCEPTANCE);
  EXPECT_EQ(Approve(t->serial()).status().code(), absl::StatusCode::kFailedPrecondition);

  auto done = Accept(t->serial(), "G2");
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->state(), v1::TRANSFER_COMPLETED);
  EXPECT_EQ(done->completed_on(), "2026-11-25");
  const v1::Member m = Get("M1");
  EXPECT_EQ(m.org_code(), "B2");
  EXPECT_EQ(m.group_code(), "G2");
  EXPECT_EQ(m.in_transit_serial(), "");
  EXPECT_EQ(Stats("B1").current_members(), 3);
  EXPECT_EQ(Stats("B2").current_members(), 1);
  EXPECT_EQ(Stats("C1").current_members(), 5);
  EXPECT_EQ(Stats("C1").in_transit(), 0);
  EXPECT_THAT(MemberEventTypes("M1"), ElementsAre("MemberRegistered", "TransferInitiated",
                                                  "TransferApproved", "TransferAccepted"));
  EXPECT_EQ(Accept(t->serial()).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TransferTest, RefusedStartsNameTheRule) {
  EXPECT_EQ(Start("M1", "B1").status().code(), absl::StatusCode::kFailedPrecondition);  // same
  EXPECT_EQ(Start("M1", "GB1").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Start("M1", "NOPE").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Start("NOPE", "B2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Start("M1", "B2", 91).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StartOut("M1", "").status().code(), absl::StatusCode::kInvalidArgument);
  // Nothing was numbered or written by the refusals or a dry run.
  ASSERT_TRUE(Start("M1", "B2", 0, /*validate_only=*/true).ok());
  EXPECT_EQ(Get("M1").in_transit_serial(), "");
  EXPECT_EQ(Start("M1", "B2")->serial(), "C1-2026-0001");
}

TEST_F(TransferTest, RejectNeedsAReasonAndEndsTheTransit) {
  auto t = Start("M2", "B2");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(desk_->Reject(Call(), StepReq(t->serial())).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto rejected = desk_->Reject(Call(), StepReq(t->serial(), "no post for the member"));
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->state(), v1::TRANSFER_REJECTED);
  EXPECT_EQ(rejected->end_reason(), "no post for the member");
  EXPECT_EQ(Get("M2").in_transit_serial(), "");
  EXPECT_EQ(Stats("C1").in_transit(), 0);
  EXPECT_EQ(Get("M2").org_code(), "B1");
  EXPECT_EQ(Accept(t->serial()).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TransferTest, SerialsAreGapFreeNeverReusedAndSurviveARestart) {
  auto a = Start("M1", "B2");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(desk_->Cancel(Call(), StepReq(a->serial(), "wrong branch")).ok());
  auto b = Start("M1", "B2");  // the cancelled letter keeps its number
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->serial(), "C1-2026-0002");
  auto c2 = Start("M5", "B1");  // C2 numbers B3's letters
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(c2->serial(), "C2-2026-0001");
  Open(Date(2026, 11, 26));
  auto c = Start("M2", "B2");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->serial(), "C1-2026-0003");
  EXPECT_EQ(desk_->Get(a->serial())->state(), v1::TRANSFER_CANCELLED);
}

TEST_F(TransferTest, ExpiredLettersAreExpiredOnReadAndRecordedByTheNextWrite) {
  auto t = Start("M1", "B2", 10);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(Approve(t->serial()).ok());
  EXPECT_EQ(t->valid_until(), "2026-12-05");
  Open(Date(2026, 12, 6));
  EXPECT_EQ(desk_->Get(t->serial())->state(), v1::TRANSFER_EXPIRED);
  auto late = Accept(t->serial());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(late.status()), HasSubstr("expired"));
  EXPECT_EQ(Get("M1").org_code(), "B1");  // stays where they were

  // A new transfer may start: the same write records the old one's expiry.
  auto again = Start("M1", "B3");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Get("M1").in_transit_serial(), again->serial());
  EXPECT_EQ(Stats("C1").in_transit(), 1);
  EXPECT_THAT(MemberEventTypes("M1"),
              ElementsAre("MemberRegistered", "TransferInitiated", "TransferApproved",
                          "TransferExpired", "TransferInitiated"));
}

TEST_F(TransferTest, TheSweepRecordsExpiriesAndClearsTheInTransitCount) {
  auto t = Start("M1", "B2", 1);
  ASSERT_TRUE(t.ok());
  Open(Date(2026, 11, 27));
  EXPECT_EQ(Stats("C1").in_transit(), 1);  // not yet recorded
  auto swept = desk_->SweepExpired(Call());
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(Stats("C1").in_transit(), 0);
  EXPECT_EQ(Get("M1").in_transit_serial(), "");
  EXPECT_EQ(*desk_->SweepExpired(Call()), 0);
}

TEST_F(TransferTest, InTransitMembersBlockMovesAndStatusChangesUntilDecided) {
  ASSERT_TRUE(Start("M1", "B2").ok());
  v1::MoveOrgRequest move;
  move.mutable_org()->set_code("GB1");
  move.mutable_new_parent()->set_code("C2");
  auto refused = registry_->MoveOrg(Call(), move);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(refused.status()), HasSubstr("in transit"));
  move.set_move_members_in_transit(true);
  EXPECT_TRUE(registry_->MoveOrg(Call(), move).ok());

  v1::ChangeMemberStatusRequest status;
  status.mutable_member()->set_member_no("M1");
  status.set_reason(v1::DIED);
  EXPECT_EQ(registry_->ChangeMemberStatus(Call(), status).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TransferTest, OutboundLetterEndsWithAReceiptAndTheMemberTransferredOut) {
  auto t = StartOut("M3", "某街道社区党委");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->state(), v1::TRANSFER_AWAITING_RECEIPT);
  EXPECT_EQ(t->to().org_name(), "某街道社区党委");
  EXPECT_EQ(Stats("B1").in_transit(), 1);
  EXPECT_EQ(Receipt("C1-2026-9999").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Accept(t->serial()).status().code(), absl::StatusCode::kFailedPrecondition);

  auto received = Receipt(t->serial(), "2026-11-25");
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_EQ(received->state(), v1::TRANSFER_COMPLETED);
  EXPECT_FALSE(received->receipt_late());
  const v1::Member m = Get("M3");
  EXPECT_EQ(m.status(), v1::TRANSFERRED_OUT);
  EXPECT_EQ(m.status_reason(), v1::TRANSFERRED);
  EXPECT_EQ(Stats("B1").current_members(), 3);
  EXPECT_EQ(Stats("B1").members_by_status().transferred_out(), 1);
  EXPECT_EQ(Stats("B1").in_transit(), 0);
  EXPECT_EQ(Receipt(t->serial()).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TransferTest, LateReceiptsAreRecordedAndMarkedAndOverdueLettersListed) {
  auto t = StartOut("M4", "某社区党支部");
  ASSERT_TRUE(t.ok());
  Open(Date(2027, 1, 10));
  v1::ListTransfersRequest overdue;
  overdue.set_view(v1::TRANSFER_VIEW_OVERDUE);
  auto list = desk_->List(overdue);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->items_size(), 1);
  EXPECT_EQ(list->items(0).serial(), t->serial());
  EXPECT_TRUE(list->items(0).overdue());
  auto received = Receipt(t->serial(), "2027-01-08");
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_TRUE(received->receipt_late());
  EXPECT_EQ(desk_->List(overdue)->items_size(), 0);
}

TEST_F(TransferTest, ListsFollowUpByOrgDirectionAndView) {
  auto a = Start("M1", "B3");  // B1 → B3
  auto b = Start("M5", "B2");  // B3 → B2
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(Approve(b->serial()).ok());
  v1::ListTransfersRequest req;
  req.mutable_org()->set_code("C2");
  req.set_direction(v1::TRANSFER_DIRECTION_INCOMING);
  auto incoming = desk_->List(req);
  ASSERT_EQ(incoming->items_size(), 1);
  EXPECT_EQ(incoming->items(0).serial(), a->serial());
  req.set_direction(v1::TRANSFER_DIRECTION_OUTGOING);
  ASSERT_EQ(desk_->List(req)->items_size(), 1);
  EXPECT_EQ(desk_->List(req)->items(0).serial(), b->serial());
  v1::ListTransfersRequest pending;
  pending.set_view(v1::TRANSFER_VIEW_PENDING_APPROVAL);
  ASSERT_EQ(desk_->List(pending)->items_size(), 1);
  EXPECT_EQ(desk_->List(pending)->items(0).serial(), a->serial());
  v1::ListTransfersRequest paged;
  paged.set_page_size(1);
  auto first = desk_->List(paged);
  ASSERT_EQ(first->items_size(), 1);
  paged.set_page_token(first->next_page_token());
  auto second = desk_->List(paged);
  ASSERT_EQ(second->items_size(), 1);
  EXPECT_NE(second->items(0).serial(), first->items(0).serial());
  EXPECT_EQ(second->next_page_token(), "");
}

TEST_F(TransferTest, OneMembersTransfersComeFromTheMemberIndexInPages) {
  auto a = Start("M1", "B2");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(desk_->Cancel(Call(), StepReq(a->serial(), "wrong branch")).ok());
  ASSERT_TRUE(Start("M2", "B2").ok());  // someone else's
  auto b = Start("M1", "B3");
  ASSERT_TRUE(b.ok());
  v1::ListTransfersRequest req;
  req.mutable_member()->set_member_no("M1");
  req.set_page_size(1);
  auto first = desk_->List(req);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->items_size(), 1);
  EXPECT_EQ(first->items(0).serial(), a->serial());
  req.set_page_token(first->next_page_token());
  auto second = desk_->List(req);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->items_size(), 1);
  EXPECT_EQ(second->items(0).serial(), b->serial());
  EXPECT_EQ(second->next_page_token(), "");
  req.clear_page_token();
  req.set_view(v1::TRANSFER_VIEW_OPEN);
  req.set_page_size(0);
  auto open = desk_->List(req);
  ASSERT_EQ(open->items_size(), 1);
  EXPECT_EQ(open->items(0).serial(), b->serial());
}

TEST_F(TransferTest, QueriesRefuseBadRequestsNamingTheField) {
  auto expect = [](const absl::Status& s, absl::StatusCode code, const std::string& field) {
    EXPECT_EQ(s.code(), code) << s;
    EXPECT_THAT(Msg(s), HasSubstr(field));
  };
  expect(desk_->Get("").status(), absl::StatusCode::kInvalidArgument, "serial");
  expect(desk_->Get("C1-2026-0404").status(), absl::StatusCode::kNotFound, "serial");
  v1::ListTransfersRequest list;
  list.set_page_size(-1);
  expect(desk_->List(list).status(), absl::StatusCode::kInvalidArgument, "page_size");
  list.set_page_size(0);
  list.set_from_date("2026-13-01");
  expect(desk_->List(list).status(), absl::StatusCode::kInvalidArgument, "from_date");
  list.set_from_date("2026-11-25");
  list.set_to_date("2026-11-01");
  expect(desk_->List(list).status(), absl::StatusCode::kInvalidArgument, "to_date");
  list.clear_from_date();
  list.clear_to_date();
  list.mutable_org()->set_code("NOPE");
  expect(desk_->List(list).status(), absl::StatusCode::kNotFound, "org");
  expect(desk_->GetHandover("no such batch").status(), absl::StatusCode::kInvalidArgument,
         "batch_id");
  expect(desk_->GetHandover("none").status(), absl::StatusCode::kNotFound, "batch_id");
  expect(desk_->GetHandoverReport("none").status(), absl::StatusCode::kNotFound, "batch_id");
  v1::StartHandoverRequest both;
  both.set_batch_id("b");
  both.mutable_org()->set_code("C1");
  both.add_members()->set_member_no("M3");
  expect(desk_->StartHandover(Call(), both).status(), absl::StatusCode::kInvalidArgument,
         "one selection");
  v1::StartHandoverRequest bad_mapping;
  bad_mapping.set_batch_id("b");
  bad_mapping.mutable_org()->set_code("C1");
  v1::HandoverMapping* row = bad_mapping.add_mapping();
  row->set_line(7);
  row->set_member_no("M3");
  expect(desk_->StartHandover(Call(), bad_mapping).status(), absl::StatusCode::kInvalidArgument,
         "line 7, column community_org_name");
  EXPECT_FALSE(desk_->GetHandover("b").ok());  // nothing was written
}

TEST_F(TransferTest, BulkReceiptsAreAllOrNothing) {
  auto a = StartOut("M3", "社区A");
  auto b = StartOut("M4", "社区B");
  ASSERT_TRUE(a.ok() && b.ok());
  v1::RecordReceiptsRequest req;
  auto add = [&](int line, const std::string& serial, const std::string& on) {
    v1::ReceiptRow* row = req.add_rows();
    row->set_line(line);
    row->set_serial(serial);
    row->set_received_on(on);
  };
  add(2, a->serial(), "2026-11-25");
  add(3, "C1-2026-0404", "2026-11-25");
  auto bad = desk_->RecordReceipts(Call(), req);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(bad.status()), HasSubstr("line 3, column letter_serial"));
  EXPECT_EQ(Get("M3").status(), v1::ACTIVE);  // nothing recorded

  req.mutable_rows()->RemoveLast();
  add(3, b->serial(), "2026-11-25");
  auto good = desk_->RecordReceipts(Call(), req);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->recorded(), 2);
  EXPECT_EQ(Get("M4").status(), v1::TRANSFERRED_OUT);
  auto again = desk_->RecordReceipts(Call(), req);  // the same file again: nothing to do
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->recorded(), 0);
  EXPECT_EQ(again->already_recorded(), 2);
}

TEST_F(TransferTest, InboundRegistersANewPersonAndReactivatesAReturningOne) {
  v1::RecordInboundRequest in;
  in.mutable_letter()->set_serial("X9-2026-0007");
  in.mutable_letter()->set_from_org_name("外单位党委");
  in.mutable_letter()->set_dues_paid_up_to("2026-10");
  *in.mutable_member() = NewPerson("N1", "B2", v1::EMPLOYED);
  auto fresh = desk_->RecordInbound(Call(), in);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_FALSE(fresh->returning());
  EXPECT_EQ(fresh->transfer().kind(), v1::TRANSFER_INBOUND);
  EXPECT_EQ(fresh->transfer().state(), v1::TRANSFER_COMPLETED);
  EXPECT_EQ(fresh->transfer().external_serial(), "X9-2026-0007");
  EXPECT_EQ(fresh->transfer().serial(), "C1-2026-0001");
  EXPECT_EQ(Get("N1").status_reason(), v1::TRANSFERRED_IN);
  EXPECT_EQ(Stats("B2").current_members(), 1);
  // The same person again while current: refused, naming the member.
  in.set_request_id("");
  auto twice = desk_->RecordInbound(Call(), in);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Msg(twice.status()), HasSubstr("N1"));

  // M3 leaves for outside and comes back later: the same record, number and history.
  auto out = StartOut("M3", "外单位");
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(Receipt(out->serial()).ok());
  const v1::Member gone = Get("M3");
  v1::RecordInboundRequest back;
  back.mutable_letter()->set_serial("X9-2026-0100");
  back.mutable_letter()->set_from_org_name("外单位");
  back.mutable_member()->set_national_id(gone.national_id());
  back.mutable_member()->set_org_code("B3");
  auto returning = desk_->RecordInbound(Call(), back);
  ASSERT_TRUE(returning.ok()) << returning.status();
  EXPECT_TRUE(returning->returning());
  EXPECT_EQ(returning->member().id(), gone.id());
  const v1::Member m = Get("M3");
  EXPECT_EQ(m.status(), v1::ACTIVE);
  EXPECT_EQ(m.org_code(), "B3");
  EXPECT_EQ(returning->transfer().serial(), "C2-2026-0001");  // numbered by B3's committee
  EXPECT_EQ(Stats("B3").current_members(), 2);
  EXPECT_EQ(Stats("B1").members_by_status().transferred_out(), 0);
}

// --- Handover.

TEST_F(TransferTest, HandoverPlansListsExceptionsRunsInChunksAndResumesWithoutDuplicates) {
  Member("M6", "B1", v1::RETIRED);
  Member("M7", "B3", v1::RETIRED);
  ASSERT_TRUE(StartOut("M4", "elsewhere").ok());  // M4: open transfer → exception
  v1::StartHandoverRequest req;
  req.set_batch_id("h1");
  req.mutable_org()->set_code("C1");
  auto map = [&](int line, const std::string& no, const std::string& community) {
    v1::HandoverMapping* row = req.add_mapping();
    row->set_line(line);
    row->set_member_no(no);
    row->set_community_org_name(community);
  };
  map(2, "M3", "东街社区党委");
  map(3, "M4", "东街社区党委");
  map(4, "M5", "西街社区党委");
  map(5, "M7", "西街社区党委");
  // M6 has no mapping row → exception.
  req.set_validate_only(true);
  auto plan = desk_->StartHandover(Call(), req);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->job().total(), 5);  // retirees M3, M4, M6 (B1), M5, M7 (B3)
  EXPECT_EQ(plan->to_hand_over(), 3);
  ASSERT_EQ(plan->exceptions_size(), 2);
  std::set<std::pair<std::string, int>> exceptions;
  for (const auto& e : plan->exceptions()) exceptions.insert({e.member_no(), e.exception()});
  EXPECT_EQ(exceptions, (std::set<std::pair<std::string, int>>{{"M4", v1::HANDOVER_OPEN_TRANSFER},
                                                               {"M6", v1::HANDOVER_NO_MAPPING}}));
  EXPECT_FALSE(desk_->GetHandover("h1").ok());  // a dry run writes nothing

  req.set_validate_only(false);
  auto started = desk_->StartHandover(Call(), req);
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_EQ(started->job().state(), v1::HANDOVER_RUNNING);
  // One chunk (2 items), then "the server dies": reopen and resume by re-running.
  ASSERT_FALSE(*desk_->RunHandoverChunk("h1"));
  EXPECT_EQ(desk_->GetHandover("h1")->processed(), 2);
  Open(Date(2026, 11, 26));
  auto running = desk_->RunningHandovers();
  ASSERT_TRUE(running.ok());
  EXPECT_THAT(*running, ElementsAre("h1"));
  req.set_request_id("");
  auto resumed = desk_->StartHandover(Call(), req);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->job().runs(), 2);
  int chunks = 0;
  while (!*desk_->RunHandoverChunk("h1")) ASSERT_LT(++chunks, 10);
  auto job = desk_->GetHandover("h1");
  EXPECT_EQ(job->state(), v1::HANDOVER_DONE);
  EXPECT_EQ(job->issued(), 3);
  EXPECT_EQ(job->exceptions(), 2);

  v1::ListTransfersRequest batch;
  batch.set_batch_id("h1");
  auto letters = desk_->List(batch);
  ASSERT_EQ(letters->items_size(), 3);
  std::set<std::string> members;
  for (const auto& t : letters->items()) members.insert(t.member_no());
  EXPECT_EQ(members, (std::set<std::string>{"M3", "M5", "M7"}));

  // Another selection under the same batch id is refused.
  v1::StartHandoverRequest other = req;
  other.mutable_mapping()->RemoveLast();
  EXPECT_EQ(desk_->StartHandover(Call(), other).status().code(), absl::StatusCode::kAlreadyExists);

  auto report = desk_->GetHandoverReport("h1");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall().total(), 5);
  EXPECT_EQ(report->overall().transferred(), 0);
  EXPECT_EQ(report->overall().percent(), "0.00");
  EXPECT_EQ(report->outstanding_size(), 5);

  // Receipts for two letters: 2 of 5 transferred.
  ASSERT_TRUE(Receipt(letters->items(0).serial()).ok());
  ASSERT_TRUE(Receipt(letters->items(1).serial()).ok());
  report = desk_->GetHandoverReport("h1");
  EXPECT_EQ(report->overall().transferred(), 2);
  EXPECT_EQ(report->overall().percent(), "40.00");
  EXPECT_EQ(report->outstanding_size(), 3);
}

TEST_F(TransferTest, HandoverOfAListChecksEveryMemberAndRefusesBadRows) {
  v1::StartHandoverRequest req;
  req.set_batch_id("list-1");
  req.set_default_community_org_name("南街社区党委");
  auto add = [&](int line, const std::string& no) {
    v1::HandoverMapping* row = req.add_members();
    row->set_line(line);
    row->set_member_no(no);
  };
  add(2, "M1");  // employed
  add(3, "M3");
  add(4, "NOPE");
  auto unknown = desk_->StartHandover(Call(), req);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(unknown.status()), HasSubstr("line 4, column member_no"));
  req.mutable_members()->RemoveLast();
  add(4, "M3");
  auto twice = desk_->StartHandover(Call(), req);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(twice.status()), HasSubstr("line 4"));
  req.mutable_members()->RemoveLast();
  req.set_validate_only(true);
  auto plan = desk_->StartHandover(Call(), req);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->to_hand_over(), 1);
  ASSERT_EQ(plan->exceptions_size(), 1);
  EXPECT_EQ(plan->exceptions(0).member_no(), "M1");
  EXPECT_EQ(plan->exceptions(0).exception(), v1::HANDOVER_NOT_RETIRED);
  ASSERT_EQ(plan->communities_size(), 1);
  EXPECT_EQ(plan->communities(0).community_org_name(), "南街社区党委");
}

}  // namespace
}  // namespace orgtree::transfers
