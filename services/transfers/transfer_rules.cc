#include "services/transfers/transfer_rules.h"

#include <cstdio>

#include "services/common/enum_words.h"

namespace orgtree::transfers {

std::string FormatSerial(std::string_view committee_code, int year, int64_t number) {
  char tail[32];
  std::snprintf(tail, sizeof(tail), "-%04d-%04lld", year, static_cast<long long>(number));
  return std::string(committee_code) + tail;
}

absl::StatusOr<int> CheckValidityDays(int requested, int default_days) {
  if (requested == 0) return default_days;
  if (requested < 1 || requested > kMaxValidityDays) {
    return absl::InvalidArgumentError("validity_days: must be 1–" +
                                      std::to_string(kMaxValidityDays) +
                                      " days (at most 3 months)");
  }
  return requested;
}

bool IsOpen(v1::TransferState state) {
  return state == v1::TRANSFER_PENDING_APPROVAL || state == v1::TRANSFER_AWAITING_ACCEPTANCE ||
         state == v1::TRANSFER_AWAITING_RECEIPT;
}

namespace {

bool PastValidity(const v1::Transfer& t, Date today) {
  auto until = ParseDate(t.valid_until());
  return until && today > *until;
}

}  // namespace

bool IsExpiredOn(const v1::Transfer& t, Date today) {
  if (t.state() == v1::TRANSFER_EXPIRED) return true;
  return t.kind() == v1::TRANSFER_INTERNAL &&
         (t.state() == v1::TRANSFER_PENDING_APPROVAL ||
          t.state() == v1::TRANSFER_AWAITING_ACCEPTANCE) &&
         PastValidity(t, today);
}

bool IsOverdueOn(const v1::Transfer& t, Date today) {
  return t.kind() == v1::TRANSFER_OUTBOUND && t.state() == v1::TRANSFER_AWAITING_RECEIPT &&
         PastValidity(t, today);
}

v1::Transfer AsOf(v1::Transfer t, Date today) {
  if (t.state() != v1::TRANSFER_EXPIRED && IsExpiredOn(t, today)) {
    t.set_state(v1::TRANSFER_EXPIRED);
    t.set_ended_on(FormatDate(*ParseDate(t.valid_until()) + 1));
    t.set_end_reason("the letter's validity passed before it was accepted");
  }
  t.set_overdue(IsOverdueOn(t, today));
  return t;
}

absl::Status CheckStep(const v1::Transfer& stored, Step step, Date today) {
  const v1::Transfer t = AsOf(stored, today);
  const std::string who = "transfer " + t.serial() + " is " + EnumWord(t.state());
  if (t.state() == v1::TRANSFER_EXPIRED) {
    return absl::FailedPreconditionError(who + " (valid until " + t.valid_until() +
                                         "); start a new transfer");
  }
  if (!IsOpen(t.state())) return absl::FailedPreconditionError(who + "; it has ended");
  switch (step) {
    case Step::kApprove:
      if (t.state() != v1::TRANSFER_PENDING_APPROVAL) {
        return absl::FailedPreconditionError(who +
                                             "; only a transfer pending approval is approved");
      }
      break;
    case Step::kAccept:
      if (t.kind() != v1::TRANSFER_INTERNAL) {
        return absl::FailedPreconditionError(
            who + "; only an internal transfer is accepted (an outbound one takes a receipt)");
      }
      if (t.state() == v1::TRANSFER_PENDING_APPROVAL) {
        return absl::FailedPreconditionError(
            who + "; the sending side's committee must approve it before it is accepted");
      }
      break;
    case Step::kReject:
      if (t.kind() != v1::TRANSFER_INTERNAL) {
        return absl::FailedPreconditionError(who +
                                             "; an outbound letter is cancelled, not rejected");
      }
      break;
    case Step::kCancel:
      break;
    case Step::kReceipt:
      if (t.kind() != v1::TRANSFER_OUTBOUND) {
        return absl::FailedPreconditionError(
            who + "; receipts (回执) are recorded for outbound letters only");
      }
      break;
  }
  return absl::OkStatus();
}

absl::Status CheckBatchId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return absl::InvalidArgumentError("batch_id: required, 1–64 characters");
  }
  for (char ch : id) {
    const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    if (!ok) {
      return absl::InvalidArgumentError(
          "batch_id: only letters, digits, '.', '_' and '-' are allowed");
    }
  }
  return absl::OkStatus();
}

std::string PercentHalfUp(int64_t part, int64_t total) {
  if (total <= 0) return "0.00";
  // Hundredths of a percent, rounded half up in integers: (part * 10000 * 2 + total) / (2 * total).
  const int64_t hundredths = (part * 20000 + total) / (2 * total);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%lld.%02lld", static_cast<long long>(hundredths / 100),
                static_cast<long long>(hundredths % 100));
  return buf;
}

}  // namespace orgtree::transfers
