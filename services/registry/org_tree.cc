#include "services/registry/org_tree.h"

#include <algorithm>

namespace orgtree::registry {

const OrgNode* OrgTree::Find(uint64_t id) const {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}

std::optional<uint64_t> OrgTree::FindByCode(std::string_view code) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return std::nullopt;
  return it->second;
}

std::vector<uint64_t> OrgTree::PathTo(uint64_t id) const {
  std::vector<uint64_t> path;
  for (const OrgNode* n = Find(id); n != nullptr; n = Find(n->org.parent_id())) {
    path.push_back(n->org.id());
    if (n->org.parent_id() == 0 || path.size() > nodes_.size()) break;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

bool OrgTree::IsInSubtree(uint64_t id, uint64_t ancestor) const {
  size_t steps = 0;
  for (const OrgNode* n = Find(id); n != nullptr && steps <= nodes_.size(); ++steps) {
    if (n->org.id() == ancestor) return true;
    if (n->org.parent_id() == 0) return false;
    n = Find(n->org.parent_id());
  }
  return false;
}

std::vector<std::pair<uint64_t, int>> OrgTree::SubtreeDfs(uint64_t root,
                                                          bool include_dissolved) const {
  std::vector<std::pair<uint64_t, int>> out;
  std::vector<std::pair<uint64_t, int>> stack;
  if (Find(root) != nullptr) stack.emplace_back(root, 0);
  while (!stack.empty()) {
    auto [id, depth] = stack.back();
    stack.pop_back();
    const OrgNode* n = Find(id);
    if (!include_dissolved && n->org.state() == v1::ORG_DISSOLVED) continue;
    out.emplace_back(id, depth);
    for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
      stack.emplace_back(*it, depth + 1);
    }
  }
  return out;
}

std::optional<int> OrgTree::DepthInDfs(uint64_t id, uint64_t root, bool include_dissolved) const {
  // A dissolved org, and everything under it, is left out unless dissolved orgs are listed.
  int depth = 0;
  for (const OrgNode* n = Find(id); n != nullptr; n = Find(n->org.parent_id()), ++depth) {
    if (!include_dissolved && n->org.state() == v1::ORG_DISSOLVED) return std::nullopt;
    if (n->org.id() == root) return depth;
    if (n->org.parent_id() == 0 || static_cast<size_t>(depth) > nodes_.size()) break;
  }
  return std::nullopt;
}

std::optional<std::pair<uint64_t, int>> OrgTree::NextInDfs(uint64_t id, uint64_t root,
                                                           bool include_dissolved) const {
  std::optional<int> depth = DepthInDfs(id, root, include_dissolved);
  if (!depth) return std::nullopt;
  auto listed = [&](uint64_t org) {
    return include_dissolved || Find(org)->org.state() != v1::ORG_DISSOLVED;
  };
  const OrgNode* n = Find(id);
  for (uint64_t child : n->children) {
    if (listed(child)) return std::make_pair(child, *depth + 1);
  }
  // No listed children: the next listed sibling of `id` or of its nearest ancestor below `root`.
  for (int d = *depth; d > 0; --d) {
    const OrgNode* parent = Find(n->org.parent_id());
    const auto& siblings = parent->children;
    auto it = std::find(siblings.begin(), siblings.end(), n->org.id());
    for (; it != siblings.end(); ++it) {
      if (*it != n->org.id() && listed(*it)) return std::make_pair(*it, d);
    }
    n = parent;
  }
  return std::nullopt;
}

void OrgTree::Upsert(const v1::Org& org) {
  auto it = nodes_.find(org.id());
  if (it != nodes_.end()) {
    uint64_t old_parent = it->second.org.parent_id();
    if (old_parent != org.parent_id() || it->second.org.code() != org.code()) {
      Unlink(org.id(), old_parent);
      by_code_.erase(it->second.org.code());
      it->second.org = org;
      by_code_[org.code()] = org.id();
      Link(org.id());
    } else {
      it->second.org = org;
    }
    return;
  }
  OrgNode& node = nodes_[org.id()];
  node.org = org;
  by_code_[org.code()] = org.id();
  Link(org.id());
  // Adopt children that were loaded before this org.
  auto orphans = orphans_.find(org.id());
  if (orphans != orphans_.end()) {
    std::vector<uint64_t> waiting = std::move(orphans->second);
    orphans_.erase(orphans);
    for (uint64_t child : waiting) Link(child);
  }
}

void OrgTree::SetCounters(uint64_t id, const v1::Counters& counters) {
  auto it = nodes_.find(id);
  if (it != nodes_.end()) it->second.counters = counters;
}

void OrgTree::Link(uint64_t id) {
  const v1::Org& org = nodes_[id].org;
  std::vector<uint64_t>* siblings = nullptr;
  if (org.parent_id() == 0) {
    siblings = &roots_;
  } else {
    auto parent = nodes_.find(org.parent_id());
    if (parent == nodes_.end()) {
      orphans_[org.parent_id()].push_back(id);
      return;
    }
    siblings = &parent->second.children;
  }
  auto pos = std::lower_bound(siblings->begin(), siblings->end(), org.code(),
                              [this](uint64_t sibling, const std::string& code) {
                                return nodes_[sibling].org.code() < code;
                              });
  siblings->insert(pos, id);
}

void OrgTree::Unlink(uint64_t id, uint64_t parent_id) {
  std::vector<uint64_t>* siblings = &roots_;
  if (parent_id != 0) {
    auto parent = nodes_.find(parent_id);
    if (parent == nodes_.end()) return;
    siblings = &parent->second.children;
  }
  siblings->erase(std::remove(siblings->begin(), siblings->end(), id), siblings->end());
}

}  // namespace orgtree::registry
