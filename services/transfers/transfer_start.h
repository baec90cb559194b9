#pragma once

// Starting a transfer inside a change: shared by InitiateTransfer and the handover batches.

#include <string>

#include "absl/status/statusor.h"
#include "orgtree/v1/transfer.pb.h"
#include "services/dues/dues_ledger.h"
#include "services/transfers/transfer_txn.h"

namespace orgtree::transfers {

struct NewTransfer {
  v1::TransferKind kind = v1::TRANSFER_INTERNAL;
  const v1::Org* to_branch = nullptr;  // internal
  std::string to_name;                 // outbound
  std::string to_code;
  Date issued_on;
  int validity_days = kDefaultValidityDays;
  std::string reason;
  std::string batch_id;
};

// Checks that `member` may start a transfer (current, none open), numbers the letter, and records
// it with the member marked in transit. `dues` (may be null) gives "dues paid up to".
absl::StatusOr<v1::Transfer> StartTransfer(TransferTxn& txn, const dues::DuesLedger* dues,
                                           const v1::Member& member, const NewTransfer& spec);

// FAILED_PRECONDITION unless the member is current and has no open transfer.
absl::Status CheckCanStart(const v1::Member& member);

}  // namespace orgtree::transfers
