// The reports over orgs: the org chart and the rule check (the tree's figures plus the officers'
// records of each org) and orgs by label (the tree alone).

#include <algorithm>

#include "services/common/status_macros.h"
#include "services/officers/officer_queries.h"
#include "services/officers/officer_rules.h"
#include "services/registry/counters.h"
#include "services/reports/office_facts.h"
#include "services/reports/report_rules.h"
#include "services/reports/reporter.h"

namespace orgtree::reports {

// One active org of a report, copied out of the tree so that the officers' records can be read
// after the tree's lock is released.
struct ReportedOrg {
  uint64_t id;
  int depth;
  v1::Org org;
  v1::Counters counters;
};

namespace {

// Calls fn(node, depth) for every active org of the subtrees of `roots`, depth-first.
template <typename Fn>
void ForEachActiveOrg(const registry::OrgTree& tree, const std::vector<uint64_t>& roots, Fn fn) {
  for (uint64_t root : roots) {
    for (auto [id, depth] : tree.SubtreeDfs(root, false)) fn(*tree.Find(id), depth);
  }
}

std::vector<ReportedOrg> ActiveOrgs(const registry::OrgTree& tree,
                                    const std::vector<uint64_t>& roots) {
  std::vector<ReportedOrg> out;
  ForEachActiveOrg(tree, roots, [&](const registry::OrgNode& n, int depth) {
    out.push_back(ReportedOrg{n.org.id(), depth, n.org, n.counters});
  });
  return out;
}

}  // namespace

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

absl::StatusOr<std::vector<ReportedOrg>> Reporter::Orgs(bool has_org, const v1::OrgRef& org) const {
  ASSIGN_OR_RETURN(auto roots, Roots(has_org, org));
  return registry_->ReadTree([&](const registry::OrgTree& t) { return ActiveOrgs(t, roots); });
}

absl::StatusOr<v1::TreeReport> Reporter::Tree(const v1::GetTreeReportRequest& req) const {
  ASSIGN_OR_RETURN(auto orgs, Orgs(req.has_org(), req.org()));
  v1::TreeReport report;
  for (const ReportedOrg& o : orgs) {
    v1::TreeNode* node = report.add_nodes();
    node->set_code(o.org.code());
    node->set_name(o.org.name());
    node->set_type(o.org.type());
    node->set_parent_code(o.org.parent_code());
    node->set_depth(o.depth);
    node->set_units(o.org.units());
    node->set_current_members(registry::CurrentMembers(o.counters));
    node->set_full(registry::FullMembers(o.counters));
    node->set_probationary(registry::ProbationaryMembers(o.counters));
    if (!officers::HoldsElections(o.org.type())) continue;  // groups have a leader, not a secretary
    ASSIGN_OR_RETURN(auto secretary, officers::CurrentSecretary(registry_->reader(), o.id));
    if (secretary) {
      node->set_secretary(secretary->member_name());
      node->set_secretary_member_no(secretary->member_no());
    }
  }
  return report;
}

absl::StatusOr<v1::RuleReport> Reporter::Rules(const v1::GetRuleReportRequest& req) const {
  ASSIGN_OR_RETURN(auto orgs, Orgs(req.has_org(), req.org()));
  const Date today = registry_->clock().Today();
  v1::RuleReport report;
  for (const ReportedOrg& o : orgs) {
    OfficeFacts office;
    if (officers::HoldsElections(o.org.type())) {
      ASSIGN_OR_RETURN(OfficeRecords records, ReadOfficeRecords(registry_->reader(), o.id));
      office = FactsOf(records);
    }
    OrgFigures figures{registry::CurrentMembers(o.counters), registry::FullMembers(o.counters)};
    for (auto& v : CheckAllRules(o.org, figures, office, today)) {
      *report.add_violations() = std::move(v);
    }
  }
  return report;
}

absl::StatusOr<v1::LabelReport> Reporter::Labels(const v1::GetLabelReportRequest& req) const {
  ASSIGN_OR_RETURN(auto roots, Roots(req.has_org(), req.org()));
  return registry_->ReadTree(
      [&](const registry::OrgTree& t) { return BuildLabelReport(t, roots); });
}

}  // namespace orgtree::reports
