#pragma once

// The registry: the org tree and the member registry over one RocksDB, and the single write path
// every mutation takes (validate → decide → events → one atomic, synced batch → publish).
//
// Thread safety: all methods are safe to call concurrently. Mutations are serialised by one writer
// lock (staff edits are rare next to reads); reads never take it: they read the in-memory tree
// under a shared lock and members with RocksDB point reads and scans.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"
#include "services/common/clock.h"
#include "services/registry/change.h"
#include "services/registry/listing_cache.h"
#include "services/registry/member_numbers.h"
#include "services/registry/member_placements.h"
#include "services/registry/member_view.h"
#include "services/registry/org_tree.h"
#include "storage/records.h"
#include "storage/rocks_store.h"

namespace orgtree::registry {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
inline constexpr int kMaxBatchGet = 1000;

// One row of a bulk import, with the spreadsheet line it came from.
template <typename T>
struct ImportRow {
  int line = 0;
  T record;
  std::string parent_code;  // orgs: the parent's code; members: unused
};

struct ImportOutcome {
  int64_t imported = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  std::vector<v1::ImportProblem> errors;  // any → nothing written
};

struct RegistryOptions {
  // The member list cache (listing_cache.h), in bytes; 0 = none (every page read from RocksDB).
  size_t list_cache_bytes = size_t{64} << 20;
};

class Registry {
 public:
  static absl::StatusOr<std::unique_ptr<Registry>> Open(const storage::StoreOptions& options,
                                                        const Clock* clock,
                                                        const RegistryOptions& registry = {});
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  ~Registry();

  const Clock& clock() const { return *clock_; }
  bool empty() const;
  // Flushes memtables (shutdown).
  absl::Status Flush();

  // --- Orgs (org_commands.cc, org_queries.cc).
  absl::StatusOr<v1::Org> CreateOrg(const CallMeta& call, const v1::CreateOrgRequest& req);
  absl::StatusOr<v1::Org> UpdateOrg(const CallMeta& call, const v1::UpdateOrgRequest& req);
  absl::StatusOr<v1::MoveOrgResponse> MoveOrg(const CallMeta& call, const v1::MoveOrgRequest& req);
  absl::StatusOr<v1::Org> DissolveOrg(const CallMeta& call, const v1::DissolveOrgRequest& req);

  absl::StatusOr<v1::Org> GetOrg(const v1::OrgRef& ref) const;
  absl::StatusOr<v1::ListOrgsResponse> ListChildOrgs(const v1::ListChildOrgsRequest& req) const;
  absl::StatusOr<v1::ListOrgsResponse> ListSubtreeOrgs(const v1::ListSubtreeOrgsRequest& req) const;
  absl::StatusOr<v1::OrgPath> GetOrgPath(const v1::OrgRef& ref) const;
  // The same answer as the serialised OrgPath the server sends.
  absl::Status GetOrgPath(const v1::OrgRef& ref, std::string* wire) const;
  absl::StatusOr<v1::OrgStats> GetOrgStats(const v1::OrgRef& ref) const;
  // The same answer as the serialised OrgStats the server sends (counters.h, AppendOrgStats).
  absl::Status GetOrgStats(const v1::OrgRef& ref, std::string* wire) const;

  // --- Members (member_commands.cc, member_queries.cc).
  absl::StatusOr<v1::Member> RegisterMember(const CallMeta& call,
                                            const v1::RegisterMemberRequest& req);
  absl::StatusOr<v1::Member> UpdateMember(const CallMeta& call, const v1::UpdateMemberRequest& req);
  absl::StatusOr<v1::Member> ConfirmMember(const CallMeta& call,
                                           const v1::ConfirmMemberRequest& req);
  absl::StatusOr<v1::Member> ExtendProbation(const CallMeta& call,
                                             const v1::ExtendProbationRequest& req);
  absl::StatusOr<v1::Member> CancelProbation(const CallMeta& call,
                                             const v1::CancelProbationRequest& req);
  absl::StatusOr<v1::Member> ChangeMemberStatus(const CallMeta& call,
                                                const v1::ChangeMemberStatusRequest& req);

  absl::StatusOr<v1::Member> GetMember(const v1::MemberRef& ref) const;
  // The serialised Member the server sends (the fields the read mask names, else all), its ID
  // number masked when `mask_national_id`: the stored record passed through (member_view.h,
  // AppendMember), not parsed and re-serialised.
  absl::Status GetMember(const v1::GetMemberRequest& req, bool mask_national_id,
                         std::string* wire) const;
  // Up to kMaxBatchGet members by id and member number (member_batch_queries.cc); unknown
  // references are listed as missing rather than failing the call.
  absl::StatusOr<v1::BatchGetMembersResponse> BatchGetMembers(
      const v1::BatchGetMembersRequest& req) const;
  // The same answer as the bytes of a BatchGetMembersResponse, ID numbers masked when
  // `mask_national_ids`, the stored records passed through as GetMember's are.
  absl::Status BatchGetMembers(const v1::BatchGetMembersRequest& req, bool mask_national_ids,
                               std::string* wire) const;
  absl::StatusOr<v1::ListMembersResponse> ListMembers(const v1::ListMembersRequest& req) const;
  // The same page as the bytes of a ListMembersResponse, ID numbers masked when
  // `mask_national_ids`: the stored records pass into it without being parsed (what a server
  // sends).
  absl::Status ListMembers(const v1::ListMembersRequest& req, bool mask_national_ids,
                           std::string* page) const;
  // How many org listings the member list cache holds (for tests).
  size_t cached_listings() const { return listing_cache_.size(); }
  absl::StatusOr<v1::CheckMembershipResponse> CheckMembership(
      const v1::CheckMembershipRequest& req) const;
  // The same answer as the serialised CheckMembershipResponse the server sends, the path's orgs
  // written from the tree.
  absl::Status CheckMembership(const v1::CheckMembershipRequest& req, std::string* wire) const;

  // --- Bulk (import_commands.cc): all rows or nothing; one event per record.
  absl::StatusOr<ImportOutcome> ImportOrgs(const CallMeta& call,
                                           std::vector<ImportRow<v1::Org>> rows, bool validate_only,
                                           uint64_t fingerprint);
  absl::StatusOr<ImportOutcome> ImportMembers(const CallMeta& call,
                                              std::vector<ImportRow<v1::Member>> rows,
                                              bool validate_only, uint64_t fingerprint);
  // Orgs of a subtree (or everything) in depth-first order, for export.
  absl::StatusOr<std::vector<v1::Org>> ExportOrgs(const v1::ExportRequest& req) const;
  // Members of a subtree (or everything), in org order; `fn` gets batches.
  absl::Status ExportMembers(const v1::ExportRequest& req,
                             const std::function<bool(const v1::Member&)>& fn) const;

  // --- Audit (audit_queries.cc).
  absl::StatusOr<v1::ListEventsResponse> ListEvents(const v1::ListEventsRequest& req) const;

  // --- For modules beside orgs and members (dues, transfers), which keep their own records in
  // their own column families but share the one write path, the tree and the clock.
  absl::Status Execute(const CallMeta& call, std::string_view method,
                       const std::string& fingerprint, bool validate_only,
                       google::protobuf::Message* response,
                       const std::function<absl::Status(Change&)>& decide) {
    return Mutate(call, method, fingerprint, validate_only, response, decide);
  }
  // A module whose records follow what a change does to members and orgs (officeholders: a
  // position ends when its holder leaves or its org is dissolved) adds the consequences to the
  // same change, after `decide` and before the commit. One follower per name (a second with the
  // same name replaces the first); set up before serving.
  using Follower = std::function<absl::Status(Change&)>;
  void SetFollower(const std::string& name, Follower follower) {
    std::lock_guard writer(writer_mu_);
    followers_[name] = std::move(follower);
  }
  const storage::RecordReader& reader() const { return reader_; }
  // Runs `fn(const OrgTree&)` under the tree's shared lock.
  template <typename Fn>
  auto ReadTree(Fn&& fn) const {
    std::shared_lock lock(tree_mu_);
    return fn(tree_);
  }
  // Resolves an org reference to its id (NOT_FOUND / INVALID_ARGUMENT naming `field`).
  absl::StatusOr<uint64_t> FindOrgId(const v1::OrgRef& ref, std::string_view field) const {
    std::shared_lock lock(tree_mu_);
    return ResolveOrg(ref, field);
  }
  absl::StatusOr<v1::Member> FindMember(const v1::MemberRef& ref, std::string_view field) const {
    return ResolveMember(ref, field);
  }
  // Member ids for `member_nos` in order (nullopt for unknown numbers), from the in-memory number
  // index: complete up to the last published change.
  std::vector<std::optional<uint64_t>> MemberIdsByNo(
      const std::vector<std::string>& member_nos) const {
    std::vector<std::optional<uint64_t>> ids;
    ids.reserve(member_nos.size());
    for (const std::string& no : member_nos) ids.push_back(numbers_.Find(no));
    return ids;
  }
  static std::string RequestFingerprint(const google::protobuf::Message& request) {
    return Fingerprint(request);
  }

 private:
  Registry(std::unique_ptr<storage::RocksStore> store, const Clock* clock,
           const RegistryOptions& options);
  absl::Status Load();

  // The request without its request_id, serialized deterministically.
  static std::string Fingerprint(const google::protobuf::Message& request);

  // Resolves an org reference against the current tree (caller holds tree_mu_ shared or writer).
  absl::StatusOr<uint64_t> ResolveOrg(const v1::OrgRef& ref, std::string_view field) const;
  absl::StatusOr<v1::Member> ResolveMember(const v1::MemberRef& ref, std::string_view field) const;
  // The id a member reference names: INVALID_ARGUMENT naming `field` for an empty reference;
  // nullopt when no member has that number or ID number (an id is returned as given).
  absl::StatusOr<std::optional<uint64_t>> MemberIdOf(const v1::MemberRef& ref,
                                                     std::string_view field) const;
  // NOT_FOUND naming `field` for a reference that names no member (never echoing an ID number).
  static absl::Status NoSuchMember(const v1::MemberRef& ref, std::string_view field);
  // The orgs a member listing reads, one at a time from `first` on: the whole subtree of `root`
  // in tree order, walked as far as the reader goes (the tree lock taken per step; ABORTED if an
  // org it stands on has moved out of the subtree), or else the orgs of `own_orgs` in order.
  storage::RecordReader::NextOrg WalkListing(uint64_t root, bool subtree,
                                             std::vector<uint64_t> own_orgs, uint64_t first) const;

  // ListMembers' ways to a page (member_queries.cc). From the list cache, reading and keeping
  // the listings it lacks; false when an org on the way is too large to keep (the page is then
  // incomplete). From the store, through one iterator.
  struct ListingPage;
  absl::StatusOr<bool> ListPageFromCache(const storage::RecordReader::NextOrg& next_org,
                                         uint64_t after_member, const MemberFields& fields,
                                         bool mask_national_ids, uint64_t generation,
                                         ListingPage& page) const;
  absl::Status ListPageFromStore(const storage::RecordReader::NextOrg& next_org,
                                 uint64_t after_member, const MemberFields& fields,
                                 bool mask_national_ids, ListingPage& page) const;
  // The members placed in `org`, read from the store as the list cache keeps them.
  absl::StatusOr<std::shared_ptr<const ListingCache::Listing>> ReadListing(
      uint64_t org, const MemberFields& fields, bool mask_national_ids) const;

  // The write path. Under the writer lock: answers a repeated request_id from its record (same
  // method and fingerprint → the first response; otherwise INVALID_ARGUMENT); else runs `decide`
  // against a fresh Change, which fills `response`, then — unless `validate_only` or nothing
  // changed — commits the change with the request's idempotency record and publishes it.
  absl::Status Mutate(const CallMeta& call, std::string_view method, const std::string& fingerprint,
                      bool validate_only, google::protobuf::Message* response,
                      const std::function<absl::Status(Change&)>& decide);

  std::unique_ptr<storage::RocksStore> store_;
  storage::RecordReader reader_;
  const Clock* clock_;

  std::mutex writer_mu_;                       // serialises mutations
  std::map<std::string, Follower> followers_;  // guarded by writer_mu_
  mutable std::shared_mutex tree_mu_;          // guards tree_ and meta_
  OrgTree tree_;
  MemberNumbers numbers_;  // locks itself; changed only under writer_mu_
  // Locks itself; changed only under writer_mu_ and tree_mu_ (read with the tree under tree_mu_).
  MemberPlacements placements_;
  v1::MetaRecord meta_;
  // Told of every write by Mutate; filled by list pages.
  mutable ListingCache listing_cache_;
};

}  // namespace orgtree::registry
