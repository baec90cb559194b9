// Running a handover batch: chunk by chunk, each chunk one atomic write of its letters, its items
// and the batch's progress. A batch interrupted anywhere (the server killed) resumes from its
// stored progress; an item that already has a letter is never issued another.

#include "services/common/status_macros.h"
#include "services/transfers/handover_check.h"
#include "services/transfers/handover_events.h"
#include "services/transfers/transfer_desk.h"
#include "services/transfers/transfer_start.h"
#include "storage/key_codec.h"

namespace orgtree::transfers {

absl::StatusOr<v1::HandoverJob> TransferDesk::GetHandover(const std::string& batch_id) const {
  RETURN_IF_ERROR(CheckBatchId(batch_id));
  ASSIGN_OR_RETURN(auto job,
                   registry_->reader().Get<v1::HandoverJob>(storage::Cf::kHandovers, batch_id));
  if (!job) return absl::NotFoundError("batch_id: no handover batch '" + batch_id + "'");
  job->clear_fingerprint();
  return *std::move(job);
}

absl::StatusOr<std::vector<std::string>> TransferDesk::RunningHandovers() const {
  std::vector<std::string> out;
  RETURN_IF_ERROR(registry_->reader().ScanRecords<v1::HandoverJob>(
      storage::Cf::kHandovers, "", "", [&](std::string_view, v1::HandoverJob&& job) {
        if (job.state() == v1::HANDOVER_RUNNING) out.push_back(job.batch_id());
        return true;
      }));
  return out;
}

absl::StatusOr<bool> TransferDesk::RunHandoverChunk(const std::string& batch_id) {
  const Date today = Today();
  bool done = false;
  v1::HandoverJob unused;
  ASSIGN_OR_RETURN(auto stored,
                   registry_->reader().Get<v1::HandoverJob>(storage::Cf::kHandovers, batch_id));
  if (!stored) return absl::NotFoundError("batch_id: no handover batch '" + batch_id + "'");
  registry::CallMeta call{stored->actor(), ""};
  RETURN_IF_ERROR(registry_->Execute(
      call, "RunHandover", "", false, &unused, [&](registry::Change& c) -> absl::Status {
        // Read again under the writer lock: the batch as the last committed chunk left it.
        ASSIGN_OR_RETURN(
            auto job, registry_->reader().Get<v1::HandoverJob>(storage::Cf::kHandovers, batch_id));
        if (!job || job->state() != v1::HANDOVER_RUNNING) {
          done = true;
          return absl::OkStatus();
        }
        auto date = ParseDate(job->effective_date());
        NewTransfer spec;
        spec.kind = v1::TRANSFER_OUTBOUND;
        spec.issued_on = date ? *date : today;
        spec.validity_days = job->validity_days();
        spec.reason = job->reason();
        spec.batch_id = batch_id;

        TransferTxn txn(registry_, c, today);
        RETURN_IF_ERROR(txn.ExpireDue().status());
        std::vector<v1::HandoverItem> changed;
        const int end = std::min(job->total(), job->processed() + options_.handover_chunk);
        std::string start =
            storage::BatchItemKey(batch_id, static_cast<uint32_t>(job->processed()));
        std::string stop = storage::BatchItemKey(batch_id, static_cast<uint32_t>(end));
        std::vector<v1::HandoverItem> items;
        RETURN_IF_ERROR(registry_->reader().ScanRecords<v1::HandoverItem>(
            storage::Cf::kHandoverItems, start, stop, [&](std::string_view, v1::HandoverItem&& i) {
              items.push_back(std::move(i));
              return true;
            }));
        for (v1::HandoverItem& item : items) {
          if (!item.serial().empty()) continue;  // issued by an earlier run
          const bool had_exception = item.exception() != v1::HANDOVER_EXCEPTION_UNSPECIFIED;
          ASSIGN_OR_RETURN(v1::Member m, txn.MemberById(item.member_id()));
          ASSIGN_OR_RETURN(
              HandoverCheck check,
              CheckHandover(registry_->reader(), m, !item.community_org_name().empty(), dues_));
          if (check.exception == v1::HANDOVER_EXCEPTION_UNSPECIFIED) {
            spec.to_name = item.community_org_name();
            spec.to_code = item.community_org_code();
            ASSIGN_OR_RETURN(v1::Transfer t, StartTransfer(txn, dues_, m, spec));
            item.set_serial(t.serial());
            item.clear_exception();
            item.clear_exception_detail();
            job->set_issued(job->issued() + 1);
            if (had_exception) job->set_exceptions(job->exceptions() - 1);
          } else {
            if (item.exception() == check.exception && item.exception_detail() == check.detail) {
              continue;  // the same exception as before: nothing to write
            }
            item.set_exception(check.exception);
            item.set_exception_detail(check.detail);
            if (!had_exception) job->set_exceptions(job->exceptions() + 1);
          }
          changed.push_back(item);
        }
        job->set_processed(end);
        if (end >= job->total()) {
          job->set_state(v1::HANDOVER_DONE);
          job->set_finished_at(registry_->clock().NowRfc3339());
          done = true;
        }
        RecordHandoverEvent(c, done ? "HandoverFinished" : "HandoverProgressed", *job, changed);
        return absl::OkStatus();
      }));
  return done;
}

}  // namespace orgtree::transfers
