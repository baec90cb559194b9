// Receipts (回执) of outbound letters: one, or a file of them all or nothing. A receipt makes the
// member "transferred out" (kept as history); one after the letter's validity is still recorded,
// and marked late.

#include "services/common/status_macros.h"
#include "services/csv/csv_table.h"
#include "services/registry/record_helpers.h"
#include "services/transfers/transfer_desk.h"
#include "services/transfers/transfer_txn.h"

namespace orgtree::transfers {
namespace {

constexpr int kMaxReportedProblems = 50;

// Checks and records one receipt in `txn`; `late` tells whether it came after the validity.
absl::Status Receive(TransferTxn& txn, const v1::Transfer& before, Date received, bool* late) {
  RETURN_IF_ERROR(CheckStep(before, Step::kReceipt, txn.today()));
  if (auto issued = ParseDate(before.issued_on()); issued && received < *issued) {
    return absl::InvalidArgumentError("received_on: before the letter's issue date (" +
                                      before.issued_on() + ")");
  }
  ASSIGN_OR_RETURN(v1::Member member, txn.MemberById(before.member_id()));
  v1::Transfer after = before;
  after.set_state(v1::TRANSFER_COMPLETED);
  after.set_received_on(FormatDate(received));
  after.set_completed_on(FormatDate(received));
  after.set_receipt_late(IsOverdueOn(before, received));
  after.set_etag(registry::NextEtag(before.etag()));
  v1::Member out = member;
  out.set_status(v1::TRANSFERRED_OUT);
  out.set_status_reason(v1::TRANSFERRED);
  out.set_status_date(FormatDate(received));
  out.clear_in_transit_serial();
  out.clear_in_transit_until();
  out.set_etag(registry::NextEtag(member.etag()));
  *late = after.receipt_late();
  txn.Record("TransferReceiptRecorded", &member, out, &before, after, FormatDate(received),
             after.receipt_late() ? "receipt after the letter's validity" : "");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Transfer> TransferDesk::RecordReceipt(const registry::CallMeta& call,
                                                         const v1::RecordReceiptRequest& req) {
  const Date today = Today();
  ASSIGN_OR_RETURN(Date received, ParseDateFieldUpTo("received_on", req.received_on(), today));
  v1::Transfer out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "RecordReceipt", registry::Registry::RequestFingerprint(req), false, &out,
      [&](registry::Change& c) -> absl::Status {
        TransferTxn txn(registry_, c, today);
        ASSIGN_OR_RETURN(v1::Transfer before, txn.Transfer(req.serial(), "serial"));
        bool late = false;
        RETURN_IF_ERROR(Receive(txn, before, received, &late));
        RETURN_IF_ERROR(txn.ExpireDue().status());
        ASSIGN_OR_RETURN(out, txn.Transfer(req.serial(), "serial"));
        out = AsOf(out, today);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<v1::RecordReceiptsResponse> TransferDesk::RecordReceipts(
    const registry::CallMeta& call, const v1::RecordReceiptsRequest& req) {
  const Date today = Today();
  if (req.rows().empty()) return absl::InvalidArgumentError("rows: no receipts given");
  v1::RecordReceiptsResponse out;
  std::vector<v1::ImportProblem> problems;
  RETURN_IF_ERROR(registry_->Execute(
      call, "RecordReceipts", registry::Registry::RequestFingerprint(req), req.validate_only(),
      &out, [&](registry::Change& c) -> absl::Status {
        TransferTxn txn(registry_, c, today);
        std::set<std::string> seen;
        for (const v1::ReceiptRow& row : req.rows()) {
          auto problem = [&](const char* column, std::string reason) {
            problems.push_back(registry::MakeProblem(row.line(), column, std::move(reason)));
          };
          auto received = row.received_on().empty()
                              ? absl::StatusOr<Date>(absl::InvalidArgumentError(
                                    "received_on: required (the receipt's date)"))
                              : ParseDateFieldUpTo("received_on", row.received_on(), today);
          if (!received.ok()) {
            problem("received_on", std::string(received.status().message()));
            continue;
          }
          if (!seen.insert(row.serial()).second) {
            problem("letter_serial", "letter " + row.serial() + " appears twice in the file");
            continue;
          }
          auto before = txn.Transfer(row.serial(), "letter_serial");
          if (!before.ok()) {
            problem("letter_serial", std::string(before.status().message()));
            continue;
          }
          if (!row.member_no().empty() && row.member_no() != before->member_no()) {
            problem("member_no", "letter " + row.serial() + " is for member " +
                                     before->member_no() + ", not " + row.member_no());
            continue;
          }
          if (before->state() == v1::TRANSFER_COMPLETED &&
              before->kind() == v1::TRANSFER_OUTBOUND &&
              before->received_on() == FormatDate(*received)) {
            out.set_already_recorded(out.already_recorded() + 1);
            continue;
          }
          bool late = false;
          absl::Status s = Receive(txn, *before, *received, &late);
          if (!s.ok()) {
            problem(
                s.code() == absl::StatusCode::kInvalidArgument ? "received_on" : "letter_serial",
                std::string(s.message()));
            continue;
          }
          out.set_recorded(out.recorded() + 1);
          if (late) out.set_late(out.late() + 1);
        }
        if (!problems.empty()) {
          return absl::InvalidArgumentError("nothing recorded; " + std::to_string(problems.size()) +
                                            " problem(s):\n" +
                                            csv::DescribeProblems(problems, kMaxReportedProblems));
        }
        return txn.ExpireDue().status();
      }));
  return out;
}

}  // namespace orgtree::transfers
