#include "services/officers/officer_rules.h"

#include <string>

#include "services/common/enum_words.h"

namespace orgtree::officers {

bool HoldsElections(v1::OrgType type) {
  return type == v1::COMMITTEE || type == v1::GENERAL_BRANCH || type == v1::BRANCH;
}

int DefaultTermYears(v1::OrgType type, const TermYears& terms) {
  if (type == v1::COMMITTEE) return terms.committee;
  return HoldsElections(type) ? terms.branch : 0;
}

absl::Status CheckPositionFits(v1::Position position, const v1::Org& org, std::string_view field) {
  if (position == v1::POSITION_UNSPECIFIED || !v1::Position_IsValid(position)) {
    return absl::InvalidArgumentError(std::string(field) + ": required, one of " +
                                      EnumWordList<v1::Position>());
  }
  const bool group = org.type() == v1::GROUP;
  if (group != (position == v1::POSITION_GROUP_LEADER)) {
    return absl::FailedPreconditionError(
        EnumWord(org.type()) + " " + org.code() + " has no " + EnumWord(position) +
        " position (a group has a group leader only; the other positions belong to committees, "
        "general branches and branches)");
  }
  return absl::OkStatus();
}

Date TermEnd(Date elected, int years) { return AddMonths(elected, 12 * years); }

std::optional<TermStanding> StandingOn(Date term_end, Date today, int within_days) {
  const int days_overdue = static_cast<int>(today - term_end);
  if (days_overdue > 0) return TermStanding{v1::ELECTION_OVERDUE, days_overdue};
  if (within_days > 0 && -days_overdue <= within_days) {
    return TermStanding{v1::ELECTION_DUE_SOON, days_overdue};
  }
  return std::nullopt;
}

}  // namespace orgtree::officers
