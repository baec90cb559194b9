#pragma once

// RestructureTxn: the building blocks every restructuring operation is made of — move a member,
// move an org (a group takes its members' branch along), create, convert and dissolve an org —
// each checked against the tree rules and recorded as the entity's own event inside one registry
// Change, while the plan (what moved, every touched ancestor's counters before and after, the
// rule warnings created and cleared) is collected as it goes. A dry run runs the very same code.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/restructure_plan.pb.h"
#include "services/common/date.h"
#include "services/registry/registry.h"

namespace orgtree::restructure {

class RestructureTxn {
 public:
  RestructureTxn(registry::Registry* registry, registry::Change& change, Date effective,
                 std::string reason)
      : registry_(registry), change_(change), effective_(effective), reason_(std::move(reason)) {}

  registry::Change& change() { return change_; }

  // An org by reference, through this change; FAILED_PRECONDITION when dissolved.
  absl::StatusOr<v1::Org> ActiveOrg(const v1::OrgRef& ref, std::string_view field);
  // Current members placed in a branch or its groups.
  absl::StatusOr<std::vector<v1::Member>> CurrentMembers(uint64_t branch_id);

  // Moves a current member into `branch` (and `group`, a group of it, or none).
  absl::Status MoveMember(const v1::Member& member, const v1::Org& branch,
                          const v1::Org* group = nullptr);
  // Moves an org under `parent` (rules, cycles, members in transit unless allowed). A group's
  // members follow it to its new branch.
  absl::Status MoveOrg(uint64_t org_id, const v1::Org& parent, bool allow_in_transit = false);
  absl::StatusOr<v1::Org> CreateOrg(v1::Org org, const v1::Org* parent);
  absl::Status ConvertOrg(uint64_t org_id, v1::OrgType new_type);
  // Dissolves an org that no longer has active children or current members.
  absl::Status DissolveOrg(uint64_t org_id);

  // Completes the plan: counter changes of every touched org and the rule warnings (size and
  // officeholder rules) created / cleared.
  absl::Status FinishPlan(v1::RestructurePlan* plan);

 private:
  // Remembers the counters (and the org) of `org_id` and its ancestors before they change.
  void Snapshot(uint64_t org_id);
  absl::Status CheckNotInTransit(const v1::Member& m);

  registry::Registry* registry_;
  registry::Change& change_;
  Date effective_;
  std::string reason_;
  std::vector<uint64_t> touched_;  // in first-touched order
  std::map<uint64_t, v1::Counters> counters_before_;
  std::map<uint64_t, v1::Org> orgs_before_;  // absent: created in this change
  std::vector<v1::OrgChange> org_changes_;
  std::vector<v1::MemberMove> member_moves_;
};

}  // namespace orgtree::restructure
