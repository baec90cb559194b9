#pragma once

// Whether a selected retiree can be handed over now, and if not, why (the exceptions the dry run
// lists and the report keeps until they are resolved).

#include <string>

#include "absl/status/statusor.h"
#include "orgtree/v1/transfer.pb.h"
#include "services/dues/dues_ledger.h"
#include "storage/records.h"

namespace orgtree::transfers {

struct HandoverCheck {
  v1::HandoverException exception = v1::HANDOVER_EXCEPTION_UNSPECIFIED;  // none
  std::string detail;
};

// In order: not a current member, an open transfer, not retired, still holding a post (its
// positions are read through `reader`), unpaid dues (when `dues` is given), no receiving
// community.
absl::StatusOr<HandoverCheck> CheckHandover(const storage::RecordReader& reader,
                                            const v1::Member& member, bool has_community,
                                            const dues::DuesLedger* dues);

}  // namespace orgtree::transfers
