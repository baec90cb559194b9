#pragma once

// One change to the registry: the decide step reads state through it and records events; each
// event is applied at once to an overlay (so later decisions in the same change see it) and to one
// RocksDB write batch. Commit() writes the batch with a synced WAL; Publish() then moves the
// overlay into the in-memory tree.
//
// Applying an event is deterministic: it depends only on the state before it and on the event
// (which carries the entity before and after), never on the clock or on fresh ids.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"
#include "services/registry/member_numbers.h"
#include "services/registry/member_placements.h"
#include "services/registry/org_tree.h"
#include "storage/records.h"

namespace orgtree::registry {

// Who asks and under which request id: stamped on every event of the change.
struct CallMeta {
  std::string actor;
  std::string request_id;
};

class Change {
 public:
  // `tree` and `numbers` are the registry's as of the last published change.
  Change(const OrgTree* tree, const MemberNumbers* numbers, storage::RocksStore* store,
         const v1::MetaRecord& meta, CallMeta call, std::string now);

  // --- Reads through the overlay.
  const v1::Org* FindOrg(uint64_t id) const;
  std::optional<uint64_t> FindOrgByCode(std::string_view code) const;
  // An org reference (id or code) resolved against this change's view of the tree: NOT_FOUND or
  // INVALID_ARGUMENT naming `field`.
  absl::StatusOr<uint64_t> ResolveOrg(const v1::OrgRef& ref, std::string_view field) const;
  // A copy of the org's rolled-up counters, sized.
  v1::Counters CountersOf(uint64_t id) const;
  // Root first, `id` last.
  std::vector<uint64_t> PathTo(uint64_t id) const;
  // Active child orgs of `id` (tree children plus orgs created in this change).
  std::vector<const v1::Org*> ActiveChildren(uint64_t id) const;

  // Whether a member number / national id is taken, in the database or earlier in this change.
  std::optional<uint64_t> MemberIdByNo(std::string_view member_no) const;
  absl::StatusOr<std::optional<uint64_t>> MemberIdByNationalId(std::string_view nid) const;

  // The member number of member `id` (registered earlier or in this change).
  absl::StatusOr<std::string> MemberNoOf(uint64_t id) const;

  uint64_t NextOrgId() {
    meta_.set_last_org_id(meta_.last_org_id() + 1);
    return meta_.last_org_id();
  }
  uint64_t NextMemberId() {
    meta_.set_last_member_id(meta_.last_member_id() + 1);
    return meta_.last_member_id();
  }

  // --- Events. `before` is null for a creation. Returns the event's seq.
  uint64_t RecordOrgEvent(std::string type, const v1::Org* before, const v1::Org& after,
                          std::string effective_date, std::string reason);
  // `extend`, when given, adds a module's payload to the event and writes the module's records
  // (a transfer step that also moves the member: one event, one batch).
  using ExtendFn = std::function<void(v1::Event& event, storage::RecordBatch& batch)>;
  uint64_t RecordMemberEvent(std::string type, const v1::Member* before, const v1::Member& after,
                             std::string effective_date, std::string reason,
                             const ExtendFn& extend = nullptr);
  // A bulk registration (an import): what RecordMemberEvent does for a new member, except that the
  // member's counts are added to `*counts` instead of along its placement's path. The caller,
  // registering members grouped by placement, adds each group's counts once with
  // AddMemberCounts — one walk up the tree per placement rather than per member. The caller has
  // checked every member's number and ID number (PlaceNewMember) before recording the first: the
  // change indexes the new numbers but not the ID numbers, and looks up no ID numbers afterwards.
  uint64_t RecordNewMember(std::string type, const v1::Member& member, std::string effective_date,
                           std::string reason, v1::Counters* counts);
  void AddMemberCounts(uint64_t placement, const v1::Counters& counts) {
    AddAlongPath(placement, counts, +1);
  }

  // For modules beside orgs and members (dues, transfers): records `event` (type, entity, dates,
  // reason and payload set by the caller; seq, time, actor and request id stamped here) and lets
  // `apply` write its effects into this change's batch. `apply` must depend only on the event and
  // on state read before it, so that replaying the log gives the same result.
  using ApplyFn = std::function<void(const v1::Event& event, storage::RecordBatch& batch)>;
  uint64_t RecordEvent(v1::Event event, const ApplyFn& apply);

  // Members this change took out of where they were: no longer current, or placed elsewhere.
  // By member id: the member after the change's last such event, and that event's effective date.
  // Read by modules whose records follow the member (positions).
  struct Departure {
    v1::Member after;
    std::string effective_date;
  };
  const std::map<uint64_t, Departure>& departures() const { return departures_; }
  // The placement orgs whose members this change wrote (in event order, possibly repeated), for
  // the list cache to forget; all of them when wrote_all_listings() (a bulk registration, which
  // does not name them one by one, or a bulk load).
  const std::vector<uint64_t>& listings_written() const { return listings_written_; }
  bool wrote_all_listings() const { return bulk_registered_ || bulk_ != nullptr; }
  // Whether this change alters what a member list page reads: member records, or orgs (the tree a
  // subtree's page walks). Dues, a transfer's own records and the like do not.
  bool changes_listings() const {
    return !listings_written_.empty() || wrote_all_listings() || !orgs_.empty();
  }
  // Orgs this change dissolved, as they are now.
  std::vector<const v1::Org*> DissolvedOrgs() const;

  // See RecordBatch::Reserve (bulk imports).
  void ReserveBatch(size_t bytes) { batch_.Reserve(bytes); }
  // Sizes the index of numbers registered in this change and the list of placements written for
  // `members` new members up front (bulk imports), instead of growing them.
  void ReserveNewMembers(size_t members) {
    new_member_nos_.reserve(members);
    placed_.reserve(members);
  }
  // Bulk imports: from now on (before the first event) this change writes SST files as it goes
  // and Commit() ingests them (storage/bulk_load.h). `streamed` are the families the caller
  // promises to write in key order.
  absl::Status WriteThroughBulkLoad(const std::vector<storage::Cf>& streamed);

  // Where a member is placed: its group, else its branch (the key of its placement copy).
  static uint64_t Placement(const v1::Member& m) {
    return m.group_id() ? m.group_id() : m.org_id();
  }

  bool empty() const { return events_ == 0; }
  int64_t events() const { return events_; }
  uint64_t first_seq() const { return first_seq_; }
  uint64_t last_seq() const { return meta_.last_event_seq(); }

  // Writes everything plus `idempotency` (when set) atomically and durably.
  absl::Status Commit(const std::optional<v1::IdempotencyRecord>& idempotency);
  // After a successful Commit: moves the overlay into `tree`, the numbers of the members this
  // change registered into `numbers` and where the members it wrote are now into `placements`
  // (caller holds the tree's write lock). The change's own number index is moved out: call once,
  // last.
  void Publish(OrgTree* tree, MemberNumbers* numbers, MemberPlacements* placements);
  const v1::MetaRecord& meta() const { return meta_; }

 private:
  v1::Event NewEvent(std::string type, std::string effective_date, std::string reason);
  // RecordMemberEvent but for `after`'s counts, which go to `*after_counts`.
  uint64_t WriteMemberEvent(std::string type, const v1::Member* before, const v1::Member& after,
                            std::string effective_date, std::string reason, const ExtendFn& extend,
                            v1::Counters* after_counts);
  void AddAlongPath(uint64_t org_id, const v1::Counters& delta, int sign);
  v1::Counters* MutableCounters(uint64_t id);

  const OrgTree* tree_;
  const MemberNumbers* numbers_;
  storage::RocksStore* store_;
  storage::RecordReader reader_;
  storage::RecordBatch batch_;
  std::unique_ptr<storage::BulkLoad> bulk_;  // set for a bulk import
  v1::MetaRecord meta_;
  CallMeta call_;
  std::string now_;
  uint64_t first_seq_ = 0;
  int events_ = 0;

  std::map<uint64_t, v1::Org> orgs_;  // changed orgs
  std::map<std::string, uint64_t, std::less<>> new_codes_;
  std::map<uint64_t, v1::Counters> counters_;  // changed counters
  // Hash maps: a bulk import registers up to millions of members in one change.
  MemberNumbers::Map new_member_nos_;
  absl::flat_hash_map<std::string, uint64_t> new_national_ids_;
  bool bulk_registered_ = false;  // see RecordNewMember
  std::map<uint64_t, Departure> departures_;
  MemberPlacements::Updates placed_;  // every member this change wrote, in event order
  std::vector<uint64_t> listings_written_;
};

}  // namespace orgtree::registry
