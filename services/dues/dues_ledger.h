#pragma once

// DuesLedger: party dues over the registry — "compute a member's dues" starts here. Commands
// (bases, overrides, assessment, payments, reversals, statement reconciliation) go through
// Registry::Execute like every other mutation: validated, decided, recorded as events whose
// payload carries every amount, and written in one atomic batch with the per-(org, month)
// aggregates the summaries read. Queries read the dues families and the in-memory tree.
//
// Where the code is: dues_rules.h (the regulation's numbers), dues_overlay.h (applying dues events
// to the batch), dues_commands.cc, dues_payments.cc, dues_queries.cc, dues_csv.h (CSV formats).
//
// Thread safety: as the registry's (mutations serialised by its writer lock; queries lock-free).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/dues.pb.h"
#include "services/dues/dues_rules.h"
#include "services/registry/registry.h"

namespace orgtree::dues {

// One data row of a bases file or a statement, with its spreadsheet line.
struct BaseRow {
  int line = 0;
  v1::DuesBase base;  // member_no, effective_month, income_type, monthly_base_fen
};

struct StatementRow {
  int line = 0;
  std::string txn_ref;
  std::string member_no;
  std::string period;  // "YYYY-MM"; empty = the month reconciled
  int64_t amount_fen = 0;
  std::string paid_on;
  std::string channel;
};

struct ReconcileOptions {
  std::string month;
  std::string org_code;  // empty = every root
  bool skip_bad = false;
  bool validate_only = false;
  uint64_t fingerprint = 0;  // of the file, for request_id retries
};

class DuesLedger {
 public:
  DuesLedger(registry::Registry* registry, DuesConfig config)
      : registry_(registry), config_(std::move(config)) {}

  const DuesConfig& config() const { return config_; }

  // --- Commands (dues_commands.cc).
  absl::StatusOr<v1::DuesBase> SetBase(const registry::CallMeta& call,
                                       const v1::SetDuesBaseRequest& req);
  // All rows or nothing; `report` gets errors by line and warnings (e.g. a pension base for an
  // employed member, accepted).
  absl::Status ImportBases(const registry::CallMeta& call, std::vector<BaseRow> rows,
                           bool validate_only, uint64_t fingerprint, v1::DuesImportReport* report);
  absl::StatusOr<v1::DuesOverride> SetOverride(const registry::CallMeta& call,
                                               const v1::SetDuesOverrideRequest& req);
  absl::StatusOr<v1::AssessDuesResponse> Assess(const registry::CallMeta& call,
                                                const v1::AssessDuesRequest& req);

  // --- Payments (dues_payments.cc).
  absl::StatusOr<v1::RecordPaymentResponse> RecordPayment(const registry::CallMeta& call,
                                                          const v1::RecordPaymentRequest& req);
  absl::StatusOr<v1::RecordPaymentResponse> ReversePayment(const registry::CallMeta& call,
                                                           const v1::ReversePaymentRequest& req);
  // Records the statement's matching lines; `report->errors` lists bad lines (and then nothing is
  // written unless skip_bad). The unpaid and differing lists are read after the write.
  absl::Status Reconcile(const registry::CallMeta& call, std::vector<StatementRow> rows,
                         const ReconcileOptions& options, v1::ReconcileReport* report);

  // --- Queries (dues_queries.cc).
  absl::StatusOr<v1::MemberDues> GetMemberDues(const v1::GetMemberDuesRequest& req) const;
  absl::StatusOr<v1::ListArrearsResponse> ListArrears(const v1::ListArrearsRequest& req) const;
  absl::StatusOr<v1::DuesSummary> GetSummary(const v1::GetDuesSummaryRequest& req) const;
  absl::StatusOr<v1::DuesReport> GetReport(const v1::GetDuesReportRequest& req) const;

  // The 党费交至 month of a member ("" when nothing is paid), for transfer letters.
  absl::StatusOr<std::string> PaidUpTo(uint64_t member_id) const;

 private:
  Month CurrentMonth() const;
  // Members placed anywhere in the subtree of `org_id` (every status).
  absl::Status ForEachMemberInSubtree(uint64_t org_id,
                                      const std::function<bool(v1::Member&&)>& fn) const;
  // The org and its subtree (dissolved ones included: they keep their history), depth-first.
  std::vector<std::pair<uint64_t, int>> Subtree(uint64_t org_id) const;
  // Figures for `month` of every org of the subtree of `org_id`, each rolled up over its subtree.
  absl::StatusOr<std::vector<v1::DuesFigures>> RolledUp(uint64_t org_id,
                                                        const std::vector<Month>& months,
                                                        std::vector<v1::DuesFigures>* own) const;

  registry::Registry* registry_;
  DuesConfig config_;
};

}  // namespace orgtree::dues
