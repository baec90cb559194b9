#pragma once

// Member number → member id, held in memory so that a read by number (GetMember, CheckMembership,
// BatchGetMembers) costs one RocksDB read instead of two, and an import checks its numbers
// without a read at all.
//
// A member's number is given once, at registration, and is never changed or reused, so this map
// only grows: the registry loads it from the member-number index when it opens and adds the
// numbers each committed change registered when it publishes the change. At a million members it
// holds ~60 MB.
//
// Thread-safe, with a lock of its own: readers look numbers up while holding the tree's lock or
// not, and a change looks them up while it is decided.

#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace orgtree::registry {

class MemberNumbers {
 public:
  using Map = absl::flat_hash_map<std::string, uint64_t>;

  std::optional<uint64_t> Find(std::string_view member_no) const {
    std::shared_lock lock(mu_);
    auto it = ids_.find(absl::string_view(member_no.data(), member_no.size()));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  void Add(std::string_view member_no, uint64_t id) {
    std::unique_lock lock(mu_);
    ids_.insert_or_assign(std::string(member_no), id);
  }
  // Adds every entry of `numbers` under one lock, which readers wait for: into an empty map (the
  // first import of a large registry) the whole map is moved in instead of inserted entry by entry.
  void AddAll(Map&& numbers) {
    std::unique_lock lock(mu_);
    if (ids_.empty()) {
      ids_ = std::move(numbers);
      return;
    }
    ids_.reserve(ids_.size() + numbers.size());
    for (auto& [no, id] : numbers) ids_.insert_or_assign(no, id);
  }
  void Reserve(size_t members) {
    std::unique_lock lock(mu_);
    ids_.reserve(members);
  }

 private:
  mutable std::shared_mutex mu_;
  Map ids_;
};

}  // namespace orgtree::registry
