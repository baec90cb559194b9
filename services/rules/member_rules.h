#pragma once

// Member rules of domain.md: identity and date checks, probation (预备期) and the status machine.

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/common/date.h"

namespace orgtree::rules {

inline constexpr int kProbationMonths = 12;
inline constexpr int kMinExtensionMonths = 6;
inline constexpr int kMaxExtensionMonths = 12;
inline constexpr int kMinJoiningAge = 18;
inline constexpr int kRestoreWithinYears = 2;  // a suspension can be lifted within 2 years

// "Member of": active, mobile or lost contact (not suspended, transferred out, left or deceased).
bool IsCurrent(v1::MemberStatus status);

// Checks and completes the identity and date fields of a member about to be registered: fills
// gender and birth_date from the national ID when empty (and requires them to match when given),
// checks member_no, name, category, employment and the dates (born < joined at 18 or older ≤ today;
// a full member's confirmed_on ≥ joined + 12 months and ≤ today; a probationary member has none).
// INVALID_ARGUMENT naming the field. `field_prefix` prefixes field names ("member.").
absl::Status ValidateNewMember(v1::Member* member, Date today, std::string_view field_prefix = "");

// Checks of the profile fields that UpdateMember may change.
absl::Status ValidatePhone(std::string_view field, std::string_view phone);

// The earliest date a probationary member can be confirmed: joined + 12 months + any extension.
Date EarliestConfirmation(const v1::Member& member);

// 转正: FAILED_PRECONDITION unless a current probationary member and `on` within
// [EarliestConfirmation, today].
absl::Status CheckConfirm(const v1::Member& member, Date on, Date today);

// 延长预备期: once, 6–12 months, while a current probationary member.
absl::Status CheckExtendProbation(const v1::Member& member, int months);

// 取消预备党员资格: a current probationary member only.
absl::Status CheckCancelProbation(const v1::Member& member);

// The status a reason leads to (RESTORED → active, EXPELLED → left, …).
v1::MemberStatus StatusForReason(v1::StatusReason reason);

// Whether `member` may change status for `reason` on `on`: FAILED_PRECONDITION naming the rule
// (e.g. restoring a suspension more than 2 years old, anything after death, leaving twice).
// FAILED_PRECONDITION while the member has an open transfer; `what` ends the message ("… before
// you change its status").
absl::Status CheckNotInTransit(const v1::Member& member, std::string_view what);

absl::Status CheckStatusChange(const v1::Member& member, v1::StatusReason reason, Date on);

}  // namespace orgtree::rules
