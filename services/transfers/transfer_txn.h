#pragma once

// TransferTxn: what one transfer write reads and records inside a registry Change. It keeps the
// members and transfers this change has already touched, so that later steps of the same change
// (an expiry recorded before a new transfer of the same member, a handover chunk) see them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/transfer.pb.h"
#include "services/common/date.h"
#include "services/registry/registry.h"
#include "services/transfers/transfer_rules.h"

namespace orgtree::transfers {

class TransferTxn {
 public:
  TransferTxn(const registry::Registry* registry, registry::Change& change, Date today)
      : registry_(registry), change_(change), today_(today) {}

  Date today() const { return today_; }
  registry::Change& change() { return change_; }

  // Members as this change left them.
  absl::StatusOr<v1::Member> Member(const v1::MemberRef& ref, std::string_view field);
  absl::StatusOr<v1::Member> MemberById(uint64_t id);

  // NOT_FOUND naming `field` when there is no transfer with that serial.
  absl::StatusOr<v1::Transfer> Transfer(std::string_view serial, std::string_view field);

  // The nearest committee above (or at) `org_id`: it numbers the letters.
  absl::StatusOr<const v1::Org*> IssuingCommittee(uint64_t org_id);
  // The next serial of that committee in `year` (gap-free: nothing is consumed unless committed).
  absl::StatusOr<std::string> NextSerial(const v1::Org& committee, int year);

  // Records one step as one event about the member: the member before (null: the step registers
  // the member) and after — when they differ the member record, placement and counters follow —
  // and the transfer before (null: a new transfer, whose serial number is then used up) and after,
  // with the transfer's record and indexes.
  void Record(std::string type, const v1::Member* member_before, const v1::Member& member_after,
              const v1::Transfer* before, v1::Transfer after, std::string effective_date,
              std::string reason);

  // Records the expiry of every internal transfer whose validity ended before today; how many.
  absl::StatusOr<int> ExpireDue();
  // Records the expiry of the member's open transfer if it has expired (before a new step).
  absl::Status ExpireIfDue(const v1::Member& member);

 private:
  void Remember(const v1::Member& m) { members_[m.id()] = m; }
  absl::Status Expire(v1::Transfer t);

  const registry::Registry* registry_;
  registry::Change& change_;
  Date today_;
  std::map<uint64_t, v1::Member> members_;
  std::map<std::string, v1::Transfer, std::less<>> transfers_;
  std::map<std::pair<uint64_t, int>, int64_t> last_serials_;
};

// What every transfer step writes for the transfer itself: the record, the member index, and the
// deadline index of open internal transfers (so that sweeping expiries is O(expired)).
void WriteTransfer(storage::RecordBatch& batch, const v1::Transfer* before,
                   const v1::Transfer& after);

}  // namespace orgtree::transfers
