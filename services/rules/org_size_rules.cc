#include "services/rules/org_size_rules.h"

namespace orgtree::rules {

std::vector<SizeWarning> OrgSizeWarnings(const v1::Org& org, const v1::Counters& c) {
  std::vector<SizeWarning> out;
  if (org.state() != v1::ORG_ACTIVE) return out;
  auto at = [](const google::protobuf::RepeatedField<int64_t>& f, int i) {
    return i < f.size() ? f[i] : 0;
  };
  int64_t current = 0;
  for (int64_t v : c.current_by_category()) current += v;
  const int64_t full = at(c.current_by_category(), v1::FULL);
  switch (org.type()) {
    case v1::BRANCH:
      if (full < 3) {
        out.push_back(
            {"branch_under_3_full", std::to_string(full) + " full member(s); at least 3"});
      }
      if (current > 50) {
        out.push_back({"branch_over_50", std::to_string(current) + " members; at most 50"});
      }
      if (org.units() > 5) {
        out.push_back({"joint_branch_over_5_units",
                       "spans " + std::to_string(org.units()) + " units; at most 5"});
      }
      break;
    case v1::GENERAL_BRANCH:
      if (current < 50 || current > 100) {
        out.push_back({"general_branch_size", std::to_string(current) + " members; 50–100"});
      }
      break;
    case v1::COMMITTEE:
      if (current < 100) {
        out.push_back({"committee_under_100", std::to_string(current) + " members; 100 or more"});
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace orgtree::rules
