// The registry in-process on a real RocksDB in a temp directory: the org tree, members, counters,
// idempotency, the event log, restarts and bulk imports; plus the orgs/members CSV formats.

#include "services/registry/registry.h"

#include <google/protobuf/util/message_differencer.h>
#include <iconv.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/common/clock.h"
#include "services/common/date.h"
#include "services/common/enum_words.h"
#include "services/common/page_token.h"
#include "services/csv/csv_table.h"
#include "services/importer/csv_files.h"
#include "services/registry/counters.h"
#include "services/registry/member_view.h"
#include "services/registry/org_tree.h"
#include "services/rules/member_rules.h"
#include "services/rules/national_id.h"
#include "tests/failing_file_system.h"
#include "tests/member_cut.h"
#include "tests/temp_dir.h"
#include "tests/test_data.h"

namespace orgtree::registry {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

MATCHER_P(EqualsProto, expected, "") {
  return google::protobuf::util::MessageDifferencer::Equals(arg, expected);
}

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

// A valid national ID for someone born on `born` with sequence number `seq` (odd = male).
std::string NationalId(Date born, int seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "110101%04d%02d%02d%03d", static_cast<int>(born.year()),
                born.month(), born.day(), seq % 1000);
  const std::string first17(buf);
  return first17 + rules::NationalIdCheckChar(first17);
}

// A fresh registry in a unique temp directory per test, with the clock fixed on 2026-11-25.
class RegistryTest : public ::testing::Test {
 protected:
  RegistryTest() : clock_(Date(2026, 11, 25)) {}

  void SetUp() override { Open(); }

  void TearDown() override { registry_.reset(); }

  void Open() {
    storage::StoreOptions options;
    options.path = dir_.path() + "/db";
    options.block_cache_mb = 8;
    options.bulk_load_min_records = bulk_load_min_records_;
    options.file_system = file_system_;
    auto registry = Registry::Open(options, &clock_, registry_options_);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
  }

  void Reopen() {
    registry_.reset();
    Open();
  }

  // A new request id per call unless one is given.
  CallMeta Call(const std::string& request_id = "") {
    return CallMeta{"tester",
                    request_id.empty() ? "req-" + std::to_string(++request_count_) : request_id};
  }

  static v1::OrgRef Ref(const std::string& code) {
    v1::OrgRef ref;
    ref.set_code(code);
    return ref;
  }
  static v1::MemberRef MemberNo(const std::string& no) {
    v1::MemberRef ref;
    ref.set_member_no(no);
    return ref;
  }

  static v1::CreateOrgRequest CreateRequest(const std::string& code, v1::OrgType type,
                                            const std::string& parent) {
    v1::CreateOrgRequest req;
    req.set_code(code);
    req.set_name("name of " + code);
    req.set_type(type);
    if (!parent.empty()) req.mutable_parent()->set_code(parent);
    req.set_established_on("2020-01-01");
    return req;
  }

  absl::StatusOr<v1::Org> CreateOrg(const std::string& code, v1::OrgType type,
                                    const std::string& parent = "") {
    return registry_->CreateOrg(Call(), CreateRequest(code, type, parent));
  }

  // C1 (committee, root)
  // ├── B2 (branch)
  // ├── C2 (committee)
  // └── GB1 (general branch)
  //     └── B1 (branch)
  //         └── G1 (group)
  void BuildTree() {
    ASSERT_TRUE(CreateOrg("C1", v1::COMMITTEE).ok());
    ASSERT_TRUE(CreateOrg("GB1", v1::GENERAL_BRANCH, "C1").ok());
    ASSERT_TRUE(CreateOrg("B1", v1::BRANCH, "GB1").ok());
    ASSERT_TRUE(CreateOrg("G1", v1::GROUP, "B1").ok());
    ASSERT_TRUE(CreateOrg("B2", v1::BRANCH, "C1").ok());
    ASSERT_TRUE(CreateOrg("C2", v1::COMMITTEE, "C1").ok());
  }

  // A member ready for registration with a fresh national ID. Full members joined 2020-06-01 and
  // were confirmed 2021-06-01; probationary ones joined 2025-06-01.
  v1::Member NewMember(const std::string& no, const std::string& branch,
                       v1::MemberCategory category = v1::FULL,
                       v1::Employment employment = v1::EMPLOYED) {
    v1::Member m;
    m.set_member_no(no);
    m.set_name("member " + no);
    m.set_national_id(NationalId(Date(1980, 3, 15), ++person_count_));
    m.set_org_code(branch);
    m.set_category(category);
    m.set_employment(employment);
    if (category == v1::FULL) {
      m.set_joined_on("2020-06-01");
      m.set_confirmed_on("2021-06-01");
    } else {
      m.set_joined_on("2025-06-01");
    }
    return m;
  }

  absl::StatusOr<v1::Member> Register(const v1::Member& m, const std::string& request_id = "") {
    v1::RegisterMemberRequest req;
    *req.mutable_member() = m;
    return registry_->RegisterMember(Call(request_id), req);
  }

  absl::StatusOr<v1::Member> Register(const std::string& no, const std::string& branch,
                                      v1::MemberCategory category = v1::FULL,
                                      v1::Employment employment = v1::EMPLOYED) {
    return Register(NewMember(no, branch, category, employment));
  }

  absl::StatusOr<v1::Member> ChangeStatus(const std::string& no, v1::StatusReason reason) {
    v1::ChangeMemberStatusRequest req;
    *req.mutable_member() = MemberNo(no);
    req.set_reason(reason);
    return registry_->ChangeMemberStatus(Call(), req);
  }

  // CheckMembership of member number `no` against the org with code `org`, with the path.
  absl::StatusOr<v1::CheckMembershipResponse> Check(const std::string& no, const std::string& org) {
    v1::CheckMembershipRequest req;
    *req.mutable_member() = MemberNo(no);
    *req.mutable_org() = Ref(org);
    return registry_->CheckMembership(req);
  }
  // The codes of the member's org path a check answered, root first.
  static std::vector<std::string> MemberPathCodes(const v1::CheckMembershipResponse& answer) {
    std::vector<std::string> path;
    for (const auto& o : answer.member_org_path()) path.push_back(o.code());
    return path;
  }

  v1::OrgStats Stats(const std::string& code) {
    auto stats = registry_->GetOrgStats(Ref(code));
    EXPECT_TRUE(stats.ok()) << code << ": " << stats.status();
    return stats.value_or(v1::OrgStats());
  }

  // The count of the status named by its word; -1 for a word that names no status.
  int64_t StatusCount(const v1::OrgStats& s, const std::string& status) {
    const auto& counts = s.members_by_status();
    const auto* field = counts.GetDescriptor()->FindFieldByName(status);
    return field == nullptr ? -1 : counts.GetReflection()->GetInt64(counts, field);
  }

  std::vector<v1::Event> AllEvents(v1::ListEventsRequest req = {}) {
    req.set_page_size(1000);
    auto events = registry_->ListEvents(req);
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return {};
    EXPECT_EQ(events->next_page_token(), "");
    return {events->events().begin(), events->events().end()};
  }

  size_t EventCount() { return AllEvents().size(); }

  std::vector<std::string> EventTypes(v1::EntityType type, const std::string& key,
                                      uint64_t after_seq = 0) {
    v1::ListEventsRequest req;
    req.set_entity_type(type);
    req.set_entity_key(key);
    req.set_after_seq(after_seq);
    std::vector<std::string> types;
    for (const auto& e : AllEvents(req)) types.push_back(e.type());
    return types;
  }

  // Every page of a member listing, as member numbers in listing order.
  std::vector<std::string> ListAllMembers(v1::ListMembersRequest req, int page_size) {
    std::vector<std::string> nos;
    req.set_page_size(page_size);
    for (int pages = 0; pages < 100; ++pages) {
      auto page = registry_->ListMembers(req);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(page->members_size(), page_size);
      for (const auto& m : page->members()) nos.push_back(m.member_no());
      if (page->next_page_token().empty()) break;
      req.set_page_token(page->next_page_token());
    }
    return nos;
  }

  // The bytes of every page of `req`, ID numbers masked or not, following the tokens.
  void AppendEveryPage(v1::ListMembersRequest req, bool mask, std::vector<std::string>* pages) {
    for (int n = 0; n < 50; ++n) {
      std::string page;
      const absl::Status s = registry_->ListMembers(req, mask, &page);
      EXPECT_TRUE(s.ok()) << s;
      v1::ListMembersResponse parsed;
      if (!s.ok() || !parsed.ParseFromString(page)) return;
      pages->push_back(page);
      if (parsed.next_page_token().empty()) return;
      req.set_page_token(parsed.next_page_token());
    }
  }

  // The bytes of every page of many listings — subtree and own org, both views and two read
  // masks, masked or not,
  // three filters, page sizes 1 to 4 — following the tokens; and of C1's subtree from tokens a
  // page would not give (each org's start, after a member id placed elsewhere, after the largest
  // id). Needs BuildTree's orgs.
  std::vector<std::string> EveryListingPage() {
    std::vector<std::string> odd_tokens;
    for (const char* code : {"C1", "GB1", "B1", "G1", "B2", "C2"}) {
      for (uint64_t after : {uint64_t{0}, uint64_t{2}, uint64_t{5}, UINT64_MAX}) {
        odd_tokens.push_back(EncodePageToken({Stats(code).org_id(), after}));
      }
    }
    std::vector<v1::ListMembersRequest> requests;
    for (const char* org : {"C1", "GB1", "B1", "B2"}) {
      for (bool subtree : {true, false}) {
        // The two views, and read masks cut from each of the cache's listings (the full
        // record, masked or not, and the basic view).
        for (int shown = 0; shown < 4; ++shown) {
          for (int filter = 0; filter < 3; ++filter) {
            for (int size = 1; size <= 4; ++size) {
              v1::ListMembersRequest& req = requests.emplace_back();
              *req.mutable_org() = Ref(org);
              req.set_include_subtree(subtree);
              if (shown == 0) req.set_view(v1::MEMBER_VIEW_FULL);
              if (shown == 1) req.set_view(v1::MEMBER_VIEW_BASIC);
              if (shown == 2) {
                for (auto path : {"name", "national_id", "joined_on"}) {
                  req.mutable_read_mask()->add_paths(path);
                }
              }
              if (shown == 3) {
                req.mutable_read_mask()->add_paths("status");
                req.mutable_read_mask()->add_paths("member_no");
              }
              req.set_page_size(size);
              if (filter == 1) req.set_all_statuses(true);
              if (filter == 2) req.set_category(v1::PROBATIONARY);
            }
          }
        }
      }
    }
    std::vector<std::string> pages;
    for (const v1::ListMembersRequest& req : requests) {
      for (bool mask : {false, true}) {
        AppendEveryPage(req, mask, &pages);
        if (!req.include_subtree() || req.org().code() != "C1") continue;
        for (const std::string& token : odd_tokens) {
          v1::ListMembersRequest from = req;
          from.set_page_token(token);
          AppendEveryPage(from, mask, &pages);
        }
      }
    }
    return pages;
  }

  // UpdateMember of member `no` at its current etag, the request filled by `edit`.
  absl::StatusOr<v1::Member> UpdateAtEtag(
      const std::string& no, const std::function<void(v1::UpdateMemberRequest&)>& edit) {
    auto member = registry_->GetMember(MemberNo(no));
    if (!member.ok()) return member.status();
    v1::UpdateMemberRequest req;
    *req.mutable_member() = MemberNo(no);
    req.set_etag(member->etag());
    edit(req);
    return registry_->UpdateMember(Call(), req);
  }

  // C1's members as "member_no:name" in the default view, which has no ID numbers (the basic
  // one), and the full view agreeing, read by a caller who may see ID numbers and by one who may
  // not (the list cache keeps each of the three apart).
  std::vector<std::string> C1MemberNames() {
    std::vector<std::string> basic = C1Members(v1::MEMBER_VIEW_UNSPECIFIED, &v1::Member::name);
    for (const std::string& id : C1Members(v1::MEMBER_VIEW_UNSPECIFIED, &v1::Member::national_id)) {
      EXPECT_THAT(id, ::testing::EndsWith(":"));
    }
    EXPECT_EQ(C1Members(v1::MEMBER_VIEW_FULL, &v1::Member::name), basic);
    EXPECT_EQ(C1Members(v1::MEMBER_VIEW_FULL, &v1::Member::name, /*mask_national_ids=*/true),
              basic);
    return basic;
  }
  // C1's whole listing in `view`, each member as "member_no:<field>", in order.
  std::vector<std::string> C1Members(v1::MemberView view,
                                     const std::string& (v1::Member::*field)() const,
                                     bool mask_national_ids = false) {
    v1::ListMembersRequest req;
    *req.mutable_org() = Ref("C1");
    req.set_include_subtree(true);
    req.set_page_size(100);
    req.set_view(view);
    std::string bytes;
    absl::Status listed = registry_->ListMembers(req, mask_national_ids, &bytes);
    EXPECT_TRUE(listed.ok()) << listed;
    v1::ListMembersResponse page;
    EXPECT_TRUE(page.ParseFromString(bytes));
    std::vector<std::string> out;
    for (const auto& m : page.members()) out.push_back(m.member_no() + ":" + (m.*field)());
    return out;
  }

  // Lists C1 before and after each kind of write (registration, rename, joining a group, leaving
  // the registry, a bulk import) and expects every write in the next listing.
  void ListingFollowsEachWrite() {
    BuildTree();
    for (const char* no : {"M1", "M2"}) ASSERT_TRUE(Register(no, "B1").ok());
    ASSERT_TRUE(Register("M3", "B2").ok());
    // Tree order: C1's children by code (B2, C2, GB1), then B1 and its group G1.
    EXPECT_THAT(C1MemberNames(), ElementsAre("M3:member M3", "M1:member M1", "M2:member M2"));
    ASSERT_GT(registry_->cached_listings(), 0u);

    ASSERT_TRUE(Register("M4", "B1").ok());
    EXPECT_THAT(C1MemberNames(),
                ElementsAre("M3:member M3", "M1:member M1", "M2:member M2", "M4:member M4"));

    ASSERT_TRUE(UpdateAtEtag("M1", [](auto& req) { req.set_name("renamed"); }).ok());
    ASSERT_TRUE(UpdateAtEtag("M2", [](auto& req) { req.set_group_code("G1"); }).ok());
    EXPECT_THAT(C1MemberNames(),
                ElementsAre("M3:member M3", "M1:renamed", "M4:member M4", "M2:member M2"));

    // A field only the full view shows.
    ASSERT_TRUE(UpdateAtEtag("M4", [](auto& req) { req.set_phone("13800000004"); }).ok());
    for (bool masked : {false, true}) {
      EXPECT_THAT(C1Members(v1::MEMBER_VIEW_FULL, &v1::Member::phone, masked),
                  ElementsAre("M3:", "M1:", "M4:13800000004", "M2:"));
    }

    ASSERT_TRUE(ChangeStatus("M3", v1::DIED).ok());
    EXPECT_THAT(C1MemberNames(), ElementsAre("M1:renamed", "M4:member M4", "M2:member M2"));

    // A bulk import (SST files ingested at once) forgets every listing.
    bulk_load_min_records_ = 1;
    Reopen();
    EXPECT_THAT(C1MemberNames(), ElementsAre("M1:renamed", "M4:member M4", "M2:member M2"));
    std::vector<ImportRow<v1::Member>> rows = {{2, NewMember("M5", "B2"), ""},
                                               {3, NewMember("M6", "B1"), ""}};
    auto outcome = registry_->ImportMembers(Call(), rows, false, 0);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    ASSERT_THAT(outcome->errors, IsEmpty());
    EXPECT_THAT(C1MemberNames(), ElementsAre("M5:member M5", "M1:renamed", "M4:member M4",
                                             "M6:member M6", "M2:member M2"));
  }

  std::vector<std::string> PathCodes(const std::string& code) {
    auto path = registry_->GetOrgPath(Ref(code));
    EXPECT_TRUE(path.ok()) << path.status();
    std::vector<std::string> codes;
    if (path.ok()) {
      for (const auto& o : path->orgs()) codes.push_back(o.code());
    }
    return codes;
  }

  Clock clock_;
  testing::TempDir dir_;
  std::unique_ptr<Registry> registry_;
  int request_count_ = 0;
  // Imports of at least this many members go through a bulk load (SST files).
  int64_t bulk_load_min_records_ = storage::StoreOptions().bulk_load_min_records;
  RegistryOptions registry_options_;
  std::shared_ptr<rocksdb::FileSystem> file_system_;  // unset: the local disk
  int person_count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The tree

TEST_F(RegistryTest, CreatesTreeWithPathsAndCounts) {
  EXPECT_TRUE(registry_->empty());
  auto root = CreateOrg("C1", v1::COMMITTEE);
  ASSERT_TRUE(root.ok()) << root.status();
  EXPECT_EQ(root->state(), v1::ORG_ACTIVE);
  EXPECT_EQ(root->parent_id(), 0u);
  EXPECT_EQ(root->etag(), "1");
  EXPECT_EQ(root->established_on(), "2020-01-01");
  ASSERT_TRUE(CreateOrg("GB1", v1::GENERAL_BRANCH, "C1").ok());
  auto branch = CreateOrg("B1", v1::BRANCH, "GB1");
  ASSERT_TRUE(branch.ok()) << branch.status();
  EXPECT_EQ(branch->parent_code(), "GB1");
  auto group = CreateOrg("G1", v1::GROUP, "B1");
  ASSERT_TRUE(group.ok()) << group.status();
  EXPECT_FALSE(registry_->empty());

  EXPECT_THAT(PathCodes("G1"), ElementsAre("C1", "GB1", "B1", "G1"));
  v1::OrgStats stats = Stats("C1");
  EXPECT_EQ(stats.orgs_by_type().committee(), 1);
  EXPECT_EQ(stats.orgs_by_type().general_branch(), 1);
  EXPECT_EQ(stats.orgs_by_type().branch(), 1);
  EXPECT_EQ(stats.orgs_by_type().group(), 1);
  EXPECT_EQ(Stats("B1").orgs_by_type().committee(), 0);
  EXPECT_EQ(Stats("B1").orgs_by_type().group(), 1);

  v1::GetOrgRequest by_id;
  by_id.mutable_org()->set_id(group->id());
  auto fetched = registry_->GetOrg(by_id.org());
  ASSERT_TRUE(fetched.ok());
  EXPECT_THAT(*fetched, EqualsProto(*group));

  v1::ListSubtreeOrgsRequest subtree;
  *subtree.mutable_org() = Ref("C1");
  auto listed = registry_->ListSubtreeOrgs(subtree);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->orgs_size(), 4);
  EXPECT_THAT(listed->depths(), ElementsAre(0, 1, 2, 3));
}

TEST_F(RegistryTest, RefusesDisallowedParentTypes) {
  BuildTree();
  struct Case {
    std::string code;
    v1::OrgType type;
    std::string parent;
  };
  for (const Case& c : std::vector<Case>{{"X1", v1::GROUP, "C1"},
                                         {"X2", v1::GROUP, "GB1"},
                                         {"X3", v1::GENERAL_BRANCH, "GB1"},
                                         {"X4", v1::BRANCH, "G1"},
                                         {"X5", v1::BRANCH, "B1"},
                                         {"X6", v1::COMMITTEE, "B1"},
                                         {"X7", v1::COMMITTEE, "GB1"},
                                         {"X8", v1::GENERAL_BRANCH, "B1"},
                                         {"X9", v1::BRANCH, ""},
                                         {"X10", v1::GROUP, ""}}) {
    auto created = CreateOrg(c.code, c.type, c.parent);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kFailedPrecondition)
        << c.code << " under '" << c.parent << "'";
    EXPECT_THAT(Msg(created.status()), HasSubstr("parent")) << c.code;
  }
  // Nothing was created.
  EXPECT_EQ(EventCount(), 6u);
  EXPECT_EQ(registry_->GetOrg(Ref("X1")).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RegistryTest, RefusesUnknownParent) {
  BuildTree();
  auto created = CreateOrg("B9", v1::BRANCH, "NOPE");
  EXPECT_EQ(created.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Msg(created.status()), HasSubstr("NOPE"));

  v1::CreateOrgRequest by_id = CreateRequest("B9", v1::BRANCH, "");
  by_id.mutable_parent()->set_id(999);
  EXPECT_EQ(registry_->CreateOrg(Call(), by_id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RegistryTest, RefusesDuplicateCodeAlsoOfDissolvedOrg) {
  BuildTree();
  auto again = CreateOrg("B1", v1::BRANCH, "C1");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Msg(again.status()), HasSubstr("B1"));

  ASSERT_TRUE(CreateOrg("B3", v1::BRANCH, "C1").ok());
  v1::DissolveOrgRequest dissolve;
  *dissolve.mutable_org() = Ref("B3");
  ASSERT_TRUE(registry_->DissolveOrg(Call(), dissolve).ok());
  auto reused = CreateOrg("B3", v1::BRANCH, "C1");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Msg(reused.status()), HasSubstr("dissolved"));
}

TEST_F(RegistryTest, RefusesInvalidOrgFields) {
  BuildTree();
  v1::CreateOrgRequest req = CreateRequest("B9", v1::BRANCH, "C1");
  req.set_established_on("2026-11-26");
  auto future = registry_->CreateOrg(Call(), req);
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(future.status()), HasSubstr("established_on"));
  req = CreateRequest("B 9", v1::BRANCH, "C1");
  EXPECT_EQ(registry_->CreateOrg(Call(), req).status().code(), absl::StatusCode::kInvalidArgument);
  // Without a date the org is established today.
  req = CreateRequest("B9", v1::BRANCH, "C1");
  req.clear_established_on();
  auto today = registry_->CreateOrg(Call(), req);
  ASSERT_TRUE(today.ok()) << today.status();
  EXPECT_EQ(today->established_on(), "2026-11-25");
}

// ---------------------------------------------------------------------------------------------
// Members

TEST_F(RegistryTest, RegistersMemberWithIdentityFromNationalId) {
  BuildTree();
  v1::Member m = NewMember("M1", "B1");
  m.set_group_code("G1");
  auto registered = Register(m);
  ASSERT_TRUE(registered.ok()) << registered.status();
  EXPECT_GT(registered->id(), 0u);
  EXPECT_EQ(registered->status(), v1::ACTIVE);
  EXPECT_EQ(registered->birth_date(), "1980-03-15");
  EXPECT_EQ(registered->gender(), v1::MALE);  // sequence 001
  EXPECT_EQ(registered->org_code(), "B1");
  EXPECT_EQ(registered->group_code(), "G1");
  EXPECT_NE(registered->org_id(), 0u);
  EXPECT_NE(registered->group_id(), 0u);

  auto fetched = registry_->GetMember(MemberNo("M1"));
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched->id(), registered->id());
  v1::MemberRef by_nid;
  by_nid.set_national_id(m.national_id());
  auto by_id_number = registry_->GetMember(by_nid);
  ASSERT_TRUE(by_id_number.ok());
  EXPECT_EQ(by_id_number->member_no(), "M1");
  EXPECT_EQ(registry_->GetMember(MemberNo("M404")).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RegistryTest, RefusesDuplicateMemberNumberAndNationalId) {
  BuildTree();
  v1::Member first = NewMember("M1", "B1");
  ASSERT_TRUE(Register(first).ok());

  auto same_no = Register("M1", "B2");
  EXPECT_EQ(same_no.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Msg(same_no.status()), HasSubstr("member_no"));

  v1::Member same_person = NewMember("M2", "B2");
  same_person.set_national_id(first.national_id());
  auto same_nid = Register(same_person);
  EXPECT_EQ(same_nid.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Msg(same_nid.status()), HasSubstr("national_id"));
  EXPECT_THAT(Msg(same_nid.status()), HasSubstr("M1"));
  // Never echo the ID number.
  EXPECT_THAT(Msg(same_nid.status()), ::testing::Not(HasSubstr(first.national_id())));

  EXPECT_EQ(registry_->GetMember(MemberNo("M2")).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RegistryTest, RefusesMembersOutsideActiveBranches) {
  BuildTree();
  auto committee = Register("M1", "C1");
  EXPECT_EQ(committee.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(committee.status()), HasSubstr("branch"));
  EXPECT_EQ(Register("M1", "GB1").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Register("M1", "G1").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Register("M1", "NOPE").status().code(), absl::StatusCode::kNotFound);

  // A group of another branch.
  v1::Member wrong_group = NewMember("M1", "B2");
  wrong_group.set_group_code("G1");
  EXPECT_EQ(Register(wrong_group).status().code(), absl::StatusCode::kFailedPrecondition);

  ASSERT_TRUE(CreateOrg("B3", v1::BRANCH, "C1").ok());
  v1::DissolveOrgRequest dissolve;
  *dissolve.mutable_org() = Ref("B3");
  ASSERT_TRUE(registry_->DissolveOrg(Call(), dissolve).ok());
  auto dissolved = Register("M1", "B3");
  EXPECT_EQ(dissolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(dissolved.status()), HasSubstr("dissolved"));

  auto invalid = Register(NewMember("", "B1"));
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(invalid.status()), HasSubstr("member_no"));
}

TEST_F(RegistryTest, StatsFollowRegistrationStatusChangesAndConfirmation) {
  BuildTree();
  ASSERT_TRUE(Register("F1", "B1").ok());
  ASSERT_TRUE(Register("F2", "B1", v1::FULL, v1::RETIRED).ok());
  ASSERT_TRUE(Register("P1", "B1", v1::PROBATIONARY).ok());

  for (const std::string code : {"B1", "GB1", "C1"}) {
    v1::OrgStats s = Stats(code);
    EXPECT_EQ(s.current_members(), 3) << code;
    EXPECT_EQ(s.full(), 2) << code;
    EXPECT_EQ(s.probationary(), 1) << code;
    EXPECT_EQ(StatusCount(s, "active"), 3) << code;
    EXPECT_EQ(s.members_by_employment().employed(), 2) << code;
    EXPECT_EQ(s.members_by_employment().retired(), 1) << code;
  }
  EXPECT_EQ(Stats("B2").current_members(), 0);
  EXPECT_EQ(Stats("C2").current_members(), 0);
  EXPECT_EQ(Stats("G1").current_members(), 0);

  // Expelled: no longer current, still counted by status.
  auto left = ChangeStatus("F2", v1::EXPELLED);
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_EQ(left->status(), v1::LEFT);
  EXPECT_EQ(left->status_reason(), v1::EXPELLED);
  EXPECT_EQ(left->status_date(), "2026-11-25");
  for (const std::string code : {"B1", "GB1", "C1"}) {
    v1::OrgStats s = Stats(code);
    EXPECT_EQ(s.current_members(), 2) << code;
    EXPECT_EQ(s.full(), 1) << code;
    EXPECT_EQ(StatusCount(s, "active"), 2) << code;
    EXPECT_EQ(StatusCount(s, "left"), 1) << code;
    EXPECT_EQ(s.members_by_employment().retired(), 0) << code;
  }

  // Mobile members are still current.
  ASSERT_TRUE(ChangeStatus("F1", v1::WENT_MOBILE).ok());
  v1::OrgStats mobile = Stats("C1");
  EXPECT_EQ(mobile.current_members(), 2);
  EXPECT_EQ(StatusCount(mobile, "mobile"), 1);
  EXPECT_EQ(StatusCount(mobile, "active"), 1);

  // Confirmation moves the category.
  v1::ConfirmMemberRequest confirm;
  *confirm.mutable_member() = MemberNo("P1");
  confirm.set_confirmed_on("2026-05-31");
  EXPECT_EQ(registry_->ConfirmMember(Call(), confirm).status().code(),
            absl::StatusCode::kFailedPrecondition);
  confirm.set_confirmed_on("2026-06-01");
  auto confirmed = registry_->ConfirmMember(Call(), confirm);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->category(), v1::FULL);
  EXPECT_EQ(confirmed->confirmed_on(), "2026-06-01");
  for (const std::string code : {"B1", "GB1", "C1"}) {
    v1::OrgStats s = Stats(code);
    EXPECT_EQ(s.current_members(), 2) << code;
    EXPECT_EQ(s.probationary(), 0) << code;
    EXPECT_EQ(s.full(), 2) << code;
  }

  // A final status refuses further changes.
  EXPECT_EQ(ChangeStatus("F2", v1::RESTORED).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(RegistryTest, ProbationExtensionAndCancellation) {
  BuildTree();
  ASSERT_TRUE(Register("P1", "B1", v1::PROBATIONARY).ok());
  ASSERT_TRUE(Register("P2", "B1", v1::PROBATIONARY).ok());
  v1::ExtendProbationRequest extend;
  *extend.mutable_member() = MemberNo("P1");
  extend.set_months(5);
  EXPECT_EQ(registry_->ExtendProbation(Call(), extend).status().code(),
            absl::StatusCode::kInvalidArgument);
  extend.set_months(6);
  auto extended = registry_->ExtendProbation(Call(), extend);
  ASSERT_TRUE(extended.ok()) << extended.status();
  EXPECT_EQ(extended->probation_extension_months(), 6);
  extend.set_months(7);
  EXPECT_EQ(registry_->ExtendProbation(Call(), extend).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Joined 2025-06-01 + 18 months = 2026-12-01, after today.
  v1::ConfirmMemberRequest confirm;
  *confirm.mutable_member() = MemberNo("P1");
  EXPECT_EQ(registry_->ConfirmMember(Call(), confirm).status().code(),
            absl::StatusCode::kFailedPrecondition);

  v1::CancelProbationRequest cancel;
  *cancel.mutable_member() = MemberNo("P2");
  auto cancelled = registry_->CancelProbation(Call(), cancel);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->status(), v1::LEFT);
  EXPECT_EQ(cancelled->status_reason(), v1::PROBATION_CANCELLED);
  v1::OrgStats s = Stats("C1");
  EXPECT_EQ(s.current_members(), 1);
  EXPECT_EQ(s.probationary(), 1);
  EXPECT_EQ(StatusCount(s, "left"), 1);
}

// ---------------------------------------------------------------------------------------------
// Moves and dissolution

TEST_F(RegistryTest, MoveOrgValidateOnlyReportsImpactAndChangesNothing) {
  BuildTree();
  for (const char* no : {"M1", "M2", "M3"}) ASSERT_TRUE(Register(no, "B1").ok());
  const size_t events_before = EventCount();
  const v1::OrgStats c1_before = Stats("C1");
  const v1::OrgStats gb1_before = Stats("GB1");
  const v1::OrgStats c2_before = Stats("C2");

  v1::MoveOrgRequest req;
  *req.mutable_org() = Ref("B1");
  *req.mutable_new_parent() = Ref("C2");
  req.set_validate_only(true);
  auto dry = registry_->MoveOrg(Call(), req);
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_FALSE(dry->applied());
  EXPECT_EQ(dry->org().parent_code(), "GB1");
  EXPECT_EQ(dry->orgs_moved(), 2);  // B1 and its group
  EXPECT_EQ(dry->members_moved(), 3);
  std::map<std::string, v1::CounterChange> changes;
  for (const auto& c : dry->counter_changes()) changes[c.org_code()] = c;
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes["C1"].members_before(), 3);
  EXPECT_EQ(changes["C1"].members_after(), 3);
  EXPECT_EQ(changes["C1"].orgs_before(), 6);
  EXPECT_EQ(changes["C1"].orgs_after(), 6);
  EXPECT_EQ(changes["GB1"].members_before(), 3);
  EXPECT_EQ(changes["GB1"].members_after(), 0);
  EXPECT_EQ(changes["GB1"].orgs_before(), 3);
  EXPECT_EQ(changes["GB1"].orgs_after(), 1);
  EXPECT_EQ(changes["C2"].members_before(), 0);
  EXPECT_EQ(changes["C2"].members_after(), 3);
  EXPECT_EQ(changes["C2"].orgs_before(), 1);
  EXPECT_EQ(changes["C2"].orgs_after(), 3);

  // Nothing changed.
  EXPECT_EQ(EventCount(), events_before);
  EXPECT_THAT(Stats("C1"), EqualsProto(c1_before));
  EXPECT_THAT(Stats("GB1"), EqualsProto(gb1_before));
  EXPECT_THAT(Stats("C2"), EqualsProto(c2_before));
  EXPECT_THAT(PathCodes("B1"), ElementsAre("C1", "GB1", "B1"));
  EXPECT_EQ(registry_->GetOrg(Ref("B1"))->etag(), "1");

  // The real move reports the same numbers.
  req.set_validate_only(false);
  auto moved = registry_->MoveOrg(Call(), req);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_TRUE(moved->applied());
  EXPECT_EQ(moved->org().parent_code(), "C2");
  EXPECT_EQ(moved->orgs_moved(), dry->orgs_moved());
  EXPECT_EQ(moved->members_moved(), dry->members_moved());
  ASSERT_EQ(moved->counter_changes_size(), dry->counter_changes_size());
  for (int i = 0; i < moved->counter_changes_size(); ++i) {
    EXPECT_THAT(moved->counter_changes(i), EqualsProto(dry->counter_changes(i)));
  }
  EXPECT_EQ(EventCount(), events_before + 1);
}

TEST_F(RegistryTest, MoveOrgUpdatesOldAndNewAncestorsAtOnce) {
  BuildTree();
  for (const char* no : {"M1", "M2"}) ASSERT_TRUE(Register(no, "B1").ok());
  ASSERT_TRUE(Register("M3", "B1", v1::PROBATIONARY, v1::RETIRED).ok());

  v1::MoveOrgRequest req;
  *req.mutable_org() = Ref("B1");
  *req.mutable_new_parent() = Ref("C2");
  req.set_reason("restructuring");
  auto moved = registry_->MoveOrg(Call(), req);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->org().etag(), "2");

  v1::OrgStats gb1 = Stats("GB1");
  EXPECT_EQ(gb1.current_members(), 0);
  EXPECT_EQ(StatusCount(gb1, "active"), 0);
  EXPECT_EQ(gb1.orgs_by_type().branch(), 0);
  EXPECT_EQ(gb1.orgs_by_type().group(), 0);
  EXPECT_EQ(gb1.orgs_by_type().general_branch(), 1);

  v1::OrgStats c2 = Stats("C2");
  EXPECT_EQ(c2.current_members(), 3);
  EXPECT_EQ(c2.full(), 2);
  EXPECT_EQ(c2.probationary(), 1);
  EXPECT_EQ(c2.members_by_employment().retired(), 1);
  EXPECT_EQ(c2.orgs_by_type().branch(), 1);
  EXPECT_EQ(c2.orgs_by_type().group(), 1);
  EXPECT_EQ(c2.orgs_by_type().committee(), 1);

  v1::OrgStats c1 = Stats("C1");
  EXPECT_EQ(c1.current_members(), 3);
  EXPECT_EQ(c1.orgs_by_type().branch(), 2);

  EXPECT_THAT(PathCodes("G1"), ElementsAre("C1", "C2", "B1", "G1"));
  v1::CheckMembershipRequest check;
  *check.mutable_member() = MemberNo("M1");
  *check.mutable_org() = Ref("C2");
  EXPECT_TRUE(registry_->CheckMembership(check)->is_member());
  *check.mutable_org() = Ref("GB1");
  EXPECT_FALSE(registry_->CheckMembership(check)->is_member());

  EXPECT_THAT(EventTypes(v1::ENTITY_ORG, "B1"), ElementsAre("OrgCreated", "OrgMoved"));
  auto events = AllEvents();
  EXPECT_EQ(events.back().reason(), "restructuring");
  EXPECT_EQ(events.back().org_before().parent_code(), "GB1");
  EXPECT_EQ(events.back().org_after().parent_code(), "C2");

  // Moving again to the same parent is refused.
  EXPECT_EQ(registry_->MoveOrg(Call(), req).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(RegistryTest, MoveOrgRefusesCycleAndWrongParentType) {
  BuildTree();
  ASSERT_TRUE(CreateOrg("C3", v1::COMMITTEE, "C2").ok());
  v1::MoveOrgRequest req;
  *req.mutable_org() = Ref("C2");
  *req.mutable_new_parent() = Ref("C3");
  auto cycle = registry_->MoveOrg(Call(), req);
  EXPECT_EQ(cycle.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(cycle.status()), HasSubstr("cycle"));

  *req.mutable_org() = Ref("C1");
  EXPECT_EQ(registry_->MoveOrg(Call(), req).status().code(), absl::StatusCode::kFailedPrecondition);
  *req.mutable_org() = Ref("C2");
  *req.mutable_new_parent() = Ref("C2");
  EXPECT_EQ(registry_->MoveOrg(Call(), req).status().code(), absl::StatusCode::kFailedPrecondition);

  // A branch under a group, a general branch under a branch.
  *req.mutable_org() = Ref("B2");
  *req.mutable_new_parent() = Ref("G1");
  EXPECT_EQ(registry_->MoveOrg(Call(), req).status().code(), absl::StatusCode::kFailedPrecondition);
  *req.mutable_org() = Ref("GB1");
  *req.mutable_new_parent() = Ref("B2");
  EXPECT_EQ(registry_->MoveOrg(Call(), req).status().code(), absl::StatusCode::kFailedPrecondition);
  *req.mutable_new_parent() = Ref("NOPE");
  EXPECT_EQ(registry_->MoveOrg(Call(), req).status().code(), absl::StatusCode::kNotFound);

  EXPECT_THAT(PathCodes("C3"), ElementsAre("C1", "C2", "C3"));
  EXPECT_EQ(EventCount(), 7u);
}

TEST_F(RegistryTest, MoveOrgRefusesGroupWithMembers) {
  BuildTree();
  ASSERT_TRUE(CreateOrg("B3", v1::BRANCH, "GB1").ok());
  ASSERT_TRUE(CreateOrg("G2", v1::GROUP, "B1").ok());
  v1::Member m = NewMember("M1", "B1");
  m.set_group_code("G1");
  ASSERT_TRUE(Register(m).ok());

  v1::MoveOrgRequest req;
  *req.mutable_org() = Ref("G1");
  *req.mutable_new_parent() = Ref("B3");
  auto refused = registry_->MoveOrg(Call(), req);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(refused.status()), HasSubstr("members"));

  // An empty group can move.
  *req.mutable_org() = Ref("G2");
  ASSERT_TRUE(registry_->MoveOrg(Call(), req).ok());
  EXPECT_THAT(PathCodes("G2"), ElementsAre("C1", "GB1", "B3", "G2"));
}

TEST_F(RegistryTest, DissolveOrgRequiresNoActiveChildrenOrCurrentMembers) {
  BuildTree();
  ASSERT_TRUE(Register("M1", "B1").ok());
  ASSERT_TRUE(Register("M2", "B1").ok());
  auto dissolve = [&](const std::string& code) {
    v1::DissolveOrgRequest req;
    *req.mutable_org() = Ref(code);
    req.set_reason("merged");
    return registry_->DissolveOrg(Call(), req);
  };

  auto gb1 = dissolve("GB1");
  EXPECT_EQ(gb1.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(gb1.status()), HasSubstr("B1"));
  auto b1 = dissolve("B1");
  EXPECT_EQ(b1.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(b1.status()), HasSubstr("G1"));

  auto g1 = dissolve("G1");
  ASSERT_TRUE(g1.ok()) << g1.status();
  EXPECT_EQ(g1->state(), v1::ORG_DISSOLVED);
  EXPECT_EQ(g1->dissolved_on(), "2026-11-25");

  b1 = dissolve("B1");
  EXPECT_EQ(b1.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(b1.status()), HasSubstr("2 current member(s)"));
  EXPECT_THAT(Msg(b1.status()), HasSubstr("M1"));
  EXPECT_THAT(Msg(b1.status()), HasSubstr("M2"));

  ASSERT_TRUE(ChangeStatus("M1", v1::DIED).ok());
  ASSERT_TRUE(ChangeStatus("M2", v1::RESIGNED).ok());
  b1 = dissolve("B1");
  ASSERT_TRUE(b1.ok()) << b1.status();
  ASSERT_TRUE(dissolve("GB1").ok());
  EXPECT_EQ(dissolve("GB1").status().code(), absl::StatusCode::kFailedPrecondition);

  v1::OrgStats c1 = Stats("C1");
  EXPECT_EQ(c1.dissolved_orgs(), 3);
  EXPECT_EQ(c1.orgs_by_type().branch(), 1);
  EXPECT_EQ(c1.orgs_by_type().general_branch(), 0);
  EXPECT_EQ(c1.orgs_by_type().group(), 0);
  EXPECT_EQ(c1.current_members(), 0);
  EXPECT_EQ(StatusCount(c1, "deceased"), 1);
  EXPECT_EQ(StatusCount(c1, "left"), 1);

  // Dissolved orgs stay readable but accept nothing.
  auto read = registry_->GetOrg(Ref("B1"));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->state(), v1::ORG_DISSOLVED);
  EXPECT_EQ(CreateOrg("B4", v1::BRANCH, "GB1").status().code(),
            absl::StatusCode::kFailedPrecondition);
  v1::UpdateOrgRequest update;
  *update.mutable_org() = Ref("B1");
  update.set_etag(read->etag());
  update.set_name("renamed");
  EXPECT_EQ(registry_->UpdateOrg(Call(), update).status().code(),
            absl::StatusCode::kFailedPrecondition);
  v1::MoveOrgRequest move;
  *move.mutable_org() = Ref("B2");
  *move.mutable_new_parent() = Ref("GB1");
  EXPECT_EQ(registry_->MoveOrg(Call(), move).status().code(),
            absl::StatusCode::kFailedPrecondition);
  v1::ListChildOrgsRequest children;
  *children.mutable_org() = Ref("C1");
  EXPECT_EQ(registry_->ListChildOrgs(children)->orgs_size(), 2);  // B2, C2
  children.set_include_dissolved(true);
  EXPECT_EQ(registry_->ListChildOrgs(children)->orgs_size(), 3);
}

TEST_F(RegistryTest, UpdateOrgChecksEtag) {
  BuildTree();
  v1::UpdateOrgRequest req;
  *req.mutable_org() = Ref("B1");
  req.set_name("第一党支部");

  auto missing = registry_->UpdateOrg(Call(), req);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(missing.status()), HasSubstr("etag"));

  req.set_etag("7");
  auto stale = registry_->UpdateOrg(Call(), req);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(Msg(stale.status()), HasSubstr("etag"));

  req.set_etag("1");
  auto updated = registry_->UpdateOrg(Call(), req);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->name(), "第一党支部");
  EXPECT_EQ(updated->etag(), "2");
  EXPECT_EQ(registry_->GetOrg(Ref("B1"))->name(), "第一党支部");

  req.set_name("again");
  EXPECT_EQ(registry_->UpdateOrg(Call(), req).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(registry_->GetOrg(Ref("B1"))->name(), "第一党支部");
}

// ---------------------------------------------------------------------------------------------
// Idempotency and the event log

TEST_F(RegistryTest, SameRequestIdAndRequestReplaysTheFirstResponse) {
  BuildTree();
  const size_t before = EventCount();
  v1::CreateOrgRequest req = CreateRequest("B9", v1::BRANCH, "C1");
  auto first = registry_->CreateOrg(Call("retry-1"), req);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = registry_->CreateOrg(Call("retry-1"), req);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(*second, EqualsProto(*first));
  EXPECT_EQ(EventCount(), before + 1);
  EXPECT_THAT(EventTypes(v1::ENTITY_ORG, "B9"), ElementsAre("OrgCreated"));

  // Registering twice with the same id gives the member, not ALREADY_EXISTS.
  v1::Member m = NewMember("M1", "B9");
  auto registered = Register(m, "retry-2");
  ASSERT_TRUE(registered.ok()) << registered.status();
  auto again = Register(m, "retry-2");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(*again, EqualsProto(*registered));
  EXPECT_THAT(EventTypes(v1::ENTITY_MEMBER, "M1"), ElementsAre("MemberRegistered"));
  EXPECT_EQ(EventCount(), before + 2);
}

TEST_F(RegistryTest, SameRequestIdWithDifferentRequestIsRefused) {
  BuildTree();
  ASSERT_TRUE(registry_->CreateOrg(Call("dup"), CreateRequest("B9", v1::BRANCH, "C1")).ok());
  const size_t before = EventCount();
  auto other = registry_->CreateOrg(Call("dup"), CreateRequest("B8", v1::BRANCH, "C1"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(other.status()), HasSubstr("request_id"));
  // Another method under the same id as well.
  v1::DissolveOrgRequest dissolve;
  *dissolve.mutable_org() = Ref("B9");
  EXPECT_EQ(registry_->DissolveOrg(Call("dup"), dissolve).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EventCount(), before);
  EXPECT_EQ(registry_->GetOrg(Ref("B8")).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RegistryTest, FailedCallWritesNoEvent) {
  BuildTree();
  const size_t before = EventCount();
  EXPECT_FALSE(registry_->CreateOrg(Call("fail-1"), CreateRequest("B1", v1::BRANCH, "C1")).ok());
  EXPECT_FALSE(Register("M1", "C1").ok());
  EXPECT_FALSE(ChangeStatus("NOBODY", v1::DIED).ok());
  v1::MoveOrgRequest move;
  *move.mutable_org() = Ref("C1");
  *move.mutable_new_parent() = Ref("C2");
  EXPECT_FALSE(registry_->MoveOrg(Call(), move).ok());
  EXPECT_EQ(EventCount(), before);
  // A failed call does not use up its request id.
  auto retried = registry_->CreateOrg(Call("fail-1"), CreateRequest("B9", v1::BRANCH, "C1"));
  EXPECT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(EventCount(), before + 1);
}

TEST_F(RegistryTest, EventsAreDenseAndCarryActorAndRequest) {
  BuildTree();
  ASSERT_TRUE(Register(NewMember("M1", "B1"), "reg-m1").ok());
  auto events = AllEvents();
  ASSERT_EQ(events.size(), 7u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq(), i + 1);
    EXPECT_EQ(events[i].actor(), "tester");
    EXPECT_THAT(events[i].time(), ::testing::StartsWith("2026-11-25T"));
  }
  EXPECT_EQ(events[6].type(), "MemberRegistered");
  EXPECT_EQ(events[6].request_id(), "reg-m1");
  EXPECT_EQ(events[6].entity_type(), v1::ENTITY_MEMBER);
  EXPECT_EQ(events[6].entity_key(), "M1");
  EXPECT_FALSE(events[6].has_member_before());
  EXPECT_EQ(events[6].member_after().member_no(), "M1");
  EXPECT_EQ(events[0].entity_key(), "C1");
  EXPECT_EQ(events[0].effective_date(), "2020-01-01");

  // Paging through the log.
  v1::ListEventsRequest req;
  req.set_page_size(4);
  auto page1 = registry_->ListEvents(req);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->events_size(), 4);
  ASSERT_FALSE(page1->next_page_token().empty());
  req.set_page_token(page1->next_page_token());
  auto page2 = registry_->ListEvents(req);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->events_size(), 3);
  EXPECT_EQ(page2->events(0).seq(), 5u);
  EXPECT_EQ(page2->next_page_token(), "");
  req.set_page_token("garbage!");
  EXPECT_EQ(registry_->ListEvents(req).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RegistryTest, ListEventsFiltersByEntityAndAfterSeq) {
  BuildTree();
  ASSERT_TRUE(Register("M1", "B1").ok());
  ASSERT_TRUE(Register("M2", "B1").ok());
  v1::UpdateOrgRequest update;
  *update.mutable_org() = Ref("B1");
  update.set_etag("1");
  update.set_name("renamed");
  ASSERT_TRUE(registry_->UpdateOrg(Call(), update).ok());
  ASSERT_TRUE(ChangeStatus("M1", v1::WENT_MOBILE).ok());

  EXPECT_THAT(EventTypes(v1::ENTITY_ORG, "B1"), ElementsAre("OrgCreated", "OrgUpdated"));
  EXPECT_THAT(EventTypes(v1::ENTITY_MEMBER, "M1"),
              ElementsAre("MemberRegistered", "MemberStatusChanged"));
  EXPECT_THAT(EventTypes(v1::ENTITY_MEMBER, "M2"), ElementsAre("MemberRegistered"));
  EXPECT_THAT(EventTypes(v1::ENTITY_ORG, "C2"), ElementsAre("OrgCreated"));

  // By id as well as by key.
  v1::ListEventsRequest by_id;
  by_id.set_entity_type(v1::ENTITY_MEMBER);
  by_id.set_entity_id(registry_->GetMember(MemberNo("M1"))->id());
  EXPECT_EQ(AllEvents(by_id).size(), 2u);

  // after_seq: seqs 1–6 orgs, 7 M1, 8 M2, 9 update, 10 status.
  v1::ListEventsRequest after;
  after.set_after_seq(8);
  auto tail = AllEvents(after);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].seq(), 9u);
  EXPECT_EQ(tail[1].seq(), 10u);
  EXPECT_THAT(EventTypes(v1::ENTITY_MEMBER, "M1", 7), ElementsAre("MemberStatusChanged"));
  EXPECT_THAT(EventTypes(v1::ENTITY_ORG, "B1", 9), IsEmpty());

  v1::ListEventsRequest unknown;
  unknown.set_entity_type(v1::ENTITY_MEMBER);
  unknown.set_entity_key("NOBODY");
  EXPECT_EQ(registry_->ListEvents(unknown).status().code(), absl::StatusCode::kNotFound);
  unknown.set_entity_type(v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_EQ(registry_->ListEvents(unknown).status().code(), absl::StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Member listings and membership

TEST_F(RegistryTest, ListMembersPagesThroughSubtreeExactlyOnce) {
  BuildTree();
  for (const char* no : {"M1", "M2", "M3"}) ASSERT_TRUE(Register(no, "B1").ok());
  for (const char* no : {"M4", "M5"}) ASSERT_TRUE(Register(no, "B2").ok());

  v1::ListMembersRequest req;
  *req.mutable_org() = Ref("C1");
  req.set_include_subtree(true);
  std::vector<std::string> nos = ListAllMembers(req, 2);
  EXPECT_THAT(nos, UnorderedElementsAre("M1", "M2", "M3", "M4", "M5"));

  // One page at a time: 2 + 2 + 1.
  req.set_page_size(2);
  auto page = registry_->ListMembers(req);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->members_size(), 2);
  EXPECT_FALSE(page->next_page_token().empty());

  // Without the subtree, a committee places no members; a branch lists its own.
  v1::ListMembersRequest own;
  *own.mutable_org() = Ref("B1");
  EXPECT_THAT(ListAllMembers(own, 2), ElementsAre("M1", "M2", "M3"));
  *own.mutable_org() = Ref("C1");
  EXPECT_THAT(ListAllMembers(own, 2), IsEmpty());

  req.set_page_token("not-a-token");
  EXPECT_EQ(registry_->ListMembers(req).status().code(), absl::StatusCode::kInvalidArgument);
  req.clear_page_token();
  req.set_page_size(1001);
  EXPECT_EQ(registry_->ListMembers(req).status().code(), absl::StatusCode::kInvalidArgument);
}

// NextInDfs, stepped from any org, walks exactly what SubtreeDfs lists, with and without dissolved
// orgs, at the depths DepthInDfs gives; also after a move re-links part of the tree. Outside the
// list there is no next.
TEST(OrgTreeTest, NextInDfsWalksWhatSubtreeDfsLists) {
  OrgTree tree;
  auto put = [&](uint64_t id, const std::string& code, uint64_t parent, bool dissolved = false) {
    v1::Org org;
    org.set_id(id);
    org.set_code(code);
    org.set_parent_id(parent);
    if (dissolved) org.set_state(v1::ORG_DISSOLVED);
    tree.Upsert(org);
  };
  // Ids out of code order, a child loaded before its parent, dissolved orgs with and without a
  // child, one between listed siblings.
  put(1, "R", 0);
  put(9, "R-B", 1);
  put(2, "R-A", 1);
  put(7, "R-A-2", 2);
  put(3, "R-A-1", 2);
  put(5, "R-A-15", 2, /*dissolved=*/true);
  put(12, "R-C-1", 11);
  put(11, "R-C", 1, /*dissolved=*/true);
  put(4, "R-B-1", 9);
  put(20, "S", 0);
  put(21, "S-A", 20);

  auto walk = [&](uint64_t root, bool dissolved) {
    std::vector<std::pair<uint64_t, int>> listed;
    std::optional<std::pair<uint64_t, int>> entry;
    if (tree.DepthInDfs(root, root, dissolved)) entry.emplace(root, 0);
    for (; entry && listed.size() < 100; entry = tree.NextInDfs(entry->first, root, dissolved)) {
      // The depth the walk carries is the one DepthInDfs finds from the org itself.
      EXPECT_EQ(tree.DepthInDfs(entry->first, root, dissolved), entry->second) << entry->first;
      listed.push_back(*entry);
    }
    return listed;
  };
  using P = std::pair<uint64_t, int>;
  EXPECT_THAT(walk(1, true), ElementsAre(P{1, 0}, P{2, 1}, P{3, 2}, P{5, 2}, P{7, 2}, P{9, 1},
                                         P{4, 2}, P{11, 1}, P{12, 2}));
  EXPECT_THAT(walk(1, false), ElementsAre(P{1, 0}, P{2, 1}, P{3, 2}, P{7, 2}, P{9, 1}, P{4, 2}));
  for (bool dissolved : {true, false}) {
    for (uint64_t root : {1, 2, 3, 5, 7, 9, 4, 11, 12, 20, 21}) {
      EXPECT_EQ(walk(root, dissolved), tree.SubtreeDfs(root, dissolved))
          << "root " << root << (dissolved ? " with dissolved" : "");
    }
  }
  EXPECT_EQ(tree.NextInDfs(21, 1, true), std::nullopt);   // S-A is not under R
  EXPECT_EQ(tree.NextInDfs(99, 1, true), std::nullopt);   // unknown
  EXPECT_EQ(tree.NextInDfs(12, 1, false), std::nullopt);  // under a dissolved org
  EXPECT_EQ(tree.DepthInDfs(12, 1, false), std::nullopt);

  put(9, "R-B", 20);  // R-B and its child move under S
  EXPECT_THAT(walk(20, false), ElementsAre(P{20, 0}, P{9, 1}, P{4, 2}, P{21, 1}));
  for (uint64_t root : {1, 20, 9}) {
    EXPECT_EQ(walk(root, true), tree.SubtreeDfs(root, true)) << "root " << root;
  }
}

// A subtree's orgs page by page, at every page size, are SubtreeDfs's list with its depths.
TEST_F(RegistryTest, ListSubtreeOrgsPagesThroughTheTreeAtEveryPageSize) {
  BuildTree();  // C1 > {GB1 > B1 > G1, B2, C2}
  ASSERT_TRUE(CreateOrg("B3", v1::BRANCH, "C2").ok());
  ASSERT_TRUE(CreateOrg("A9", v1::BRANCH, "C1").ok());
  v1::DissolveOrgRequest dissolve;
  *dissolve.mutable_org() = Ref("B3");
  dissolve.set_reason("merged away");
  ASSERT_TRUE(registry_->DissolveOrg(Call(), dissolve).ok());

  auto list_all = [&](bool dissolved, int page_size) {
    std::vector<std::pair<std::string, int>> seen;
    v1::ListSubtreeOrgsRequest req;
    *req.mutable_org() = Ref("C1");
    req.set_include_dissolved(dissolved);
    req.set_page_size(page_size);
    for (int pages = 0; pages < 20; ++pages) {
      auto page = registry_->ListSubtreeOrgs(req);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(page->orgs_size(), page_size);
      EXPECT_EQ(page->depths_size(), page->orgs_size());
      for (int i = 0; i < page->orgs_size(); ++i) {
        seen.emplace_back(page->orgs(i).code(), page->depths(i));
      }
      if (page->next_page_token().empty()) break;
      req.set_page_token(page->next_page_token());
    }
    return seen;
  };
  using P = std::pair<std::string, int>;
  for (int page_size = 1; page_size <= 9; ++page_size) {
    EXPECT_THAT(list_all(false, page_size),
                ElementsAre(P{"C1", 0}, P{"A9", 1}, P{"B2", 1}, P{"C2", 1}, P{"GB1", 1}, P{"B1", 2},
                            P{"G1", 3}))
        << "page size " << page_size;
    EXPECT_THAT(list_all(true, page_size),
                ElementsAre(P{"C1", 0}, P{"A9", 1}, P{"B2", 1}, P{"C2", 1}, P{"B3", 2}, P{"GB1", 1},
                            P{"B1", 2}, P{"G1", 3}))
        << "page size " << page_size;
  }

  // A token from an org that has left the list since is refused.
  v1::ListSubtreeOrgsRequest req;
  *req.mutable_org() = Ref("C1");
  req.set_page_size(2);
  auto first = registry_->ListSubtreeOrgs(req);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->orgs(1).code(), "A9");
  dissolve.mutable_org()->set_code("A9");
  ASSERT_TRUE(registry_->DissolveOrg(Call(), dissolve).ok());
  req.set_page_token(first->next_page_token());
  auto stale = registry_->ListSubtreeOrgs(req);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(stale.status()), HasSubstr("page_token"));
  req.set_include_dissolved(true);
  auto with_dissolved = registry_->ListSubtreeOrgs(req);
  ASSERT_TRUE(with_dissolved.ok()) << with_dissolved.status();
  EXPECT_EQ(with_dissolved->orgs(0).code(), "B2");

  // Bad input: a token that is not one, a token from another subtree, a page size out of range,
  // an unknown org.
  req.set_page_token("not-a-token");
  EXPECT_EQ(registry_->ListSubtreeOrgs(req).status().code(), absl::StatusCode::kInvalidArgument);
  *req.mutable_org() = Ref("GB1");
  req.set_page_token(first->next_page_token());  // continues from A9, not under GB1
  auto elsewhere = registry_->ListSubtreeOrgs(req);
  EXPECT_EQ(elsewhere.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(elsewhere.status()), HasSubstr("page_token"));
  req.clear_page_token();
  req.set_page_size(1001);
  auto too_big = registry_->ListSubtreeOrgs(req);
  EXPECT_EQ(too_big.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(too_big.status()), HasSubstr("page_size"));
  req.set_page_size(2);
  *req.mutable_org() = Ref("NOPE");
  EXPECT_EQ(registry_->ListSubtreeOrgs(req).status().code(), absl::StatusCode::kNotFound);
}

// A subtree is listed org by org in tree order (children by code), each org's members by id,
// whatever order the orgs were created in; every page size walks the same sequence.
TEST_F(RegistryTest, ListMembersWalksTheSubtreeInTreeOrderAtEveryPageSize) {
  BuildTree();  // C1 > {GB1 > B1 > G1, B2, C2}
  ASSERT_TRUE(CreateOrg("B3", v1::BRANCH, "C2").ok());
  ASSERT_TRUE(CreateOrg("A9", v1::BRANCH, "C1").ok());  // created last, first by code
  for (const char* no : {"M1", "M2"}) ASSERT_TRUE(Register(no, "B1").ok());
  auto grouped = Register("M3", "B1");
  ASSERT_TRUE(grouped.ok());
  v1::UpdateMemberRequest join;
  *join.mutable_member() = MemberNo("M3");
  join.set_etag(grouped->etag());
  join.set_group_code("G1");
  ASSERT_TRUE(registry_->UpdateMember(Call(), join).ok());
  ASSERT_TRUE(Register("M4", "B2").ok());
  for (const char* no : {"M5", "M6"}) ASSERT_TRUE(Register(no, "A9").ok());
  ASSERT_TRUE(Register("M7", "B3").ok());

  // Tree order: C1, A9, B2, C2, B3, GB1, B1, G1.
  v1::ListMembersRequest req;
  *req.mutable_org() = Ref("C1");
  req.set_include_subtree(true);
  for (int page_size = 1; page_size <= 8; ++page_size) {
    EXPECT_THAT(ListAllMembers(req, page_size),
                ElementsAre("M5", "M6", "M4", "M7", "M1", "M2", "M3"))
        << "page size " << page_size;
  }
  *req.mutable_org() = Ref("GB1");
  EXPECT_THAT(ListAllMembers(req, 1), ElementsAre("M1", "M2", "M3"));
  *req.mutable_org() = Ref("C2");
  EXPECT_THAT(ListAllMembers(req, 1), ElementsAre("M7"));
}

TEST_F(RegistryTest, ListMembersTokenFromAnOrgMovedOutOfTheSubtreeIsRefused) {
  BuildTree();
  ASSERT_TRUE(CreateOrg("B3", v1::BRANCH, "C2").ok());
  ASSERT_TRUE(CreateOrg("C9", v1::COMMITTEE).ok());
  for (const char* no : {"M1", "M2"}) ASSERT_TRUE(Register(no, "B3").ok());

  v1::ListMembersRequest req;
  *req.mutable_org() = Ref("C1");
  req.set_include_subtree(true);
  req.set_page_size(1);
  auto page = registry_->ListMembers(req);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_THAT(page->members(), SizeIs(1));
  EXPECT_EQ(page->members(0).member_no(), "M1");
  ASSERT_FALSE(page->next_page_token().empty());

  v1::MoveOrgRequest move;
  *move.mutable_org() = Ref("B3");
  *move.mutable_new_parent() = Ref("C9");
  move.set_reason("restructuring");
  ASSERT_TRUE(registry_->MoveOrg(Call(), move).ok());

  req.set_page_token(page->next_page_token());
  auto after_move = registry_->ListMembers(req);
  EXPECT_EQ(after_move.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(after_move.status().message(), HasSubstr("page_token"));
  // Nor does it continue a listing of one org that is not the one it came from.
  v1::ListMembersRequest own = req;
  own.set_include_subtree(false);
  *own.mutable_org() = Ref("B2");
  auto other_org = registry_->ListMembers(own);
  EXPECT_EQ(other_org.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(other_org.status().message(),
              HasSubstr("page_token: the org it continues from is no longer in this list"));
  // The same token still continues a listing of the subtree the org is in now.
  *req.mutable_org() = Ref("C9");
  auto continued = registry_->ListMembers(req);
  ASSERT_TRUE(continued.ok()) << continued.status();
  ASSERT_THAT(continued->members(), SizeIs(1));
  EXPECT_EQ(continued->members(0).member_no(), "M2");
}

// Pages read while another thread moves a branch out of the subtree and back answer, or refuse
// with ABORTED (an org the page stood on left mid-page) or INVALID_ARGUMENT (its token's org has
// left); never anything else, never a member from outside the subtree. Once the moves stop, the
// listing is whole again.
TEST_F(RegistryTest, ListMembersWhileOrgsMoveAnswersOrRefusesCleanly) {
  BuildTree();
  ASSERT_TRUE(CreateOrg("C9", v1::COMMITTEE).ok());
  ASSERT_TRUE(CreateOrg("B3", v1::BRANCH, "C2").ok());
  for (const char* no : {"M1", "M2", "M3"}) ASSERT_TRUE(Register(no, "B1").ok());
  for (const char* no : {"M4", "M5"}) ASSERT_TRUE(Register(no, "B3").ok());
  ASSERT_TRUE(Register("M6", "B2").ok());

  std::atomic<bool> done{false};
  std::thread mover([&] {
    for (int i = 0; i < 40; ++i) {
      v1::MoveOrgRequest move;
      *move.mutable_org() = Ref("B3");
      *move.mutable_new_parent() = Ref(i % 2 == 0 ? "C9" : "C2");
      move.set_reason("restructuring");
      EXPECT_TRUE(registry_->MoveOrg(Call(), move).ok());
    }
    done = true;
  });
  v1::ListMembersRequest req;
  *req.mutable_org() = Ref("C1");
  req.set_include_subtree(true);
  req.set_page_size(1);
  int answered = 0;
  while (!done) {
    auto page = registry_->ListMembers(req);
    if (page.ok()) {
      ++answered;
      for (const auto& m : page->members()) {
        EXPECT_THAT(m.member_no(), AnyOf("M1", "M2", "M3", "M4", "M5", "M6"));
      }
      req.set_page_token(page->next_page_token());
      continue;
    }
    EXPECT_THAT(page.status().code(),
                AnyOf(absl::StatusCode::kAborted, absl::StatusCode::kInvalidArgument))
        << page.status();
    if (page.status().code() == absl::StatusCode::kInvalidArgument) {
      EXPECT_THAT(Msg(page.status()), HasSubstr("page_token"));
    }
    req.clear_page_token();
  }
  mover.join();
  EXPECT_GT(answered, 0);
  req.clear_page_token();  // the 40th move put B3 back under C2
  EXPECT_THAT(ListAllMembers(req, 1), ElementsAre("M6", "M4", "M5", "M1", "M2", "M3"));
}

// The member list cache (listing_cache.h) gives the pages the store gives: cold, warm, turned
// off, and so small that most orgs are too large to keep (their pages are read from the store).
TEST_F(RegistryTest, ListMembersPagesFromTheCacheAreThePagesOfTheStore) {
  BuildTree();
  for (const char* no : {"M1", "M2", "M3"}) ASSERT_TRUE(Register(no, "B1").ok());
  v1::Member grouped = NewMember("M4", "B1");
  grouped.set_group_code("G1");
  ASSERT_TRUE(Register(grouped).ok());
  ASSERT_TRUE(Register("M5", "B2", v1::PROBATIONARY).ok());
  ASSERT_TRUE(Register("M6", "B2").ok());
  ASSERT_TRUE(ChangeStatus("M6", v1::DIED).ok());
  ASSERT_TRUE(Register("M7", "B2", v1::FULL, v1::RETIRED).ok());

  const std::vector<std::string> cold = EveryListingPage();
  EXPECT_GT(cold.size(), 384u);  // every listing has a page, most several
  // Listings kept: the five orgs, each in up to three ways of showing a member.
  EXPECT_GT(registry_->cached_listings(), 5u);
  EXPECT_EQ(EveryListingPage(), cold);

  registry_options_.list_cache_bytes = 0;
  Reopen();
  EXPECT_EQ(EveryListingPage(), cold);
  EXPECT_EQ(registry_->cached_listings(), 0u);

  // A listing may take 128 bytes here: the empty orgs and a one-member basic listing fit, the
  // rest are too large.
  registry_options_.list_cache_bytes = 2048;
  Reopen();
  EXPECT_EQ(EveryListingPage(), cold);
  EXPECT_EQ(EveryListingPage(), cold);
}

// A write the disk refuses changes nothing: not the members, the counts, the event log nor the
// list pages (the listings cached before it are still right), and the list cache is back in use
// after it (the write it began has ended). After a restart the registry takes writes again. The
// same for a bulk import, whose SST files cannot be written. RocksDB is real; its files go through
// a file system that fails writes on demand.
TEST_F(RegistryTest, AWriteTheDiskRefusesChangesNothing) {
  auto disk = std::make_shared<testing::FailingFileSystem>();
  file_system_ = disk;
  Reopen();
  BuildTree();
  ASSERT_TRUE(CreateOrg("C9", v1::COMMITTEE).ok());  // not listed before the failure
  for (const char* no : {"M1", "M2"}) ASSERT_TRUE(Register(no, "B1").ok());
  const std::vector<std::string> names = C1MemberNames();
  const v1::OrgStats stats = Stats("C1");
  const size_t events = EventCount();
  const size_t listings = registry_->cached_listings();
  ASSERT_GT(listings, 0u);

  disk->fail_writes(true);
  auto refused = Register("M3", "B1");
  disk->fail_writes(false);
  ASSERT_FALSE(refused.ok());
  EXPECT_GT(disk->refused(), 0);
  EXPECT_THAT(Msg(refused.status()), HasSubstr("injected write failure"));
  EXPECT_EQ(registry_->GetMember(MemberNo("M3")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(C1MemberNames(), names);
  EXPECT_THAT(Stats("C1"), EqualsProto(stats));
  EXPECT_EQ(EventCount(), events);
  // A listing not read before is kept now: no write is under way any more.
  v1::ListMembersRequest c9;
  *c9.mutable_org() = Ref("C9");
  ASSERT_TRUE(registry_->ListMembers(c9).ok());
  EXPECT_EQ(registry_->cached_listings(), listings + 1);

  Reopen();
  EXPECT_EQ(C1MemberNames(), names);
  EXPECT_EQ(EventCount(), events);
  ASSERT_TRUE(Register("M3", "B1").ok());
  EXPECT_THAT(C1MemberNames(), ElementsAre("M1:member M1", "M2:member M2", "M3:member M3"));

  bulk_load_min_records_ = 1;
  Reopen();
  const size_t events_before_import = EventCount();
  std::vector<ImportRow<v1::Member>> rows = {{2, NewMember("M4", "B2"), ""},
                                             {3, NewMember("M5", "B1"), ""}};
  disk->fail_writes(true);
  auto import = registry_->ImportMembers(Call(), rows, false, 0);
  disk->fail_writes(false);
  ASSERT_FALSE(import.ok());
  EXPECT_EQ(registry_->GetMember(MemberNo("M4")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(C1MemberNames(), ElementsAre("M1:member M1", "M2:member M2", "M3:member M3"));
  EXPECT_EQ(EventCount(), events_before_import);
  auto imported = registry_->ImportMembers(Call(), rows, false, 0);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_THAT(C1MemberNames(), ElementsAre("M4:member M4", "M1:member M1", "M2:member M2",
                                           "M3:member M3", "M5:member M5"));
}

// A listing read after a write shows it, whatever the cache held before: with room for every
// listing, and with so little that most orgs are marked too large (marks outlive writes).
TEST_F(RegistryTest, ListMembersShowsEachWriteAtOnceThroughTheCache) { ListingFollowsEachWrite(); }

TEST_F(RegistryTest, ListMembersShowsEachWriteAtOnceThroughATinyCache) {
  registry_options_.list_cache_bytes = 2048;
  Reopen();
  ListingFollowsEachWrite();
}

// Pages read while a member moves between two orgs of the subtree (in and out of a group) each
// show one state of the registry: every member exactly once. A page that mixed a listing kept
// before a move with one read after it would show the moving member twice or not at all.
TEST_F(RegistryTest, ListMembersWhileMembersMoveShowsEachMemberOnce) {
  BuildTree();
  for (const char* no : {"M1", "M2", "M3"}) ASSERT_TRUE(Register(no, "B1").ok());
  ASSERT_TRUE(Register("M4", "B2").ok());

  constexpr int kMoves = 150;
  std::atomic<bool> done{false};
  std::thread mover([&] {
    for (int i = 0; i < kMoves; ++i) {
      auto moved = UpdateAtEtag("M1", [i](auto& req) {
        req.set_name("round " + std::to_string(i));
        req.set_group_code(i % 2 == 0 ? "G1" : "");
      });
      EXPECT_TRUE(moved.ok()) << moved.status();
    }
    done = true;
  });
  // B1's own listing holds the branch and its group: M1 is in it wherever it is.
  v1::ListMembersRequest own;
  *own.mutable_org() = Ref("B1");
  own.set_page_size(100);
  int pages = 0;
  while (!done) {
    for (auto view : {v1::MEMBER_VIEW_BASIC, v1::MEMBER_VIEW_FULL}) {
      std::vector<std::string> nos;
      for (const std::string& entry : C1Members(view, &v1::Member::name)) {
        nos.push_back(entry.substr(0, 2));
      }
      EXPECT_THAT(nos, UnorderedElementsAre("M1", "M2", "M3", "M4")) << view;
    }
    for (auto view : {v1::MEMBER_VIEW_BASIC, v1::MEMBER_VIEW_FULL}) {
      own.set_view(view);
      auto page = registry_->ListMembers(own);
      ASSERT_TRUE(page.ok()) << page.status();
      std::vector<std::string> own_nos;
      for (const auto& m : page->members()) own_nos.push_back(m.member_no());
      EXPECT_THAT(own_nos, UnorderedElementsAre("M1", "M2", "M3")) << view;
    }
    ++pages;
  }
  mover.join();
  EXPECT_GT(pages, 0);
  // The last move took M1 out of the group, back before M2 and M3.
  EXPECT_THAT(C1MemberNames(),
              ElementsAre("M4:member M4", "M1:round 149", "M2:member M2", "M3:member M3"));
}

TEST_F(RegistryTest, ListMembersTokenStaysValidWhileMembersAreAdded) {
  BuildTree();
  for (const char* no : {"M1", "M2", "M3"}) ASSERT_TRUE(Register(no, "B1").ok());
  for (const char* no : {"M4", "M5"}) ASSERT_TRUE(Register(no, "B2").ok());

  v1::ListMembersRequest req;
  *req.mutable_org() = Ref("C1");
  req.set_include_subtree(true);
  req.set_page_size(2);
  std::vector<std::string> seen;
  auto page = registry_->ListMembers(req);
  ASSERT_TRUE(page.ok()) << page.status();
  for (const auto& m : page->members()) seen.push_back(m.member_no());
  ASSERT_FALSE(page->next_page_token().empty());

  // Members registered meanwhile, in both branches.
  ASSERT_TRUE(Register("M6", "B1").ok());
  ASSERT_TRUE(Register("M7", "B2").ok());

  req.set_page_token(page->next_page_token());
  std::vector<std::string> rest = ListAllMembers(req, 2);
  seen.insert(seen.end(), rest.begin(), rest.end());
  std::multiset<std::string> counts(seen.begin(), seen.end());
  for (const char* no : {"M1", "M2", "M3", "M4", "M5"}) {
    EXPECT_EQ(counts.count(no), 1u) << no;
  }
  for (const auto& no : counts) EXPECT_EQ(counts.count(no), 1u) << no << " listed twice";
}

TEST_F(RegistryTest, ListMembersFilters) {
  BuildTree();
  ASSERT_TRUE(Register("F1", "B1").ok());
  ASSERT_TRUE(Register("F2", "B1", v1::FULL, v1::RETIRED).ok());
  ASSERT_TRUE(Register("P1", "B2", v1::PROBATIONARY).ok());
  v1::Member in_group = NewMember("F3", "B1");
  in_group.set_group_code("G1");
  ASSERT_TRUE(Register(in_group).ok());
  ASSERT_TRUE(ChangeStatus("F2", v1::EXPELLED).ok());
  ASSERT_TRUE(ChangeStatus("F1", v1::LOST_CONTACT_REPORTED).ok());

  // The filters read the same fields of every listing: the default (basic) and the full one.
  for (auto view : {v1::MEMBER_VIEW_UNSPECIFIED, v1::MEMBER_VIEW_FULL}) {
    SCOPED_TRACE(view);
    v1::ListMembersRequest req;
    *req.mutable_org() = Ref("C1");
    req.set_include_subtree(true);
    req.set_view(view);
    EXPECT_THAT(ListAllMembers(req, 10), UnorderedElementsAre("F1", "F3", "P1"));

    v1::ListMembersRequest category = req;
    category.set_category(v1::PROBATIONARY);
    EXPECT_THAT(ListAllMembers(category, 10), ElementsAre("P1"));
    category.set_category(v1::FULL);
    EXPECT_THAT(ListAllMembers(category, 10), UnorderedElementsAre("F1", "F3"));

    v1::ListMembersRequest left = req;
    left.add_statuses(v1::LEFT);
    EXPECT_THAT(ListAllMembers(left, 10), ElementsAre("F2"));
    left.add_statuses(v1::LOST_CONTACT);
    EXPECT_THAT(ListAllMembers(left, 10), UnorderedElementsAre("F1", "F2"));

    v1::ListMembersRequest all = req;
    all.set_all_statuses(true);
    EXPECT_THAT(ListAllMembers(all, 1), UnorderedElementsAre("F1", "F2", "F3", "P1"));
    all.set_employment(v1::RETIRED);
    EXPECT_THAT(ListAllMembers(all, 1), ElementsAre("F2"));

    // A branch's own listing includes its groups' members.
    v1::ListMembersRequest branch;
    *branch.mutable_org() = Ref("B1");
    branch.set_view(view);
    EXPECT_THAT(ListAllMembers(branch, 10), UnorderedElementsAre("F1", "F3"));
    v1::ListMembersRequest group;
    *group.mutable_org() = Ref("G1");
    group.set_view(view);
    EXPECT_THAT(ListAllMembers(group, 10), ElementsAre("F3"));
  }

  v1::ListMembersRequest bad;
  *bad.mutable_org() = Ref("C1");
  bad.add_statuses(v1::MEMBER_STATUS_UNSPECIFIED);
  EXPECT_EQ(registry_->ListMembers(bad).status().code(), absl::StatusCode::kInvalidArgument);
}

// GetOrgStats answers with bytes written from the counters, not with a built message: they must
// parse to what the message built field by field would hold, every breakdown present, and counters
// stored before an enum grew read as zeros, not past the end.
TEST(OrgStatsTest, WrittenBytesParseToTheMessageBuiltFieldByField) {
  v1::Org org;
  org.set_id(42);
  org.set_code("C1");
  v1::Counters c;
  EnsureCounterSize(&c);
  c.set_members_by_status(v1::ACTIVE, 7);
  c.set_members_by_status(v1::LEFT, 2);
  c.set_current_by_category(v1::FULL, 6);
  c.set_current_by_category(v1::PROBATIONARY, 1);
  c.set_current_by_employment(v1::RETIRED, 3);
  c.set_active_orgs_by_type(v1::BRANCH, 4);
  c.set_dissolved_orgs(1);
  c.set_in_transit(1);

  v1::OrgStats expected;
  expected.set_org_id(42);
  expected.set_org_code("C1");
  expected.set_current_members(7);
  expected.set_probationary(1);
  expected.mutable_members_by_status()->set_active(7);
  expected.mutable_members_by_status()->set_left(2);
  expected.set_full(6);
  expected.mutable_members_by_employment()->set_retired(3);
  expected.mutable_orgs_by_type()->set_branch(4);
  expected.set_dissolved_orgs(1);
  expected.set_in_transit(1);

  auto written = [&org](const v1::Counters& counters) {
    std::string wire;
    AppendOrgStats(org, counters, &wire);
    v1::OrgStats stats;
    EXPECT_TRUE(stats.ParseFromString(wire));
    return stats;
  };
  const v1::OrgStats got = written(c);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got, expected))
      << got.DebugString();

  v1::Counters unsized;  // as stored before the enums had their present sizes
  unsized.add_members_by_status(0);
  unsized.add_members_by_status(5);
  const v1::OrgStats short_stats = written(unsized);
  EXPECT_EQ(short_stats.members_by_status().active(), 5);
  EXPECT_EQ(short_stats.members_by_status().deceased(), 0);
  // The breakdowns are there even when every count is 0.
  EXPECT_TRUE(short_stats.has_members_by_employment());
  EXPECT_TRUE(short_stats.has_orgs_by_type());
  EXPECT_EQ(short_stats.orgs_by_type().branch(), 0);
  EXPECT_EQ(short_stats.current_members(), 0);
}

// Each breakdown of OrgStats has one field a value of its enum, named by the value's word and
// numbered as the value (what AppendOrgStats writes by number, and what JSON shows by name).
TEST(OrgStatsTest, BreakdownFieldsAreTheEnumsWordsAndNumbers) {
  auto expect_matches = [](const google::protobuf::EnumDescriptor* values,
                           const google::protobuf::Descriptor* counts) {
    EXPECT_EQ(counts->field_count(), values->value_count() - 1) << counts->name();
    for (int i = 0; i < values->value_count(); ++i) {
      const int number = values->value(i)->number();
      if (number == 0) continue;  // unspecified
      const auto* field = counts->FindFieldByNumber(number);
      ASSERT_NE(field, nullptr) << counts->name() << " " << number;
      EXPECT_EQ(field->name(), EnumWord(values, number)) << counts->name();
      EXPECT_EQ(field->cpp_type(), google::protobuf::FieldDescriptor::CPPTYPE_INT64);
    }
  };
  expect_matches(v1::MemberStatus_descriptor(), v1::MemberStatusCounts::descriptor());
  expect_matches(v1::Employment_descriptor(), v1::EmploymentCounts::descriptor());
  expect_matches(v1::OrgType_descriptor(), v1::OrgTypeCounts::descriptor());
}

// A list page passes stored records through on the wire instead of parsing them; what it makes of
// a record must be what cutting the parsed one to the same fields and the API's masking make, for
// every field Member has (set here through reflection, so that a field added later is covered
// too), through views and read masks alike.
TEST(MemberViewTest, RecordsCutOnTheWireMatchTheParsedRecordCut) {
  v1::Member stored;
  const auto* descriptor = stored.GetDescriptor();
  const auto* reflection = stored.GetReflection();
  std::vector<std::set<std::string>> masks = {
      {"phone"}, {"national_id"}, {"national_id_masked"}, {"name", "joined_on", "etag"}};
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    ASSERT_FALSE(field->is_repeated()) << field->name();
    ASSERT_LT(field->number(), 64) << "MemberFields keeps field numbers below 64";
    masks.push_back({field->name()});
    using FD = google::protobuf::FieldDescriptor;
    switch (field->cpp_type()) {
      case FD::CPPTYPE_UINT64:
        reflection->SetUInt64(&stored, field, 1000 + field->number());
        break;
      case FD::CPPTYPE_INT32:
        reflection->SetInt32(&stored, field, field->number());
        break;
      case FD::CPPTYPE_BOOL:
        reflection->SetBool(&stored, field, false);  // stored records are never masked
        break;
      case FD::CPPTYPE_ENUM:
        reflection->SetEnumValue(&stored, field, field->enum_type()->value_count() - 1);
        break;
      case FD::CPPTYPE_STRING:
        reflection->SetString(&stored, field, "值 " + std::string(field->name()));
        break;
      default:
        FAIL() << "a field type this test does not fill: " << field->name();
    }
  }
  stored.set_national_id(testing::TestNationalId("19700101", 3));
  const std::string record = stored.SerializeAsString();

  // (view, read mask, fallback) → the fields expected; {} = every field.
  struct Case {
    v1::MemberView view;
    std::vector<std::string> paths;
    v1::MemberView fallback;
    std::set<std::string> expected;
  };
  std::vector<Case> cases = {
      {v1::MEMBER_VIEW_UNSPECIFIED, {}, v1::MEMBER_VIEW_FULL, {}},
      {v1::MEMBER_VIEW_UNSPECIFIED, {}, v1::MEMBER_VIEW_BASIC, testing::BasicViewFields()},
      {v1::MEMBER_VIEW_FULL, {}, v1::MEMBER_VIEW_BASIC, {}},
      {v1::MEMBER_VIEW_BASIC, {}, v1::MEMBER_VIEW_FULL, testing::BasicViewFields()},
      {v1::MEMBER_VIEW_UNSPECIFIED, {"*"}, v1::MEMBER_VIEW_BASIC, {}},
      {v1::MEMBER_VIEW_UNSPECIFIED, {"phone", "*"}, v1::MEMBER_VIEW_BASIC, {}},
  };
  for (const auto& names : masks) {
    cases.push_back(
        {v1::MEMBER_VIEW_UNSPECIFIED, {names.begin(), names.end()}, v1::MEMBER_VIEW_BASIC, names});
  }
  for (const Case& c : cases) {
    google::protobuf::FieldMask read_mask;
    for (const auto& path : c.paths) read_mask.add_paths(path);
    auto fields = MemberFields::Requested(c.view, read_mask, c.fallback);
    ASSERT_TRUE(fields.ok()) << fields.status();
    for (bool mask : {false, true}) {
      v1::Member expected = stored;
      if (mask) {
        expected.set_national_id(rules::MaskNationalId(expected.national_id()));
        expected.set_national_id_masked(true);
      }
      expected = testing::CutMember(std::move(expected), c.expected);
      std::string bytes;
      ASSERT_TRUE(AppendMember(record, *fields, mask, &bytes).ok());
      v1::Member got;
      ASSERT_TRUE(got.ParseFromString(bytes));
      EXPECT_THAT(got, EqualsProto(expected))
          << c.view << " [" << absl::StrJoin(c.paths, ",") << "] mask " << mask;
    }
  }
  // The basic view has no ID number to mask.
  EXPECT_FALSE(MemberFields::Basic().Has(v1::Member::kNationalIdFieldNumber));
  EXPECT_TRUE(MemberFields::Full().Has(200));  // a field added later is in the full record
  std::string bytes;
  EXPECT_EQ(
      AppendMember(record.substr(0, record.size() - 1), MemberFields::Full(), false, &bytes).code(),
      absl::StatusCode::kDataLoss);
}

MATCHER_P2(StatusIs, code, message, "") {
  return arg.code() == code &&
         ::testing::ExplainMatchResult(message, std::string(arg.message()), result_listener);
}

// A request that asks for fields wrongly is refused with the field and the reason.
TEST(MemberViewTest, BadViewsAndReadMasksAreRefusedNamingTheField) {
  auto refused = [](int view, std::vector<std::string> paths) {
    google::protobuf::FieldMask read_mask;
    for (auto& path : paths) read_mask.add_paths(path);
    return MemberFields::Requested(view, read_mask, v1::MEMBER_VIEW_BASIC).status();
  };
  EXPECT_THAT(refused(7, {}), StatusIs(absl::StatusCode::kInvalidArgument,
                                       ::testing::HasSubstr("view: unknown view 7")));
  EXPECT_THAT(refused(v1::MEMBER_VIEW_FULL, {"phone"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("read_mask: give either a view or a read mask")));
  EXPECT_THAT(
      refused(v1::MEMBER_VIEW_UNSPECIFIED, {"phone", "mobile"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               ::testing::HasSubstr("read_mask.paths[1]: \"mobile\" is not a field of Member")));
  EXPECT_THAT(refused(v1::MEMBER_VIEW_UNSPECIFIED, {""}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("read_mask.paths[0]: \"\" is not a field")));
  // A typo next to "*" is still a typo; a nested path is not a field of the flat Member.
  EXPECT_THAT(refused(v1::MEMBER_VIEW_UNSPECIFIED, {"*", "phon"}),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("paths[1]")));
  EXPECT_THAT(refused(v1::MEMBER_VIEW_UNSPECIFIED, {"org_code.name"}),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("paths[0]")));
}

// An org reference resolves the same way against the published tree (reads) and against a change
// (mutations): NOT_FOUND for an unknown id or code, INVALID_ARGUMENT for an empty code or none,
// each message naming the field.
TEST_F(RegistryTest, OrgReferencesAreResolvedAlikeByReadsAndChanges) {
  BuildTree();
  auto read = [&](const v1::OrgRef& ref) { return registry_->GetOrgStats(ref).status(); };
  auto move = [&](const v1::OrgRef& ref) {
    v1::MoveOrgRequest req;
    *req.mutable_org() = Ref("B2");
    *req.mutable_new_parent() = ref;
    return registry_->MoveOrg(Call(), req).status();
  };
  v1::OrgRef unknown_id;
  unknown_id.set_id(999);
  v1::OrgRef empty_code;
  empty_code.set_code("");
  const std::pair<v1::OrgRef, std::pair<absl::StatusCode, std::string>> cases[] = {
      {unknown_id, {absl::StatusCode::kNotFound, ": no org with id 999"}},
      {Ref("NOPE"), {absl::StatusCode::kNotFound, ": no org with code 'NOPE'"}},
      {empty_code, {absl::StatusCode::kInvalidArgument, ": code is empty"}},
      {v1::OrgRef(), {absl::StatusCode::kInvalidArgument, ": required (id or code)"}},
  };
  const size_t events = EventCount();
  for (const auto& [ref, expected] : cases) {
    const absl::Status r = read(ref);
    EXPECT_EQ(r.code(), expected.first) << r;
    EXPECT_EQ(r.message(), "org" + expected.second);
    const absl::Status m = move(ref);
    EXPECT_EQ(m.code(), expected.first) << m;
    EXPECT_EQ(m.message(), "new_parent" + expected.second);
  }
  EXPECT_EQ(EventCount(), events);  // the refused moves wrote nothing
  v1::OrgRef by_id;
  by_id.set_id(Stats("C2").org_id());
  EXPECT_TRUE(read(by_id).ok());
  EXPECT_TRUE(move(by_id).ok());
}

TEST_F(RegistryTest, JoiningAGroupMovesThePlacementButNotTheBranchCounts) {
  BuildTree();
  auto m = Register("M1", "B1");
  ASSERT_TRUE(m.ok());
  v1::UpdateMemberRequest req;
  *req.mutable_member() = MemberNo("M1");
  req.set_etag(m->etag());
  req.set_group_code("G1");
  auto updated = registry_->UpdateMember(Call(), req);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->group_code(), "G1");
  EXPECT_EQ(Stats("G1").current_members(), 1);
  EXPECT_EQ(Stats("B1").current_members(), 1);
  EXPECT_EQ(Stats("C1").current_members(), 1);
  v1::ListMembersRequest group;
  *group.mutable_org() = Ref("G1");
  EXPECT_THAT(ListAllMembers(group, 10), ElementsAre("M1"));
  v1::ListMembersRequest subtree;
  *subtree.mutable_org() = Ref("C1");
  subtree.set_include_subtree(true);
  EXPECT_THAT(ListAllMembers(subtree, 10), ElementsAre("M1"));  // once, not per placement
  // The stale etag is refused.
  EXPECT_EQ(registry_->UpdateMember(Call(), req).status().code(), absl::StatusCode::kAborted);
}

TEST_F(RegistryTest, CheckMembershipAnswersWithThePath) {
  BuildTree();
  v1::Member m = NewMember("M1", "B1");
  m.set_group_code("G1");
  ASSERT_TRUE(Register(m).ok());
  ASSERT_TRUE(Register("M2", "B1").ok());

  v1::CheckMembershipRequest req;
  *req.mutable_member() = MemberNo("M1");
  for (const char* code : {"C1", "GB1", "B1", "G1"}) {
    *req.mutable_org() = Ref(code);
    auto answer = registry_->CheckMembership(req);
    ASSERT_TRUE(answer.ok()) << answer.status();
    EXPECT_TRUE(answer->is_member()) << code;
    EXPECT_EQ(answer->status(), v1::ACTIVE);
  }
  for (const char* code : {"B2", "C2"}) {
    *req.mutable_org() = Ref(code);
    auto answer = registry_->CheckMembership(req);
    ASSERT_TRUE(answer.ok()) << answer.status();
    EXPECT_FALSE(answer->is_member()) << code;
  }
  auto answer = registry_->CheckMembership(req);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(MemberPathCodes(*answer), ElementsAre("C1", "GB1", "B1", "G1"));

  // By national ID too.
  v1::CheckMembershipRequest by_nid;
  by_nid.mutable_member()->set_national_id(m.national_id());
  *by_nid.mutable_org() = Ref("C1");
  EXPECT_TRUE(registry_->CheckMembership(by_nid)->is_member());

  // A member who left is not a member anywhere, and says why.
  ASSERT_TRUE(ChangeStatus("M2", v1::RESIGNED).ok());
  *req.mutable_member() = MemberNo("M2");
  *req.mutable_org() = Ref("B1");
  auto left = registry_->CheckMembership(req);
  ASSERT_TRUE(left.ok());
  EXPECT_FALSE(left->is_member());
  EXPECT_EQ(left->status(), v1::LEFT);

  *req.mutable_member() = MemberNo("NOBODY");
  EXPECT_EQ(registry_->CheckMembership(req).status().code(), absl::StatusCode::kNotFound);
  *req.mutable_member() = MemberNo("M1");
  *req.mutable_org() = Ref("NOPE");
  EXPECT_EQ(registry_->CheckMembership(req).status().code(), absl::StatusCode::kNotFound);
}

// CheckMembership answers from the placements held in memory: after every kind of member change,
// a refused change, an import and a restart it must say what the stored member says.
TEST_F(RegistryTest, CheckMembershipFollowsEveryMemberChangeAndARestart) {
  BuildTree();
  ASSERT_TRUE(Register("M1", "B1").ok());
  ASSERT_TRUE(Register("M2", "B2").ok());
  // The stored member's placement path and status, against what the check answers for `org`.
  auto agrees = [&](const std::string& no, const std::string& org) {
    auto m = registry_->GetMember(MemberNo(no));
    if (!m.ok()) return ::testing::AssertionFailure() << no << ": " << m.status();
    auto answer = Check(no, org);
    if (!answer.ok()) return ::testing::AssertionFailure() << no << ": " << answer.status();
    const std::vector<std::string> path = MemberPathCodes(*answer);
    const std::string placed = m->group_code().empty() ? m->org_code() : m->group_code();
    const bool under = std::find(path.begin(), path.end(), org) != path.end();
    if (answer->status() != m->status() || path.empty() || path.back() != placed ||
        answer->is_member() != (under && rules::IsCurrent(m->status()))) {
      return ::testing::AssertionFailure()
             << no << " in " << org << ": answered status " << answer->status() << " path end "
             << (path.empty() ? "-" : path.back()) << " member " << answer->is_member()
             << "; stored status " << m->status() << " placed " << placed;
    }
    return ::testing::AssertionSuccess() << answer->is_member();
  };
  auto is_member = [&](const std::string& no, const std::string& org) {
    auto answer = Check(no, org);
    return answer.ok() && answer->is_member();
  };

  // Into a group of the branch, and out of it again.
  v1::UpdateMemberRequest to_group;
  *to_group.mutable_member() = MemberNo("M1");
  to_group.set_group_code("G1");
  to_group.set_etag(registry_->GetMember(MemberNo("M1"))->etag());
  ASSERT_TRUE(registry_->UpdateMember(Call(), to_group).ok());
  EXPECT_TRUE(agrees("M1", "G1"));
  EXPECT_TRUE(is_member("M1", "G1"));
  // A refused change (stale etag) changes nothing.
  EXPECT_EQ(registry_->UpdateMember(Call(), to_group).status().code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(is_member("M1", "G1"));

  // Status changes: gone from everywhere, then back.
  ASSERT_TRUE(ChangeStatus("M2", v1::SUSPENDED_ABROAD).ok());
  EXPECT_TRUE(agrees("M2", "B2"));
  EXPECT_FALSE(is_member("M2", "B2"));
  ASSERT_TRUE(ChangeStatus("M2", v1::RESTORED).ok());
  EXPECT_TRUE(agrees("M2", "B2"));
  EXPECT_TRUE(is_member("M2", "B2"));

  // Moving the branch moves its members' paths, without touching the members.
  v1::MoveOrgRequest move;
  *move.mutable_org() = Ref("B1");
  *move.mutable_new_parent() = Ref("C2");
  ASSERT_TRUE(registry_->MoveOrg(Call(), move).ok());
  EXPECT_TRUE(is_member("M1", "C2"));
  EXPECT_FALSE(is_member("M1", "GB1"));

  // Members of an import are checked like any other.
  auto imported = registry_->ImportMembers(Call(), {{2, NewMember("M3", "B2"), ""}}, false, 5);
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_EQ(imported->imported, 1);
  EXPECT_TRUE(agrees("M3", "B2"));
  EXPECT_TRUE(is_member("M3", "C1"));

  Reopen();
  for (const char* no : {"M1", "M2", "M3"}) {
    for (const char* org : {"C1", "C2", "GB1", "B1", "G1", "B2"}) {
      EXPECT_TRUE(agrees(no, org)) << no << " " << org;
    }
  }
  EXPECT_TRUE(is_member("M1", "G1"));
  EXPECT_TRUE(is_member("M1", "C2"));
  EXPECT_TRUE(is_member("M2", "B2"));
  v1::CheckMembershipRequest unknown;
  unknown.mutable_member()->set_id(999);
  *unknown.mutable_org() = Ref("C1");
  EXPECT_EQ(registry_->CheckMembership(unknown).status().code(), absl::StatusCode::kNotFound);
}

// Checks run while changes are published (the placements change under the check's lock): every
// check answers, with a state some change left — the member in its branch or in its group.
TEST_F(RegistryTest, ChecksDuringChangesSeeOneConsistentState) {
  BuildTree();
  ASSERT_TRUE(Register("M1", "B1").ok());
  constexpr int kChanges = 40;
  std::atomic<bool> done{false};
  std::atomic<int> checks{0};
  std::string problem;
  std::thread reader([&] {
    while (!done.load() || checks.load() == 0) {
      auto answer = Check("M1", "B1");
      ++checks;
      const std::vector<std::string> path =
          answer.ok() ? MemberPathCodes(*answer) : std::vector<std::string>();
      const bool in_group = path == std::vector<std::string>{"C1", "GB1", "B1", "G1"};
      const bool in_branch = path == std::vector<std::string>{"C1", "GB1", "B1"};
      if (!answer.ok() || !answer->is_member() || !(in_group || in_branch)) {
        problem = answer.ok() ? "path " + absl::StrJoin(path, "/") : answer.status().ToString();
        return;
      }
    }
  });
  for (int i = 0; i < kChanges; ++i) {
    v1::UpdateMemberRequest req;
    *req.mutable_member() = MemberNo("M1");
    req.set_group_code(i % 2 == 0 ? "G1" : "");
    req.set_etag(registry_->GetMember(MemberNo("M1"))->etag());
    ASSERT_TRUE(registry_->UpdateMember(Call(), req).ok()) << i;
  }
  done = true;
  reader.join();
  EXPECT_EQ(problem, "");
  EXPECT_GT(checks.load(), 0);
  EXPECT_EQ(registry_->GetMember(MemberNo("M1"))->group_code(), "");  // the last change: none
}

// ---------------------------------------------------------------------------------------------
// Restart

TEST_F(RegistryTest, EverythingSurvivesCloseAndReopen) {
  BuildTree();
  ASSERT_TRUE(Register("M1", "B1").ok());
  ASSERT_TRUE(Register("M2", "B1", v1::PROBATIONARY, v1::RETIRED).ok());
  ASSERT_TRUE(Register("M3", "B2").ok());
  ASSERT_TRUE(ChangeStatus("M3", v1::DIED).ok());
  v1::MoveOrgRequest move;
  *move.mutable_org() = Ref("B1");
  *move.mutable_new_parent() = Ref("C2");
  ASSERT_TRUE(registry_->MoveOrg(Call(), move).ok());
  v1::DissolveOrgRequest dissolve;
  *dissolve.mutable_org() = Ref("GB1");
  ASSERT_TRUE(registry_->DissolveOrg(Call(), dissolve).ok());
  auto replayable =
      registry_->CreateOrg(Call("before-restart"), CreateRequest("B9", v1::BRANCH, "C2"));
  ASSERT_TRUE(replayable.ok());

  const std::vector<std::string> codes = {"C1", "C2", "GB1", "B1", "G1", "B2", "B9"};
  std::map<std::string, v1::OrgStats> stats;
  std::map<std::string, v1::Org> orgs;
  for (const auto& code : codes) {
    stats[code] = Stats(code);
    orgs[code] = *registry_->GetOrg(Ref(code));
  }
  v1::ListMembersRequest members;
  *members.mutable_org() = Ref("C1");
  members.set_include_subtree(true);
  members.set_all_statuses(true);
  members.set_page_size(100);
  members.set_view(v1::MEMBER_VIEW_FULL);  // every stored field
  const v1::ListMembersResponse members_before = *registry_->ListMembers(members);
  v1::ListSubtreeOrgsRequest subtree;
  *subtree.mutable_org() = Ref("C1");
  subtree.set_include_dissolved(true);
  const v1::ListOrgsResponse tree_before = *registry_->ListSubtreeOrgs(subtree);
  const std::vector<v1::Event> events_before = AllEvents();
  ASSERT_EQ(members_before.members_size(), 3);

  Reopen();

  for (const auto& code : codes) {
    EXPECT_THAT(Stats(code), EqualsProto(stats[code])) << code;
    auto org = registry_->GetOrg(Ref(code));
    ASSERT_TRUE(org.ok()) << code;
    EXPECT_THAT(*org, EqualsProto(orgs[code])) << code;
  }
  EXPECT_THAT(*registry_->ListMembers(members), EqualsProto(members_before));
  EXPECT_THAT(*registry_->ListSubtreeOrgs(subtree), EqualsProto(tree_before));
  const std::vector<v1::Event> events_after = AllEvents();
  ASSERT_EQ(events_after.size(), events_before.size());
  for (size_t i = 0; i < events_after.size(); ++i) {
    EXPECT_THAT(events_after[i], EqualsProto(events_before[i])) << i;
  }
  EXPECT_THAT(PathCodes("G1"), ElementsAre("C1", "C2", "B1", "G1"));

  // Members are found by number again (the in-memory number index is reloaded), by one and in
  // a batch, and unknown numbers stay unknown.
  for (const char* no : {"M1", "M2", "M3"}) {
    auto m = registry_->GetMember(MemberNo(no));
    ASSERT_TRUE(m.ok()) << no << ": " << m.status();
    EXPECT_EQ(m->member_no(), no);
  }
  EXPECT_EQ(registry_->GetMember(MemberNo("M4")).status().code(), absl::StatusCode::kNotFound);
  v1::BatchGetMembersRequest batch;
  for (const char* no : {"M3", "M4", "M1"}) batch.add_member_nos(no);
  auto got = registry_->BatchGetMembers(batch);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->members_size(), 2);
  EXPECT_EQ(got->members(0).member_no(), "M3");
  EXPECT_EQ(got->members(1).member_no(), "M1");
  EXPECT_THAT(got->missing_member_nos(), ElementsAre("M4"));

  // Duplicates are still refused, idempotency records still answer, and numbering continues.
  EXPECT_EQ(Register("M1", "B2").status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CreateOrg("GB1", v1::GENERAL_BRANCH, "C1").status().code(),
            absl::StatusCode::kAlreadyExists);
  auto replayed =
      registry_->CreateOrg(Call("before-restart"), CreateRequest("B9", v1::BRANCH, "C2"));
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_THAT(*replayed, EqualsProto(*replayable));
  EXPECT_EQ(AllEvents().size(), events_before.size());

  auto next = Register("M4", "B1");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->id(), 4u);
  auto org = CreateOrg("B10", v1::BRANCH, "C1");
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->id(), 8u);
  auto events = AllEvents();
  ASSERT_EQ(events.size(), events_before.size() + 2);
  EXPECT_EQ(events.back().seq(), events_before.size() + 2);
  EXPECT_EQ(Stats("C1").current_members(), 3);
}

// ---------------------------------------------------------------------------------------------
// Bulk imports

ImportRow<v1::Org> OrgRow(int line, const std::string& code, v1::OrgType type,
                          const std::string& parent) {
  ImportRow<v1::Org> row;
  row.line = line;
  row.record.set_code(code);
  row.record.set_name("name of " + code);
  row.record.set_type(type);
  row.parent_code = parent;
  return row;
}

std::map<int, std::string> ProblemsByLine(const std::vector<v1::ImportProblem>& problems) {
  std::map<int, std::string> out;
  for (const auto& p : problems) out[p.line()] += p.column() + ": " + p.reason() + "; ";
  return out;
}

TEST_F(RegistryTest, ImportOrgsAcceptsParentsAfterChildren) {
  ASSERT_TRUE(CreateOrg("C1", v1::COMMITTEE).ok());
  std::vector<ImportRow<v1::Org>> rows = {
      OrgRow(2, "G9", v1::GROUP, "B9"),
      OrgRow(3, "B9", v1::BRANCH, "GB9"),
      OrgRow(4, "GB9", v1::GENERAL_BRANCH, "C1"),
      OrgRow(5, "C9", v1::COMMITTEE, ""),
  };
  auto outcome = registry_->ImportOrgs(Call(), rows, false, 42);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_THAT(outcome->errors, IsEmpty());
  EXPECT_EQ(outcome->imported, 4);
  EXPECT_EQ(outcome->first_seq, 2u);
  EXPECT_EQ(outcome->last_seq, 5u);
  EXPECT_THAT(PathCodes("G9"), ElementsAre("C1", "GB9", "B9", "G9"));
  EXPECT_THAT(PathCodes("C9"), ElementsAre("C9"));
  EXPECT_EQ(registry_->GetOrg(Ref("G9"))->established_on(), "2026-11-25");
  v1::OrgStats c1 = Stats("C1");
  EXPECT_EQ(c1.orgs_by_type().group(), 1);
  EXPECT_EQ(c1.orgs_by_type().branch(), 1);
  EXPECT_EQ(c1.orgs_by_type().general_branch(), 1);
  EXPECT_EQ(EventCount(), 5u);
}

TEST_F(RegistryTest, ImportOrgsRetryWithSameRequestIdReplaysTheOutcome) {
  ASSERT_TRUE(CreateOrg("C1", v1::COMMITTEE).ok());
  std::vector<ImportRow<v1::Org>> rows = {OrgRow(2, "B9", v1::BRANCH, "GB9"),
                                          OrgRow(3, "GB9", v1::GENERAL_BRANCH, "C1")};
  auto first = registry_->ImportOrgs(Call("import-1"), rows, false, 77);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->errors, IsEmpty());
  auto second = registry_->ImportOrgs(Call("import-1"), rows, false, 77);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(second->errors, IsEmpty());
  EXPECT_EQ(second->imported, 2);
  EXPECT_EQ(second->first_seq, first->first_seq);
  EXPECT_EQ(second->last_seq, first->last_seq);
  EXPECT_EQ(EventCount(), 3u);
  // Another file under the same request id is refused.
  auto other = registry_->ImportOrgs(Call("import-1"), rows, false, 78);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RegistryTest, ImportOrgsWithAnyBadRowWritesNothingAndReportsEveryRow) {
  BuildTree();
  const size_t events_before = EventCount();
  std::vector<ImportRow<v1::Org>> rows = {
      OrgRow(2, "X1", v1::BRANCH, "C1"),    // fine on its own
      OrgRow(3, "X2", v1::GROUP, "C1"),     // a group under a committee
      OrgRow(4, "X3", v1::BRANCH, "NOPE"),  // unknown parent
      OrgRow(5, "B1", v1::BRANCH, "C1"),    // code already in the registry
      OrgRow(6, "X1", v1::BRANCH, "GB1"),   // code repeated in the file
      OrgRow(7, "X4", v1::GROUP, "X1"),     // fine: its parent is in the file
      OrgRow(8, "X5", v1::BRANCH, ""),      // only a committee may be a root
  };
  auto outcome = registry_->ImportOrgs(Call(), rows, false, 43);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  std::map<int, std::string> problems = ProblemsByLine(outcome->errors);
  EXPECT_EQ(problems.count(2), 0u);
  EXPECT_EQ(problems.count(7), 0u);
  EXPECT_THAT(problems[3], HasSubstr("parent_code"));
  EXPECT_THAT(problems[4], HasSubstr("NOPE"));
  EXPECT_THAT(problems[5], HasSubstr("B1"));
  EXPECT_THAT(problems[6], HasSubstr("line 2"));
  EXPECT_THAT(problems[8], HasSubstr("parent"));
  EXPECT_EQ(problems.size(), 5u);
  EXPECT_EQ(outcome->imported, 0);  // nothing was written
  EXPECT_EQ(outcome->first_seq, 0u);
  EXPECT_EQ(outcome->last_seq, 0u);
  for (size_t i = 1; i < outcome->errors.size(); ++i) {
    EXPECT_LE(outcome->errors[i - 1].line(), outcome->errors[i].line());
  }

  EXPECT_EQ(EventCount(), events_before);
  for (const char* code : {"X1", "X2", "X3", "X4", "X5"}) {
    EXPECT_EQ(registry_->GetOrg(Ref(code)).status().code(), absl::StatusCode::kNotFound) << code;
  }
  EXPECT_EQ(Stats("C1").orgs_by_type().branch(), 2);

  // validate_only on a good file writes nothing either.
  auto dry = registry_->ImportOrgs(Call(), {OrgRow(2, "X1", v1::BRANCH, "C1")}, true, 44);
  ASSERT_TRUE(dry.ok());
  EXPECT_THAT(dry->errors, IsEmpty());
  EXPECT_EQ(dry->imported, 1);
  EXPECT_EQ(dry->first_seq, 0u);  // no event was written
  EXPECT_EQ(dry->last_seq, 0u);
  EXPECT_EQ(registry_->GetOrg(Ref("X1")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(EventCount(), events_before);
}

TEST_F(RegistryTest, ImportMembersWritesAllRows) {
  BuildTree();
  std::vector<ImportRow<v1::Member>> rows;
  int line = 2;
  for (auto [no, branch] :
       std::vector<std::pair<std::string, std::string>>{{"M1", "B1"}, {"M2", "B1"}, {"M3", "B2"}}) {
    rows.push_back({line++, NewMember(no, branch), ""});
  }
  rows[1].record.set_group_code("G1");
  auto outcome = registry_->ImportMembers(Call(), rows, false, 7);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_THAT(outcome->errors, IsEmpty());
  EXPECT_EQ(outcome->imported, 3);
  EXPECT_EQ(outcome->first_seq, 7u);
  EXPECT_EQ(outcome->last_seq, 9u);
  EXPECT_EQ(Stats("C1").current_members(), 3);
  EXPECT_EQ(Stats("G1").current_members(), 1);
  EXPECT_EQ(registry_->GetMember(MemberNo("M2"))->group_code(), "G1");
  EXPECT_EQ(registry_->GetMember(MemberNo("M1"))->gender(), v1::MALE);
}

// The bulk-load path (SST files ingested at once) gives what the write-batch path gives: every
// record, index, counter and event, readable at once and after a restart, and a retry replays it.
TEST_F(RegistryTest, ImportMembersThroughBulkLoadWritesEverythingAtomically) {
  bulk_load_min_records_ = 1;
  Reopen();
  BuildTree();
  ASSERT_TRUE(Register("M0", "B1").ok());  // registered before: ids and seqs continue from it
  const size_t events_before = EventCount();
  std::vector<ImportRow<v1::Member>> rows;
  int line = 2;
  // Placements interleaved in the file: B2, B1, G1, B2, B1, G1, ...
  for (int i = 1; i <= 30; ++i) {
    rows.push_back({line++, NewMember("M" + std::to_string(i), i % 3 == 1 ? "B2" : "B1"), ""});
    if (i % 3 == 0) rows.back().record.set_group_code("G1");
  }
  auto outcome = registry_->ImportMembers(Call("bulk-1"), rows, false, 11);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_THAT(outcome->errors, IsEmpty());
  EXPECT_EQ(outcome->imported, 30);
  EXPECT_EQ(outcome->last_seq - outcome->first_seq, 29u);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/db/bulk"));

  auto check = [&] {
    EXPECT_EQ(EventCount(), events_before + 30);
    EXPECT_EQ(Stats("C1").current_members(), 31);
    EXPECT_EQ(Stats("B2").current_members(), 10);
    EXPECT_EQ(Stats("G1").current_members(), 10);
    EXPECT_EQ(Stats("B1").current_members(), 21);  // M0 and its group's ten count here too
    auto m3 = registry_->GetMember(MemberNo("M3"));
    ASSERT_TRUE(m3.ok()) << m3.status();
    EXPECT_EQ(m3->group_code(), "G1");
    EXPECT_EQ(m3->status(), v1::ACTIVE);
    EXPECT_THAT(EventTypes(v1::ENTITY_MEMBER, "M3"), ElementsAre("MemberRegistered"));
    v1::ListMembersRequest req;
    *req.mutable_org() = Ref("B2");
    EXPECT_THAT(ListAllMembers(req, 4),
                ElementsAre("M1", "M4", "M7", "M10", "M13", "M16", "M19", "M22", "M25", "M28"));
    *req.mutable_org() = Ref("C1");
    req.set_include_subtree(true);
    EXPECT_EQ(ListAllMembers(req, 7).size(), 31u);
  };
  check();

  // A retry with the same request id replays the outcome and writes nothing.
  auto again = registry_->ImportMembers(Call("bulk-1"), rows, false, 11);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->imported, 30);
  EXPECT_EQ(again->first_seq, outcome->first_seq);
  EXPECT_EQ(EventCount(), events_before + 30);

  Reopen();
  check();
  // The ingested meta carries the last ids: the next registration continues after them.
  auto next = Register("M99", "B2");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_GT(next->id(), registry_->GetMember(MemberNo("M30"))->id());
  EXPECT_EQ(Stats("B2").current_members(), 11);
  // The same numbers again are refused against what the load wrote.
  auto dup = registry_->ImportMembers(Call(), {{2, NewMember("M5", "B1"), ""}}, false, 12);
  ASSERT_TRUE(dup.ok()) << dup.status();
  ASSERT_EQ(dup->errors.size(), 1u);
  EXPECT_EQ(dup->errors[0].column(), "member_no");
}

// An import adds its members' counts once per placement and writes each member's event with the
// stored record spliced in: the counts must be what the members listed under each org add up to,
// and each event's member must be the member as stored — through the write batch and the bulk
// load alike.
TEST_F(RegistryTest, ImportCountsAndEventsAgreeWithTheMembersStored) {
  for (int64_t bulk_threshold : {int64_t{0}, int64_t{1}}) {
    SCOPED_TRACE(bulk_threshold);
    bulk_load_min_records_ = bulk_threshold;
    registry_.reset();
    std::filesystem::remove_all(dir_.path() + "/db");
    Open();
    BuildTree();
    ASSERT_TRUE(Register("M0", "B2").ok());  // counts already there are added to, not replaced
    std::vector<ImportRow<v1::Member>> rows;
    const char* branches[] = {"B2", "B1", "B1", "B2", "B1"};
    for (int i = 1; i <= 25; ++i) {
      rows.push_back({i + 1,
                      NewMember("M" + std::to_string(i), branches[i % 5],
                                i % 4 == 0 ? v1::PROBATIONARY : v1::FULL,
                                i % 3 == 0 ? v1::RETIRED : v1::EMPLOYED),
                      ""});
      if (i % 5 == 2) rows.back().record.set_group_code("G1");
    }
    auto outcome = registry_->ImportMembers(Call(), rows, false, 31);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    ASSERT_THAT(outcome->errors, IsEmpty());

    for (const char* code : {"C1", "GB1", "B1", "G1", "B2", "C2"}) {
      v1::ListMembersRequest req;
      *req.mutable_org() = Ref(code);
      req.set_include_subtree(true);
      req.set_page_size(1000);
      req.set_view(v1::MEMBER_VIEW_FULL);  // with the employment
      auto listed = registry_->ListMembers(req);
      ASSERT_TRUE(listed.ok()) << listed.status();
      int64_t full = 0, probationary = 0, retired = 0;
      for (const v1::Member& m : listed->members()) {
        (m.category() == v1::FULL ? full : probationary) += 1;
        retired += m.employment() == v1::RETIRED;
      }
      const v1::OrgStats stats = Stats(code);
      EXPECT_EQ(stats.current_members(), listed->members_size()) << code;
      EXPECT_EQ(stats.full(), full) << code;
      EXPECT_EQ(stats.probationary(), probationary) << code;
      EXPECT_EQ(stats.members_by_employment().retired(), retired) << code;
    }
    EXPECT_EQ(Stats("C1").current_members(), 26);

    for (int i : {1, 2, 25}) {
      const std::string no = "M" + std::to_string(i);
      v1::ListEventsRequest req;
      req.set_entity_type(v1::ENTITY_MEMBER);
      req.set_entity_key(no);
      std::vector<v1::Event> events = AllEvents(req);
      ASSERT_EQ(events.size(), 1u) << no;
      EXPECT_EQ(events[0].type(), "MemberRegistered");
      EXPECT_FALSE(events[0].has_member_before());
      EXPECT_THAT(events[0].member_after(), EqualsProto(*registry_->GetMember(MemberNo(no))));
    }
  }
}

// A dry run checks every row against the registry, reports what would be imported and writes
// nothing; the real import after it gets the same answer.
TEST_F(RegistryTest, ImportMembersDryRunChecksEveryRowAndWritesNothing) {
  BuildTree();
  ASSERT_TRUE(Register("M0", "B1").ok());
  const size_t events_before = EventCount();
  std::vector<ImportRow<v1::Member>> rows = {{2, NewMember("M1", "B1"), ""},
                                             {3, NewMember("M2", "B2"), ""}};
  auto dry = registry_->ImportMembers(Call(), rows, /*validate_only=*/true, 21);
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_THAT(dry->errors, IsEmpty());
  EXPECT_EQ(dry->imported, 2);
  EXPECT_EQ(dry->first_seq, 0u);
  EXPECT_EQ(EventCount(), events_before);
  EXPECT_EQ(registry_->GetMember(MemberNo("M1")).status().code(), absl::StatusCode::kNotFound);

  std::vector<ImportRow<v1::Member>> taken = {{2, NewMember("M0", "B2"), ""}};
  auto refused = registry_->ImportMembers(Call(), taken, /*validate_only=*/true, 22);
  ASSERT_TRUE(refused.ok()) << refused.status();
  ASSERT_EQ(refused->errors.size(), 1u);
  EXPECT_EQ(refused->errors[0].line(), 2);

  auto real = registry_->ImportMembers(Call(), rows, false, 23);
  ASSERT_TRUE(real.ok()) << real.status();
  EXPECT_EQ(real->imported, 2);
  EXPECT_EQ(EventCount(), events_before + 2);
  EXPECT_EQ(Stats("C1").current_members(), 3);
}

TEST_F(RegistryTest, ImportMembersWithAnyBadRowWritesNothingAndReportsEveryRow) {
  BuildTree();
  v1::Member existing = NewMember("M1", "B1");
  ASSERT_TRUE(Register(existing).ok());
  const size_t events_before = EventCount();

  std::vector<ImportRow<v1::Member>> rows;
  rows.push_back({2, NewMember("M10", "B1"), ""});    // fine
  rows.push_back({3, NewMember("M11", "NOPE"), ""});  // unknown branch
  rows.push_back({4, NewMember("M10", "B2"), ""});    // member_no repeated from line 2
  v1::Member same_person = NewMember("M12", "B2");
  same_person.set_national_id(existing.national_id());
  rows.push_back({5, same_person, ""});             // already registered as M1
  rows.push_back({6, NewMember("M13", "C1"), ""});  // a committee holds no members
  rows.push_back({7, NewMember("M14", "B2"), ""});  // fine

  auto outcome = registry_->ImportMembers(Call(), rows, false, 8);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  std::map<int, std::string> problems = ProblemsByLine(outcome->errors);
  EXPECT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems.count(2), 0u);
  EXPECT_EQ(problems.count(7), 0u);
  EXPECT_THAT(problems[3], HasSubstr("NOPE"));
  EXPECT_THAT(problems[4], HasSubstr("member_no"));
  EXPECT_THAT(problems[4], HasSubstr("line 2"));
  EXPECT_THAT(problems[5], HasSubstr("national_id"));
  EXPECT_THAT(problems[5], HasSubstr("M1"));
  EXPECT_THAT(problems[6], HasSubstr("org_code"));
  EXPECT_EQ(outcome->imported, 0);
  EXPECT_EQ(outcome->first_seq, 0u);
  EXPECT_EQ(outcome->last_seq, 0u);

  EXPECT_EQ(EventCount(), events_before);
  for (const char* no : {"M10", "M11", "M12", "M13", "M14"}) {
    EXPECT_EQ(registry_->GetMember(MemberNo(no)).status().code(), absl::StatusCode::kNotFound)
        << no;
  }
  EXPECT_EQ(Stats("C1").current_members(), 1);

  // The refused import claimed none of its numbers: its good rows go in on their own.
  auto good = registry_->ImportMembers(Call(), {rows[0], rows[5]}, false, 9);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_THAT(good->errors, IsEmpty());
  EXPECT_EQ(good->imported, 2);
  EXPECT_EQ(registry_->GetMember(MemberNo("M14"))->org_code(), "B2");
}

TEST_F(RegistryTest, ImportMembersReportsFieldAndPlacementErrorsTogether) {
  BuildTree();
  std::vector<ImportRow<v1::Member>> rows;
  v1::Member young = NewMember("M1", "B1");
  young.set_joined_on("1997-06-01");  // born 1980-03-15: 17 years old
  young.set_confirmed_on("1998-06-01");
  rows.push_back({2, young, ""});
  rows.push_back({3, NewMember("M2", "NOPE"), ""});
  rows.push_back({4, NewMember("M3", "B1"), ""});
  auto outcome = registry_->ImportMembers(Call(), rows, false, 9);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  std::map<int, std::string> problems = ProblemsByLine(outcome->errors);
  EXPECT_THAT(problems[2], HasSubstr("joined_on"));
  EXPECT_THAT(problems[3], HasSubstr("NOPE"));
  EXPECT_EQ(problems.size(), 2u);
  EXPECT_EQ(EventCount(), 6u);
}

// ---------------------------------------------------------------------------------------------
// The CSV formats

constexpr char kChineseMembersCsv[] =
    "序号,党员编号,姓名,身份证号,性别,所在组织编码,党员类别,入党日期,转正日期,就业状态,"
    "联系电话,民族\r\n"
    "1,M001,张三,110101198003151239,男,B1,正式党员,2020年6月1日,2021年6月1日,在职,"
    "13800138000,汉族\r\n"
    "2,M002,李四,'11010519491231002x,女,B1,预备党员,2025/6/1,,离退休,,回族\r\n";

TEST(MembersCsvTest, ParsesChineseHeadersAndValues) {
  auto parsed = importer::ParseMembersCsv(kChineseMembersCsv, csv::Encoding::kAuto);
  EXPECT_THAT(parsed.errors, IsEmpty()) << csv::DescribeProblems(parsed.errors, 10);
  ASSERT_EQ(parsed.warnings.size(), 1u);
  EXPECT_EQ(parsed.warnings[0].column(), "序号");
  EXPECT_EQ(parsed.warnings[0].line(), 1);
  ASSERT_EQ(parsed.rows.size(), 2u);

  const auto& first = parsed.rows[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.record.member_no(), "M001");
  EXPECT_EQ(first.record.name(), "张三");
  EXPECT_EQ(first.record.national_id(), "110101198003151239");
  EXPECT_EQ(first.record.gender(), v1::MALE);
  EXPECT_EQ(first.record.org_code(), "B1");
  EXPECT_EQ(first.record.category(), v1::FULL);
  EXPECT_EQ(first.record.joined_on(), "2020-06-01");
  EXPECT_EQ(first.record.confirmed_on(), "2021-06-01");
  EXPECT_EQ(first.record.employment(), v1::EMPLOYED);
  EXPECT_EQ(first.record.phone(), "13800138000");
  EXPECT_EQ(first.record.ethnicity(), "汉族");

  const auto& second = parsed.rows[1];
  EXPECT_EQ(second.line, 3);
  // Excel's ' text marker stripped, lowercase x upper-cased.
  EXPECT_EQ(second.record.national_id(), "11010519491231002X");
  EXPECT_EQ(second.record.gender(), v1::FEMALE);
  EXPECT_EQ(second.record.category(), v1::PROBATIONARY);
  EXPECT_EQ(second.record.joined_on(), "2025-06-01");
  EXPECT_EQ(second.record.confirmed_on(), "");
  EXPECT_EQ(second.record.employment(), v1::RETIRED);
}

TEST(MembersCsvTest, ParsesGb18030Bytes) {
  const std::string gb = testing::ToGb18030(kChineseMembersCsv);
  ASSERT_NE(gb, std::string(kChineseMembersCsv));
  const auto utf8 = importer::ParseMembersCsv(kChineseMembersCsv, csv::Encoding::kAuto);
  for (csv::Encoding enc : {csv::Encoding::kAuto, csv::Encoding::kGb18030}) {
    auto parsed = importer::ParseMembersCsv(gb, enc);
    EXPECT_THAT(parsed.errors, IsEmpty()) << csv::DescribeProblems(parsed.errors, 10);
    ASSERT_EQ(parsed.rows.size(), utf8.rows.size());
    for (size_t i = 0; i < parsed.rows.size(); ++i) {
      EXPECT_EQ(parsed.rows[i].line, utf8.rows[i].line);
      EXPECT_THAT(parsed.rows[i].record, EqualsProto(utf8.rows[i].record));
    }
    ASSERT_EQ(parsed.warnings.size(), 1u);
    EXPECT_EQ(parsed.warnings[0].column(), "序号");
  }
}

TEST(MembersCsvTest, RefusesMaskedAndScientificIdsWithTheirLines) {
  const std::string csv =
      "member_no,name,national_id,org_code,category,joined_on,confirmed_on,employment\n"
      "M1,a,110101198003151239,B1,full,2020-06-01,2021-06-01,employed\n"
      "M2,b,110101********1239,B1,full,2020-06-01,2021-06-01,employed\n"
      "M3,c,1.10101E+17,B1,full,2020-06-01,2021-06-01,employed\n"
      "M4,d,110101800315123,B1,full,2020-06-01,2021-06-01,employed\n";
  auto parsed = importer::ParseMembersCsv(csv, csv::Encoding::kUtf8);
  std::map<int, std::string> problems = ProblemsByLine(parsed.errors);
  EXPECT_EQ(problems.count(2), 0u);
  EXPECT_THAT(problems[3], HasSubstr("national_id"));
  EXPECT_THAT(problems[3], HasSubstr("masked"));
  EXPECT_THAT(problems[4], HasSubstr("national_id"));
  EXPECT_THAT(problems[4], HasSubstr("Excel"));
  EXPECT_THAT(problems[5], HasSubstr("15-digit"));
  EXPECT_EQ(problems.size(), 3u);
  EXPECT_THAT(csv::DescribeProblems(parsed.errors, 10), HasSubstr("line 3, column national_id: "));
}

TEST(MembersCsvTest, MissingRequiredColumnIsAFileError) {
  auto parsed = importer::ParseMembersCsv("member_no,name\nM1,a\n", csv::Encoding::kUtf8);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line(), 1);
  EXPECT_THAT(parsed.errors[0].reason(), HasSubstr("national_id"));
  EXPECT_THAT(parsed.rows, IsEmpty());
}

TEST(MembersCsvTest, BadCellsAreReportedByColumn) {
  const std::string csv =
      "member_no,name,national_id,org_code,category,joined_on,employment,gender\n"
      "M1,a,110101198003151239,B1,member,2020-13-01,boss,x\n";
  auto parsed = importer::ParseMembersCsv(csv, csv::Encoding::kUtf8);
  std::set<std::string> columns;
  for (const auto& p : parsed.errors) {
    EXPECT_EQ(p.line(), 2);
    columns.insert(p.column());
  }
  EXPECT_THAT(columns, UnorderedElementsAre("category", "joined_on", "employment", "gender"));
}

v1::Member ExportableMember() {
  v1::Member m;
  m.set_id(5);
  m.set_member_no("M001");
  m.set_name("王\"五\", 同志");
  m.set_national_id("11010519491231002X");
  m.set_gender(v1::FEMALE);
  m.set_birth_date("1949-12-31");
  m.set_org_code("B1");
  m.set_group_code("G1");
  m.set_category(v1::FULL);
  m.set_joined_on("1975-07-01");
  m.set_confirmed_on("1976-07-01");
  m.set_employment(v1::RETIRED);
  m.set_phone("+86 138-0013-8000");
  m.set_education("本科");
  m.set_ethnicity("满族");
  m.set_status(v1::ACTIVE);
  return m;
}

void ExpectSameCsvFields(const v1::Member& got, const v1::Member& want) {
  EXPECT_EQ(got.member_no(), want.member_no());
  EXPECT_EQ(got.name(), want.name());
  EXPECT_EQ(got.national_id(), want.national_id());
  EXPECT_EQ(got.gender(), want.gender());
  EXPECT_EQ(got.birth_date(), want.birth_date());
  EXPECT_EQ(got.org_code(), want.org_code());
  EXPECT_EQ(got.group_code(), want.group_code());
  EXPECT_EQ(got.category(), want.category());
  EXPECT_EQ(got.joined_on(), want.joined_on());
  EXPECT_EQ(got.confirmed_on(), want.confirmed_on());
  EXPECT_EQ(got.employment(), want.employment());
  EXPECT_EQ(got.phone(), want.phone());
  EXPECT_EQ(got.education(), want.education());
  EXPECT_EQ(got.ethnicity(), want.ethnicity());
}

TEST(MembersCsvTest, ExportLineParsesBackToTheSameMember) {
  const v1::Member m = ExportableMember();
  const std::string file = importer::MembersCsvHeader(false) + importer::MemberCsvLine(m, false);
  EXPECT_EQ(file.rfind("member_no,name,national_id,", 0), 0u);
  auto parsed = importer::ParseMembersCsv(file, csv::Encoding::kAuto);
  EXPECT_THAT(parsed.errors, IsEmpty()) << csv::DescribeProblems(parsed.errors, 10);
  EXPECT_THAT(parsed.warnings, IsEmpty());
  ASSERT_EQ(parsed.rows.size(), 1u);
  ExpectSameCsvFields(parsed.rows[0].record, m);
}

TEST(MembersCsvTest, ExcelExportInGb18030ParsesBack) {
  const v1::Member m = ExportableMember();
  const std::string utf8 = importer::MembersCsvHeader(true) + importer::MemberCsvLine(m, true);
  EXPECT_EQ(utf8.rfind("党员编号,", 0), 0u);
  EXPECT_NE(utf8.find("正式党员"), std::string::npos);
  EXPECT_NE(utf8.find("离退休"), std::string::npos);
  auto parsed = importer::ParseMembersCsv(testing::ToGb18030(utf8), csv::Encoding::kAuto);
  EXPECT_THAT(parsed.errors, IsEmpty()) << csv::DescribeProblems(parsed.errors, 10);
  ASSERT_EQ(parsed.rows.size(), 1u);
  ExpectSameCsvFields(parsed.rows[0].record, m);
}

TEST(MembersCsvTest, MaskedExportIsRefusedOnReimport) {
  v1::Member m = ExportableMember();
  m.set_national_id(rules::MaskNationalId(m.national_id()));
  m.set_national_id_masked(true);
  const std::string file = importer::MembersCsvHeader(false) + importer::MemberCsvLine(m, false);
  auto parsed = importer::ParseMembersCsv(file, csv::Encoding::kAuto);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line(), 2);
  EXPECT_EQ(parsed.errors[0].column(), "national_id");
  EXPECT_THAT(parsed.errors[0].reason(), HasSubstr("masked"));
}

TEST(OrgsCsvTest, ExportLineParsesBack) {
  v1::Org org;
  org.set_code("B1");
  org.set_name("第一联合党支部");
  org.set_type(v1::BRANCH);
  org.set_parent_code("GB1");
  org.set_established_on("2019-07-01");
  org.set_units(3);
  org.add_labels("示范党支部");
  org.add_labels("学习型");
  for (bool excel : {false, true}) {
    const std::string file = importer::OrgsCsvHeader(excel) + importer::OrgCsvLine(org, excel);
    auto parsed =
        importer::ParseOrgsCsv(excel ? testing::ToGb18030(file) : file, csv::Encoding::kAuto);
    EXPECT_THAT(parsed.errors, IsEmpty()) << csv::DescribeProblems(parsed.errors, 10);
    ASSERT_EQ(parsed.rows.size(), 1u);
    const auto& row = parsed.rows[0];
    EXPECT_EQ(row.line, 2);
    EXPECT_EQ(row.parent_code, "GB1");
    EXPECT_EQ(row.record.code(), "B1");
    EXPECT_EQ(row.record.name(), org.name());
    EXPECT_EQ(row.record.type(), v1::BRANCH);
    EXPECT_EQ(row.record.established_on(), "2019-07-01");
    EXPECT_EQ(row.record.units(), 3);
    EXPECT_THAT(row.record.labels(), ElementsAre("示范党支部", "学习型"));
  }
}

TEST_F(RegistryTest, ParsedCsvImportsIntoTheRegistry) {
  BuildTree();
  auto parsed =
      importer::ParseMembersCsv(testing::ToGb18030(kChineseMembersCsv), csv::Encoding::kAuto);
  ASSERT_THAT(parsed.errors, IsEmpty());
  auto outcome = registry_->ImportMembers(Call(), parsed.rows, false, 1);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_THAT(outcome->errors, IsEmpty());
  EXPECT_EQ(outcome->imported, 2);
  auto m2 = registry_->GetMember(MemberNo("M002"));
  ASSERT_TRUE(m2.ok());
  EXPECT_EQ(m2->birth_date(), "1949-12-31");
  EXPECT_EQ(m2->name(), "李四");
  v1::OrgStats b1 = Stats("B1");
  EXPECT_EQ(b1.full(), 1);
  EXPECT_EQ(b1.probationary(), 1);

  // The same file again: every row names the member it duplicates; nothing is written.
  const size_t events = EventCount();
  auto again = registry_->ImportMembers(Call(), parsed.rows, false, 2);
  ASSERT_TRUE(again.ok());
  std::map<int, std::string> problems = ProblemsByLine(again->errors);
  EXPECT_EQ(problems.size(), 2u);
  EXPECT_THAT(problems[2], HasSubstr("M001"));
  EXPECT_THAT(problems[3], HasSubstr("M002"));
  EXPECT_EQ(EventCount(), events);
}

}  // namespace
}  // namespace orgtree::registry
