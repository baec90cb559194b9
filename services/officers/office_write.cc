#include "services/officers/office_write.h"

#include <algorithm>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/officers/officer_rules.h"
#include "services/rules/member_rules.h"
#include "storage/key_codec.h"

namespace orgtree::officers {
namespace {

constexpr size_t kMaxTextBytes = 200;  // role and document: a line of text, not a file

absl::Status CheckText(std::string_view field, std::string_view text) {
  if (text.size() > kMaxTextBytes) {
    return absl::InvalidArgumentError(std::string(field) + ": longer than " +
                                      std::to_string(kMaxTextBytes) + " bytes");
  }
  return absl::OkStatus();
}

std::string OfficerKeyOf(const v1::Officer& o) {
  return storage::OfficerKey(o.org_id(), static_cast<uint32_t>(o.position()),
                             DayNumber(*ParseDate(o.start_date())), o.member_id());
}

std::string IndexKeyOf(const v1::Officer& o) {
  return storage::OfficerByMemberKey(o.member_id(), o.org_id(), static_cast<uint32_t>(o.position()),
                                     DayNumber(*ParseDate(o.start_date())));
}

}  // namespace

bool MayHold(const registry::Change& c, const v1::Member& m, uint64_t org_id) {
  if (!rules::IsCurrent(m.status())) return false;
  const std::vector<uint64_t> path = c.PathTo(m.group_id() ? m.group_id() : m.org_id());
  return std::find(path.begin(), path.end(), org_id) != path.end();
}

absl::StatusOr<v1::Org> ActiveOrg(const registry::Change& c, const v1::OrgRef& ref,
                                  std::string_view field) {
  ASSIGN_OR_RETURN(uint64_t id, c.ResolveOrg(ref, field));
  const v1::Org* org = c.FindOrg(id);
  if (org->state() != v1::ORG_ACTIVE) {
    return absl::FailedPreconditionError("org " + org->code() + " is " + EnumWord(org->state()) +
                                         "; a dissolved org has no officeholders or elections");
  }
  return *org;
}

absl::StatusOr<v1::Officer> NewOfficer(const registry::Change& c, const v1::Org& org,
                                       const v1::Member& member, v1::Position position,
                                       std::string_view role, Date start, std::string_view document,
                                       std::string_view field) {
  const std::string prefix = field.empty() ? "" : std::string(field) + ".";
  RETURN_IF_ERROR(CheckPositionFits(position, org, prefix + "position"));
  RETURN_IF_ERROR(CheckText(prefix + "role", role));
  RETURN_IF_ERROR(CheckText("document", document));
  if (!MayHold(c, member, org.id())) {
    const bool subtree = org.type() == v1::COMMITTEE || org.type() == v1::GENERAL_BRANCH;
    return absl::FailedPreconditionError(
        "member " + member.member_no() + " is not a current member of " + EnumWord(org.type()) +
        " " + org.code() + (subtree ? "'s subtree" : "") + " (" + EnumWord(member.status()) +
        "); officeholder rule: a " + EnumWord(position) + " must be a current member of the " +
        (subtree ? "org's subtree" : "org"));
  }
  v1::Officer o;
  o.set_org_id(org.id());
  o.set_org_code(org.code());
  o.set_org_name(org.name());
  o.set_member_id(member.id());
  o.set_member_no(member.member_no());
  o.set_member_name(member.name());
  o.set_position(position);
  o.set_role(std::string(role));
  o.set_start_date(FormatDate(start));
  o.set_document(std::string(document));
  return o;
}

v1::Officer Ended(v1::Officer officer, Date on, std::string reason) {
  officer.set_end_date(FormatDate(on));
  officer.set_end_reason(std::move(reason));
  return officer;
}

void RecordOfficersEvent(registry::Change& c, std::string type, const v1::Org& org,
                         std::string effective_date, std::string reason,
                         const std::vector<v1::Officer>& ended,
                         const std::vector<v1::Officer>& appointed, const v1::Election* election) {
  v1::Event e;
  e.set_type(std::move(type));
  e.set_entity_type(v1::ENTITY_ORG);
  e.set_entity_id(org.id());
  e.set_entity_key(org.code());
  e.set_effective_date(std::move(effective_date));
  e.set_reason(std::move(reason));
  *e.mutable_officers()->mutable_ended() = {ended.begin(), ended.end()};
  *e.mutable_officers()->mutable_appointed() = {appointed.begin(), appointed.end()};
  if (election) *e.mutable_election() = *election;
  c.RecordEvent(std::move(e), [](const v1::Event& ev, storage::RecordBatch& batch) {
    // Ended first: should an appointment ever reuse an ended position's key, the appointment wins.
    for (const v1::Officer& o : ev.officers().ended()) {
      batch.Put(storage::Cf::kOfficers, OfficerKeyOf(o), o);
      batch.Delete(storage::Cf::kOfficersByMember, IndexKeyOf(o));
    }
    for (const v1::Officer& o : ev.officers().appointed()) {
      batch.Put(storage::Cf::kOfficers, OfficerKeyOf(o), o);
      batch.PutRaw(storage::Cf::kOfficersByMember, IndexKeyOf(o), "");
    }
    if (ev.has_election()) {
      const v1::Election& el = ev.election();
      batch.Put(storage::Cf::kElections,
                storage::OrgDayKey(el.org_id(), DayNumber(*ParseDate(el.election_date()))), el);
    }
  });
}

}  // namespace orgtree::officers
