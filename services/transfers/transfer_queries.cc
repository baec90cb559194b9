// Transfer queries: one letter by serial, and the lists officers follow up (pending approval,
// awaiting acceptance, overdue, completed in a period), each as of today.
//
// Lists scan the transfers family in serial order and filter: transfers number in the thousands a
// year, far fewer than members, so an index per org is not worth its upkeep yet.

#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/transfers/transfer_desk.h"
#include "storage/key_codec.h"

namespace orgtree::transfers {
namespace {

bool InView(const v1::Transfer& t, v1::TransferView view) {
  switch (view) {
    case v1::TRANSFER_VIEW_ALL:
      return true;
    case v1::TRANSFER_VIEW_OPEN:
      return IsOpen(t.state());
    case v1::TRANSFER_VIEW_PENDING_APPROVAL:
      return t.state() == v1::TRANSFER_PENDING_APPROVAL;
    case v1::TRANSFER_VIEW_AWAITING_ACCEPTANCE:
      return t.state() == v1::TRANSFER_AWAITING_ACCEPTANCE;
    case v1::TRANSFER_VIEW_OVERDUE:
      return t.overdue();
    case v1::TRANSFER_VIEW_COMPLETED:
      return t.state() == v1::TRANSFER_COMPLETED;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<v1::Transfer> TransferDesk::Get(const std::string& serial) const {
  if (serial.empty()) return absl::InvalidArgumentError("serial: required");
  ASSIGN_OR_RETURN(auto t, registry_->reader().Get<v1::Transfer>(storage::Cf::kTransfers, serial));
  if (!t) return absl::NotFoundError("serial: no transfer letter '" + serial + "'");
  return AsOf(*std::move(t), Today());
}

absl::StatusOr<v1::ListTransfersResponse> TransferDesk::List(
    const v1::ListTransfersRequest& req) const {
  const Date today = Today();
  ASSIGN_OR_RETURN(int page_size, CheckPageSize(req.page_size(), registry::kDefaultPageSize,
                                                registry::kMaxPageSize));
  if (!v1::TransferView_IsValid(req.view())) return absl::InvalidArgumentError("view: unknown");
  if (!v1::TransferDirection_IsValid(req.direction())) {
    return absl::InvalidArgumentError("direction: unknown");
  }
  if (!v1::TransferState_IsValid(req.state())) return absl::InvalidArgumentError("state: unknown");
  std::optional<Date> from, to;
  if (!req.from_date().empty()) {
    ASSIGN_OR_RETURN(from, ParseDateField("from_date", req.from_date()));
  }
  if (!req.to_date().empty()) {
    ASSIGN_OR_RETURN(to, ParseDateField("to_date", req.to_date()));
  }
  if (from && to && *to < *from) {
    return absl::InvalidArgumentError("to_date: before from_date");
  }
  std::optional<uint64_t> org;
  if (req.org().ref_case() != v1::OrgRef::REF_NOT_SET) {
    ASSIGN_OR_RETURN(org, registry_->FindOrgId(req.org(), "org"));
  }
  std::optional<uint64_t> member;
  if (req.member().ref_case() != v1::MemberRef::REF_NOT_SET) {
    ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(req.member(), "member"));
    member = m.id();
  }
  // The page token is the last serial returned (serials sort in committee, year, number order).
  const std::string& after = req.page_token();

  auto in_subtree = [&](const v1::TransferParty& p) {
    return p.org_id() != 0 && registry_->ReadTree([&](const registry::OrgTree& tree) {
      return tree.IsInSubtree(p.org_id(), *org);
    });
  };
  auto matches = [&](const v1::Transfer& t) {
    if (member && t.member_id() != *member) return false;
    if (!req.batch_id().empty() && t.batch_id() != req.batch_id()) return false;
    if (req.state() != v1::TRANSFER_STATE_UNSPECIFIED && t.state() != req.state()) return false;
    if (!InView(t, req.view())) return false;
    if (from || to) {
      auto done = ParseDate(t.completed_on());
      if (!done || (from && *done < *from) || (to && *done > *to)) return false;
    }
    if (org) {
      const bool out = in_subtree(t.from()), in = in_subtree(t.to());
      switch (req.direction()) {
        case v1::TRANSFER_DIRECTION_OUTGOING:
          return out;
        case v1::TRANSFER_DIRECTION_INCOMING:
          return in;
        default:
          return out || in;
      }
    }
    return true;
  };

  v1::ListTransfersResponse out;
  // Takes one stored transfer in serial order; false once the page is full.
  auto take = [&](v1::Transfer&& stored) {
    v1::Transfer t = AsOf(std::move(stored), today);
    if (!matches(t)) return true;
    if (out.items_size() == page_size) {
      out.set_next_page_token(out.items(page_size - 1).serial());
      return false;
    }
    *out.add_items() = std::move(t);
    return true;
  };
  const std::string start = after.empty() ? "" : after + std::string(1, '\0');
  if (!member) {
    RETURN_IF_ERROR(registry_->reader().ScanRecords<v1::Transfer>(
        storage::Cf::kTransfers, start, "",
        [&](std::string_view, v1::Transfer&& stored) { return take(std::move(stored)); }));
    return out;
  }
  // One member's transfers: their serials from the member index (also in serial order), then
  // each record by point read, instead of a scan of every transfer.
  std::vector<std::string> serials;
  const std::string prefix = storage::MemberSerialKey(*member, "");
  RETURN_IF_ERROR(registry_->reader().store()->Scan(
      storage::Cf::kTransfersByMember, storage::MemberSerialKey(*member, start),
      storage::PrefixUpperBound(prefix), [&](std::string_view key, std::string_view) {
        serials.emplace_back(storage::SerialOfMemberSerialKey(key));
        return true;
      }));
  for (const std::string& serial : serials) {
    ASSIGN_OR_RETURN(auto t,
                     registry_->reader().Get<v1::Transfer>(storage::Cf::kTransfers, serial));
    if (!t) return absl::DataLossError("storage: the member index names a missing transfer");
    if (!take(*std::move(t))) break;
  }
  return out;
}

}  // namespace orgtree::transfers
