// End to end through generated gRPC stubs against the real orgtreed on a loopback port.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <string>

#include "absl/strings/str_join.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/rules/national_id.h"
#include "tests/member_cut.h"
#include "tests/server_process.h"
#include "tests/test_data.h"

namespace orgtree {
namespace {

using ::testing::HasSubstr;
using testing::ServerProcess;
using testing::TempDir;

constexpr char kToday[] = "2026-11-25";

std::string NationalId(const std::string& birth_yyyymmdd, int seq) {
  return testing::TestNationalId(birth_yyyymmdd, seq);
}

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start(const std::vector<std::string>& extra = {}) {
    server_ = std::make_unique<ServerProcess>(dir_.path() + "/data", kToday, extra);
    orgs_ = v1::OrgService::NewStub(server_->channel());
    members_ = v1::MemberService::NewStub(server_->channel());
    audit_ = v1::AuditService::NewStub(server_->channel());
  }
  void TearDown() override { ASSERT_EQ(StopServer(), 0) << server_->Log(); }
  int StopServer() {
    orgs_.reset();
    members_.reset();
    audit_.reset();
    return server_->Stop();
  }
  void Restart(const std::vector<std::string>& extra = {}) {
    ASSERT_EQ(StopServer(), 0) << server_->Log();
    server_.reset();
    Start(extra);
  }

  grpc::Status CreateOrg(const std::string& code, v1::OrgType type, const std::string& parent,
                         v1::Org* out = nullptr, const std::string& request_id = "") {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-orgtree-actor", "e2e");
    v1::CreateOrgRequest req;
    req.set_request_id(request_id);
    req.set_code(code);
    req.set_name("组织 " + code);
    req.set_type(type);
    req.set_established_on("2020-01-01");
    if (!parent.empty()) req.mutable_parent()->set_code(parent);
    v1::Org org;
    auto s = orgs_->CreateOrg(&ctx, req, &org);
    if (out) *out = org;
    return s;
  }

  grpc::Status Register(const std::string& no, const std::string& branch, int seq,
                        v1::Member* out = nullptr, const std::string& request_id = "") {
    grpc::ClientContext ctx;
    v1::RegisterMemberRequest req;
    req.set_request_id(request_id);
    v1::Member* m = req.mutable_member();
    m->set_member_no(no);
    m->set_name("党员" + no);
    m->set_national_id(NationalId("19800101", seq));
    m->set_org_code(branch);
    m->set_category(v1::FULL);
    m->set_joined_on("2005-07-01");
    m->set_confirmed_on("2006-07-01");
    m->set_employment(v1::EMPLOYED);
    v1::Member member;
    auto s = members_->RegisterMember(&ctx, req, &member);
    if (out) *out = member;
    return s;
  }

  // Field 1 announced as 100 bytes long with two following: no message parses from it.
  static constexpr std::string_view kTruncatedRequest{"\x0a\x64\x01\x02", 4};

  // A raw-bytes call of `method` with `request` fails with `code` and a message holding `text`.
  void ExpectRawCallFails(const std::string& method, std::string_view request,
                          grpc::StatusCode code, const std::string& text) {
    std::string bytes;
    grpc::Status s = RawCall(method, request, &bytes);
    EXPECT_EQ(s.error_code(), code) << method;
    EXPECT_THAT(s.error_message(), HasSubstr(text)) << method;
  }

  // A method that takes raw bytes refuses bytes that are no message, naming the request type.
  void ExpectRefusesBytesThatAreNotA(const std::string& method, const std::string& request_type) {
    ExpectRawCallFails(method, kTruncatedRequest, grpc::StatusCode::INVALID_ARGUMENT,
                       "request: not a " + request_type);
  }

  // Calls `method` with `request` as raw bytes, as a client without the generated stubs would, and
  // puts the answer's bytes in `*response`.
  grpc::Status RawCall(const std::string& method, std::string_view request, std::string* response) {
    grpc::GenericStub generic(server_->channel());
    grpc::Slice slice(request.data(), request.size());
    grpc::ByteBuffer request_bytes(&slice, 1);
    grpc::ByteBuffer response_bytes;
    grpc::ClientContext ctx;
    std::promise<grpc::Status> done;
    generic.UnaryCall(&ctx, method, grpc::StubOptions(), &request_bytes, &response_bytes,
                      [&](grpc::Status s) { done.set_value(std::move(s)); });
    grpc::Status status = done.get_future().get();
    response->clear();
    std::vector<grpc::Slice> slices;
    if (status.ok() && response_bytes.Dump(&slices).ok()) {
      for (const auto& s : slices)
        response->append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    return status;
  }

  v1::OrgStats Stats(const std::string& code) {
    grpc::ClientContext ctx;
    v1::GetOrgStatsRequest req;
    req.mutable_org()->set_code(code);
    v1::OrgStats stats;
    EXPECT_TRUE(orgs_->GetOrgStats(&ctx, req, &stats).ok());
    return stats;
  }

  // A committee C with two secondary committees, each with a branch.
  void BuildSmallTree() {
    ASSERT_TRUE(CreateOrg("C", v1::COMMITTEE, "").ok());
    ASSERT_TRUE(CreateOrg("C1", v1::COMMITTEE, "C").ok());
    ASSERT_TRUE(CreateOrg("C2", v1::COMMITTEE, "C").ok());
    ASSERT_TRUE(CreateOrg("C1-B", v1::BRANCH, "C1").ok());
    ASSERT_TRUE(CreateOrg("C2-B", v1::BRANCH, "C2").ok());
  }

  std::vector<v1::Event> Events() {
    grpc::ClientContext ctx;
    v1::ListEventsRequest req;
    req.set_page_size(1000);
    v1::ListEventsResponse resp;
    EXPECT_TRUE(audit_->ListEvents(&ctx, req, &resp).ok());
    return {resp.events().begin(), resp.events().end()};
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::OrgService::Stub> orgs_;
  std::unique_ptr<v1::MemberService::Stub> members_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(E2eTest, HealthServingAndReflectionListsServices) {
  auto health = grpc::health::v1::Health::NewStub(server_->channel());
  grpc::ClientContext ctx;
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  ASSERT_TRUE(health->Check(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(server_->channel());
  grpc::ClientContext rctx;
  auto stream = reflection->ServerReflectionInfo(&rctx);
  grpc::reflection::v1alpha::ServerReflectionRequest rreq;
  rreq.set_list_services("");
  ASSERT_TRUE(stream->Write(rreq));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse rresp;
  ASSERT_TRUE(stream->Read(&rresp));
  std::vector<std::string> names;
  for (const auto& s : rresp.list_services_response().service()) names.push_back(s.name());
  EXPECT_THAT(names,
              ::testing::IsSupersetOf({"orgtree.v1.OrgService", "orgtree.v1.MemberService",
                                       "orgtree.v1.AuditService", "orgtree.v1.ImportService"}));
  stream->Finish();
}

TEST_F(E2eTest, BadInputGetsClearStatusAndChangesNothing) {
  BuildSmallTree();
  const size_t events_before = Events().size();

  auto s = CreateOrg("", v1::BRANCH, "C");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("code"));

  s = CreateOrg("X", v1::BRANCH, "NOPE");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("NOPE"));

  s = CreateOrg("C1", v1::BRANCH, "C");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);

  s = CreateOrg("G", v1::GROUP, "C1");  // a group only under a branch
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("group"));

  v1::Member m;
  s = Register("M1", "C1", 1);  // members belong to a branch, not a committee
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  grpc::ClientContext ctx;
  v1::RegisterMemberRequest bad;
  bad.mutable_member()->set_member_no("M9");
  bad.mutable_member()->set_name("x");
  bad.mutable_member()->set_national_id("110101198001010011");  // wrong check character
  bad.mutable_member()->set_org_code("C1-B");
  s = members_->RegisterMember(&ctx, bad, &m);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("national_id"));

  EXPECT_EQ(Events().size(), events_before);
  EXPECT_EQ(Stats("C").current_members(), 0);
}

TEST_F(E2eTest, MoveSubtreeUpdatesOldAndNewAncestorsAndRefusesCycles) {
  BuildSmallTree();
  ASSERT_TRUE(Register("M1", "C1-B", 1).ok());
  ASSERT_TRUE(Register("M2", "C1-B", 2).ok());
  ASSERT_TRUE(Register("M3", "C2-B", 3).ok());
  EXPECT_EQ(Stats("C1").current_members(), 2);
  EXPECT_EQ(Stats("C2").current_members(), 1);

  // Dry run: reports the impact, changes nothing.
  v1::MoveOrgRequest req;
  req.mutable_org()->set_code("C1-B");
  req.mutable_new_parent()->set_code("C2");
  req.set_validate_only(true);
  v1::MoveOrgResponse plan;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(orgs_->MoveOrg(&ctx, req, &plan).ok());
  }
  EXPECT_FALSE(plan.applied());
  EXPECT_EQ(plan.members_moved(), 2);
  EXPECT_EQ(plan.orgs_moved(), 1);
  EXPECT_EQ(Stats("C1").current_members(), 2);

  req.set_validate_only(false);
  v1::MoveOrgResponse done;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(orgs_->MoveOrg(&ctx, req, &done).ok());
  }
  EXPECT_TRUE(done.applied());
  EXPECT_EQ(done.org().parent_code(), "C2");
  EXPECT_EQ(Stats("C1").current_members(), 0);
  EXPECT_EQ(Stats("C2").current_members(), 3);
  EXPECT_EQ(Stats("C").current_members(), 3);
  EXPECT_EQ(Stats("C1").orgs_by_type().branch(), 0);
  EXPECT_EQ(Stats("C2").orgs_by_type().branch(), 2);
  // The dry run's plan equals what the real run did.
  EXPECT_EQ(plan.counter_changes_size(), done.counter_changes_size());
  for (int i = 0; i < plan.counter_changes_size(); ++i) {
    EXPECT_EQ(plan.counter_changes(i).DebugString(), done.counter_changes(i).DebugString());
  }

  // Membership follows the move.
  grpc::ClientContext cctx;
  v1::CheckMembershipRequest check;
  check.mutable_member()->set_member_no("M1");
  check.mutable_org()->set_code("C2");
  v1::CheckMembershipResponse answer;
  ASSERT_TRUE(members_->CheckMembership(&cctx, check, &answer).ok());
  EXPECT_TRUE(answer.is_member());
  ASSERT_EQ(answer.member_org_path_size(), 3);
  EXPECT_EQ(answer.member_org_path(1).code(), "C2");

  // C under its own descendant C2 → cycle.
  v1::MoveOrgRequest cycle;
  cycle.mutable_org()->set_code("C1");
  cycle.mutable_new_parent()->set_code("C1");
  grpc::ClientContext x;
  v1::MoveOrgResponse r;
  ASSERT_TRUE(CreateOrg("C1-SUB", v1::COMMITTEE, "C1").ok());
  cycle.mutable_new_parent()->set_code("C1-SUB");
  auto s = orgs_->MoveOrg(&x, cycle, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("cycle"));
}

// The basic view sends what a list page shows and nothing else, and is what a list answers when
// no view is asked for; omit_org_path answers a permission check without the path. Both keep the
// answer itself the same as the full form.
TEST_F(E2eTest, BasicViewAndPathlessCheckSendLessAndAnswerTheSame) {
  BuildSmallTree();
  ASSERT_TRUE(Register("M1", "C1-B", 1).ok());
  ASSERT_TRUE(Register("M2", "C1-B", 2).ok());

  auto list = [&](int view, v1::ListMembersResponse* resp) {
    grpc::ClientContext ctx;
    v1::ListMembersRequest req;
    req.mutable_org()->set_code("C1");
    req.set_include_subtree(true);
    req.set_view(static_cast<v1::MemberView>(view));
    return members_->ListMembers(&ctx, req, resp);
  };
  v1::ListMembersResponse full, basic, by_default;
  ASSERT_TRUE(list(v1::MEMBER_VIEW_FULL, &full).ok());
  ASSERT_TRUE(list(v1::MEMBER_VIEW_BASIC, &basic).ok());
  ASSERT_TRUE(list(v1::MEMBER_VIEW_UNSPECIFIED, &by_default).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(by_default, basic))
      << by_default.DebugString();
  ASSERT_EQ(full.members_size(), 2);
  ASSERT_EQ(basic.members_size(), 2);
  for (int i = 0; i < 2; ++i) {
    const v1::Member& f = full.members(i);
    const v1::Member& b = basic.members(i);
    EXPECT_EQ(b.id(), f.id());
    EXPECT_EQ(b.member_no(), f.member_no());
    EXPECT_EQ(b.name(), f.name());
    EXPECT_EQ(b.org_code(), "C1-B");
    EXPECT_EQ(b.org_id(), f.org_id());
    EXPECT_EQ(b.category(), v1::FULL);
    EXPECT_EQ(b.status(), v1::ACTIVE);
    EXPECT_FALSE(f.national_id().empty());
    EXPECT_TRUE(b.national_id().empty());
    EXPECT_TRUE(b.joined_on().empty());
    EXPECT_TRUE(b.etag().empty());
    EXPECT_EQ(b.employment(), v1::EMPLOYMENT_UNSPECIFIED);
    EXPECT_LT(b.ByteSizeLong(), f.ByteSizeLong());
  }
  v1::ListMembersResponse bad;
  auto s = list(7, &bad);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("view"));

  // A batch get is a get: the full record unless the basic view is asked for.
  for (auto view : {v1::MEMBER_VIEW_BASIC, v1::MEMBER_VIEW_UNSPECIFIED}) {
    grpc::ClientContext ctx;
    v1::BatchGetMembersRequest req;
    req.add_member_nos("M2");
    req.set_view(view);
    v1::BatchGetMembersResponse resp;
    ASSERT_TRUE(members_->BatchGetMembers(&ctx, req, &resp).ok());
    ASSERT_EQ(resp.members_size(), 1);
    EXPECT_EQ(resp.members(0).member_no(), "M2");
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        resp.members(0), view == v1::MEMBER_VIEW_BASIC ? basic.members(1) : full.members(1)))
        << resp.members(0).DebugString();
  }
  {
    grpc::ClientContext ctx;
    v1::BatchGetMembersRequest req;
    req.add_ids(1);
    req.set_view(static_cast<v1::MemberView>(-1));
    v1::BatchGetMembersResponse resp;
    auto st = members_->BatchGetMembers(&ctx, req, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(st.error_message(), HasSubstr("view"));
  }

  auto check = [&](const std::string& org, bool omit) {
    grpc::ClientContext ctx;
    v1::CheckMembershipRequest req;
    req.mutable_member()->set_member_no("M1");
    req.mutable_org()->set_code(org);
    req.set_omit_org_path(omit);
    v1::CheckMembershipResponse resp;
    EXPECT_TRUE(members_->CheckMembership(&ctx, req, &resp).ok());
    return resp;
  };
  for (const char* org : {"C1", "C2"}) {
    v1::CheckMembershipResponse with = check(org, false), without = check(org, true);
    EXPECT_EQ(without.is_member(), with.is_member()) << org;
    EXPECT_EQ(without.status(), v1::ACTIVE);
    EXPECT_EQ(with.member_org_path_size(), 3);
    EXPECT_EQ(without.member_org_path_size(), 0);
  }
  EXPECT_TRUE(check("C1", true).is_member());
  EXPECT_FALSE(check("C2", true).is_member());
}

// A read mask answers exactly the fields it names — on a list page, a get and a batch get alike —
// with the ID number masked as in the full record; a mask next to a view, or naming no field of
// Member, is refused naming the path. (That a page cut from the list cache is the page the store
// gives is the registry test's.)
TEST_F(E2eTest, ReadMaskAnswersExactlyTheNamedFieldsOnEveryRead) {
  BuildSmallTree();
  v1::Member m1;
  ASSERT_TRUE(Register("M1", "C1-B", 1, &m1).ok());
  ASSERT_TRUE(Register("M2", "C1-B", 2).ok());
  auto list = [&](const std::set<std::string>& paths, v1::MemberView view,
                  v1::ListMembersResponse* resp) {
    grpc::ClientContext ctx;
    v1::ListMembersRequest req;
    req.mutable_org()->set_code("C1");
    req.set_include_subtree(true);
    req.set_view(view);
    for (const auto& path : paths) req.mutable_read_mask()->add_paths(path);
    return members_->ListMembers(&ctx, req, resp);
  };
  v1::ListMembersResponse full;
  ASSERT_TRUE(list({}, v1::MEMBER_VIEW_FULL, &full).ok());
  ASSERT_EQ(full.members_size(), 2);
  ASSERT_TRUE(full.members(0).national_id_masked());  // this server masks ID numbers

  const std::vector<std::set<std::string>> masks = {
      {"name", "phone", "joined_on"}, {"national_id"}, {"member_no", "etag"}, {"employment"}};
  for (const auto& mask : masks) {
    const std::string named = absl::StrJoin(mask, ",");
    v1::ListMembersResponse page;
    ASSERT_TRUE(list(mask, v1::MEMBER_VIEW_UNSPECIFIED, &page).ok()) << named;
    ASSERT_EQ(page.members_size(), 2) << named;
    for (int i = 0; i < 2; ++i) {
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          page.members(i), testing::CutMember(full.members(i), mask)))
          << named << ": " << page.members(i).DebugString();
    }
    {
      grpc::ClientContext ctx;
      v1::GetMemberRequest req;
      req.mutable_member()->set_member_no("M1");
      for (const auto& path : mask) req.mutable_read_mask()->add_paths(path);
      v1::Member got;
      ASSERT_TRUE(members_->GetMember(&ctx, req, &got).ok()) << named;
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          got, testing::CutMember(full.members(0), mask)))
          << named << ": " << got.DebugString();
    }
    {
      grpc::ClientContext ctx;
      v1::BatchGetMembersRequest req;
      req.add_ids(m1.id());
      req.add_ids(999999);
      req.add_member_nos("M2");
      req.add_member_nos("NOPE");
      for (const auto& path : mask) req.mutable_read_mask()->add_paths(path);
      v1::BatchGetMembersResponse got;
      ASSERT_TRUE(members_->BatchGetMembers(&ctx, req, &got).ok()) << named;
      ASSERT_EQ(got.members_size(), 2) << named;
      for (int i = 0; i < 2; ++i) {
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
            got.members(i), testing::CutMember(full.members(i), mask)))
            << named << ": " << got.members(i).DebugString();
      }
      EXPECT_THAT(got.missing_ids(), ::testing::ElementsAre(999999u));
      EXPECT_THAT(got.missing_member_nos(), ::testing::ElementsAre("NOPE"));
    }
  }

  v1::ListMembersResponse refused;
  grpc::Status both = list({"phone"}, v1::MEMBER_VIEW_FULL, &refused);
  EXPECT_EQ(both.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(both.error_message(), HasSubstr("read_mask: give either a view or a read mask"));
  grpc::Status unknown = list({"mobile"}, v1::MEMBER_VIEW_UNSPECIFIED, &refused);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(unknown.error_message(), HasSubstr("read_mask.paths[0]: \"mobile\""));
  {
    grpc::ClientContext ctx;
    v1::GetMemberRequest req;
    req.mutable_member()->set_member_no("M1");
    req.mutable_read_mask()->add_paths("name");
    req.mutable_read_mask()->add_paths("nmae");
    v1::Member got;
    grpc::Status s = members_->GetMember(&ctx, req, &got);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("read_mask.paths[1]: \"nmae\""));
  }
  {
    grpc::ClientContext ctx;
    v1::BatchGetMembersRequest req;
    req.add_ids(m1.id());
    req.set_view(v1::MEMBER_VIEW_BASIC);
    req.mutable_read_mask()->add_paths("name");
    v1::BatchGetMembersResponse got;
    grpc::Status s = members_->BatchGetMembers(&ctx, req, &got);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("read_mask"));
  }
}

TEST_F(E2eTest, RestartKeepsEverything) {
  BuildSmallTree();
  ASSERT_TRUE(Register("M1", "C1-B", 1).ok());
  const size_t events = Events().size();
  Restart();
  EXPECT_EQ(Stats("C").current_members(), 1);
  EXPECT_EQ(Stats("C").orgs_by_type().committee(), 3);
  EXPECT_EQ(Events().size(), events);
  grpc::ClientContext ctx;
  v1::GetMemberRequest req;
  req.mutable_member()->set_member_no("M1");
  v1::Member m;
  ASSERT_TRUE(members_->GetMember(&ctx, req, &m).ok());
  EXPECT_EQ(m.org_code(), "C1-B");
  // New ids continue after the old ones.
  v1::Member m2;
  ASSERT_TRUE(Register("M2", "C1-B", 2, &m2).ok());
  EXPECT_GT(m2.id(), m.id());
  EXPECT_THAT(server_->Log(), ::testing::Not(HasSubstr("error")));
}

TEST_F(E2eTest, RetryWithSameRequestIdWritesOnce) {
  BuildSmallTree();
  v1::Member first, second;
  ASSERT_TRUE(Register("M1", "C1-B", 1, &first, "req-42").ok());
  ASSERT_TRUE(Register("M1", "C1-B", 1, &second, "req-42").ok());
  EXPECT_EQ(first.id(), second.id());
  int registered = 0;
  for (const auto& e : Events()) {
    if (e.type() == "MemberRegistered") {
      ++registered;
      EXPECT_EQ(e.request_id(), "req-42");
    }
  }
  EXPECT_EQ(registered, 1);
  // Same id, different request → INVALID_ARGUMENT.
  auto s = Register("M2", "C1-B", 2, nullptr, "req-42");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("request_id"));
}

TEST_F(E2eTest, AuditRecordsActorAndBeforeAfter) {
  BuildSmallTree();
  const auto events = Events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].seq(), 1u);
  EXPECT_EQ(events[0].actor(), "e2e");
  EXPECT_EQ(events[0].type(), "OrgCreated");
  EXPECT_FALSE(events[0].has_org_before());
  EXPECT_EQ(events[0].org_after().code(), "C");
  // Filtered by entity.
  grpc::ClientContext ctx;
  v1::ListEventsRequest req;
  req.set_entity_type(v1::ENTITY_ORG);
  req.set_entity_key("C2");
  v1::ListEventsResponse resp;
  ASSERT_TRUE(audit_->ListEvents(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.events_size(), 1);
  EXPECT_EQ(resp.events(0).entity_key(), "C2");
}

TEST_F(E2eTest, ImportExportAndListsRefuseBadInput) {
  BuildSmallTree();
  auto imports = v1::ImportService::NewStub(server_->channel());
  {
    grpc::ClientContext ctx;
    v1::ImportReport report;
    auto writer = imports->ImportMembers(&ctx, &report);
    writer->WritesDone();  // no chunk at all
    auto s = writer->Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("data"));
  }
  {
    grpc::ClientContext ctx;
    v1::ExportRequest req;
    req.mutable_org()->set_code("NOPE");
    auto reader = imports->ExportMembers(&ctx, req);
    v1::ExportChunk chunk;
    while (reader->Read(&chunk)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
  }
  // A list of org C with a token no page gave: INVALID_ARGUMENT naming page_token.
  auto expect_bad_token = [](auto* stub, auto method, auto req, auto resp) {
    grpc::ClientContext ctx;
    req.mutable_org()->set_code("C");
    req.set_page_token("not-a-token");
    auto s = (stub->*method)(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("page_token"));
  };
  expect_bad_token(members_.get(), &v1::MemberService::Stub::ListMembers, v1::ListMembersRequest(),
                   v1::ListMembersResponse());
  expect_bad_token(orgs_.get(), &v1::OrgService::Stub::ListSubtreeOrgs,
                   v1::ListSubtreeOrgsRequest(), v1::ListOrgsResponse());
  {
    grpc::ClientContext ctx;
    v1::ListEventsRequest req;
    req.set_entity_key("C");  // no entity_type
    v1::ListEventsResponse resp;
    auto s = audit_->ListEvents(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("entity_type"));
  }
  EXPECT_EQ(Events().size(), 5u);  // nothing was written
}

// A retried import (the same request_id and file, cut into other chunks) replays the first
// outcome and writes nothing; the same request_id with another file is refused.
TEST_F(E2eTest, ImportRetryIsRecognisedWhateverTheChunks) {
  BuildSmallTree();
  const std::string header =
      "member_no,name,national_id,org_code,category,joined_on,confirmed_on,employment\n";
  auto row = [](const std::string& no, int seq) {
    return no + ",张三," + NationalId("19800315", seq) +
           ",C1-B,full,2020-06-01,2021-06-01,employed\n";
  };
  const std::string csv = header + row("M1", 1) + row("M2", 2);
  auto imports = v1::ImportService::NewStub(server_->channel());
  auto import = [&](const std::string& data, size_t chunk_bytes, v1::ImportReport* report) {
    grpc::ClientContext ctx;
    auto writer = imports->ImportMembers(&ctx, report);
    for (size_t off = 0; off < data.size(); off += chunk_bytes) {
      v1::ImportChunk chunk;
      if (off == 0) chunk.set_request_id("import-1");
      chunk.set_data(data.substr(off, chunk_bytes));
      EXPECT_TRUE(writer->Write(chunk));
    }
    writer->WritesDone();
    return writer->Finish();
  };
  v1::ImportReport first, again, other;
  auto s = import(csv, csv.size(), &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.imported(), 2);
  const size_t events = Events().size();
  s = import(csv, 7, &again);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(again.imported(), 2);
  EXPECT_EQ(again.first_event_seq(), first.first_event_seq());
  EXPECT_EQ(again.last_event_seq(), first.last_event_seq());
  EXPECT_EQ(Events().size(), events);
  s = import(csv + row("M3", 3), csv.size(), &other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("request_id"));
  EXPECT_EQ(Events().size(), events);
}

// A file that is not in the encoding it is sent as is refused naming its first bad line, and
// nothing is written.
TEST_F(E2eTest, ImportInTheWrongEncodingIsRefusedAndWritesNothing) {
  BuildSmallTree();
  const size_t events = Events().size();
  auto imports = v1::ImportService::NewStub(server_->channel());
  grpc::ClientContext ctx;
  v1::ImportReport report;
  auto writer = imports->ImportMembers(&ctx, &report);
  v1::ImportChunk chunk;
  chunk.set_encoding(v1::CSV_UTF8);
  chunk.set_data(
      "member_no,name,national_id,org_code,category,joined_on,confirmed_on,employment\n" +
      testing::ToGb18030("M1,张三,") + NationalId("19800315", 1) +
      ",C1-B,full,2020-06-01,2021-06-01,employed\n");
  ASSERT_TRUE(writer->Write(chunk));
  writer->WritesDone();
  auto s = writer->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("line 2: invalid UTF-8"));
  EXPECT_EQ(Events().size(), events);
}

TEST_F(E2eTest, EventsFilterByTimeRangeAndRefuseBadBounds) {
  BuildSmallTree();
  auto list = [&](const std::string& from, const std::string& to, v1::ListEventsResponse* resp) {
    grpc::ClientContext ctx;
    v1::ListEventsRequest req;
    req.set_time_from(from);
    req.set_time_to(to);
    return audit_->ListEvents(&ctx, req, resp);
  };
  v1::ListEventsResponse resp;
  // The server's date is fixed at 2026-11-25, so every event falls on that day.
  ASSERT_TRUE(list("2026-11-25", "2026-11-26", &resp).ok());
  EXPECT_EQ(resp.events_size(), 5);
  resp.Clear();
  ASSERT_TRUE(list("2026-11-26", "", &resp).ok());
  EXPECT_EQ(resp.events_size(), 0);
  resp.Clear();
  ASSERT_TRUE(list("", "2026-11-25", &resp).ok());
  EXPECT_EQ(resp.events_size(), 0);
  auto s = list("yesterday", "", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("time_from"));
}

// ListMembers takes its request as raw bytes (its page is spliced from stored records): bytes
// that are not a ListMembersRequest are refused as such, and a well-formed request sent the same
// way gets the page a typed client gets.
TEST_F(E2eTest, ListMembersRefusesBytesThatAreNotARequest) {
  BuildSmallTree();
  ASSERT_TRUE(Register("M1", "C1-B", 1).ok());
  const std::string method = "/orgtree.v1.MemberService/ListMembers";
  ExpectRefusesBytesThatAreNotA(method, "ListMembersRequest");
  std::string bytes;

  v1::ListMembersRequest req;
  req.mutable_org()->set_code("C1-B");
  req.set_view(v1::MEMBER_VIEW_FULL);
  ASSERT_TRUE(RawCall(method, req.SerializeAsString(), &bytes).ok());
  v1::ListMembersResponse page;
  ASSERT_TRUE(page.ParseFromString(bytes));
  ASSERT_EQ(page.members_size(), 1);
  EXPECT_EQ(page.members(0).member_no(), "M1");
  EXPECT_TRUE(page.members(0).national_id_masked());
}

// GetOrgStats also answers with bytes written from the counters: bytes that are not a request are
// refused, an unknown org is NOT_FOUND naming the field, and a typed client reads every status,
// employment and org type with its count.
TEST_F(E2eTest, GetOrgStatsRefusesBytesThatAreNotARequest) {
  BuildSmallTree();
  ASSERT_TRUE(Register("M1", "C1-B", 1).ok());
  const std::string method = "/orgtree.v1.OrgService/GetOrgStats";
  ExpectRefusesBytesThatAreNotA(method, "GetOrgStatsRequest");
  v1::GetOrgStatsRequest req;
  req.mutable_org()->set_code("NOPE");
  ExpectRawCallFails(method, req.SerializeAsString(), grpc::StatusCode::NOT_FOUND,
                     "org: no org with code 'NOPE'");

  v1::OrgStats stats = Stats("C");
  EXPECT_EQ(stats.org_code(), "C");
  EXPECT_EQ(stats.current_members(), 1);
  EXPECT_EQ(stats.members_by_status().active(), 1);
  EXPECT_EQ(stats.members_by_status().left(), 0);
  EXPECT_TRUE(stats.has_members_by_status());
  EXPECT_EQ(stats.members_by_employment().employed(), 1);
  EXPECT_EQ(stats.orgs_by_type().committee(), 3);
  EXPECT_EQ(stats.orgs_by_type().branch(), 2);
}

// GetMember passes the stored record through as raw bytes too: bytes that are not a request are
// refused, the reference's errors are those of a typed call, and the member read is the one a list
// page shows (its ID number masked on this path as well).
TEST_F(E2eTest, GetMemberRefusesBytesThatAreNotARequest) {
  BuildSmallTree();
  ASSERT_TRUE(Register("M1", "C1-B", 1).ok());
  const std::string method = "/orgtree.v1.MemberService/GetMember";
  ExpectRefusesBytesThatAreNotA(method, "GetMemberRequest");
  v1::GetMemberRequest req;
  req.mutable_member()->set_member_no("M404");
  ExpectRawCallFails(method, req.SerializeAsString(), grpc::StatusCode::NOT_FOUND,
                     "member: no member with member number 'M404'");
  req.mutable_member()->set_national_id(NationalId("19800101", 1));
  ExpectRawCallFails(method, req.SerializeAsString(), grpc::StatusCode::PERMISSION_DENIED,
                     "member.national_id");
  req.mutable_member()->Clear();
  ExpectRawCallFails(method, req.SerializeAsString(), grpc::StatusCode::INVALID_ARGUMENT,
                     "member: required");

  req.mutable_member()->set_member_no("M1");
  std::string bytes;
  ASSERT_TRUE(RawCall(method, req.SerializeAsString(), &bytes).ok());
  v1::Member got;
  ASSERT_TRUE(got.ParseFromString(bytes));
  EXPECT_TRUE(got.national_id_masked());
  EXPECT_THAT(got.national_id(), HasSubstr("********"));
  grpc::ClientContext ctx;
  v1::ListMembersRequest list;
  list.mutable_org()->set_code("C1-B");
  list.set_view(v1::MEMBER_VIEW_FULL);
  v1::ListMembersResponse page;
  ASSERT_TRUE(members_->ListMembers(&ctx, list, &page).ok());
  ASSERT_EQ(page.members_size(), 1);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got, page.members(0)))
      << got.DebugString() << page.members(0).DebugString();
}

// GetOrgPath writes its orgs from the tree as raw bytes: bytes that are not a request are refused,
// an unknown org is NOT_FOUND, and a typed client reads the path root first, each org whole.
TEST_F(E2eTest, GetOrgPathRefusesBytesThatAreNotARequest) {
  BuildSmallTree();
  const std::string method = "/orgtree.v1.OrgService/GetOrgPath";
  ExpectRefusesBytesThatAreNotA(method, "GetOrgPathRequest");
  v1::GetOrgPathRequest req;
  req.mutable_org()->set_code("NOPE");
  ExpectRawCallFails(method, req.SerializeAsString(), grpc::StatusCode::NOT_FOUND,
                     "org: no org with code 'NOPE'");

  grpc::ClientContext ctx;
  req.mutable_org()->set_code("C1-B");
  v1::OrgPath path;
  ASSERT_TRUE(orgs_->GetOrgPath(&ctx, req, &path).ok());
  ASSERT_EQ(path.orgs_size(), 3);
  EXPECT_EQ(path.orgs(0).code(), "C");
  EXPECT_EQ(path.orgs(1).code(), "C1");
  EXPECT_EQ(path.orgs(2).code(), "C1-B");
  EXPECT_EQ(path.orgs(2).type(), v1::BRANCH);
  EXPECT_EQ(path.orgs(2).parent_code(), "C1");
  grpc::ClientContext get_ctx;
  v1::GetOrgRequest get;
  get.mutable_org()->set_code("C1");
  v1::Org c1;
  ASSERT_TRUE(orgs_->GetOrg(&get_ctx, get, &c1).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(path.orgs(1), c1));
}

// CheckMembership answers raw bytes written from memory: bytes that are not a request are refused,
// a national-ID lookup needs the right to see ID numbers, and a typed client reads the answer, with
// the member's path root first unless it is left out.
TEST_F(E2eTest, CheckMembershipRefusesBytesThatAreNotARequest) {
  BuildSmallTree();
  ASSERT_TRUE(Register("M1", "C1-B", 1).ok());
  ExpectRefusesBytesThatAreNotA("/orgtree.v1.MemberService/CheckMembership",
                                "CheckMembershipRequest");
  auto check = [&](const std::string& org, bool omit_path, v1::CheckMembershipResponse* answer) {
    grpc::ClientContext ctx;
    v1::CheckMembershipRequest req;
    req.mutable_member()->set_member_no("M1");
    req.mutable_org()->set_code(org);
    req.set_omit_org_path(omit_path);
    return members_->CheckMembership(&ctx, req, answer);
  };
  v1::CheckMembershipResponse in_c1;
  ASSERT_TRUE(check("C1", false, &in_c1).ok());
  EXPECT_TRUE(in_c1.is_member());
  EXPECT_EQ(in_c1.status(), v1::ACTIVE);
  ASSERT_EQ(in_c1.member_org_path_size(), 3);
  EXPECT_EQ(in_c1.member_org_path(0).code(), "C");
  EXPECT_EQ(in_c1.member_org_path(2).code(), "C1-B");
  v1::CheckMembershipResponse in_c2;
  ASSERT_TRUE(check("C2", true, &in_c2).ok());
  EXPECT_FALSE(in_c2.is_member());
  EXPECT_EQ(in_c2.status(), v1::ACTIVE);
  EXPECT_EQ(in_c2.member_org_path_size(), 0);
  EXPECT_EQ(check("NOPE", true, &in_c2).error_code(), grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext ctx;
  v1::CheckMembershipRequest by_nid;
  by_nid.mutable_member()->set_national_id(NationalId("19800101", 1));
  by_nid.mutable_org()->set_code("C");
  EXPECT_EQ(members_->CheckMembership(&ctx, by_nid, &in_c2).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(E2eTest, NationalIdsAreMaskedUnlessTheServerAllowsThem) {
  BuildSmallTree();
  v1::Member m;
  ASSERT_TRUE(Register("M1", "C1-B", 7, &m).ok());
  EXPECT_TRUE(m.national_id_masked());
  EXPECT_THAT(m.national_id(), HasSubstr("********"));
  // A list page is spliced from the stored records, so it masks them on its own path.
  auto listed = [&] {
    grpc::ClientContext ctx;
    v1::ListMembersRequest req;
    req.mutable_org()->set_code("C1-B");
    req.set_view(v1::MEMBER_VIEW_FULL);
    v1::ListMembersResponse resp;
    EXPECT_TRUE(members_->ListMembers(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.members_size(), 1);
    return resp.members_size() == 1 ? resp.members(0) : v1::Member();
  };
  v1::Member in_list = listed();
  EXPECT_EQ(in_list.member_no(), "M1");
  EXPECT_EQ(in_list.national_id(), m.national_id());
  EXPECT_TRUE(in_list.national_id_masked());
  EXPECT_EQ(in_list.etag(), m.etag());
  {
    grpc::ClientContext ctx;
    v1::GetMemberRequest req;
    req.mutable_member()->set_national_id(NationalId("19800101", 7));
    v1::Member got;
    EXPECT_EQ(members_->GetMember(&ctx, req, &got).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  Restart({"--reveal-national-ids"});
  grpc::ClientContext ctx;
  v1::GetMemberRequest req;
  req.mutable_member()->set_national_id(NationalId("19800101", 7));
  v1::Member got;
  ASSERT_TRUE(members_->GetMember(&ctx, req, &got).ok());
  EXPECT_EQ(got.member_no(), "M1");
  EXPECT_EQ(got.national_id(), NationalId("19800101", 7));
  in_list = listed();
  EXPECT_EQ(in_list.national_id(), NationalId("19800101", 7));
  EXPECT_FALSE(in_list.national_id_masked());
}

TEST_F(E2eTest, GracefulShutdownExitsCleanly) {
  BuildSmallTree();
  EXPECT_EQ(StopServer(), 0);
  EXPECT_THAT(server_->Log(), HasSubstr("stopped cleanly"));
}

}  // namespace
}  // namespace orgtree
