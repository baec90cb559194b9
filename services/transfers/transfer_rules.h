#pragma once

// The transfer rules of domain.md as pure functions: letter serials, validity, the state machine
// and which transfers are open, expired or overdue on a given day. No I/O.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "orgtree/v1/transfer.pb.h"
#include "services/common/date.h"

namespace orgtree::transfers {

inline constexpr int kDefaultValidityDays = 30;
inline constexpr int kMaxValidityDays = 90;  // "at most 3 months"

// "S0001-2020-0042": the committee's code, the issue year, the number (4 digits, more if needed).
std::string FormatSerial(std::string_view committee_code, int year, int64_t number);

// 0 → `default_days`; otherwise 1–90, else INVALID_ARGUMENT naming validity_days.
absl::StatusOr<int> CheckValidityDays(int requested, int default_days);

// The letter's last valid day.
inline Date ValidUntil(Date issued_on, int validity_days) { return issued_on + validity_days; }

// Not ended: pending approval, awaiting acceptance or awaiting receipt.
bool IsOpen(v1::TransferState state);

// An internal transfer whose letter's validity passed before it was accepted has expired, whether
// or not the expiry has been recorded yet.
bool IsExpiredOn(const v1::Transfer& t, Date today);

// An outbound letter past its validity without a receipt.
bool IsOverdueOn(const v1::Transfer& t, Date today);

// The transfer as it stands on `today`: expiry applied and `overdue` computed (reads call this, so
// correctness never waits for the expiry to be recorded).
v1::Transfer AsOf(v1::Transfer t, Date today);

// The steps of the state machine. Each returns OK when `t` (as of today) may take the step, else
// FAILED_PRECONDITION naming the rule.
enum class Step { kApprove, kAccept, kReject, kCancel, kReceipt };
absl::Status CheckStep(const v1::Transfer& t, Step step, Date today);

// Batch ids name handovers in keys and on the command line: 1–64 of [A-Za-z0-9._-].
absl::Status CheckBatchId(std::string_view batch_id);

// `part` of `total` as a percentage rounded half up to 2 places ("99.63"); "0.00" for total 0.
std::string PercentHalfUp(int64_t part, int64_t total);

}  // namespace orgtree::transfers
