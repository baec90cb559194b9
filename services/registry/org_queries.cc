// Org reads: served from the in-memory tree under the shared lock.

#include <algorithm>

#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/registry/counters.h"
#include "services/registry/record_helpers.h"
#include "services/registry/registry.h"
#include "storage/wire_fields.h"

namespace orgtree::registry {
namespace {

// Pages through `ids` after the org named by the token's cursor.
absl::StatusOr<v1::ListOrgsResponse> Page(const OrgTree& tree, const std::vector<uint64_t>& ids,
                                          int page_size_in, const std::string& token) {
  ASSIGN_OR_RETURN(int page_size, CheckPageSize(page_size_in, kDefaultPageSize, kMaxPageSize));
  size_t start = 0;
  if (!token.empty()) {
    ASSIGN_OR_RETURN(auto cursor, DecodePageToken(token, 1));
    auto it = std::find(ids.begin(), ids.end(), cursor[0]);
    if (it == ids.end()) {
      return absl::InvalidArgumentError(
          "page_token: the org it continues from is no longer in this list; start again");
    }
    start = static_cast<size_t>(it - ids.begin()) + 1;
  }
  v1::ListOrgsResponse out;
  size_t i = start;
  for (; i < ids.size() && out.orgs_size() < page_size; ++i) {
    *out.add_orgs() = tree.Find(ids[i])->org;
  }
  if (i < ids.size()) out.set_next_page_token(EncodePageToken({ids[i - 1]}));
  return out;
}

}  // namespace

absl::StatusOr<v1::Org> Registry::GetOrg(const v1::OrgRef& ref) const {
  std::shared_lock lock(tree_mu_);
  ASSIGN_OR_RETURN(uint64_t id, ResolveOrg(ref, "org"));
  return tree_.Find(id)->org;
}

absl::StatusOr<v1::ListOrgsResponse> Registry::ListChildOrgs(
    const v1::ListChildOrgsRequest& req) const {
  std::shared_lock lock(tree_mu_);
  // Without an org: the roots (the top committees).
  std::vector<uint64_t> children = tree_.Roots();
  if (req.has_org()) {
    ASSIGN_OR_RETURN(uint64_t id, ResolveOrg(req.org(), "org"));
    children = tree_.Find(id)->children;
  }
  std::vector<uint64_t> ids;
  for (uint64_t child : children) {
    if (req.include_dissolved() || tree_.Find(child)->org.state() != v1::ORG_DISSOLVED) {
      ids.push_back(child);
    }
  }
  return Page(tree_, ids, req.page_size(), req.page_token());
}

absl::StatusOr<v1::ListOrgsResponse> Registry::ListSubtreeOrgs(
    const v1::ListSubtreeOrgsRequest& req) const {
  const bool dissolved = req.include_dissolved();
  std::shared_lock lock(tree_mu_);
  ASSIGN_OR_RETURN(uint64_t root, ResolveOrg(req.org(), "org"));
  ASSIGN_OR_RETURN(int page_size, CheckPageSize(req.page_size(), kDefaultPageSize, kMaxPageSize));
  // The page walks on from its cursor through the tree (OrgTree::NextInDfs) instead of listing
  // the whole subtree first: a page of the whole tree costs what a page of one branch does.
  std::optional<std::pair<uint64_t, int>> next;  // (org, depth)
  if (req.page_token().empty()) {
    // The root itself first, unless it is dissolved and dissolved orgs are not listed.
    if (tree_.DepthInDfs(root, root, dissolved)) next.emplace(root, 0);
  } else {
    ASSIGN_OR_RETURN(auto cursor, DecodePageToken(req.page_token(), 1));
    if (!tree_.DepthInDfs(cursor[0], root, dissolved)) {
      return absl::InvalidArgumentError(
          "page_token: the org it continues from is no longer in this list; start again");
    }
    next = tree_.NextInDfs(cursor[0], root, dissolved);
  }
  v1::ListOrgsResponse out;
  for (; next && out.orgs_size() < page_size;
       next = tree_.NextInDfs(next->first, root, dissolved)) {
    *out.add_orgs() = tree_.Find(next->first)->org;
    out.add_depths(next->second);
  }
  if (next) out.set_next_page_token(EncodePageToken({out.orgs(out.orgs_size() - 1).id()}));
  return out;
}

absl::StatusOr<v1::OrgPath> Registry::GetOrgPath(const v1::OrgRef& ref) const {
  return ParsedAnswer<v1::OrgPath>("GetOrgPath",
                                   [&](std::string* wire) { return GetOrgPath(ref, wire); });
}

absl::Status Registry::GetOrgPath(const v1::OrgRef& ref, std::string* wire) const {
  std::shared_lock lock(tree_mu_);
  ASSIGN_OR_RETURN(uint64_t id, ResolveOrg(ref, "org"));
  // Each org is serialised from the tree straight into the answer: copying the orgs into an
  // OrgPath first was most of the call's server time.
  for (uint64_t a : tree_.PathTo(id)) {
    storage::AppendMessageField(v1::OrgPath::kOrgsFieldNumber, tree_.Find(a)->org, wire);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::OrgStats> Registry::GetOrgStats(const v1::OrgRef& ref) const {
  return ParsedAnswer<v1::OrgStats>("GetOrgStats",
                                    [&](std::string* wire) { return GetOrgStats(ref, wire); });
}

absl::Status Registry::GetOrgStats(const v1::OrgRef& ref, std::string* wire) const {
  std::shared_lock lock(tree_mu_);
  ASSIGN_OR_RETURN(uint64_t id, ResolveOrg(ref, "org"));
  const OrgNode* n = tree_.Find(id);
  AppendOrgStats(n->org, n->counters, wire);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Org>> Registry::ExportOrgs(const v1::ExportRequest& req) const {
  std::shared_lock lock(tree_mu_);
  std::vector<uint64_t> roots;
  if (req.has_org()) {
    ASSIGN_OR_RETURN(uint64_t id, ResolveOrg(req.org(), "org"));
    roots.push_back(id);
  } else {
    roots = tree_.Roots();
  }
  std::vector<v1::Org> out;
  for (uint64_t root : roots) {
    for (auto [id, depth] : tree_.SubtreeDfs(root, req.include_dissolved())) {
      out.push_back(tree_.Find(id)->org);
    }
  }
  return out;
}

}  // namespace orgtree::registry
