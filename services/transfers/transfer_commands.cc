// Transfer steps: initiate (internal or outbound), approve, accept, reject, cancel, and recording
// expiries. Receipts: transfer_receipts.cc; inbound letters: transfer_inbound.cc.

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/registry/record_helpers.h"
#include "services/rules/member_rules.h"
#include "services/transfers/transfer_desk.h"
#include "services/transfers/transfer_start.h"
#include "services/transfers/transfer_txn.h"

namespace orgtree::transfers {
namespace {

using registry::NextEtag;

v1::TransferParty PartyOf(const v1::Org& org);
v1::Member WithTransit(const v1::Member& m, const v1::Transfer* open);

}  // namespace

absl::Status CheckCanStart(const v1::Member& m) {
  if (!rules::IsCurrent(m.status())) {
    return absl::FailedPreconditionError("member " + m.member_no() + " is " + EnumWord(m.status()) +
                                         "; only a current member transfers");
  }
  if (!m.in_transit_serial().empty()) {
    return absl::FailedPreconditionError("member " + m.member_no() +
                                         " already has an open transfer (letter " +
                                         m.in_transit_serial() + "); one transfer at a time");
  }
  return absl::OkStatus();
}

namespace {

v1::TransferParty PartyOf(const v1::Org& org) {
  v1::TransferParty p;
  p.set_org_id(org.id());
  p.set_org_code(org.code());
  p.set_org_name(org.name());
  return p;
}

// The member with the transfer's in-transit mark set or cleared.
v1::Member WithTransit(const v1::Member& m, const v1::Transfer* open) {
  v1::Member after = m;
  if (open) {
    after.set_in_transit_serial(open->serial());
    if (open->kind() == v1::TRANSFER_INTERNAL) after.set_in_transit_until(open->valid_until());
  } else {
    after.clear_in_transit_serial();
    after.clear_in_transit_until();
  }
  if (after.in_transit_serial() != m.in_transit_serial()) after.set_etag(NextEtag(m.etag()));
  return after;
}

absl::StatusOr<Date> StepDate(std::string_view field, std::string_view text, const v1::Transfer& t,
                              Date today) {
  ASSIGN_OR_RETURN(Date d, ParseDateFieldUpTo(field, text, today));
  if (auto issued = ParseDate(t.issued_on()); issued && d < *issued) {
    return absl::InvalidArgumentError(std::string(field) + ": before the letter's issue date (" +
                                      t.issued_on() + ")");
  }
  return d;
}

}  // namespace

absl::StatusOr<v1::Transfer> StartTransfer(TransferTxn& txn, const dues::DuesLedger* dues,
                                           const v1::Member& m, const NewTransfer& spec) {
  RETURN_IF_ERROR(CheckCanStart(m));
  registry::Change& c = txn.change();
  v1::Transfer t;
  t.set_kind(spec.kind);
  if (spec.kind == v1::TRANSFER_INTERNAL) {
    const v1::Org* to = spec.to_branch;
    if (to->type() != v1::BRANCH || to->state() != v1::ORG_ACTIVE) {
      return absl::FailedPreconditionError(
          "to_org: " + to->code() + " is " +
          (to->state() == v1::ORG_ACTIVE ? "a " + EnumWord(to->type()) : std::string("dissolved")) +
          "; members transfer to an active branch");
    }
    if (to->id() == m.org_id()) {
      return absl::FailedPreconditionError("to_org: member " + m.member_no() +
                                           " is already in branch " + to->code());
    }
    *t.mutable_to() = PartyOf(*to);
    t.set_state(v1::TRANSFER_PENDING_APPROVAL);
  } else {
    t.mutable_to()->set_org_name(spec.to_name);
    t.mutable_to()->set_org_code(spec.to_code);
    t.set_state(v1::TRANSFER_AWAITING_RECEIPT);
  }
  ASSIGN_OR_RETURN(const v1::Org* committee, txn.IssuingCommittee(m.org_id()));
  ASSIGN_OR_RETURN(std::string serial, txn.NextSerial(*committee, spec.issued_on.year()));
  t.set_serial(serial);
  t.set_member_id(m.id());
  t.set_member_no(m.member_no());
  t.set_member_name(m.name());
  *t.mutable_from() = PartyOf(*c.FindOrg(m.org_id()));
  t.set_issuing_committee_id(committee->id());
  t.set_issuing_committee_code(committee->code());
  t.set_issuing_committee_name(committee->name());
  if (dues) {
    ASSIGN_OR_RETURN(std::string paid, dues->PaidUpTo(m.id()));
    t.set_dues_paid_up_to(paid);
  }
  t.set_issued_on(FormatDate(spec.issued_on));
  t.set_validity_days(spec.validity_days);
  t.set_valid_until(FormatDate(ValidUntil(spec.issued_on, spec.validity_days)));
  t.set_reason(spec.reason);
  t.set_batch_id(spec.batch_id);
  t.set_etag("1");
  txn.Record(spec.kind == v1::TRANSFER_INTERNAL ? "TransferInitiated" : "TransferLetterIssued", &m,
             WithTransit(m, &t), nullptr, t, t.issued_on(), spec.reason);
  return t;
}

absl::StatusOr<v1::Transfer> TransferDesk::Initiate(const registry::CallMeta& call,
                                                    const v1::InitiateTransferRequest& req) {
  const Date today = Today();
  if (req.kind() != v1::TRANSFER_INTERNAL && req.kind() != v1::TRANSFER_OUTBOUND) {
    return absl::InvalidArgumentError(
        "kind: internal or outbound (an inbound letter is recorded with RecordInbound)");
  }
  const bool internal = req.kind() == v1::TRANSFER_INTERNAL;
  if (internal && req.to_org().ref_case() == v1::OrgRef::REF_NOT_SET) {
    return absl::InvalidArgumentError("to_org: required for an internal transfer");
  }
  if (!internal && req.to_org_name().empty()) {
    return absl::InvalidArgumentError(
        "to_org_name: required for an outbound transfer (the receiving organisation)");
  }
  if (req.to_org_name().size() > 200 || req.to_org_code().size() > 64) {
    return absl::InvalidArgumentError("to_org_name: at most 200 bytes, to_org_code at most 64");
  }
  NewTransfer spec;
  spec.kind = req.kind();
  spec.to_name = req.to_org_name();
  spec.to_code = req.to_org_code();
  spec.reason = req.reason();
  ASSIGN_OR_RETURN(spec.validity_days,
                   CheckValidityDays(req.validity_days(), options_.default_validity_days));
  ASSIGN_OR_RETURN(spec.issued_on,
                   ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  v1::Transfer out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "InitiateTransfer", registry::Registry::RequestFingerprint(req), req.validate_only(),
      &out, [&](registry::Change& c) -> absl::Status {
        TransferTxn txn(registry_, c, today);
        RETURN_IF_ERROR(txn.ExpireDue().status());
        ASSIGN_OR_RETURN(v1::Member m, txn.Member(req.member(), "member"));
        if (internal) {
          ASSIGN_OR_RETURN(uint64_t to_id, registry_->FindOrgId(req.to_org(), "to_org"));
          spec.to_branch = c.FindOrg(to_id);
        }
        ASSIGN_OR_RETURN(v1::Transfer t, StartTransfer(txn, dues_, m, spec));
        out = AsOf(t, today);
        return absl::OkStatus();
      }));
  return out;
}

// The steps that take a serial, a date and a reason share their frame: resolve the transfer,
// check the state machine, let `apply` set the transfer's and member's new state, record.
static absl::StatusOr<v1::Transfer> RunStep(
    registry::Registry* registry, const registry::CallMeta& call, std::string_view method,
    const google::protobuf::Message& req, const std::string& serial, Step step,
    const std::string& date_text, std::string event_type, std::string reason,
    const std::function<absl::Status(TransferTxn&, Date, v1::Transfer&, v1::Member&)>& apply) {
  const Date today = registry->clock().Today();
  v1::Transfer out;
  RETURN_IF_ERROR(registry->Execute(
      call, method, registry::Registry::RequestFingerprint(req), false, &out,
      [&](registry::Change& c) -> absl::Status {
        TransferTxn txn(registry, c, today);
        ASSIGN_OR_RETURN(v1::Transfer before, txn.Transfer(serial, "serial"));
        RETURN_IF_ERROR(CheckStep(before, step, today));
        ASSIGN_OR_RETURN(Date on, StepDate("effective_date", date_text, before, today));
        RETURN_IF_ERROR(txn.ExpireDue().status());
        ASSIGN_OR_RETURN(v1::Member member, txn.MemberById(before.member_id()));
        v1::Transfer after = before;
        v1::Member member_after = member;
        RETURN_IF_ERROR(apply(txn, on, after, member_after));
        after.set_etag(NextEtag(before.etag()));
        if (member_after.SerializeAsString() != member.SerializeAsString()) {
          member_after.set_etag(NextEtag(member.etag()));
        }
        txn.Record(std::move(event_type), &member, member_after, &before, after, FormatDate(on),
                   std::move(reason));
        out = AsOf(after, today);
        return absl::OkStatus();
      }));
  return out;
}

// Ends an open transfer: the member is no longer in transit.
static void End(v1::Transfer& t, v1::Member& m, v1::TransferState state, Date on,
                const std::string& reason) {
  t.set_state(state);
  t.set_ended_on(FormatDate(on));
  t.set_end_reason(reason);
  if (m.in_transit_serial() == t.serial()) {
    m.clear_in_transit_serial();
    m.clear_in_transit_until();
  }
}

absl::StatusOr<v1::Transfer> TransferDesk::Approve(const registry::CallMeta& call,
                                                   const v1::TransferStepRequest& req) {
  return RunStep(registry_, call, "ApproveTransfer", req, req.serial(), Step::kApprove,
                 req.effective_date(), "TransferApproved", req.reason(),
                 [](TransferTxn&, Date on, v1::Transfer& t, v1::Member&) {
                   t.set_state(v1::TRANSFER_AWAITING_ACCEPTANCE);
                   t.set_approved_on(FormatDate(on));
                   return absl::OkStatus();
                 });
}

absl::StatusOr<v1::Transfer> TransferDesk::Accept(const registry::CallMeta& call,
                                                  const v1::AcceptTransferRequest& req) {
  return RunStep(
      registry_, call, "AcceptTransfer", req, req.serial(), Step::kAccept, req.effective_date(),
      "TransferAccepted", "",
      [&](TransferTxn& txn, Date on, v1::Transfer& t, v1::Member& m) -> absl::Status {
        const v1::Org* to = txn.change().FindOrg(t.to().org_id());
        if (to == nullptr || to->state() != v1::ORG_ACTIVE || to->type() != v1::BRANCH) {
          return absl::FailedPreconditionError("serial: the receiving branch " + t.to().org_code() +
                                               " is no longer an active branch; cancel the "
                                               "transfer and start a new one");
        }
        m.set_org_id(to->id());
        m.set_org_code(to->code());
        m.clear_group_id();
        m.clear_group_code();
        if (!req.group_code().empty()) {
          auto gid = txn.change().FindOrgByCode(req.group_code());
          const v1::Org* g = gid ? txn.change().FindOrg(*gid) : nullptr;
          if (g == nullptr) {
            return absl::NotFoundError("group_code: no org '" + req.group_code() + "'");
          }
          if (g->type() != v1::GROUP || g->parent_id() != to->id() ||
              g->state() != v1::ORG_ACTIVE) {
            return absl::FailedPreconditionError("group_code: " + g->code() +
                                                 " is not an active group of branch " + to->code());
          }
          m.set_group_id(g->id());
          m.set_group_code(g->code());
        }
        m.clear_in_transit_serial();
        m.clear_in_transit_until();
        t.set_state(v1::TRANSFER_COMPLETED);
        t.set_completed_on(FormatDate(on));
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Transfer> TransferDesk::Reject(const registry::CallMeta& call,
                                                  const v1::TransferStepRequest& req) {
  if (req.reason().empty()) {
    return absl::InvalidArgumentError("reason: required (why the transfer is rejected)");
  }
  return RunStep(registry_, call, "RejectTransfer", req, req.serial(), Step::kReject,
                 req.effective_date(), "TransferRejected", req.reason(),
                 [&](TransferTxn&, Date on, v1::Transfer& t, v1::Member& m) {
                   End(t, m, v1::TRANSFER_REJECTED, on, req.reason());
                   return absl::OkStatus();
                 });
}

absl::StatusOr<v1::Transfer> TransferDesk::Cancel(const registry::CallMeta& call,
                                                  const v1::TransferStepRequest& req) {
  return RunStep(registry_, call, "CancelTransfer", req, req.serial(), Step::kCancel,
                 req.effective_date(), "TransferCancelled", req.reason(),
                 [&](TransferTxn&, Date on, v1::Transfer& t, v1::Member& m) {
                   End(t, m, v1::TRANSFER_CANCELLED, on, req.reason());
                   return absl::OkStatus();
                 });
}

absl::StatusOr<int> TransferDesk::SweepExpired(const registry::CallMeta& call) {
  const Date today = Today();
  int expired = 0;
  v1::GetTransferRequest none;  // the sweep has no request of its own
  RETURN_IF_ERROR(registry_->Execute(call, "SweepExpiredTransfers", "", false, &none,
                                     [&](registry::Change& c) -> absl::Status {
                                       TransferTxn txn(registry_, c, today);
                                       ASSIGN_OR_RETURN(expired, txn.ExpireDue());
                                       return absl::OkStatus();
                                     }));
  return expired;
}

}  // namespace orgtree::transfers
