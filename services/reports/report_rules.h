#pragma once

// The rules behind the reports as pure functions: age and party-age bands, the size rules of
// domain.md applied to one org's figures, and the label convention for weak/lax orgs under
// rectification. No I/O, so each can be tested at its boundaries.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orgtree/v1/officers.pb.h"
#include "orgtree/v1/report_service.pb.h"
#include "services/common/date.h"

namespace orgtree::reports {

// Size rules (domain.md "Organisations"). Member counts are current members (active, mobile,
// lost contact) of the org's whole subtree; "full" counts full members only.
inline constexpr int64_t kBranchMinFull = 3;
inline constexpr int64_t kBranchCommitteeFull = 7;
inline constexpr int64_t kBranchMaxMembers = 50;
inline constexpr int64_t kJointBranchMaxUnits = 5;
inline constexpr int64_t kGeneralBranchMinMembers = 50;
inline constexpr int64_t kGeneralBranchMaxMembers = 100;
inline constexpr int64_t kCommitteeMinMembers = 100;
// A branch committee (支委会) has 3–5 (at most 7) seats.
inline constexpr int64_t kBranchCommitteeMinSeats = 3;

// What the size rules look at for one org.
struct OrgFigures {
  int64_t current_members = 0;
  int64_t full = 0;
};

// The size rules `org` breaks, in enum order (none for groups and dissolved orgs).
std::vector<v1::RuleViolation> CheckOrgRules(const v1::Org& org, const OrgFigures& figures);

// Whether a branch with `full` full members must have a branch committee (支委会).
bool BranchCommitteeRequired(int64_t full);

// What the officeholder rules look at for one org, read from the officers' records.
struct OfficeFacts {
  std::optional<v1::Officer> secretary;  // the current one
  // Distinct members holding a current secretary, deputy secretary or committee-member post.
  int64_t committee_seats = 0;
  std::optional<Date> term_ends_on;  // the last recorded election's
};

// The officeholder rules `org` breaks on `today`, in enum order: NO_SECRETARY and TERM_OVERDUE for
// orgs that hold elections (committees, general branches, branches), BRANCH_NO_COMMITTEE for a
// branch with >= 7 full members and fewer than 3 committee seats. An org with no election recorded
// breaks no term rule here (the overdue-election list names it).
std::vector<v1::RuleViolation> CheckOfficeRules(const v1::Org& org, const OrgFigures& figures,
                                                const OfficeFacts& office, Date today);

// Both rule sets for one org, in enum order.
std::vector<v1::RuleViolation> CheckAllRules(const v1::Org& org, const OrgFigures& figures,
                                             const OfficeFacts& office, Date today);

// Age bands of the statistics: "<=30", "31-35", "36-45", "46-55", "56-60", ">=61".
const std::vector<std::string>& AgeBands();
std::string AgeBand(int age);

// Party age (党龄) counts from confirmation (转正), in whole years on `as_of`. Bands: "<5", "5-9",
// "10-19", "20-29", "30-39", ">=40"; a confirmation after `as_of` counts as "<5".
const std::vector<std::string>& PartyAgeBands();
std::string PartyAgeBand(int years);

// One label of one org, split by the label convention: "KIND[:YYYY-MM-DD[:STATUS]]". A KIND of
// 软弱涣散 or "rectification" marks a weak/lax org under rectification, with its start date and
// status; other labels are reported by the text before the first ':' (usually the whole label).
struct ParsedLabel {
  std::string label;
  bool rectification = false;
  std::string since;   // "" when missing or not a date
  std::string status;  // "" when missing
};
ParsedLabel ParseLabel(std::string_view text);

}  // namespace orgtree::reports
