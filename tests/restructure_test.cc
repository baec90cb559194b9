// Restructuring in-process over a real RocksDB in a temp directory: merge, split, convert,
// dissolve with reassignment, bulk member moves and move — each dry run's plan equals what the real
// run then does; refusals change nothing; counters, members' branches and groups, the size
// warnings a step creates or clears, the one OrgsRestructured event, and officeholders' posts
// ending when a step takes their holder away or dissolves their org.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/common/clock.h"
#include "services/officers/office_book.h"
#include "services/officers/officer_queries.h"
#include "services/restructure/restructurer.h"
#include "services/transfers/transfer_desk.h"
#include "tests/temp_dir.h"
#include "tests/test_data.h"

namespace orgtree::restructure {
namespace {

using registry::CallMeta;
using registry::Registry;
using ::testing::HasSubstr;

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

// Today is 2026-11-25. Tree:
//   C1 (committee) ── GB1 (general branch) ── B1 (branch: M1–M4, and G1 (group): M5)
//                 │                        └─ B2 (branch: M6, M7)
//                 ├── B3 (branch: M8)
//                 └── C2 (committee)
class RestructureTest : public ::testing::Test {
 protected:
  RestructureTest() : clock_(Date(2026, 11, 25)) {}

  void SetUp() override {
    storage::StoreOptions options;
    options.path = dir_.path() + "/db";
    options.block_cache_mb = 8;
    auto registry = Registry::Open(options, &clock_);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    restructurer_ = std::make_unique<Restructurer>(registry_.get());
    Org("C1", v1::COMMITTEE, "");
    Org("GB1", v1::GENERAL_BRANCH, "C1");
    Org("B1", v1::BRANCH, "GB1");
    Org("G1", v1::GROUP, "B1");
    Org("B2", v1::BRANCH, "GB1");
    Org("B3", v1::BRANCH, "C1");
    Org("C2", v1::COMMITTEE, "C1");
    for (const char* no : {"M1", "M2", "M3", "M4"}) Member(no, "B1");
    Member("M5", "B1", "G1");
    Member("M6", "B2");
    Member("M7", "B2");
    Member("M8", "B3");
  }

  CallMeta Call() { return CallMeta{"tester", "r" + std::to_string(++requests_)}; }

  void Org(const std::string& code, v1::OrgType type, const std::string& parent) {
    v1::CreateOrgRequest req;
    req.set_code(code);
    req.set_name("org " + code);
    req.set_type(type);
    if (!parent.empty()) req.mutable_parent()->set_code(parent);
    req.set_established_on("2020-01-01");
    ASSERT_TRUE(registry_->CreateOrg(Call(), req).ok()) << code;
  }

  void Member(const std::string& no, const std::string& branch, const std::string& group = "") {
    v1::RegisterMemberRequest req;
    v1::Member* m = req.mutable_member();
    m->set_member_no(no);
    m->set_name("member " + no);
    m->set_national_id(orgtree::testing::TestNationalId("19700101", ++people_));
    m->set_org_code(branch);
    m->set_group_code(group);
    m->set_category(v1::FULL);
    m->set_employment(v1::EMPLOYED);
    m->set_joined_on("2000-06-01");
    m->set_confirmed_on("2001-06-01");
    ASSERT_TRUE(registry_->RegisterMember(Call(), req).ok()) << no;
  }

  v1::Member Get(const std::string& no) {
    v1::MemberRef ref;
    ref.set_member_no(no);
    return registry_->GetMember(ref).value_or(v1::Member());
  }
  v1::Org OrgOf(const std::string& code) {
    v1::OrgRef ref;
    ref.set_code(code);
    return registry_->GetOrg(ref).value_or(v1::Org());
  }
  int64_t Current(const std::string& code) {
    v1::OrgRef ref;
    ref.set_code(code);
    return registry_->GetOrgStats(ref).value_or(v1::OrgStats()).current_members();
  }
  size_t EventCount() {
    v1::ListEventsRequest req;
    req.set_page_size(1000);
    return registry_->ListEvents(req).value_or(v1::ListEventsResponse()).events_size();
  }

  static v1::OrgRef Ref(const std::string& code) {
    v1::OrgRef ref;
    ref.set_code(code);
    return ref;
  }

  // Runs `req` as a dry run, then for real; expects both to succeed with the same plan.
  v1::RestructurePlan DryRunThenApply(v1::RestructureRequest req) {
    req.set_reason("party committee decision");
    req.set_document("党委〔2026〕12号");
    const size_t events = EventCount();
    req.set_validate_only(true);
    auto dry = restructurer_->Restructure(Call(), req);
    EXPECT_TRUE(dry.ok()) << dry.status();
    EXPECT_FALSE(dry->applied());
    EXPECT_EQ(EventCount(), events);  // the dry run wrote nothing
    req.set_validate_only(false);
    auto real = restructurer_->Restructure(Call(), req);
    EXPECT_TRUE(real.ok()) << real.status();
    EXPECT_TRUE(real->applied());
    EXPECT_NE(real->event_seq(), 0u);
    v1::RestructurePlan a = *dry, b = *real;
    a.clear_applied();
    b.clear_applied();
    b.clear_event_seq();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(a, b))
        << "dry run:\n"
        << a.DebugString() << "real run:\n"
        << b.DebugString();
    return *real;
  }

  // Expects `req` to be refused with `code`, and nothing written.
  void ExpectRefused(v1::RestructureRequest req, absl::StatusCode code, const std::string& text) {
    req.set_reason("test");
    const size_t events = EventCount();
    auto result = restructurer_->Restructure(Call(), req);
    EXPECT_EQ(result.status().code(), code) << result.status();
    EXPECT_THAT(Msg(result.status()), HasSubstr(text));
    EXPECT_EQ(EventCount(), events);
  }

  static const v1::CounterChange* ChangeOf(const v1::RestructurePlan& plan,
                                           const std::string& code) {
    for (const auto& c : plan.counter_changes()) {
      if (c.org_code() == code) return &c;
    }
    return nullptr;
  }

  static bool HasWarning(const google::protobuf::RepeatedPtrField<v1::RuleWarning>& list,
                         const std::string& code, const std::string& rule) {
    for (const auto& w : list) {
      if (w.org_code() == code && w.rule() == rule) return true;
    }
    return false;
  }

  Clock clock_;
  orgtree::testing::TempDir dir_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<Restructurer> restructurer_;
  int requests_ = 0;
  int people_ = 0;
};

TEST_F(RestructureTest, MergeMovesMembersAndGroupsThenDissolvesTheSource) {
  v1::RestructureRequest req;
  *req.mutable_merge()->mutable_source() = Ref("B1");
  *req.mutable_merge()->mutable_target() = Ref("B2");
  const v1::RestructurePlan plan = DryRunThenApply(req);
  EXPECT_EQ(plan.operation(), "merge");
  EXPECT_EQ(plan.members_moved(), 5);  // M1–M4 directly, M5 with its group
  EXPECT_EQ(OrgOf("B1").state(), v1::ORG_DISSOLVED);
  EXPECT_EQ(OrgOf("G1").parent_code(), "B2");
  EXPECT_EQ(Get("M1").org_code(), "B2");
  EXPECT_EQ(Get("M5").org_code(), "B2");
  EXPECT_EQ(Get("M5").group_code(), "G1");
  EXPECT_EQ(Current("B2"), 7);
  EXPECT_EQ(Current("GB1"), 7);
  // The permission check follows the moved members (it answers from memory, not the records).
  for (const char* no : {"M1", "M5"}) {
    v1::CheckMembershipRequest check;
    check.mutable_member()->set_member_no(no);
    *check.mutable_org() = Ref("B2");
    auto answer = registry_->CheckMembership(check);
    ASSERT_TRUE(answer.ok()) << answer.status();
    EXPECT_TRUE(answer->is_member()) << no;
    *check.mutable_org() = Ref("B1");
    EXPECT_FALSE(registry_->CheckMembership(check)->is_member()) << no;
  }
  const v1::CounterChange* b2 = ChangeOf(plan, "B2");
  ASSERT_NE(b2, nullptr);
  EXPECT_EQ(b2->members_before(), 2);
  EXPECT_EQ(b2->members_after(), 7);
  // B2 had fewer than 3 full members; now it has 7.
  EXPECT_TRUE(HasWarning(plan.warnings_cleared(), "B2", "branch_too_few_full"));
  // The one event that explains the step carries the plan.
  v1::ListEventsRequest events;
  events.set_entity_type(v1::ENTITY_ORG);
  events.set_entity_key("B1");
  auto listed = registry_->ListEvents(events);
  ASSERT_TRUE(listed.ok());
  const v1::Event& last = listed->events(listed->events_size() - 1);
  EXPECT_EQ(last.type(), "OrgsRestructured");
  EXPECT_EQ(last.restructure().members_moved(), 5);
  EXPECT_THAT(last.reason(), HasSubstr("党委〔2026〕12号"));
}

TEST_F(RestructureTest, MergeRefusalsNameTheRule) {
  v1::RestructureRequest self;
  *self.mutable_merge()->mutable_source() = Ref("B1");
  *self.mutable_merge()->mutable_target() = Ref("B1");
  ExpectRefused(self, absl::StatusCode::kInvalidArgument, "into itself");
  v1::RestructureRequest into_gb;
  *into_gb.mutable_merge()->mutable_source() = Ref("B1");
  *into_gb.mutable_merge()->mutable_target() = Ref("C2");
  ExpectRefused(into_gb, absl::StatusCode::kFailedPrecondition, "need a branch");
  v1::RestructureRequest unknown;
  *unknown.mutable_merge()->mutable_source() = Ref("NOPE");
  *unknown.mutable_merge()->mutable_target() = Ref("B2");
  ExpectRefused(unknown, absl::StatusCode::kNotFound, "merge.source");
  v1::RestructureRequest nothing;  // no operation at all
  ExpectRefused(nothing, absl::StatusCode::kInvalidArgument, "operation");
  v1::RestructureRequest future;
  *future.mutable_merge()->mutable_source() = Ref("B1");
  *future.mutable_merge()->mutable_target() = Ref("B2");
  future.set_effective_date("2027-01-01");
  ExpectRefused(future, absl::StatusCode::kInvalidArgument, "effective_date");
  v1::RestructureRequest no_reason;
  *no_reason.mutable_merge()->mutable_source() = Ref("B1");
  *no_reason.mutable_merge()->mutable_target() = Ref("B2");
  auto refused = restructurer_->Restructure(Call(), no_reason);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RestructureTest, MembersInTransitAreNotTouched) {
  transfers::TransferDesk desk(registry_.get(), nullptr, transfers::TransferOptions());
  v1::InitiateTransferRequest start;
  start.mutable_member()->set_member_no("M6");
  start.set_kind(v1::TRANSFER_INTERNAL);
  start.mutable_to_org()->set_code("B3");
  ASSERT_TRUE(desk.Initiate(Call(), start).ok());
  v1::RestructureRequest merge;
  *merge.mutable_merge()->mutable_source() = Ref("B2");
  *merge.mutable_merge()->mutable_target() = Ref("B1");
  ExpectRefused(merge, absl::StatusCode::kFailedPrecondition, "in transit");
  v1::RestructureRequest move;
  *move.mutable_move()->mutable_org() = Ref("GB1");
  *move.mutable_move()->mutable_new_parent() = Ref("C2");
  ExpectRefused(move, absl::StatusCode::kFailedPrecondition, "in transit");
  move.mutable_move()->set_move_members_in_transit(true);  // the explicit decision
  DryRunThenApply(move);
  EXPECT_EQ(OrgOf("GB1").parent_code(), "C2");
}

TEST_F(RestructureTest, SplitCreatesTheNewOrgWithTheChosenMembersAndChildren) {
  v1::RestructureRequest req;
  v1::SplitOrg* split = req.mutable_split();
  *split->mutable_source() = Ref("B1");
  split->set_new_code("B1N");
  split->set_new_name("第二党支部");
  split->add_member_nos("M3");
  split->add_member_nos("M4");
  split->add_child_codes("G1");
  const v1::RestructurePlan plan = DryRunThenApply(req);
  const v1::Org created = OrgOf("B1N");
  EXPECT_EQ(created.type(), v1::BRANCH);
  EXPECT_EQ(created.parent_code(), "GB1");
  EXPECT_EQ(created.established_on(), "2026-11-25");
  EXPECT_EQ(Get("M3").org_code(), "B1N");
  EXPECT_EQ(Get("M5").org_code(), "B1N");  // with its group
  EXPECT_EQ(OrgOf("G1").parent_code(), "B1N");
  EXPECT_EQ(Current("B1"), 2);
  EXPECT_EQ(Current("B1N"), 3);
  EXPECT_EQ(Current("GB1"), 7);
  EXPECT_EQ(plan.members_moved(), 3);
  EXPECT_TRUE(HasWarning(plan.warnings_created(), "B1", "branch_too_few_full"));
  EXPECT_FALSE(HasWarning(plan.warnings_created(), "B1N", "branch_too_few_full"));
  const v1::CounterChange* n = ChangeOf(plan, "B1N");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->members_before(), 0);
  EXPECT_EQ(n->members_after(), 3);

  v1::RestructureRequest stranger = req;
  stranger.mutable_split()->set_new_code("B1X");
  stranger.mutable_split()->clear_child_codes();
  stranger.mutable_split()->clear_member_nos();
  stranger.mutable_split()->add_member_nos("M8");
  ExpectRefused(stranger, absl::StatusCode::kFailedPrecondition, "not a current member of B1");
  v1::RestructureRequest taken;
  *taken.mutable_split()->mutable_source() = Ref("B1");
  taken.mutable_split()->set_new_code("B2");  // codes are unique forever
  taken.mutable_split()->set_new_name("again");
  taken.mutable_split()->add_member_nos("M1");
  ExpectRefused(taken, absl::StatusCode::kAlreadyExists, "B2");
}

TEST_F(RestructureTest, ConvertFollowsTheParentAndChildRules) {
  v1::RestructureRequest c2;
  *c2.mutable_convert()->mutable_org() = Ref("C2");
  c2.mutable_convert()->set_new_type(v1::GENERAL_BRANCH);
  const v1::RestructurePlan plan = DryRunThenApply(c2);
  EXPECT_EQ(OrgOf("C2").type(), v1::GENERAL_BRANCH);
  ASSERT_EQ(plan.orgs_size(), 1);
  EXPECT_EQ(plan.orgs(0).change(), "converted");
  EXPECT_EQ(plan.orgs(0).from(), "committee");
  EXPECT_EQ(plan.orgs(0).to(), "general_branch");

  v1::RestructureRequest with_members;
  *with_members.mutable_convert()->mutable_org() = Ref("B3");
  with_members.mutable_convert()->set_new_type(v1::GENERAL_BRANCH);
  ExpectRefused(with_members, absl::StatusCode::kFailedPrecondition, "only a branch holds members");
  v1::RestructureRequest with_branches;
  *with_branches.mutable_convert()->mutable_org() = Ref("GB1");
  with_branches.mutable_convert()->set_new_type(v1::BRANCH);
  ExpectRefused(with_branches, absl::StatusCode::kFailedPrecondition, "cannot stay");
  v1::RestructureRequest root;
  *root.mutable_convert()->mutable_org() = Ref("C1");
  root.mutable_convert()->set_new_type(v1::GENERAL_BRANCH);
  ExpectRefused(root, absl::StatusCode::kFailedPrecondition, "");
}

TEST_F(RestructureTest, DissolveReassignsMembersAndChildrenFirst) {
  v1::RestructureRequest b2;
  *b2.mutable_dissolve()->mutable_org() = Ref("B2");
  ExpectRefused(b2, absl::StatusCode::kFailedPrecondition, "dissolve.members_to");
  *b2.mutable_dissolve()->mutable_members_to() = Ref("B3");
  DryRunThenApply(b2);
  EXPECT_EQ(OrgOf("B2").state(), v1::ORG_DISSOLVED);
  EXPECT_EQ(Get("M6").org_code(), "B3");
  EXPECT_EQ(Current("B3"), 3);
  EXPECT_EQ(Current("GB1"), 5);

  v1::RestructureRequest gb1;
  *gb1.mutable_dissolve()->mutable_org() = Ref("GB1");
  ExpectRefused(gb1, absl::StatusCode::kFailedPrecondition, "children");
  (*gb1.mutable_dissolve()->mutable_child_targets())["B1"] = "C2";
  const v1::RestructurePlan plan = DryRunThenApply(gb1);
  EXPECT_EQ(OrgOf("B1").parent_code(), "C2");
  EXPECT_EQ(OrgOf("GB1").state(), v1::ORG_DISSOLVED);
  EXPECT_EQ(Current("C2"), 5);
  EXPECT_EQ(Current("C1"), 8);
  EXPECT_EQ(plan.members_moved(), 0);  // members keep their branch; the branch moved
}

TEST_F(RestructureTest, BulkMemberMoveTakesAListOrEveryone) {
  v1::RestructureRequest req;
  *req.mutable_move_members()->mutable_from() = Ref("B1");
  *req.mutable_move_members()->mutable_to() = Ref("B3");
  req.mutable_move_members()->add_member_nos("M1");
  req.mutable_move_members()->add_member_nos("M8");
  ExpectRefused(req, absl::StatusCode::kFailedPrecondition, "M8 is not a current member of B1");
  EXPECT_EQ(Get("M1").org_code(), "B1");  // nothing moved

  req.mutable_move_members()->mutable_member_nos()->RemoveLast();
  req.mutable_move_members()->add_member_nos("M5");
  const v1::RestructurePlan listed = DryRunThenApply(req);
  EXPECT_EQ(listed.members_moved(), 2);
  EXPECT_EQ(Get("M5").org_code(), "B3");
  EXPECT_EQ(Get("M5").group_code(), "");

  v1::RestructureRequest all;
  *all.mutable_move_members()->mutable_from() = Ref("B2");
  *all.mutable_move_members()->mutable_to() = Ref("G1");  // into a group of B1
  const v1::RestructurePlan everyone = DryRunThenApply(all);
  EXPECT_EQ(everyone.members_moved(), 2);
  EXPECT_EQ(Get("M7").org_code(), "B1");
  EXPECT_EQ(Get("M7").group_code(), "G1");
  EXPECT_EQ(Current("B2"), 0);
}

// Positions follow their holders through restructuring: a secretary moved out of the branch (and
// out of the general branch above it) loses both posts in the same commit, and the plan warns that
// the branch is left without a secretary; merging a branch away ends its remaining positions.
TEST_F(RestructureTest, PositionsEndWhenTheirHolderMovesOutOrTheirOrgIsDissolved) {
  officers::OfficeBook book(registry_.get(), officers::OfficerOptions{});
  auto appoint = [&](const std::string& org, const std::string& no, v1::Position position) {
    v1::AppointOfficerRequest req;
    req.mutable_org()->set_code(org);
    req.mutable_member()->set_member_no(no);
    req.set_position(position);
    req.set_effective_date("2025-01-01");
    auto officer = book.Appoint(Call(), req);
    ASSERT_TRUE(officer.ok()) << officer.status();
  };
  appoint("B1", "M1", v1::POSITION_SECRETARY);
  appoint("GB1", "M1", v1::POSITION_COMMITTEE_MEMBER);
  appoint("C1", "M1", v1::POSITION_SECRETARY);  // B3 is under C1 too: this post stays
  appoint("B2", "M6", v1::POSITION_SECRETARY);
  appoint("B2", "M7", v1::POSITION_DEPUTY_SECRETARY);

  v1::RestructureRequest out;
  *out.mutable_move_members()->mutable_from() = Ref("B1");
  *out.mutable_move_members()->mutable_to() = Ref("B3");
  out.mutable_move_members()->add_member_nos("M1");
  const v1::RestructurePlan moved = DryRunThenApply(out);
  EXPECT_TRUE(HasWarning(moved.warnings_created(), "B1", "no_secretary"));
  EXPECT_FALSE(HasWarning(moved.warnings_created(), "GB1", "no_secretary"));  // never had one
  auto held = officers::CurrentPositionsOf(registry_->reader(), Get("M1").id());
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].org_code(), "C1");
  auto b1 = officers::OrgOfficers(registry_->reader(), OrgOf("B1").id(), true);
  ASSERT_TRUE(b1.ok());
  ASSERT_EQ(b1->size(), 1u);
  EXPECT_EQ((*b1)[0].end_date(), "2026-11-25");
  EXPECT_EQ((*b1)[0].end_reason(), "holder moved to B3");
  auto gb1 = officers::OrgOfficers(registry_->reader(), OrgOf("GB1").id(), false);
  ASSERT_TRUE(gb1.ok());
  EXPECT_TRUE(gb1->empty());

  // Merging B2 into B1: its secretary and deputy move to B1, and their B2 posts end with B2.
  v1::RestructureRequest merge;
  *merge.mutable_merge()->mutable_source() = Ref("B2");
  *merge.mutable_merge()->mutable_target() = Ref("B1");
  DryRunThenApply(merge);
  auto b2 = officers::OrgOfficers(registry_->reader(), OrgOf("B2").id(), true);
  ASSERT_TRUE(b2.ok());
  ASSERT_EQ(b2->size(), 2u);
  for (const v1::Officer& o : *b2) {
    EXPECT_EQ(o.end_date(), "2026-11-25") << o.member_no();
    EXPECT_EQ(o.end_reason(), "org dissolved") << o.member_no();
  }
}

TEST_F(RestructureTest, MoveReportsTheAncestorsCounters) {
  v1::RestructureRequest req;
  *req.mutable_move()->mutable_org() = Ref("GB1");
  *req.mutable_move()->mutable_new_parent() = Ref("C2");
  const v1::RestructurePlan plan = DryRunThenApply(req);
  const v1::CounterChange* c2 = ChangeOf(plan, "C2");
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(c2->members_before(), 0);
  EXPECT_EQ(c2->members_after(), 7);
  EXPECT_EQ(c2->orgs_after(), 5);  // C2, GB1, B1, G1, B2
  const v1::CounterChange* c1 = ChangeOf(plan, "C1");
  ASSERT_NE(c1, nullptr);
  EXPECT_EQ(c1->members_before(), c1->members_after());
  v1::RestructureRequest cycle;
  *cycle.mutable_move()->mutable_org() = Ref("C2");
  *cycle.mutable_move()->mutable_new_parent() = Ref("B1");
  ExpectRefused(cycle, absl::StatusCode::kFailedPrecondition, "");
}

}  // namespace
}  // namespace orgtree::restructure
