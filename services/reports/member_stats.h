#pragma once

// The statistics tables (党内统计) of a set of current members, tallied one member at a time so
// the caller can stream members from storage without holding them all.

#include <cstdint>
#include <map>
#include <string>

#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/report_service.pb.h"
#include "orgtree/v1/storage.pb.h"
#include "services/common/date.h"

namespace orgtree::reports {

// Table names in StatsReport.tables, in report order.
inline constexpr char kCategoryTable[] = "category";
inline constexpr char kGenderTable[] = "gender";
inline constexpr char kAgeTable[] = "age";
inline constexpr char kEducationTable[] = "education";
inline constexpr char kEmploymentTable[] = "employment";
inline constexpr char kPartyAgeTable[] = "party_age";
inline constexpr char kOrgsByTypeTable[] = "orgs_by_type";

// The education row of members with none recorded.
inline constexpr char kNotRecorded[] = "(not recorded)";
// Party-age row of probationary members, who have no party age yet, and of dates that cannot be
// read (age and party age).
inline constexpr char kProbationaryRow[] = "probationary";
inline constexpr char kUnknownRow[] = "unknown";

class MemberStats {
 public:
  explicit MemberStats(Date as_of) : as_of_(as_of) {}

  // Counts one member; the caller passes current members only.
  void Add(const v1::Member& member);

  int64_t total() const { return total_; }

  // Appends the member tables to `report` (fixed rows printed even when zero; education by count,
  // most first) and sets current_members.
  void AppendTo(v1::StatsReport* report) const;

 private:
  Date as_of_;
  int64_t total_ = 0;
  std::map<int, int64_t> category_, gender_, employment_;
  std::map<std::string, int64_t> age_, party_age_, education_;
};

// The orgs_by_type table from rolled-up counters (active orgs of the subtree).
v1::StatsTable OrgsByTypeTable(const v1::Counters& counters);

}  // namespace orgtree::reports
