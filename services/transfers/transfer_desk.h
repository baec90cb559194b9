#pragma once

// TransferDesk: relationship transfers (组织关系转接) and retiree handovers over the registry —
// "transfer a member" and "hand retirees over" start here. Every step goes through
// Registry::Execute: one event per step whose entity is the member (with the member before and
// after, and the transfer before and after), written in one atomic batch with the transfer record,
// its indexes, the member and the rolled-up counters (in-transit count included).
//
// Where the code is: transfer_rules.h (serials, validity, state machine), transfer_commands.cc
// (the steps), transfer_inbound.cc, transfer_receipts.cc, transfer_queries.cc, transfer_txn.h
// (reads and writes inside one change), handover_*.cc (batches of outbound letters to communities).
//
// Expiry is evaluated against the clock on every read (transfer_rules.h AsOf) and recorded as an
// event by the next transfer write or by SweepExpired, so no background thread is needed for
// correctness.
//
// Thread safety: as the registry's (mutations serialised by its writer lock; queries lock-free).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/transfer_service.pb.h"
#include "services/dues/dues_ledger.h"
#include "services/registry/registry.h"
#include "services/transfers/transfer_rules.h"

namespace orgtree::transfers {

struct TransferOptions {
  int default_validity_days = kDefaultValidityDays;
  int handover_chunk = 100;  // letters per atomic write of a handover batch
};

class TransferDesk {
 public:
  // `dues` (may be null) supplies "dues paid up to" for letters and the unpaid-dues check.
  TransferDesk(registry::Registry* registry, const dues::DuesLedger* dues, TransferOptions options)
      : registry_(registry), dues_(dues), options_(options) {}

  const TransferOptions& options() const { return options_; }

  // --- Steps (transfer_commands.cc).
  absl::StatusOr<v1::Transfer> Initiate(const registry::CallMeta& call,
                                        const v1::InitiateTransferRequest& req);
  absl::StatusOr<v1::Transfer> Approve(const registry::CallMeta& call,
                                       const v1::TransferStepRequest& req);
  absl::StatusOr<v1::Transfer> Accept(const registry::CallMeta& call,
                                      const v1::AcceptTransferRequest& req);
  absl::StatusOr<v1::Transfer> Reject(const registry::CallMeta& call,
                                      const v1::TransferStepRequest& req);
  absl::StatusOr<v1::Transfer> Cancel(const registry::CallMeta& call,
                                      const v1::TransferStepRequest& req);
  // Records the expiry of internal transfers whose validity has passed; returns how many.
  absl::StatusOr<int> SweepExpired(const registry::CallMeta& call);

  // --- Receipts (transfer_receipts.cc) and inbound letters (transfer_inbound.cc).
  absl::StatusOr<v1::Transfer> RecordReceipt(const registry::CallMeta& call,
                                             const v1::RecordReceiptRequest& req);
  absl::StatusOr<v1::RecordReceiptsResponse> RecordReceipts(const registry::CallMeta& call,
                                                            const v1::RecordReceiptsRequest& req);
  absl::StatusOr<v1::RecordInboundResponse> RecordInbound(const registry::CallMeta& call,
                                                          const v1::RecordInboundRequest& req);

  // --- Queries (transfer_queries.cc); transfers as of today (expiry and overdue applied).
  absl::StatusOr<v1::Transfer> Get(const std::string& serial) const;
  absl::StatusOr<v1::ListTransfersResponse> List(const v1::ListTransfersRequest& req) const;

  // --- Handover (handover_plan.cc, handover_run.cc, handover_report.cc).
  // validate_only: the plan. Otherwise writes the batch (or, for an existing batch id with the
  // same selection, marks it running again) and returns; RunHandoverChunk issues the letters.
  absl::StatusOr<v1::HandoverPlan> StartHandover(const registry::CallMeta& call,
                                                 const v1::StartHandoverRequest& req);
  absl::StatusOr<v1::HandoverJob> GetHandover(const std::string& batch_id) const;
  absl::StatusOr<v1::HandoverReport> GetHandoverReport(const std::string& batch_id) const;
  // Checks the next chunk of a running batch and issues its letters in one atomic write; true
  // when the batch is done.
  absl::StatusOr<bool> RunHandoverChunk(const std::string& batch_id);
  // Batch ids still running (to resume after a restart).
  absl::StatusOr<std::vector<std::string>> RunningHandovers() const;

 private:
  Date Today() const { return registry_->clock().Today(); }

  registry::Registry* registry_;
  const dues::DuesLedger* dues_;
  TransferOptions options_;
};

}  // namespace orgtree::transfers
