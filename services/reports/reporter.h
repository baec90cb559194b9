#pragma once

// Reporter: the reports of issue "Reports" over the registry — the org chart, the rule check, the
// statistics tables and orgs by label, for one org's subtree or for every root. Reads only: the
// in-memory tree and its rolled-up counters, the officers' records of each reported org (chart,
// rules, statistics) and, for the statistics, a scan of the subtree's members.
//
// The label report is a pure function of an OrgTree (org_reports.cc), so tests can run it on a
// tree built in memory; Reporter resolves the request and runs it under the tree's lock.
//
// Thread safety: as the registry's reads (any number of concurrent calls).

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/report_service.pb.h"
#include "services/registry/org_tree.h"
#include "services/registry/registry.h"

namespace orgtree::reports {

struct ReportedOrg;

// Orgs by label over the subtrees of `roots` (active orgs, depth-first, children by code).
v1::LabelReport BuildLabelReport(const registry::OrgTree& tree, const std::vector<uint64_t>& roots);

class Reporter {
 public:
  explicit Reporter(const registry::Registry* registry) : registry_(registry) {}

  absl::StatusOr<v1::TreeReport> Tree(const v1::GetTreeReportRequest& req) const;
  absl::StatusOr<v1::RuleReport> Rules(const v1::GetRuleReportRequest& req) const;
  absl::StatusOr<v1::LabelReport> Labels(const v1::GetLabelReportRequest& req) const;
  // Reads every member placed in the subtree: O(members in the subtree), unlike the other
  // reports, which are O(orgs in the subtree).
  absl::StatusOr<v1::StatsReport> Stats(const v1::GetStatsReportRequest& req) const;

 private:
  // The requested org, or every root when `has_org` is false (NOT_FOUND / INVALID_ARGUMENT
  // naming "org").
  absl::StatusOr<std::vector<uint64_t>> Roots(bool has_org, const v1::OrgRef& org) const;
  // The active orgs of those subtrees, depth-first, copied out of the tree.
  absl::StatusOr<std::vector<ReportedOrg>> Orgs(bool has_org, const v1::OrgRef& org) const;

  const registry::Registry* registry_;
};

}  // namespace orgtree::reports
