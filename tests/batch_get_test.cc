// BatchGetMembers end to end: the real orgtreed on a loopback port, called through the generated
// stub. Asserts behaviour only (what is returned, masked and reported missing), never timings.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/rules/national_id.h"
#include "tests/server_process.h"

namespace orgtree {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ServerProcess;
using testing::TempDir;

constexpr char kToday[] = "2026-11-25";

std::string NationalId(int seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "11010119800101%03d", seq % 1000);
  std::string first17(buf);
  return first17 + rules::NationalIdCheckChar(first17);
}

class BatchGetTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }
  void TearDown() override { ASSERT_EQ(Stop(), 0) << server_->Log(); }

  void Start(const std::vector<std::string>& extra = {}) {
    server_ = std::make_unique<ServerProcess>(dir_.path() + "/data", kToday, extra);
    orgs_ = v1::OrgService::NewStub(server_->channel());
    members_ = v1::MemberService::NewStub(server_->channel());
  }
  int Stop() {
    orgs_.reset();
    members_.reset();
    return server_->Stop();
  }

  // A committee with one branch and `n` members M1..Mn; returns their ids in that order.
  std::vector<uint64_t> Populate(int n) {
    CreateOrg("C", v1::COMMITTEE, "");
    CreateOrg("C-B", v1::BRANCH, "C");
    std::vector<uint64_t> ids;
    for (int i = 1; i <= n; ++i) {
      grpc::ClientContext ctx;
      v1::RegisterMemberRequest req;
      v1::Member* m = req.mutable_member();
      m->set_member_no("M" + std::to_string(i));
      m->set_name("党员" + std::to_string(i));
      m->set_national_id(NationalId(i));
      m->set_org_code("C-B");
      m->set_category(v1::FULL);
      m->set_joined_on("2005-07-01");
      m->set_confirmed_on("2006-07-01");
      m->set_employment(v1::EMPLOYED);
      v1::Member out;
      EXPECT_TRUE(members_->RegisterMember(&ctx, req, &out).ok());
      ids.push_back(out.id());
    }
    return ids;
  }

  void CreateOrg(const std::string& code, v1::OrgType type, const std::string& parent) {
    grpc::ClientContext ctx;
    v1::CreateOrgRequest req;
    req.set_code(code);
    req.set_name("组织 " + code);
    req.set_type(type);
    req.set_established_on("2020-01-01");
    if (!parent.empty()) req.mutable_parent()->set_code(parent);
    v1::Org org;
    ASSERT_TRUE(orgs_->CreateOrg(&ctx, req, &org).ok());
  }

  grpc::Status BatchGet(const v1::BatchGetMembersRequest& req, v1::BatchGetMembersResponse* resp) {
    grpc::ClientContext ctx;
    return members_->BatchGetMembers(&ctx, req, resp);
  }

  static std::vector<std::string> Numbers(const v1::BatchGetMembersResponse& resp) {
    std::vector<std::string> out;
    for (const auto& m : resp.members()) out.push_back(m.member_no());
    return out;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::OrgService::Stub> orgs_;
  std::unique_ptr<v1::MemberService::Stub> members_;
};

TEST_F(BatchGetTest, ReturnsIdsThenNumbersInRequestOrderAndListsUnknownOnes) {
  const std::vector<uint64_t> ids = Populate(4);
  v1::BatchGetMembersRequest req;
  req.add_ids(ids[2]);
  req.add_ids(999999);  // unknown
  req.add_ids(ids[0]);
  req.add_member_nos("M4");
  req.add_member_nos("NOPE");  // unknown
  req.add_member_nos("M2");
  v1::BatchGetMembersResponse resp;
  ASSERT_TRUE(BatchGet(req, &resp).ok());
  EXPECT_THAT(Numbers(resp), ElementsAre("M3", "M1", "M4", "M2"));
  EXPECT_THAT(resp.missing_ids(), ElementsAre(999999u));
  EXPECT_THAT(resp.missing_member_nos(), ElementsAre("NOPE"));
  EXPECT_EQ(resp.members(0).org_code(), "C-B");
}

TEST_F(BatchGetTest, AllUnknownIsNotAnError) {
  Populate(1);
  v1::BatchGetMembersRequest req;
  req.add_ids(424242);
  req.add_member_nos("M404");
  v1::BatchGetMembersResponse resp;
  ASSERT_TRUE(BatchGet(req, &resp).ok());
  EXPECT_EQ(resp.members_size(), 0);
  EXPECT_THAT(resp.missing_ids(), ElementsAre(424242u));
  EXPECT_THAT(resp.missing_member_nos(), ElementsAre("M404"));
}

TEST_F(BatchGetTest, MasksNationalIdsUnlessTheServerRevealsThem) {
  const std::vector<uint64_t> ids = Populate(1);
  v1::BatchGetMembersRequest req;
  req.add_ids(ids[0]);
  v1::BatchGetMembersResponse resp;
  ASSERT_TRUE(BatchGet(req, &resp).ok());
  ASSERT_EQ(resp.members_size(), 1);
  EXPECT_TRUE(resp.members(0).national_id_masked());
  EXPECT_NE(resp.members(0).national_id(), NationalId(1));

  ASSERT_EQ(Stop(), 0) << server_->Log();
  Start({"--reveal-national-ids"});
  resp.Clear();
  ASSERT_TRUE(BatchGet(req, &resp).ok());
  ASSERT_EQ(resp.members_size(), 1);
  EXPECT_FALSE(resp.members(0).national_id_masked());
  EXPECT_EQ(resp.members(0).national_id(), NationalId(1));
}

TEST_F(BatchGetTest, AcceptsExactlyTheLimitAndRefusesMore) {
  const std::vector<uint64_t> ids = Populate(2);
  v1::BatchGetMembersRequest req;
  for (int i = 0; i < 1000; ++i) req.add_ids(ids[static_cast<size_t>(i % 2)]);
  v1::BatchGetMembersResponse resp;
  ASSERT_TRUE(BatchGet(req, &resp).ok());
  EXPECT_EQ(resp.members_size(), 1000);

  req.add_ids(ids[0]);
  auto s = BatchGet(req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("ids"));
  EXPECT_THAT(s.error_message(), HasSubstr("1000"));

  v1::BatchGetMembersRequest nos;
  for (int i = 0; i < 1001; ++i) nos.add_member_nos("M1");
  s = BatchGet(nos, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("member_nos"));
}

TEST_F(BatchGetTest, RefusesAnEmptyRequestAndAnEmptyNumber) {
  Populate(1);
  v1::BatchGetMembersResponse resp;
  auto s = BatchGet(v1::BatchGetMembersRequest(), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("ids"));

  v1::BatchGetMembersRequest req;
  req.add_member_nos("M1");
  req.add_member_nos("");
  s = BatchGet(req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("member_nos[1]"));
}

}  // namespace
}  // namespace orgtree
