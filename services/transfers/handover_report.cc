// The handover report: per community and overall, how many of the selected members have been
// transferred (receipt recorded), with everyone still outstanding and why.

#include <map>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/transfers/transfer_desk.h"
#include "storage/key_codec.h"

namespace orgtree::transfers {
namespace {

void Count(v1::HandoverProgress* p, bool issued, bool transferred, bool exception) {
  p->set_total(p->total() + 1);
  if (issued) p->set_issued(p->issued() + 1);
  if (transferred) p->set_transferred(p->transferred() + 1);
  if (exception) p->set_exceptions(p->exceptions() + 1);
}

void SetPercent(v1::HandoverProgress* p) {
  p->set_percent(PercentHalfUp(p->transferred(), p->total()));
}

}  // namespace

absl::StatusOr<v1::HandoverReport> TransferDesk::GetHandoverReport(
    const std::string& batch_id) const {
  const Date today = Today();
  std::vector<std::string> batches;
  if (!batch_id.empty()) {
    RETURN_IF_ERROR(GetHandover(batch_id).status());
    batches.push_back(batch_id);
  } else {
    RETURN_IF_ERROR(registry_->reader().ScanRecords<v1::HandoverJob>(
        storage::Cf::kHandovers, "", "", [&](std::string_view, v1::HandoverJob&& job) {
          batches.push_back(job.batch_id());
          return true;
        }));
  }
  v1::HandoverReport report;
  *report.mutable_batch_ids() = {batches.begin(), batches.end()};
  std::map<std::string, v1::HandoverProgress> communities;
  v1::HandoverProgress* overall = report.mutable_overall();
  for (const std::string& batch : batches) {
    std::vector<v1::HandoverItem> items;
    RETURN_IF_ERROR(registry_->reader().ScanRecords<v1::HandoverItem>(
        storage::Cf::kHandoverItems, storage::BatchItemPrefix(batch),
        storage::PrefixUpperBound(storage::BatchItemPrefix(batch)),
        [&](std::string_view, v1::HandoverItem&& item) {
          items.push_back(std::move(item));
          return true;
        }));
    for (const v1::HandoverItem& item : items) {
      std::string why;
      bool transferred = false;
      if (!item.serial().empty()) {
        ASSIGN_OR_RETURN(
            auto t, registry_->reader().Get<v1::Transfer>(storage::Cf::kTransfers, item.serial()));
        if (!t) return absl::DataLossError("storage: a batch names a missing letter");
        const v1::Transfer now = AsOf(*t, today);
        transferred = now.state() == v1::TRANSFER_COMPLETED;
        if (now.overdue()) {
          why = "overdue (valid until " + now.valid_until() + ")";
        } else if (now.state() == v1::TRANSFER_AWAITING_RECEIPT) {
          why = "awaiting receipt";
        } else if (!transferred) {
          why = "letter " + EnumWord(now.state());
        }
      } else if (item.exception() != v1::HANDOVER_EXCEPTION_UNSPECIFIED) {
        why = EnumWord(item.exception()) + ": " + item.exception_detail();
      } else {
        why = "not yet issued";
      }
      const bool exception =
          item.serial().empty() && item.exception() != v1::HANDOVER_EXCEPTION_UNSPECIFIED;
      v1::HandoverProgress& c = communities[item.community_org_name()];
      c.set_community_org_name(item.community_org_name());
      Count(&c, !item.serial().empty(), transferred, exception);
      Count(overall, !item.serial().empty(), transferred, exception);
      if (!transferred) {
        v1::OutstandingMember* o = report.add_outstanding();
        o->set_member_no(item.member_no());
        o->set_member_name(item.member_name());
        o->set_org_code(item.org_code());
        o->set_community_org_name(item.community_org_name());
        o->set_serial(item.serial());
        o->set_why(why);
      }
    }
  }
  for (auto& [name, c] : communities) {
    SetPercent(&c);
    *report.add_communities() = c;
  }
  SetPercent(overall);
  return report;
}

}  // namespace orgtree::transfers
