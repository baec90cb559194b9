#include "services/rules/member_rules.h"

#include <cctype>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/rules/national_id.h"

namespace orgtree::rules {
namespace {

absl::Status Invalid(std::string_view prefix, std::string_view field, const std::string& why) {
  return absl::InvalidArgumentError(std::string(prefix) + std::string(field) + ": " + why);
}

}  // namespace

bool IsCurrent(v1::MemberStatus status) {
  return status == v1::ACTIVE || status == v1::MOBILE || status == v1::LOST_CONTACT;
}

absl::Status ValidatePhone(std::string_view field, std::string_view phone) {
  if (phone.size() > 20) return Invalid("", field, "at most 20 characters");
  for (char c : phone) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != ' ') {
      return Invalid("", field, "may contain only digits, '+', '-' and spaces");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateNewMember(v1::Member* m, Date today, std::string_view p) {
  const std::string& no = m->member_no();
  if (no.empty()) return Invalid(p, "member_no", "required");
  if (no.size() > 32) return Invalid(p, "member_no", "at most 32 characters");
  for (char c : no) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      return Invalid(p, "member_no", "must not contain spaces or commas");
    }
  }
  if (m->name().empty()) return Invalid(p, "name", "required");
  if (m->name().size() > 100) return Invalid(p, "name", "at most 100 bytes");

  if (auto s = ValidateNationalId(std::string(p) + "national_id", m->national_id()); !s.ok()) {
    return s;
  }
  Date born = NationalIdBirthDate(m->national_id());
  if (m->birth_date().empty()) {
    m->set_birth_date(FormatDate(born));
  } else if (m->birth_date() != FormatDate(born)) {
    return Invalid(p, "birth_date",
                   m->birth_date() + " does not match the national ID's " + FormatDate(born));
  }
  v1::Gender gender = NationalIdGender(m->national_id());
  if (m->gender() == v1::GENDER_UNSPECIFIED) {
    m->set_gender(gender);
  } else if (m->gender() != gender) {
    return Invalid(p, "gender", "does not match the national ID (" + EnumWord(gender) + ")");
  }

  if (m->category() == v1::MEMBER_CATEGORY_UNSPECIFIED ||
      !v1::MemberCategory_IsValid(m->category())) {
    return Invalid(p, "category", "required, one of " + EnumWordList<v1::MemberCategory>());
  }
  if (m->employment() == v1::EMPLOYMENT_UNSPECIFIED || !v1::Employment_IsValid(m->employment())) {
    return Invalid(p, "employment", "required, one of " + EnumWordList<v1::Employment>());
  }
  if (auto s = ValidatePhone(std::string(p) + "phone", m->phone()); !s.ok()) return s;

  auto joined = ParseDateField(std::string(p) + "joined_on", m->joined_on());
  if (!joined.ok()) return joined.status();
  if (*joined > today) return Invalid(p, "joined_on", m->joined_on() + " is after today");
  if (*joined <= born) return Invalid(p, "joined_on", "must be after the birth date");
  if (WholeYearsBetween(born, *joined) < kMinJoiningAge) {
    return Invalid(p, "joined_on", "the member was under 18 on " + m->joined_on());
  }
  if (m->category() == v1::PROBATIONARY) {
    if (!m->confirmed_on().empty()) {
      return Invalid(p, "confirmed_on", "a probationary member has no confirmation date");
    }
  } else {
    auto confirmed = ParseDateField(std::string(p) + "confirmed_on", m->confirmed_on());
    if (!confirmed.ok()) return confirmed.status();
    if (*confirmed > today)
      return Invalid(p, "confirmed_on", m->confirmed_on() + " is after today");
    Date earliest = AddMonths(*joined, kProbationMonths + m->probation_extension_months());
    if (*confirmed < earliest) {
      return Invalid(p, "confirmed_on",
                     "must be at least one year (plus any extension) after joined_on, i.e. on or "
                     "after " +
                         FormatDate(earliest));
    }
  }
  return absl::OkStatus();
}

Date EarliestConfirmation(const v1::Member& m) {
  Date joined = ParseDate(m.joined_on()).value_or(Date());
  return AddMonths(joined, kProbationMonths + m.probation_extension_months());
}

absl::Status CheckConfirm(const v1::Member& m, Date on, Date today) {
  if (m.category() != v1::PROBATIONARY) {
    return absl::FailedPreconditionError("member " + m.member_no() + " is already a full member");
  }
  if (!IsCurrent(m.status())) {
    return absl::FailedPreconditionError("member " + m.member_no() + " is " + EnumWord(m.status()) +
                                         ", not a current member");
  }
  Date earliest = EarliestConfirmation(m);
  if (on < earliest) {
    return absl::FailedPreconditionError("confirmed_on: probation of " + m.member_no() +
                                         " runs until " + FormatDate(earliest));
  }
  if (on > today) return absl::InvalidArgumentError("confirmed_on: is after today");
  return absl::OkStatus();
}

absl::Status CheckExtendProbation(const v1::Member& m, int months) {
  if (months < kMinExtensionMonths || months > kMaxExtensionMonths) {
    return absl::InvalidArgumentError("months: probation is extended by 6 to 12 months");
  }
  if (m.category() != v1::PROBATIONARY || !IsCurrent(m.status())) {
    return absl::FailedPreconditionError("member " + m.member_no() +
                                         " is not a current probationary member");
  }
  if (m.probation_extension_months() > 0) {
    return absl::FailedPreconditionError("member " + m.member_no() +
                                         ": probation can be extended only once");
  }
  return absl::OkStatus();
}

absl::Status CheckCancelProbation(const v1::Member& m) {
  if (m.category() != v1::PROBATIONARY || !IsCurrent(m.status())) {
    return absl::FailedPreconditionError("member " + m.member_no() +
                                         " is not a current probationary member");
  }
  return CheckNotInTransit(m, "cancel the probation");
}

v1::MemberStatus StatusForReason(v1::StatusReason reason) {
  switch (reason) {
    case v1::WENT_MOBILE:
      return v1::MOBILE;
    case v1::LOST_CONTACT_REPORTED:
      return v1::LOST_CONTACT;
    case v1::SUSPENDED_LOST_CONTACT:
    case v1::SUSPENDED_ABROAD:
      return v1::SUSPENDED;
    case v1::RESTORED:
    case v1::TRANSFERRED_IN:
      return v1::ACTIVE;
    case v1::TRANSFERRED:
      return v1::TRANSFERRED_OUT;
    case v1::EXPELLED:
    case v1::REMOVED:
    case v1::SELF_WITHDRAWN:
    case v1::RESIGNED:
    case v1::PROBATION_CANCELLED:
      return v1::LEFT;
    case v1::DIED:
      return v1::DECEASED;
    default:
      return v1::MEMBER_STATUS_UNSPECIFIED;
  }
}

absl::Status CheckNotInTransit(const v1::Member& m, std::string_view what) {
  if (m.in_transit_serial().empty()) return absl::OkStatus();
  return absl::FailedPreconditionError("member " + m.member_no() + " is in transit (letter " +
                                       m.in_transit_serial() + "); finish or cancel the transfer " +
                                       "before you " + std::string(what));
}

absl::Status CheckStatusChange(const v1::Member& m, v1::StatusReason reason, Date on) {
  const std::string who = "member " + m.member_no();
  const v1::MemberStatus from = m.status();
  const v1::MemberStatus to = StatusForReason(reason);
  if (to == v1::MEMBER_STATUS_UNSPECIFIED) {
    return absl::InvalidArgumentError("reason: required, one of " +
                                      EnumWordList<v1::StatusReason>());
  }
  if (reason == v1::PROBATION_CANCELLED) {
    return absl::InvalidArgumentError("reason: probation_cancelled goes through CancelProbation");
  }
  if (reason == v1::TRANSFERRED || reason == v1::TRANSFERRED_IN) {
    return absl::InvalidArgumentError("reason: " + EnumWord(reason) +
                                      " is recorded by the transfer service (receipt / inbound)");
  }
  RETURN_IF_ERROR(CheckNotInTransit(m, "change its status"));
  if (from == v1::LEFT || from == v1::DECEASED || from == v1::TRANSFERRED_OUT) {
    return absl::FailedPreconditionError(who + " is " + EnumWord(from) +
                                         "; the record is history and its status is final");
  }
  if (!m.status_date().empty()) {
    auto since = ParseDate(m.status_date());
    if (since && on < *since) {
      return absl::FailedPreconditionError(
          "effective_date: before the member's last status change (" + m.status_date() + ")");
    }
  }
  if (from == to) {
    return absl::FailedPreconditionError(who + " is already " + EnumWord(to));
  }
  switch (to) {
    case v1::MOBILE:
    case v1::LOST_CONTACT:
      if (!IsCurrent(from)) {
        return absl::FailedPreconditionError(who + " is " + EnumWord(from) +
                                             "; only a current member can become " + EnumWord(to));
      }
      break;
    case v1::SUSPENDED:
      if (!IsCurrent(from)) {
        return absl::FailedPreconditionError(who + " is " + EnumWord(from) + ", not current");
      }
      break;
    case v1::ACTIVE:
      if (from == v1::SUSPENDED) {
        auto since = ParseDate(m.status_date());
        if (since && on > AddMonths(*since, kRestoreWithinYears * 12)) {
          return absl::FailedPreconditionError(who + " was suspended on " + m.status_date() +
                                               "; a suspension can be lifted only within 2 years");
        }
      }
      break;
    default:  // left, deceased: from any non-final status
      break;
  }
  return absl::OkStatus();
}

}  // namespace orgtree::rules
