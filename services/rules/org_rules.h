#pragma once

// The tree rules of domain.md: which org type may sit under which, and what an org needs.

#include "absl/status/status.h"
#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::rules {

// committee under committee (or a root); general_branch under committee; branch under committee
// or general_branch; group under branch only.
bool ParentTypeAllowed(v1::OrgType child, v1::OrgType parent);
bool MayBeRoot(v1::OrgType type);  // only a committee

// FAILED_PRECONDITION naming the rule when `child` may not sit under `parent`.
absl::Status CheckParent(const v1::Org& child, const v1::Org* parent);

// Joint branches span at most this many units (a warning past it, not a refusal).
inline constexpr int kJointBranchMaxUnits = 5;

// Field checks of a new org (code, name, type, dates, units): INVALID_ARGUMENT naming the field.
absl::Status ValidateNewOrgFields(const v1::Org& org);

}  // namespace orgtree::rules
