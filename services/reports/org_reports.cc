// The reports that need only the in-memory tree: org chart, rule check and labels.

#include <algorithm>

#include "services/common/status_macros.h"
#include "services/registry/counters.h"
#include "services/reports/report_rules.h"
#include "services/reports/reporter.h"

namespace orgtree::reports {
namespace {

// Calls fn(node, depth) for every active org of the subtrees of `roots`, depth-first.
template <typename Fn>
void ForEachActiveOrg(const registry::OrgTree& tree, const std::vector<uint64_t>& roots, Fn fn) {
  for (uint64_t root : roots) {
    for (auto [id, depth] : tree.SubtreeDfs(root, false)) fn(*tree.Find(id), depth);
  }
}

int64_t Full(const v1::Counters& c) {
  return c.current_by_category_size() > v1::FULL ? c.current_by_category(v1::FULL) : 0;
}

int64_t Probationary(const v1::Counters& c) {
  return c.current_by_category_size() > v1::PROBATIONARY ? c.current_by_category(v1::PROBATIONARY)
                                                         : 0;
}

}  // namespace

v1::TreeReport BuildTreeReport(const registry::OrgTree& tree, const std::vector<uint64_t>& roots) {
  v1::TreeReport report;
  ForEachActiveOrg(tree, roots, [&](const registry::OrgNode& n, int depth) {
    v1::TreeNode* node = report.add_nodes();
    node->set_code(n.org.code());
    node->set_name(n.org.name());
    node->set_type(n.org.type());
    node->set_parent_code(n.org.parent_code());
    node->set_depth(depth);
    node->set_units(n.org.units());
    node->set_current_members(registry::CurrentMembers(n.counters));
    node->set_full(Full(n.counters));
    node->set_probationary(Probationary(n.counters));
  });
  return report;
}

v1::RuleReport BuildRuleReport(const registry::OrgTree& tree, const std::vector<uint64_t>& roots) {
  v1::RuleReport report;
  ForEachActiveOrg(tree, roots, [&](const registry::OrgNode& n, int) {
    OrgFigures figures{registry::CurrentMembers(n.counters), Full(n.counters)};
    for (auto& v : CheckOrgRules(n.org, figures)) *report.add_violations() = std::move(v);
  });
  return report;
}

v1::LabelReport BuildLabelReport(const registry::OrgTree& tree,
                                 const std::vector<uint64_t>& roots) {
  v1::LabelReport report;
  ForEachActiveOrg(tree, roots, [&](const registry::OrgNode& n, int) {
    for (const auto& text : n.org.labels()) {
      ParsedLabel parsed = ParseLabel(text);
      if (parsed.label.empty()) continue;
      v1::LabelRow* row = report.add_rows();
      row->set_label(std::move(parsed.label));
      row->set_code(n.org.code());
      row->set_name(n.org.name());
      row->set_type(n.org.type());
      row->set_rectification(parsed.rectification);
      row->set_since(std::move(parsed.since));
      row->set_status(std::move(parsed.status));
    }
  });
  // Grouped by label; stable, so each label keeps the tree order of its orgs.
  std::stable_sort(
      report.mutable_rows()->begin(), report.mutable_rows()->end(),
      [](const v1::LabelRow& a, const v1::LabelRow& b) { return a.label() < b.label(); });
  return report;
}

absl::StatusOr<std::vector<uint64_t>> Reporter::Roots(bool has_org, const v1::OrgRef& org) const {
  if (has_org) {
    ASSIGN_OR_RETURN(uint64_t id, registry_->FindOrgId(org, "org"));
    return std::vector<uint64_t>{id};
  }
  return registry_->ReadTree([](const registry::OrgTree& tree) { return tree.Roots(); });
}

absl::StatusOr<v1::TreeReport> Reporter::Tree(const v1::GetTreeReportRequest& req) const {
  ASSIGN_OR_RETURN(auto roots, Roots(req.has_org(), req.org()));
  return registry_->ReadTree([&](const registry::OrgTree& t) { return BuildTreeReport(t, roots); });
}

absl::StatusOr<v1::RuleReport> Reporter::Rules(const v1::GetRuleReportRequest& req) const {
  ASSIGN_OR_RETURN(auto roots, Roots(req.has_org(), req.org()));
  return registry_->ReadTree([&](const registry::OrgTree& t) { return BuildRuleReport(t, roots); });
}

absl::StatusOr<v1::LabelReport> Reporter::Labels(const v1::GetLabelReportRequest& req) const {
  ASSIGN_OR_RETURN(auto roots, Roots(req.has_org(), req.org()));
  return registry_->ReadTree(
      [&](const registry::OrgTree& t) { return BuildLabelReport(t, roots); });
}

}  // namespace orgtree::reports
