#pragma once

// Reading dues state inside one change, and applying dues events to the change's batch.
//
// Every dues event carries its figures (amounts, months, branches), so applying one depends only
// on the event and on the state before it; the overlay holds what earlier events of the same
// change wrote, so that later decisions and applies see it. The per-(org, month) aggregates are
// updated by the difference each member-month makes before and after, in the same batch.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/dues.pb.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/dues/dues_rules.h"
#include "storage/records.h"

namespace orgtree::dues {

// --- Reads that need no overlay (records a change does not both write and read).

// The base in force for `month`: the latest declared with effective_month ≤ month.
absl::StatusOr<std::optional<v1::DuesBase>> BaseInForce(const storage::RecordReader& reader,
                                                        uint64_t member_id, Month month);
absl::StatusOr<std::vector<v1::DuesBase>> BasesOf(const storage::RecordReader& reader,
                                                  uint64_t member_id);
// The latest approved override covering `month`.
absl::StatusOr<std::optional<v1::DuesOverride>> OverrideInForce(const storage::RecordReader& reader,
                                                                uint64_t member_id, Month month);
absl::StatusOr<std::vector<v1::DuesOverride>> OverridesOf(const storage::RecordReader& reader,
                                                          uint64_t member_id);

// The branch that assesses `member` for `month`, or nullopt when the member is not assessed for
// it: a current member (active, mobile, lost contact) on its first day, or one who joined during
// it (then the branch at joining). Uses the member's event history only when the status changed
// after that day.
absl::StatusOr<std::optional<uint64_t>> AssessingBranch(const storage::RecordReader& reader,
                                                        const v1::Member& member, Month month);

bool IsCurrent(v1::MemberStatus status);

// The figures a member-month contributes to its org's aggregate.
void AddContribution(const v1::MemberMonthDues& mm, int sign, v1::DuesFigures* figures);
// Adds `b` into `a` (counts and amounts; labels untouched).
void AddFigures(const v1::DuesFigures& b, v1::DuesFigures* a);

class DuesOverlay {
 public:
  explicit DuesOverlay(const storage::RecordReader* reader) : reader_(reader) {}

  absl::StatusOr<std::optional<v1::MemberMonthDues>> GetMonth(uint64_t member_id, Month month);
  // Loads many member-months in one MultiGet (assessment of a whole branch).
  absl::Status Prefetch(const std::vector<uint64_t>& member_ids, Month month);

  // A payment recorded under `txn_ref`, in the database or earlier in this change.
  absl::StatusOr<std::optional<v1::DuesPayment>> PaymentByRef(std::string_view txn_ref);
  // Whether the payment with `txn_ref` has been reversed (database or this change).
  absl::StatusOr<bool> IsReversed(std::string_view txn_ref);

  // Appliers for Change::RecordEvent. Errors (storage reads) are kept in status().
  void ApplyBase(const v1::Event& e, storage::RecordBatch& batch);
  void ApplyOverride(const v1::Event& e, storage::RecordBatch& batch);
  void ApplyAssessed(const v1::Event& e, storage::RecordBatch& batch);
  void ApplyPayment(const v1::Event& e, storage::RecordBatch& batch);

  const absl::Status& status() const { return status_; }

 private:
  absl::StatusOr<v1::DuesFigures*> Aggregate(uint64_t org_id, Month month);
  // Replaces a member-month, moving its contribution between aggregates and index entries.
  absl::Status PutMonth(const std::optional<v1::MemberMonthDues>& before,
                        const v1::MemberMonthDues& after, storage::RecordBatch& batch);

  const storage::RecordReader* reader_;
  absl::Status status_;
  std::map<std::pair<uint64_t, uint32_t>, std::optional<v1::MemberMonthDues>> months_;
  std::map<std::pair<uint64_t, uint32_t>, v1::DuesFigures> aggregates_;  // (org, month)
  std::map<std::string, v1::DuesPayment, std::less<>> new_refs_;
  std::map<std::string, bool, std::less<>> new_reversals_;
};

}  // namespace orgtree::dues
