#pragma once

// The officeholder and election rules as pure functions: which positions an org of each type has,
// the default term lengths, the term's end and when an election counts as overdue.

#include <optional>

#include "absl/status/status.h"
#include "orgtree/v1/officer_service.pb.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/common/date.h"

namespace orgtree::officers {

// Term lengths in years by org type (任期): base committees 5, general branches and branches 3.
struct TermYears {
  int committee = 5;
  int branch = 3;  // general branches and branches
};

// Whether an org of this type holds elections (committees, general branches, branches; groups are
// set up by their branch, not elected).
bool HoldsElections(v1::OrgType type);

// The default term for an org of `type`; 0 for types without elections.
int DefaultTermYears(v1::OrgType type, const TermYears& terms);

// INVALID_ARGUMENT naming `field` for an unspecified position; FAILED_PRECONDITION when the org's
// type has no such position (a group has only its leader; the leader belongs to groups only).
absl::Status CheckPositionFits(v1::Position position, const v1::Org& org, std::string_view field);

// The last day of a term elected on `elected` for `years`: the same calendar day `years` later
// (Feb 29 → Feb 28).
Date TermEnd(Date elected, int years);

struct TermStanding {
  v1::ElectionDue due;
  int days_overdue;  // today − term end: > 0 overdue, ≤ 0 the days still left (negated)
};

// Where a term ending on `term_end` stands on `today`. The term's last day is still within the
// term, so a term ending today is not overdue; it is overdue from the next day (1 day overdue).
// With within_days > 0, terms ending from today to today + within_days are due soon; any other
// term still running is not listed (nullopt).
std::optional<TermStanding> StandingOn(Date term_end, Date today, int within_days);

}  // namespace orgtree::officers
