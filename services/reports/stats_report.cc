// The statistics report: member tables from a scan of the subtree's placements, org counts from
// the rolled-up counters, branch secretaries and party workers from the officers' records.

#include "services/common/status_macros.h"
#include "services/officers/officer_queries.h"
#include "services/registry/counters.h"
#include "services/reports/member_stats.h"
#include "services/reports/reporter.h"
#include "services/rules/member_rules.h"

namespace orgtree::reports {

absl::StatusOr<v1::StatsReport> Reporter::Stats(const v1::GetStatsReportRequest& req) const {
  const Date today = registry_->clock().Today();
  ASSIGN_OR_RETURN(Date as_of, ParseDateFieldOr("as_of", req.as_of(), today));
  ASSIGN_OR_RETURN(auto roots, Roots(req.has_org(), req.org()));

  // Placement orgs (dissolved ones too: a member's record stays where it was placed) and the
  // subtrees' active orgs by type, taken together under one read of the tree.
  std::vector<uint64_t> placements;
  std::vector<uint64_t> branches;  // active ones
  std::string root_code;
  v1::Counters orgs;
  registry::EnsureCounterSize(&orgs);
  registry_->ReadTree([&](const registry::OrgTree& tree) {
    if (req.has_org()) root_code = tree.Find(roots[0])->org.code();
    for (uint64_t root : roots) {
      registry::AddCounters(&orgs, tree.Find(root)->counters, +1);
      for (auto [id, depth] : tree.SubtreeDfs(root, true)) {
        placements.push_back(id);
        const v1::Org& org = tree.Find(id)->org;
        if (org.type() == v1::BRANCH && org.state() != v1::ORG_DISSOLVED) branches.push_back(id);
      }
    }
  });

  // A member is counted where the relationship is held: its placement (branch or group).
  // O(members in the subtree): every member record of the subtree is read once.
  ASSIGN_OR_RETURN(auto workers, officers::CurrentPartyWorkers(registry_->reader()));
  MemberStats stats(as_of);
  int64_t full_time = 0, part_time = 0;
  for (uint64_t org : placements) {
    RETURN_IF_ERROR(registry_->reader().ScanPlacement(org, 0, [&](v1::Member&& m) {
      if (!rules::IsCurrent(m.status())) return true;
      stats.Add(m);
      if (auto w = workers.find(m.id()); w != workers.end()) {
        ++(w->second.kind() == v1::PARTY_WORKER_FULL_TIME ? full_time : part_time);
      }
      return true;
    }));
  }
  int64_t secretaries = 0;
  for (uint64_t branch : branches) {
    ASSIGN_OR_RETURN(auto secretary, officers::CurrentSecretary(registry_->reader(), branch));
    if (secretary) ++secretaries;
  }

  v1::StatsReport report;
  report.set_branch_secretaries(secretaries);
  report.set_full_time_party_workers(full_time);
  report.set_part_time_party_workers(part_time);
  if (req.has_org()) report.set_org_code(std::move(root_code));
  report.set_as_of(FormatDate(as_of));
  stats.AppendTo(&report);
  *report.add_tables() = OrgsByTypeTable(orgs);
  return report;
}

}  // namespace orgtree::reports
