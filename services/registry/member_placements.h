#pragma once

// Where each member is placed (their group, else their branch) and their status, by member id,
// held in memory so that CheckMembership — the permission check other systems make on every
// page view — answers from memory without reading or parsing the member.
//
// Member ids are handed out one after another from 1, so the entries sit in a vector indexed by
// id: 16 bytes a member. The registry loads it from the placement index when it opens; every
// change that writes a member (all of them go through Change::RecordMemberEvent) records the
// member's new placement and status, and the registry applies them when it publishes the change.
//
// Thread-safe, with a lock of its own; the registry reads and publishes it under the tree's lock
// too, so that a check sees the tree and the placements of the same change.

#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::registry {

class MemberPlacements {
 public:
  struct Entry {
    uint64_t placement = 0;  // 0 = no member with this id
    v1::MemberStatus status = v1::MEMBER_STATUS_UNSPECIFIED;
  };
  using Updates = std::vector<std::pair<uint64_t, Entry>>;  // (member id, entry), later ones win

  std::optional<Entry> Find(uint64_t member_id) const {
    std::shared_lock lock(mu_);
    if (member_id >= by_id_.size() || by_id_[member_id].placement == 0) return std::nullopt;
    return by_id_[member_id];
  }
  void Set(uint64_t member_id, Entry entry) {
    std::unique_lock lock(mu_);
    SetLocked(member_id, entry);
  }
  void SetAll(const Updates& updates) {
    std::unique_lock lock(mu_);
    for (const auto& [id, entry] : updates) SetLocked(id, entry);
  }
  void Reserve(size_t members) {
    std::unique_lock lock(mu_);
    by_id_.reserve(members + 1);
  }

 private:
  void SetLocked(uint64_t member_id, Entry entry) {
    if (member_id >= by_id_.size()) by_id_.resize(member_id + 1);
    by_id_[member_id] = entry;
  }

  mutable std::shared_mutex mu_;
  std::vector<Entry> by_id_;
};

}  // namespace orgtree::registry
