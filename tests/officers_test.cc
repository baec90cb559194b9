// Officeholders, party workers and elections in-process over a real RocksDB in a temp directory:
// appointing and ending positions and every refusal, the one-secretary rule, idempotent retries,
// the party-worker flag, elections replacing the previous term's positions in one write, term
// defaults (per org type and configured), the overdue report around the term's last day, the
// retiree handover listing members who still hold a post, and posts ending when their holder
// transfers away.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/common/clock.h"
#include "services/officers/office_book.h"
#include "services/officers/officer_queries.h"
#include "services/transfers/transfer_desk.h"
#include "tests/registry_env.h"
#include "tests/temp_dir.h"
#include "tests/test_data.h"

namespace orgtree::officers {
namespace {

using registry::CallMeta;
using registry::Registry;
using ::testing::HasSubstr;

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

TEST(OfficerRulesTest, TermsDefaultByOrgTypeAndEndOnTheSameDayYearsLater) {
  TermYears terms;
  EXPECT_EQ(DefaultTermYears(v1::COMMITTEE, terms), 5);
  EXPECT_EQ(DefaultTermYears(v1::GENERAL_BRANCH, terms), 3);
  EXPECT_EQ(DefaultTermYears(v1::BRANCH, terms), 3);
  EXPECT_EQ(DefaultTermYears(v1::GROUP, terms), 0);
  EXPECT_EQ(TermEnd(Date(2021, 3, 15), 5), Date(2026, 3, 15));
  EXPECT_EQ(TermEnd(Date(2024, 2, 29), 3), Date(2027, 2, 28));
}

TEST(OfficerRulesTest, ATermIsOverdueFromTheDayAfterItsLastDay) {
  const Date end(2026, 11, 25);
  EXPECT_FALSE(StandingOn(end, Date(2026, 11, 24), 0));
  EXPECT_FALSE(StandingOn(end, Date(2026, 11, 25), 0));  // the last day is still in the term
  auto after = StandingOn(end, Date(2026, 11, 26), 0);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->due, v1::ELECTION_OVERDUE);
  EXPECT_EQ(after->days_overdue, 1);
  auto today = StandingOn(end, Date(2026, 11, 25), 1);
  ASSERT_TRUE(today);
  EXPECT_EQ(today->due, v1::ELECTION_DUE_SOON);
  EXPECT_EQ(today->days_overdue, 0);
  auto soon = StandingOn(end, Date(2026, 11, 15), 10);
  ASSERT_TRUE(soon);
  EXPECT_EQ(soon->days_overdue, -10);
  EXPECT_FALSE(StandingOn(end, Date(2026, 11, 14), 10));
}

// Today is 2026-11-25 unless a test moves the clock. Tree:
//   C1 (committee) ── GB1 (general branch) ── B1 (branch: M1, M2, M3 retired)
//                 ├── B2 (branch: M4 in group G2) ── G2 (group)
//                 └── C2 (committee) ── B3 (branch: M5)
class OfficersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Open(Date(2026, 11, 25), TermYears());
    Org("C1", v1::COMMITTEE, "");
    Org("GB1", v1::GENERAL_BRANCH, "C1");
    Org("B1", v1::BRANCH, "GB1");
    Org("B2", v1::BRANCH, "C1");
    Org("G2", v1::GROUP, "B2");
    Org("C2", v1::COMMITTEE, "C1");
    Org("B3", v1::BRANCH, "C2");
    Member("M1", "B1", "", v1::EMPLOYED);
    Member("M2", "B1", "", v1::EMPLOYED);
    Member("M3", "B1", "", v1::RETIRED);
    Member("M4", "B2", "G2", v1::EMPLOYED);
    Member("M5", "B3", "", v1::EMPLOYED);
  }

  void TearDown() override { Close(); }

  void Close() {
    book_.reset();
    registry_.reset();
  }

  // (Re)opens the same data directory with the clock on `today`.
  void Open(Date today, TermYears terms) {
    Close();
    clock_ = std::make_unique<Clock>(today);
    auto registry = orgtree::testing::OpenTestRegistry(dir_.path(), clock_.get());
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    book_ = std::make_unique<OfficeBook>(registry_.get(), OfficerOptions{terms});
  }

  CallMeta Call() { return CallMeta{"tester", "r" + std::to_string(++requests_)}; }

  void Org(const std::string& code, v1::OrgType type, const std::string& parent) {
    ASSERT_TRUE(
        orgtree::testing::CreateTestOrg(*registry_, Call(), code, type, parent, "2015-01-01").ok())
        << code;
  }

  void Member(const std::string& no, const std::string& branch, const std::string& group,
              v1::Employment e) {
    v1::RegisterMemberRequest req;
    v1::Member* m = req.mutable_member();
    m->set_member_no(no);
    m->set_name("member " + no);
    m->set_national_id(orgtree::testing::TestNationalId("19600315", ++people_));
    m->set_org_code(branch);
    m->set_group_code(group);
    m->set_category(v1::FULL);
    m->set_employment(e);
    m->set_joined_on("1990-06-01");
    m->set_confirmed_on("1991-06-01");
    auto registered = registry_->RegisterMember(Call(), req);
    ASSERT_TRUE(registered.ok()) << registered.status();
  }

  static v1::AppointOfficerRequest AppointReq(const std::string& org, const std::string& no,
                                              v1::Position position, const std::string& date) {
    v1::AppointOfficerRequest req;
    req.mutable_org()->set_code(org);
    req.mutable_member()->set_member_no(no);
    req.set_position(position);
    req.set_effective_date(date);
    return req;
  }

  absl::StatusOr<v1::Officer> Appoint(const std::string& org, const std::string& no,
                                      v1::Position position, const std::string& date = "") {
    return book_->Appoint(Call(), AppointReq(org, no, position, date));
  }

  absl::StatusOr<v1::Officer> End(const std::string& org, const std::string& no,
                                  v1::Position position, const std::string& date = "") {
    v1::EndOfficerRequest req;
    req.mutable_org()->set_code(org);
    req.mutable_member()->set_member_no(no);
    req.set_position(position);
    req.set_effective_date(date);
    return book_->End(Call(), req);
  }

  // "position member start..end" per officer, in the listing's order.
  std::vector<std::string> Officers(const std::string& org, bool include_ended = false) {
    v1::ListOfficersRequest req;
    req.mutable_org()->set_code(org);
    req.set_include_ended(include_ended);
    auto list = book_->List(req);
    EXPECT_TRUE(list.ok()) << list.status();
    std::vector<std::string> out;
    const v1::ListOfficersResponse response = list.value_or(v1::ListOfficersResponse());
    for (const v1::Officer& o : response.officers()) {
      out.push_back(std::to_string(o.position()) + " " + o.member_no() + " " + o.start_date() +
                    ".." + o.end_date());
    }
    return out;
  }

  static v1::RecordElectionRequest ElectionReq(const std::string& org, const std::string& date) {
    v1::RecordElectionRequest req;
    req.mutable_org()->set_code(org);
    req.set_election_date(date);
    return req;
  }

  static void Elect(v1::RecordElectionRequest& req, const std::string& no, v1::Position position,
                    const std::string& role = "") {
    v1::ElectedOfficer* e = req.add_elected();
    e->mutable_member()->set_member_no(no);
    e->set_position(position);
    e->set_role(role);
  }

  // Records an election with one secretary.
  absl::StatusOr<v1::Election> ElectSecretary(const std::string& org, const std::string& no,
                                              const std::string& date, int term_years = 0) {
    v1::RecordElectionRequest req = ElectionReq(org, date);
    req.set_term_years(term_years);
    Elect(req, no, v1::POSITION_SECRETARY);
    return book_->RecordElection(Call(), req);
  }

  // org code → "due days_overdue" of the overdue report.
  std::map<std::string, std::string> Overdue(const std::string& org, int within_days) {
    v1::ListOverdueElectionsRequest req;
    if (!org.empty()) req.mutable_org()->set_code(org);
    req.set_within_days(within_days);
    auto list = book_->ListOverdue(req);
    EXPECT_TRUE(list.ok()) << list.status();
    std::map<std::string, std::string> out;
    const v1::ListOverdueElectionsResponse response =
        list.value_or(v1::ListOverdueElectionsResponse());
    for (const auto& item : response.items()) {
      out[item.org_code()] = std::to_string(item.due()) + " " + std::to_string(item.days_overdue());
    }
    return out;
  }

  uint64_t OrgId(const std::string& code) {
    v1::OrgRef ref;
    ref.set_code(code);
    return registry_->FindOrgId(ref, "org").value_or(0);
  }

  uint64_t MemberId(const std::string& no) {
    v1::MemberRef ref;
    ref.set_member_no(no);
    return registry_->GetMember(ref).value_or(v1::Member()).id();
  }

  orgtree::testing::TempDir dir_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<OfficeBook> book_;
  int requests_ = 0;
  int people_ = 0;
};

constexpr auto kSecretary = v1::POSITION_SECRETARY;
constexpr auto kDeputy = v1::POSITION_DEPUTY_SECRETARY;
constexpr auto kCommittee = v1::POSITION_COMMITTEE_MEMBER;

std::string Row(v1::Position p, const std::string& no, const std::string& from,
                const std::string& to = "") {
  return std::to_string(p) + " " + no + " " + from + ".." + to;
}

TEST_F(OfficersTest, AppointsAndEndsPositionsWithTheirDocument) {
  v1::AppointOfficerRequest req = AppointReq("B1", "M1", kSecretary, "2024-03-01");
  req.set_document("中共C1委〔2024〕12号");
  auto secretary = book_->Appoint(Call(), req);
  ASSERT_TRUE(secretary.ok()) << secretary.status();
  EXPECT_EQ(secretary->document(), "中共C1委〔2024〕12号");
  EXPECT_EQ(secretary->member_name(), "member M1");
  v1::AppointOfficerRequest member = AppointReq("B1", "M2", kCommittee, "2024-03-01");
  member.set_role("propaganda");
  ASSERT_TRUE(book_->Appoint(Call(), member).ok());
  // A member may hold several positions, in several orgs.
  ASSERT_TRUE(Appoint("GB1", "M1", kDeputy, "2024-04-01").ok());
  EXPECT_EQ(Officers("B1"), (std::vector<std::string>{Row(kSecretary, "M1", "2024-03-01"),
                                                      Row(kCommittee, "M2", "2024-03-01")}));
  auto held = CurrentPositionsOf(registry_->reader(), MemberId("M1"));
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->size(), 2u);
  auto current = CurrentSecretary(registry_->reader(), OrgId("B1"));
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->member_no(), "M1");

  auto ended = End("B1", "M2", kCommittee, "2025-01-31");
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->end_date(), "2025-01-31");
  EXPECT_EQ(Officers("B1"), std::vector<std::string>{Row(kSecretary, "M1", "2024-03-01")});
  EXPECT_EQ(Officers("B1", true),
            (std::vector<std::string>{Row(kSecretary, "M1", "2024-03-01"),
                                      Row(kCommittee, "M2", "2024-03-01", "2025-01-31")}));
  EXPECT_TRUE(CurrentPositionsOf(registry_->reader(), MemberId("M2"))->empty());
  // Ending it again: there is no current position to end.
  EXPECT_EQ(End("B1", "M2", kCommittee).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(End("B1", "M1", kSecretary, "2024-02-01").status().code(),
            absl::StatusCode::kInvalidArgument);  // before its start

  // Every change is an event about the org.
  v1::ListEventsRequest events;
  events.set_entity_type(v1::ENTITY_ORG);
  events.set_entity_key("B1");
  auto log = registry_->ListEvents(events);
  ASSERT_TRUE(log.ok()) << log.status();
  std::vector<std::string> types;
  for (const v1::Event& e : log->events()) types.push_back(e.type());
  EXPECT_THAT(types, ::testing::ElementsAre("OrgCreated", "OfficerAppointed", "OfficerAppointed",
                                            "OfficerEnded"));
  EXPECT_EQ(log->events(3).officers().ended(0).end_date(), "2025-01-31");
}

TEST_F(OfficersTest, OfficeholdersComeFromTheOrgsCurrentMembers) {
  auto outsider = Appoint("B1", "M5", kSecretary);
  EXPECT_EQ(outsider.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(outsider.status()), HasSubstr("officeholder rule"));
  EXPECT_THAT(Msg(outsider.status()), HasSubstr("M5"));
  // Committees and general branches take officeholders from their whole subtree.
  EXPECT_TRUE(Appoint("C1", "M5", kSecretary).ok());
  EXPECT_TRUE(Appoint("GB1", "M3", kSecretary).ok());
  EXPECT_EQ(Appoint("GB1", "M4", kCommittee).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // A group's leader is a member of that group; groups have no other positions.
  EXPECT_TRUE(Appoint("G2", "M4", v1::POSITION_GROUP_LEADER).ok());
  EXPECT_EQ(Appoint("G2", "M4", kSecretary).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Appoint("B2", "M4", v1::POSITION_GROUP_LEADER).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(OfficersTest, RefusesBadRequestsNamingTheField) {
  auto no_position = Appoint("B1", "M1", v1::POSITION_UNSPECIFIED);
  EXPECT_EQ(no_position.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(no_position.status()), HasSubstr("position"));
  auto bad_position = Appoint("B1", "M1", static_cast<v1::Position>(99));
  EXPECT_EQ(bad_position.status().code(), absl::StatusCode::kInvalidArgument);
  auto future = Appoint("B1", "M1", kSecretary, "2026-11-26");
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(future.status()), HasSubstr("effective_date"));
  EXPECT_EQ(Appoint("B1", "M1", kSecretary, "2026-13-01").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto no_org = Appoint("NOPE", "M1", kSecretary);
  EXPECT_EQ(no_org.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(no_org.status()), HasSubstr("org"));
  auto no_member = Appoint("B1", "M99", kSecretary);
  EXPECT_EQ(no_member.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(no_member.status()), HasSubstr("member"));
  ASSERT_TRUE(Appoint("B1", "M1", kCommittee).ok());
  EXPECT_EQ(Appoint("B1", "M1", kCommittee).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(Officers("B1").size() == 1);
}

// Bad references and values on the other officer calls: each refused with its status, naming the
// field, and nothing recorded.
TEST_F(OfficersTest, RefusesBadEndsReadsAndElections) {
  ASSERT_TRUE(Appoint("B1", "M1", kSecretary, "2024-01-01").ok());
  auto no_position = End("B1", "M1", v1::POSITION_UNSPECIFIED);
  EXPECT_EQ(no_position.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(no_position.status()), HasSubstr("position"));
  EXPECT_EQ(End("NOPE", "M1", kSecretary).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(End("B1", "M99", kSecretary).status().code(), absl::StatusCode::kNotFound);
  auto future = End("B1", "M1", kSecretary, "2026-11-26");
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(future.status()), HasSubstr("effective_date"));
  EXPECT_EQ(Officers("B1").size(), 1u);  // still current

  v1::ListOfficersRequest list;
  list.mutable_org()->set_code("NOPE");
  EXPECT_EQ(book_->List(list).status().code(), absl::StatusCode::kNotFound);
  v1::ListElectionsRequest elections;
  elections.mutable_org()->set_code("NOPE");
  EXPECT_EQ(book_->ListElections(elections).status().code(), absl::StatusCode::kNotFound);
  v1::ListOverdueElectionsRequest overdue;
  overdue.mutable_org()->set_code("NOPE");
  EXPECT_EQ(book_->ListOverdue(overdue).status().code(), absl::StatusCode::kNotFound);

  EXPECT_EQ(ElectSecretary("NOPE", "M1", "2025-01-01").status().code(),
            absl::StatusCode::kNotFound);
  auto unknown = ElectSecretary("B1", "M99", "2025-01-01");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(unknown.status()), HasSubstr("elected[0]"));
  auto later = ElectSecretary("B1", "M2", "2026-11-26");
  EXPECT_EQ(later.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(later.status()), HasSubstr("election_date"));
  auto negative = ElectSecretary("B1", "M2", "2025-01-01", -1);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(negative.status()), HasSubstr("term_years"));
  auto listed = book_->ListElections([] {
    v1::ListElectionsRequest r;
    r.mutable_org()->set_code("B1");
    return r;
  }());
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->elections_size(), 0);
  EXPECT_EQ(Officers("B1").size(), 1u);
}

TEST_F(OfficersTest, OneCurrentSecretaryPerOrgUnlessTheFirstIsReplaced) {
  ASSERT_TRUE(Appoint("B1", "M1", kSecretary, "2023-01-01").ok());
  auto second = Appoint("B1", "M2", kSecretary, "2024-01-01");
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(second.status()), HasSubstr("one secretary per org"));
  // A deputy is not a second secretary.
  ASSERT_TRUE(Appoint("B1", "M2", kDeputy, "2023-01-01").ok());

  v1::AppointOfficerRequest replace = AppointReq("B1", "M3", kSecretary, "2024-01-01");
  replace.set_replace_current(true);
  auto replaced = book_->Appoint(Call(), replace);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(Officers("B1", true), (std::vector<std::string>{
                                      Row(kSecretary, "M1", "2023-01-01", "2024-01-01"),
                                      Row(kSecretary, "M3", "2024-01-01"),
                                      Row(kDeputy, "M2", "2023-01-01"),
                                  }));
  // After ending the position, a new secretary needs no flag.
  ASSERT_TRUE(End("B1", "M3", kSecretary, "2025-01-01").ok());
  EXPECT_TRUE(Appoint("B1", "M2", kSecretary, "2025-01-02").ok());
}

TEST_F(OfficersTest, RetriedRequestIdsAnswerTheFirstResponse) {
  const CallMeta call{"tester", "appoint-once"};
  auto first = book_->Appoint(call, AppointReq("B1", "M1", kSecretary, "2024-01-01"));
  ASSERT_TRUE(first.ok()) << first.status();
  auto retry = book_->Appoint(call, AppointReq("B1", "M1", kSecretary, "2024-01-01"));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(Officers("B1").size(), 1u);
  auto other = book_->Appoint(call, AppointReq("B1", "M2", kDeputy, "2024-01-01"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  // validate_only checks and writes nothing.
  v1::AppointOfficerRequest dry = AppointReq("B1", "M2", kDeputy, "2024-01-01");
  dry.set_validate_only(true);
  EXPECT_TRUE(book_->Appoint(Call(), dry).ok());
  EXPECT_EQ(Officers("B1").size(), 1u);
}

TEST_F(OfficersTest, PartyWorkerFlagHasAnEffectiveDate) {
  v1::SetPartyWorkerRequest req;
  req.mutable_member()->set_member_no("M1");
  req.set_kind(v1::PARTY_WORKER_FULL_TIME);
  req.set_effective_date("2025-07-01");
  auto set = book_->SetPartyWorker(Call(), req);
  ASSERT_TRUE(set.ok()) << set.status();
  auto stored = PartyWorkerOf(registry_->reader(), MemberId("M1"));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->kind(), v1::PARTY_WORKER_FULL_TIME);
  EXPECT_EQ((*stored)->effective_date(), "2025-07-01");

  req.set_kind(v1::PARTY_WORKER_PART_TIME);
  req.clear_effective_date();
  ASSERT_TRUE(book_->SetPartyWorker(Call(), req).ok());
  stored = PartyWorkerOf(registry_->reader(), MemberId("M1"));
  EXPECT_EQ((*stored)->kind(), v1::PARTY_WORKER_PART_TIME);
  EXPECT_EQ((*stored)->effective_date(), "2026-11-25");  // default: today
  EXPECT_FALSE(PartyWorkerOf(registry_->reader(), MemberId("M2"))->has_value());

  req.set_kind(v1::PARTY_WORKER_KIND_UNSPECIFIED);
  auto no_kind = book_->SetPartyWorker(Call(), req);
  EXPECT_EQ(no_kind.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(no_kind.status()), HasSubstr("kind"));
  req.set_kind(v1::PARTY_WORKER_NONE);
  req.mutable_member()->set_member_no("M99");
  EXPECT_EQ(book_->SetPartyWorker(Call(), req).status().code(), absl::StatusCode::kNotFound);
}

// A flag dated after today, or on a member who is no longer current, is refused naming why; an
// election in a dissolved org likewise. None of them writes anything.
TEST_F(OfficersTest, RefusesFutureFlagsFormerMembersAndDissolvedOrgsWritingNothing) {
  auto events_now = [&] {
    v1::ListEventsRequest req;
    req.set_page_size(1000);
    auto log = registry_->ListEvents(req);
    EXPECT_TRUE(log.ok());
    return log.ok() ? log->events_size() : -1;
  };
  v1::SetPartyWorkerRequest flag;
  flag.mutable_member()->set_member_no("M1");
  flag.set_kind(v1::PARTY_WORKER_FULL_TIME);
  flag.set_effective_date("2026-11-26");
  const int before = events_now();
  auto future = book_->SetPartyWorker(Call(), flag);
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(future.status()), HasSubstr("effective_date"));

  v1::ChangeMemberStatusRequest died;
  died.mutable_member()->set_member_no("M2");
  died.set_reason(v1::DIED);
  died.set_effective_date("2026-11-01");
  ASSERT_TRUE(registry_->ChangeMemberStatus(Call(), died).ok());
  const int after_death = events_now();
  EXPECT_EQ(after_death, before + 1);
  flag.mutable_member()->set_member_no("M2");
  flag.clear_effective_date();
  auto former = book_->SetPartyWorker(Call(), flag);
  EXPECT_EQ(former.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(former.status()), HasSubstr("deceased"));
  EXPECT_FALSE(PartyWorkerOf(registry_->reader(), MemberId("M2"))->has_value());
  EXPECT_EQ(events_now(), after_death);

  Org("B4", v1::BRANCH, "C2");
  v1::DissolveOrgRequest dissolve;
  dissolve.mutable_org()->set_code("B4");
  dissolve.set_effective_date("2026-11-20");
  dissolve.set_reason("merged away");
  ASSERT_TRUE(registry_->DissolveOrg(Call(), dissolve).ok());
  const int after_dissolve = events_now();
  auto in_dissolved = ElectSecretary("B4", "M5", "2026-11-21");
  EXPECT_EQ(in_dissolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(in_dissolved.status()), HasSubstr("dissolved"));
  EXPECT_EQ(events_now(), after_dissolve);
}

// The reads of the flag: a member never flagged reads as none; a subtree lists its flagged current
// members only; bad references are refused naming the field.
TEST_F(OfficersTest, PartyWorkerReadsAndTheirBadRequests) {
  v1::SetPartyWorkerRequest set;
  set.mutable_member()->set_member_no("M1");
  set.set_kind(v1::PARTY_WORKER_FULL_TIME);
  ASSERT_TRUE(book_->SetPartyWorker(Call(), set).ok());
  set.mutable_member()->set_member_no("M5");
  set.set_kind(v1::PARTY_WORKER_PART_TIME);
  ASSERT_TRUE(book_->SetPartyWorker(Call(), set).ok());

  v1::GetPartyWorkerRequest get;
  get.mutable_member()->set_member_no("M2");
  auto never = book_->GetPartyWorker(get);
  ASSERT_TRUE(never.ok()) << never.status();
  EXPECT_EQ(never->kind(), v1::PARTY_WORKER_NONE);
  EXPECT_EQ(never->effective_date(), "");
  EXPECT_EQ(never->org_code(), "B1");

  v1::ListPartyWorkersRequest list;
  list.mutable_org()->set_code("C2");
  auto c2 = book_->ListPartyWorkers(list);
  ASSERT_TRUE(c2.ok()) << c2.status();
  ASSERT_EQ(c2->workers_size(), 1);
  EXPECT_EQ(c2->workers(0).member_no(), "M5");
  auto everywhere = book_->ListPartyWorkers(v1::ListPartyWorkersRequest());
  ASSERT_TRUE(everywhere.ok());
  EXPECT_EQ(everywhere->workers_size(), 2);

  get.mutable_member()->set_member_no("M99");
  auto unknown = book_->GetPartyWorker(get);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(unknown.status()), HasSubstr("member"));
  auto no_ref = book_->GetPartyWorker(v1::GetPartyWorkerRequest());
  EXPECT_EQ(no_ref.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(no_ref.status()), HasSubstr("member"));
  list.mutable_org()->set_code("NOPE");
  auto no_org = book_->ListPartyWorkers(list);
  EXPECT_EQ(no_org.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(no_org.status()), HasSubstr("org"));
}

TEST_F(OfficersTest, AnElectionReplacesThePreviousTermsPositionsInOneWrite) {
  ASSERT_TRUE(Appoint("B1", "M1", kSecretary, "2021-06-01").ok());
  ASSERT_TRUE(Appoint("B1", "M2", kDeputy, "2021-06-01").ok());
  v1::RecordElectionRequest req = ElectionReq("B1", "2024-06-01");
  req.set_document("中共GB1总支〔2024〕3号");
  Elect(req, "M2", kSecretary);
  Elect(req, "M3", kCommittee, "organisation");
  Elect(req, "M1", kCommittee, "propaganda");

  // A refused election changes nothing: M5 is not a member of B1.
  v1::RecordElectionRequest bad = req;
  Elect(bad, "M5", kCommittee, "discipline");
  auto refused = book_->RecordElection(Call(), bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(refused.status()), HasSubstr("M5"));
  EXPECT_EQ(Officers("B1").size(), 2u);
  EXPECT_FALSE(LastElection(registry_->reader(), OrgId("B1"))->has_value());

  auto election = book_->RecordElection(Call(), req);
  ASSERT_TRUE(election.ok()) << election.status();
  EXPECT_EQ(election->term_years(), 3);
  EXPECT_EQ(election->term_ends_on(), "2027-06-01");
  EXPECT_EQ(Officers("B1"), (std::vector<std::string>{Row(kSecretary, "M2", "2024-06-01"),
                                                      Row(kCommittee, "M1", "2024-06-01"),
                                                      Row(kCommittee, "M3", "2024-06-01")}));
  EXPECT_EQ(Officers("B1", true).size(), 5u);
  for (const std::string& row : Officers("B1", true)) {
    if (row.find("2021-06-01") != std::string::npos) {
      EXPECT_THAT(row, HasSubstr("..2024-06-01"));
    }
  }
  EXPECT_EQ(CurrentPositionsOf(registry_->reader(), MemberId("M1"))->size(), 1u);

  // One event carries the whole change.
  v1::ListEventsRequest events;
  events.set_entity_type(v1::ENTITY_ORG);
  events.set_entity_key("B1");
  auto log = registry_->ListEvents(events);
  ASSERT_TRUE(log.ok());
  const v1::Event& last = log->events(log->events_size() - 1);
  EXPECT_EQ(last.type(), "ElectionRecorded");
  EXPECT_EQ(last.officers().ended_size(), 2);
  EXPECT_EQ(last.officers().appointed_size(), 3);
  EXPECT_EQ(last.election().term_ends_on(), "2027-06-01");

  v1::ListElectionsRequest list;
  list.mutable_org()->set_code("B1");
  ASSERT_TRUE(ElectSecretary("B1", "M1", "2025-06-01").ok());
  auto elections = book_->ListElections(list);
  ASSERT_TRUE(elections.ok());
  ASSERT_EQ(elections->elections_size(), 2);
  EXPECT_EQ(elections->elections(0).election_date(), "2025-06-01");  // newest first
}

TEST_F(OfficersTest, RefusesElectionsThatBreakTheRules) {
  ASSERT_TRUE(ElectSecretary("B1", "M1", "2024-06-01").ok());
  auto earlier = ElectSecretary("B1", "M2", "2024-06-01");
  EXPECT_EQ(earlier.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(earlier.status()), HasSubstr("date order"));
  EXPECT_EQ(ElectSecretary("G2", "M4", "2024-06-01").status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto nobody = book_->RecordElection(Call(), ElectionReq("B3", "2024-06-01"));
  EXPECT_EQ(nobody.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(nobody.status()), HasSubstr("elected"));
  v1::RecordElectionRequest two = ElectionReq("B1", "2025-06-01");
  Elect(two, "M1", kSecretary);
  Elect(two, "M2", kSecretary);
  EXPECT_EQ(book_->RecordElection(Call(), two).status().code(),
            absl::StatusCode::kFailedPrecondition);
  v1::RecordElectionRequest bad_position = ElectionReq("B1", "2025-06-01");
  Elect(bad_position, "M1", v1::POSITION_UNSPECIFIED);
  auto unspecified = book_->RecordElection(Call(), bad_position);
  EXPECT_EQ(unspecified.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(unspecified.status()), HasSubstr("elected[0].position"));
  auto too_long = ElectSecretary("B3", "M5", "2025-06-01", 11);
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(too_long.status()), HasSubstr("term_years"));
}

TEST_F(OfficersTest, TermsDefaultPerOrgTypeAndAreConfigurable) {
  auto committee = ElectSecretary("C1", "M1", "2022-03-01");
  ASSERT_TRUE(committee.ok()) << committee.status();
  EXPECT_EQ(committee->term_years(), 5);
  EXPECT_EQ(committee->term_ends_on(), "2027-03-01");
  auto general = ElectSecretary("GB1", "M1", "2022-03-01");
  ASSERT_TRUE(general.ok());
  EXPECT_EQ(general->term_years(), 3);
  auto own = ElectSecretary("B3", "M5", "2024-02-29", 2);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->term_ends_on(), "2026-02-28");

  Open(Date(2026, 11, 25), TermYears{4, 2});
  auto configured = ElectSecretary("C2", "M5", "2025-01-10");
  ASSERT_TRUE(configured.ok());
  EXPECT_EQ(configured->term_years(), 4);
  auto branch = ElectSecretary("B1", "M2", "2025-01-10");
  ASSERT_TRUE(branch.ok());
  EXPECT_EQ(branch->term_ends_on(), "2027-01-10");
}

TEST_F(OfficersTest, OverdueElectionsAroundTheTermsLastDay) {
  // Branch terms of 3 years: B1's ended yesterday, B2's ends today, B3's ends tomorrow.
  ASSERT_TRUE(ElectSecretary("B1", "M1", "2023-11-24").ok());
  ASSERT_TRUE(ElectSecretary("B2", "M4", "2023-11-25").ok());
  ASSERT_TRUE(ElectSecretary("B3", "M5", "2023-11-26").ok());
  ASSERT_TRUE(ElectSecretary("C1", "M1", "2025-01-01").ok());
  const std::string overdue = std::to_string(v1::ELECTION_OVERDUE);
  const std::string soon = std::to_string(v1::ELECTION_DUE_SOON);
  const std::string none = std::to_string(v1::ELECTION_NOT_RECORDED);
  // GB1 and C2 have no election recorded; the group G2 holds none and is never listed.
  EXPECT_EQ(Overdue("", 0),
            (std::map<std::string, std::string>{
                {"B1", overdue + " 1"}, {"GB1", none + " 0"}, {"C2", none + " 0"}}));
  EXPECT_EQ(Overdue("", 1), (std::map<std::string, std::string>{{"B1", overdue + " 1"},
                                                                {"B2", soon + " 0"},
                                                                {"B3", soon + " -1"},
                                                                {"GB1", none + " 0"},
                                                                {"C2", none + " 0"}}));
  EXPECT_EQ(Overdue("C2", 1),
            (std::map<std::string, std::string>{{"B3", soon + " -1"}, {"C2", none + " 0"}}));

  // The next day B2's term has ended too; two days on, B3's.
  Open(Date(2026, 11, 26), TermYears());
  EXPECT_EQ(Overdue("B2", 0), (std::map<std::string, std::string>{{"B2", overdue + " 1"}}));
  EXPECT_TRUE(Overdue("B3", 0).empty());
  Open(Date(2026, 11, 27), TermYears());
  EXPECT_EQ(Overdue("B3", 0), (std::map<std::string, std::string>{{"B3", overdue + " 1"}}));
  EXPECT_EQ(Overdue("B1", 0), (std::map<std::string, std::string>{{"B1", overdue + " 3"}}));

  v1::ListOverdueElectionsRequest negative;
  negative.set_within_days(-1);
  EXPECT_EQ(book_->ListOverdue(negative).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(OfficersTest, HandoverListsRetireesWhoStillHoldAPost) {
  ASSERT_TRUE(Appoint("B1", "M3", kCommittee, "2024-01-01").ok());
  transfers::TransferDesk desk(registry_.get(), nullptr, transfers::TransferOptions());
  v1::StartHandoverRequest req;
  req.set_batch_id("h1");
  req.mutable_org()->set_code("B1");
  req.set_default_community_org_name("东街社区党委");
  req.set_validate_only(true);
  auto plan = desk.StartHandover(Call(), req);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->exceptions_size(), 1);
  EXPECT_EQ(plan->exceptions(0).member_no(), "M3");
  EXPECT_EQ(plan->exceptions(0).exception(), v1::HANDOVER_HOLDS_POSITION);
  EXPECT_THAT(plan->exceptions(0).exception_detail(), HasSubstr("committee_member of B1"));
  EXPECT_EQ(plan->to_hand_over(), 0);

  ASSERT_TRUE(End("B1", "M3", kCommittee).ok());
  plan = desk.StartHandover(Call(), req);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->exceptions_size(), 0);
  EXPECT_EQ(plan->to_hand_over(), 1);
}

// Posts follow their holders through transfers: an internal transfer out of the org's subtree ends
// the post there (a post higher up that still contains the new branch stays), and the receipt of
// an outbound letter ends every post; both in the same write as the transfer step.
TEST_F(OfficersTest, PostsEndWhenTheirHolderTransfersAway) {
  ASSERT_TRUE(Appoint("B1", "M1", kSecretary, "2024-01-01").ok());
  ASSERT_TRUE(Appoint("C1", "M1", kCommittee, "2024-01-01").ok());
  ASSERT_TRUE(Appoint("B3", "M5", kSecretary, "2024-01-01").ok());
  ASSERT_TRUE(Appoint("C2", "M5", kSecretary, "2024-01-01").ok());
  transfers::TransferDesk desk(registry_.get(), nullptr, transfers::TransferOptions());

  v1::InitiateTransferRequest internal;
  internal.mutable_member()->set_member_no("M1");
  internal.set_kind(v1::TRANSFER_INTERNAL);
  internal.mutable_to_org()->set_code("B2");
  internal.set_reason("new post");
  auto moving = desk.Initiate(Call(), internal);
  ASSERT_TRUE(moving.ok()) << moving.status();
  v1::TransferStepRequest approve;
  approve.set_serial(moving->serial());
  ASSERT_TRUE(desk.Approve(Call(), approve).ok());
  // Still in B1 while in transit: the post stays until the member arrives.
  auto held = CurrentPositionsOf(registry_->reader(), MemberId("M1"));
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->size(), 2u);
  v1::AcceptTransferRequest accept;
  accept.set_serial(moving->serial());
  ASSERT_TRUE(desk.Accept(Call(), accept).ok());
  held = CurrentPositionsOf(registry_->reader(), MemberId("M1"));
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].org_code(), "C1");
  auto b1 = OrgOfficers(registry_->reader(), OrgId("B1"), true);
  ASSERT_TRUE(b1.ok());
  ASSERT_EQ(b1->size(), 1u);
  EXPECT_EQ((*b1)[0].end_date(), "2026-11-25");
  EXPECT_EQ((*b1)[0].end_reason(), "holder moved to B2");

  v1::InitiateTransferRequest out;
  out.mutable_member()->set_member_no("M5");
  out.set_kind(v1::TRANSFER_OUTBOUND);
  out.set_to_org_name("东街社区党委");
  auto letter = desk.Initiate(Call(), out);
  ASSERT_TRUE(letter.ok()) << letter.status();
  v1::RecordReceiptRequest receipt;
  receipt.set_serial(letter->serial());
  ASSERT_TRUE(desk.RecordReceipt(Call(), receipt).ok());
  held = CurrentPositionsOf(registry_->reader(), MemberId("M5"));
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->empty());
  for (const char* org : {"B3", "C2"}) {
    auto ended = OrgOfficers(registry_->reader(), OrgId(org), true);
    ASSERT_TRUE(ended.ok());
    ASSERT_EQ(ended->size(), 1u) << org;
    EXPECT_EQ((*ended)[0].end_reason(), "holder transferred_out") << org;
  }
}

}  // namespace
}  // namespace orgtree::officers
