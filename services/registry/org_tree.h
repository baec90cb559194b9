#pragma once

// The whole org tree in memory (not the members): parent pointers, ordered children and each org's
// rolled-up counters. Ancestry, paths and subtree walks are memory-speed.
//
// Not thread-safe: the registry guards it with a reader/writer lock and changes it only after a
// commit.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"

namespace orgtree::registry {

struct OrgNode {
  v1::Org org;
  std::vector<uint64_t> children;  // ordered by code
  v1::Counters counters;
};

class OrgTree {
 public:
  const OrgNode* Find(uint64_t id) const;
  std::optional<uint64_t> FindByCode(std::string_view code) const;
  const std::vector<uint64_t>& Roots() const { return roots_; }
  size_t size() const { return nodes_.size(); }

  // Root first, `id` last; empty when unknown.
  std::vector<uint64_t> PathTo(uint64_t id) const;
  // Whether `id` is `ancestor` or lies below it. O(depth).
  bool IsInSubtree(uint64_t id, uint64_t ancestor) const;
  // Depth-first, children by code: (org id, depth below `root`).
  std::vector<std::pair<uint64_t, int>> SubtreeDfs(uint64_t root, bool include_dissolved) const;
  // Whether SubtreeDfs(root, include_dissolved) lists `id`, and at which depth: O(depth).
  std::optional<int> DepthInDfs(uint64_t id, uint64_t root, bool include_dissolved) const;
  // The entry after `id` in SubtreeDfs(root, include_dissolved), (org id, depth below `root`),
  // computed from `id`'s place in the tree: a walk that stops early (a list page) touches only the
  // orgs it passes, however large the subtree. nullopt after the last, and when the list does not
  // hold `id`.
  std::optional<std::pair<uint64_t, int>> NextInDfs(uint64_t id, uint64_t root,
                                                    bool include_dissolved) const;

  // Inserts or replaces an org, re-linking it when its parent changed.
  void Upsert(const v1::Org& org);
  void SetCounters(uint64_t id, const v1::Counters& counters);

 private:
  void Link(uint64_t id);
  void Unlink(uint64_t id, uint64_t parent_id);

  std::unordered_map<uint64_t, OrgNode> nodes_;
  std::map<std::string, uint64_t, std::less<>> by_code_;
  std::vector<uint64_t> roots_;  // ordered by code
  // Children whose parent has not been loaded yet (loading order is by id, not by depth).
  std::unordered_map<uint64_t, std::vector<uint64_t>> orphans_;
};

}  // namespace orgtree::registry
