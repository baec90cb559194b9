// Inbound letters: a member arriving from outside the tree is registered into the receiving
// branch, or — a person the registry already knows (one person, one record) — re-activated there.

#include <cctype>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/dues/dues_rules.h"
#include "services/registry/member_placement.h"
#include "services/registry/record_helpers.h"
#include "services/rules/member_rules.h"
#include "services/transfers/transfer_desk.h"
#include "services/transfers/transfer_txn.h"

namespace orgtree::transfers {
namespace {

absl::Status ValidateLetter(const v1::InboundLetter& l, Date today) {
  if (l.serial().empty() || l.serial().size() > 64) {
    return absl::InvalidArgumentError("letter.serial: required (the incoming letter's number)");
  }
  if (l.from_org_name().empty() || l.from_org_name().size() > 200) {
    return absl::InvalidArgumentError(
        "letter.from_org_name: required (the sending organisation), at most 200 bytes");
  }
  if (!l.issued_on().empty()) {
    RETURN_IF_ERROR(ParseDateFieldUpTo("letter.issued_on", l.issued_on(), today).status());
  }
  if (!l.dues_paid_up_to().empty()) {
    RETURN_IF_ERROR(dues::ParseMonthField("letter.dues_paid_up_to", l.dues_paid_up_to()).status());
  }
  return absl::OkStatus();
}

// The ID number as the registry stores it (Excel's leading ' dropped, check letter upper case).
std::string NormalisedNationalId(std::string id) {
  if (!id.empty() && id.front() == '\'') id.erase(0, 1);
  for (char& ch : id) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return id;
}

// A returning person's record, re-activated into the branch the request names; profile fields
// the letter brings (phone, education, employment) replace the old ones.
absl::StatusOr<v1::Member> Reactivate(registry::Change& c, const v1::Member& existing,
                                      const v1::Member& arriving, Date on) {
  if (rules::IsCurrent(existing.status())) {
    return absl::AlreadyExistsError(
        "member.national_id: this person is already a current member (" + existing.member_no() +
        " in branch " + existing.org_code() + ")");
  }
  if (existing.status() != v1::TRANSFERRED_OUT) {
    return absl::FailedPreconditionError("member.national_id: member " + existing.member_no() +
                                         " is " + EnumWord(existing.status()) +
                                         "; only a member transferred out returns by letter");
  }
  v1::Member after = existing;
  after.set_org_id(arriving.org_id());
  after.set_org_code(arriving.org_code());
  after.set_group_id(arriving.group_id());
  after.set_group_code(arriving.group_code());
  RETURN_IF_ERROR(registry::PlaceMember(c, &after, "member."));
  if (!arriving.phone().empty()) {
    RETURN_IF_ERROR(rules::ValidatePhone("member.phone", arriving.phone()));
    after.set_phone(arriving.phone());
  }
  if (!arriving.education().empty()) after.set_education(arriving.education());
  if (arriving.employment() != v1::EMPLOYMENT_UNSPECIFIED) {
    after.set_employment(arriving.employment());
  }
  after.set_status(v1::ACTIVE);
  after.set_status_reason(v1::TRANSFERRED_IN);
  after.set_status_date(FormatDate(on));
  after.set_etag(registry::NextEtag(existing.etag()));
  return after;
}

}  // namespace

absl::StatusOr<v1::RecordInboundResponse> TransferDesk::RecordInbound(
    const registry::CallMeta& call, const v1::RecordInboundRequest& req) {
  const Date today = Today();
  RETURN_IF_ERROR(ValidateLetter(req.letter(), today));
  ASSIGN_OR_RETURN(Date on, ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  if (req.member().national_id().empty()) {
    return absl::InvalidArgumentError("member.national_id: required (finds a returning member)");
  }
  const std::string nid = NormalisedNationalId(req.member().national_id());
  v1::RecordInboundResponse out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "RecordInbound", registry::Registry::RequestFingerprint(req), req.validate_only(), &out,
      [&](registry::Change& c) -> absl::Status {
        TransferTxn txn(registry_, c, today);
        RETURN_IF_ERROR(txn.ExpireDue().status());
        ASSIGN_OR_RETURN(auto existing_id, c.MemberIdByNationalId(nid));
        std::optional<v1::Member> before;
        v1::Member after;
        if (existing_id) {
          ASSIGN_OR_RETURN(v1::Member existing, txn.MemberById(*existing_id));
          ASSIGN_OR_RETURN(after, Reactivate(c, existing, req.member(), on));
          before = std::move(existing);
        } else {
          after = req.member();
          after.clear_id();
          after.clear_etag();
          after.clear_national_id_masked();
          after.clear_in_transit_serial();
          after.clear_in_transit_until();
          after.set_probation_extension_months(0);
          RETURN_IF_ERROR(rules::ValidateNewMember(&after, today, "member."));
          RETURN_IF_ERROR(registry::PlaceNewMember(c, &after, "member."));
          after.set_id(c.NextMemberId());
          after.set_status(v1::ACTIVE);
          after.set_status_reason(v1::TRANSFERRED_IN);
          after.set_status_date(FormatDate(on));
          after.set_etag("1");
        }
        ASSIGN_OR_RETURN(const v1::Org* committee, txn.IssuingCommittee(after.org_id()));
        ASSIGN_OR_RETURN(std::string serial, txn.NextSerial(*committee, on.year()));
        v1::Transfer t;
        t.set_serial(serial);
        t.set_kind(v1::TRANSFER_INBOUND);
        t.set_state(v1::TRANSFER_COMPLETED);
        t.set_member_id(after.id());
        t.set_member_no(after.member_no());
        t.set_member_name(after.name());
        t.mutable_from()->set_org_name(req.letter().from_org_name());
        t.mutable_from()->set_org_code(req.letter().from_org_code());
        const v1::Org* branch = c.FindOrg(after.org_id());
        t.mutable_to()->set_org_id(branch->id());
        t.mutable_to()->set_org_code(branch->code());
        t.mutable_to()->set_org_name(branch->name());
        t.set_issuing_committee_id(committee->id());
        t.set_issuing_committee_code(committee->code());
        t.set_issuing_committee_name(committee->name());
        t.set_dues_paid_up_to(req.letter().dues_paid_up_to());
        t.set_issued_on(req.letter().issued_on());
        t.set_completed_on(FormatDate(on));
        t.set_external_serial(req.letter().serial());
        t.set_etag("1");
        txn.Record("TransferredIn", before ? &*before : nullptr, after, nullptr, t, FormatDate(on),
                   "");
        *out.mutable_transfer() = t;
        *out.mutable_member() = after;
        out.set_returning(before.has_value());
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace orgtree::transfers
