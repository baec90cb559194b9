#pragma once

// The size rules of domain.md that are warnings, not refusals: real trees break them for a while
// during restructuring, and the system shows where (restructuring plans list the warnings a step
// creates or clears).

#include <string>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"

namespace orgtree::rules {

struct SizeWarning {
  std::string rule;  // "branch_under_3_full", "branch_over_50", "joint_branch_over_5_units",
                     // "general_branch_size", "committee_under_100"
  std::string detail;
};

// The rules an active org breaks given its rolled-up counters (its subtree, itself included).
std::vector<SizeWarning> OrgSizeWarnings(const v1::Org& org, const v1::Counters& counters);

}  // namespace orgtree::rules
