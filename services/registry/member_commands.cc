// Member mutations: registration, profile updates, probation (转正, 延长, 取消) and status changes.

#include "services/common/date.h"
#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/registry/member_placement.h"
#include "services/registry/record_helpers.h"
#include "services/registry/registry.h"
#include "services/rules/member_rules.h"

namespace orgtree::registry {

absl::Status PlaceMember(const Change& c, v1::Member* m, std::string_view prefix) {
  const std::string p(prefix);
  std::optional<uint64_t> org_id;
  if (m->org_id() != 0) {
    if (c.FindOrg(m->org_id())) org_id = m->org_id();
  } else if (!m->org_code().empty()) {
    org_id = c.FindOrgByCode(m->org_code());
  } else {
    return absl::InvalidArgumentError(p + "org_code: required (the member's branch)");
  }
  if (!org_id) {
    if (m->org_id() != 0) {
      return absl::NotFoundError(p + "org_id: no org with id " + std::to_string(m->org_id()));
    }
    return absl::NotFoundError(p + "org_code: no org '" + m->org_code() + "'");
  }
  const v1::Org* branch = c.FindOrg(*org_id);
  if (branch->type() != v1::BRANCH) {
    return absl::FailedPreconditionError(p + "org_code: " + branch->code() + " is a " +
                                         EnumWord(branch->type()) +
                                         "; members belong to a branch (optionally a group in it)");
  }
  if (branch->state() == v1::ORG_DISSOLVED) {
    return absl::FailedPreconditionError(p + "org_code: branch " + branch->code() +
                                         " is dissolved and accepts no new members");
  }
  m->set_org_id(branch->id());
  m->set_org_code(branch->code());
  if (m->group_id() != 0 || !m->group_code().empty()) {
    std::optional<uint64_t> group_id = m->group_id() != 0 ? std::optional<uint64_t>(m->group_id())
                                                          : c.FindOrgByCode(m->group_code());
    const v1::Org* group = group_id ? c.FindOrg(*group_id) : nullptr;
    if (group == nullptr) {
      return absl::NotFoundError(p + "group_code: no org '" + m->group_code() + "'");
    }
    if (group->type() != v1::GROUP || group->parent_id() != branch->id()) {
      return absl::FailedPreconditionError(p + "group_code: " + group->code() +
                                           " is not a group of branch " + branch->code());
    }
    if (group->state() == v1::ORG_DISSOLVED) {
      return absl::FailedPreconditionError(p + "group_code: group " + group->code() +
                                           " is dissolved");
    }
    m->set_group_id(group->id());
    m->set_group_code(group->code());
  } else {
    m->clear_group_id();
    m->clear_group_code();
  }
  return absl::OkStatus();
}

absl::Status PlaceNewMember(const Change& c, v1::Member* m, std::string_view prefix) {
  const std::string p(prefix);
  RETURN_IF_ERROR(PlaceMember(c, m, prefix));
  if (c.MemberIdByNo(m->member_no())) {
    return absl::AlreadyExistsError(p + "member_no: '" + m->member_no() +
                                    "' is already registered");
  }
  ASSIGN_OR_RETURN(auto by_nid, c.MemberIdByNationalId(m->national_id()));
  if (by_nid) {
    ASSIGN_OR_RETURN(std::string existing, c.MemberNoOf(*by_nid));
    return absl::AlreadyExistsError(p +
                                    "national_id: this person is already registered as member " +
                                    existing + "; a returning member keeps that record");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Member> Registry::RegisterMember(const CallMeta& call,
                                                    const v1::RegisterMemberRequest& req) {
  v1::Member m = req.member();
  m.clear_id();
  m.clear_etag();
  m.clear_status();
  m.clear_status_reason();
  m.clear_status_date();
  m.clear_national_id_masked();
  m.set_probation_extension_months(0);
  const Date today = clock_->Today();
  RETURN_IF_ERROR(rules::ValidateNewMember(&m, today, "member."));
  v1::Member out;
  RETURN_IF_ERROR(Mutate(call, "RegisterMember", Fingerprint(req), false, &out, [&](Change& c) {
    RETURN_IF_ERROR(PlaceNewMember(c, &m, "member."));
    m.set_id(c.NextMemberId());
    m.set_status(v1::ACTIVE);
    m.set_status_date(m.joined_on());
    m.set_etag("1");
    c.RecordMemberEvent("MemberRegistered", nullptr, m, FormatDate(today), "");
    out = m;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Member> Registry::UpdateMember(const CallMeta& call,
                                                  const v1::UpdateMemberRequest& req) {
  if (req.has_name() && (req.name().empty() || req.name().size() > 100)) {
    return absl::InvalidArgumentError("name: must be 1–100 bytes");
  }
  if (req.has_phone()) RETURN_IF_ERROR(rules::ValidatePhone("phone", req.phone()));
  if (!v1::Employment_IsValid(req.employment())) {
    return absl::InvalidArgumentError("employment: unknown value");
  }
  if (req.etag().empty())
    return absl::InvalidArgumentError("etag: required (read the member first)");
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldOr("effective_date", req.effective_date(), clock_->Today()));
  v1::Member out;
  RETURN_IF_ERROR(Mutate(call, "UpdateMember", Fingerprint(req), false, &out, [&](Change& c) {
    ASSIGN_OR_RETURN(v1::Member before, ResolveMember(req.member(), "member"));
    if (req.etag() != before.etag()) {
      return absl::AbortedError("etag: member " + before.member_no() +
                                " changed since it was read; read it again and retry");
    }
    v1::Member after = before;
    if (req.has_name()) after.set_name(req.name());
    if (req.has_phone()) after.set_phone(req.phone());
    if (req.has_education()) after.set_education(req.education());
    if (req.has_ethnicity()) after.set_ethnicity(req.ethnicity());
    if (req.employment() != v1::EMPLOYMENT_UNSPECIFIED) after.set_employment(req.employment());
    if (req.has_group_code()) {
      if (req.group_code().empty()) {
        after.clear_group_id();
        after.clear_group_code();
      } else {
        auto gid = c.FindOrgByCode(req.group_code());
        const v1::Org* g = gid ? c.FindOrg(*gid) : nullptr;
        if (!g) return absl::NotFoundError("group_code: no org '" + req.group_code() + "'");
        if (g->type() != v1::GROUP || g->parent_id() != before.org_id() ||
            g->state() != v1::ORG_ACTIVE) {
          return absl::FailedPreconditionError("group_code: " + g->code() +
                                               " is not an active group of branch " +
                                               before.org_code());
        }
        after.set_group_id(g->id());
        after.set_group_code(g->code());
      }
    }
    after.set_etag(NextEtag(before.etag()));
    c.RecordMemberEvent("MemberUpdated", &before, after, FormatDate(effective), "");
    out = after;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Member> Registry::ConfirmMember(const CallMeta& call,
                                                   const v1::ConfirmMemberRequest& req) {
  const Date today = clock_->Today();
  ASSIGN_OR_RETURN(Date on, ParseDateFieldOr("confirmed_on", req.confirmed_on(), today));
  v1::Member out;
  RETURN_IF_ERROR(Mutate(call, "ConfirmMember", Fingerprint(req), false, &out, [&](Change& c) {
    ASSIGN_OR_RETURN(v1::Member before, ResolveMember(req.member(), "member"));
    RETURN_IF_ERROR(rules::CheckConfirm(before, on, today));
    v1::Member after = before;
    after.set_category(v1::FULL);
    after.set_confirmed_on(FormatDate(on));
    after.set_etag(NextEtag(before.etag()));
    c.RecordMemberEvent("MemberConfirmed", &before, after, FormatDate(on), "");
    out = after;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Member> Registry::ExtendProbation(const CallMeta& call,
                                                     const v1::ExtendProbationRequest& req) {
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldOr("effective_date", req.effective_date(), clock_->Today()));
  v1::Member out;
  RETURN_IF_ERROR(Mutate(call, "ExtendProbation", Fingerprint(req), false, &out, [&](Change& c) {
    ASSIGN_OR_RETURN(v1::Member before, ResolveMember(req.member(), "member"));
    RETURN_IF_ERROR(rules::CheckExtendProbation(before, req.months()));
    v1::Member after = before;
    after.set_probation_extension_months(req.months());
    after.set_etag(NextEtag(before.etag()));
    c.RecordMemberEvent("ProbationExtended", &before, after, FormatDate(effective), req.reason());
    out = after;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Member> Registry::CancelProbation(const CallMeta& call,
                                                     const v1::CancelProbationRequest& req) {
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldOr("effective_date", req.effective_date(), clock_->Today()));
  v1::Member out;
  RETURN_IF_ERROR(Mutate(call, "CancelProbation", Fingerprint(req), false, &out, [&](Change& c) {
    ASSIGN_OR_RETURN(v1::Member before, ResolveMember(req.member(), "member"));
    RETURN_IF_ERROR(rules::CheckCancelProbation(before));
    v1::Member after = before;
    after.set_status(v1::LEFT);
    after.set_status_reason(v1::PROBATION_CANCELLED);
    after.set_status_date(FormatDate(effective));
    after.set_etag(NextEtag(before.etag()));
    c.RecordMemberEvent("ProbationCancelled", &before, after, FormatDate(effective), req.reason());
    out = after;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Member> Registry::ChangeMemberStatus(const CallMeta& call,
                                                        const v1::ChangeMemberStatusRequest& req) {
  if (req.reason() == v1::STATUS_REASON_UNSPECIFIED || !v1::StatusReason_IsValid(req.reason())) {
    return absl::InvalidArgumentError("reason: required, one of " +
                                      EnumWordList<v1::StatusReason>());
  }
  const Date today = clock_->Today();
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  v1::Member out;
  RETURN_IF_ERROR(Mutate(call, "ChangeMemberStatus", Fingerprint(req), false, &out, [&](Change& c) {
    ASSIGN_OR_RETURN(v1::Member before, ResolveMember(req.member(), "member"));
    RETURN_IF_ERROR(rules::CheckStatusChange(before, req.reason(), effective));
    v1::Member after = before;
    after.set_status(rules::StatusForReason(req.reason()));
    after.set_status_reason(req.reason());
    after.set_status_date(FormatDate(effective));
    after.set_etag(NextEtag(before.etag()));
    c.RecordMemberEvent("MemberStatusChanged", &before, after, FormatDate(effective), req.note());
    out = after;
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace orgtree::registry
