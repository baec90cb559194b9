// Appointing and ending positions, listing an org's officeholders, and the party-worker flag.
// Elections: office_elections.cc.

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/officers/office_book.h"
#include "services/officers/office_write.h"
#include "services/officers/officer_queries.h"
#include "services/officers/position_follower.h"
#include "services/rules/member_rules.h"
#include "storage/key_codec.h"

namespace orgtree::officers {
namespace {

std::string Describe(const v1::Officer& o) {
  return EnumWord(o.position()) + " " + o.member_no() + " (" + o.member_name() + ", since " +
         o.start_date() + ")";
}

// The current position of `member_id` as `position` in the org, if any.
std::optional<v1::Officer> FindCurrent(const std::vector<v1::Officer>& current, uint64_t member_id,
                                       v1::Position position) {
  for (const v1::Officer& o : current) {
    if (o.member_id() == member_id && o.position() == position) return o;
  }
  return std::nullopt;
}

}  // namespace

OfficeBook::OfficeBook(registry::Registry* registry, OfficerOptions options)
    : registry_(registry), options_(options) {
  registry_->SetFollower("officers", [registry](registry::Change& c) {
    return EndPositionsLeftBehind(registry->reader(), c);
  });
}

absl::StatusOr<v1::Officer> OfficeBook::Appoint(const registry::CallMeta& call,
                                                const v1::AppointOfficerRequest& req) {
  const Date today = Today();
  ASSIGN_OR_RETURN(Date start, ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  v1::Officer out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "AppointOfficer", registry::Registry::RequestFingerprint(req), req.validate_only(),
      &out, [&](registry::Change& c) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Org org, ActiveOrg(c, req.org(), "org"));
        ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(req.member(), "member"));
        ASSIGN_OR_RETURN(v1::Officer officer, NewOfficer(c, org, m, req.position(), req.role(),
                                                         start, req.document(), ""));
        ASSIGN_OR_RETURN(std::vector<v1::Officer> current,
                         OrgOfficers(registry_->reader(), org.id(), false));
        if (auto held = FindCurrent(current, m.id(), req.position())) {
          return absl::AlreadyExistsError("org " + org.code() + " already has " + Describe(*held));
        }
        std::vector<v1::Officer> ended;
        if (req.position() == v1::POSITION_SECRETARY) {
          for (const v1::Officer& o : current) {
            if (o.position() != v1::POSITION_SECRETARY) continue;
            if (!req.replace_current()) {
              return absl::FailedPreconditionError(
                  "org " + org.code() + " already has a current " + Describe(o) +
                  "; one secretary per org: end that position first or set replace_current");
            }
            if (*ParseDate(o.start_date()) > start) {
              return absl::FailedPreconditionError(
                  "the current " + Describe(o) + " started after " + FormatDate(start) +
                  "; a replacement starts on or after the start of the position it ends");
            }
            ended.push_back(Ended(o, start, "replaced by " + m.member_no()));
          }
        }
        RecordOfficersEvent(c, "OfficerAppointed", org, FormatDate(start), req.document(), ended,
                            {officer});
        out = officer;
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<v1::Officer> OfficeBook::End(const registry::CallMeta& call,
                                            const v1::EndOfficerRequest& req) {
  const Date today = Today();
  ASSIGN_OR_RETURN(Date on, ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  if (req.position() == v1::POSITION_UNSPECIFIED || !v1::Position_IsValid(req.position())) {
    return absl::InvalidArgumentError("position: required, one of " + EnumWordList<v1::Position>());
  }
  v1::Officer out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "EndOfficer", registry::Registry::RequestFingerprint(req), false, &out,
      [&](registry::Change& c) -> absl::Status {
        ASSIGN_OR_RETURN(uint64_t org_id, registry_->FindOrgId(req.org(), "org"));
        const v1::Org org = *c.FindOrg(org_id);
        ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(req.member(), "member"));
        ASSIGN_OR_RETURN(std::vector<v1::Officer> current,
                         OrgOfficers(registry_->reader(), org.id(), false));
        auto held = FindCurrent(current, m.id(), req.position());
        if (!held) {
          return absl::NotFoundError("member " + m.member_no() + " holds no current " +
                                     EnumWord(req.position()) + " position in org " + org.code());
        }
        if (on < *ParseDate(held->start_date())) {
          return absl::InvalidArgumentError("effective_date: before the position's start (" +
                                            held->start_date() + ")");
        }
        out = Ended(*held, on, req.reason());
        RecordOfficersEvent(c, "OfficerEnded", org, FormatDate(on), req.reason(), {out}, {});
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<v1::ListOfficersResponse> OfficeBook::List(
    const v1::ListOfficersRequest& req) const {
  ASSIGN_OR_RETURN(uint64_t org_id, registry_->FindOrgId(req.org(), "org"));
  ASSIGN_OR_RETURN(std::vector<v1::Officer> officers,
                   OrgOfficers(registry_->reader(), org_id, req.include_ended()));
  v1::ListOfficersResponse out;
  *out.mutable_officers() = {officers.begin(), officers.end()};
  return out;
}

absl::StatusOr<v1::PartyWorker> OfficeBook::SetPartyWorker(const registry::CallMeta& call,
                                                           const v1::SetPartyWorkerRequest& req) {
  const Date today = Today();
  ASSIGN_OR_RETURN(Date on, ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  if (req.kind() == v1::PARTY_WORKER_KIND_UNSPECIFIED || !v1::PartyWorkerKind_IsValid(req.kind())) {
    return absl::InvalidArgumentError("kind: required, one of " +
                                      EnumWordList<v1::PartyWorkerKind>());
  }
  v1::PartyWorker out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "SetPartyWorker", registry::Registry::RequestFingerprint(req), false, &out,
      [&](registry::Change& c) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(req.member(), "member"));
        if (!rules::IsCurrent(m.status())) {
          return absl::FailedPreconditionError("member " + m.member_no() + " is " +
                                               EnumWord(m.status()) +
                                               "; only a current member is a party worker");
        }
        ASSIGN_OR_RETURN(auto before, PartyWorkerOf(registry_->reader(), m.id()));
        out.set_member_id(m.id());
        out.set_member_no(m.member_no());
        out.set_member_name(m.name());
        out.set_kind(req.kind());
        out.set_effective_date(FormatDate(on));
        v1::Event e;
        e.set_type("PartyWorkerSet");
        e.set_entity_type(v1::ENTITY_MEMBER);
        e.set_entity_id(m.id());
        e.set_entity_key(m.member_no());
        e.set_effective_date(FormatDate(on));
        if (before) *e.mutable_party_worker()->mutable_before() = *before;
        *e.mutable_party_worker()->mutable_after() = out;
        c.RecordEvent(std::move(e), [](const v1::Event& ev, storage::RecordBatch& batch) {
          const v1::PartyWorker& after = ev.party_worker().after();
          batch.Put(storage::Cf::kPartyWorkers, storage::IdKey(after.member_id()), after);
        });
        return absl::OkStatus();
      }));
  return out;
}

namespace {

// The flag as read: the member named, the kind (NONE when never set) and where the member is.
v1::PartyWorker WorkerView(const v1::Member& m, std::optional<v1::PartyWorker> stored) {
  v1::PartyWorker out = stored.value_or(v1::PartyWorker());
  out.set_member_id(m.id());
  out.set_member_no(m.member_no());
  out.set_member_name(m.name());
  if (!stored) out.set_kind(v1::PARTY_WORKER_NONE);
  out.set_org_code(m.org_code());
  return out;
}

}  // namespace

absl::StatusOr<v1::PartyWorker> OfficeBook::GetPartyWorker(
    const v1::GetPartyWorkerRequest& req) const {
  ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(req.member(), "member"));
  ASSIGN_OR_RETURN(auto stored, PartyWorkerOf(registry_->reader(), m.id()));
  return WorkerView(m, std::move(stored));
}

absl::StatusOr<v1::ListPartyWorkersResponse> OfficeBook::ListPartyWorkers(
    const v1::ListPartyWorkersRequest& req) const {
  std::optional<uint64_t> root;
  if (req.has_org()) {
    ASSIGN_OR_RETURN(root, registry_->FindOrgId(req.org(), "org"));
  }
  ASSIGN_OR_RETURN(auto workers, CurrentPartyWorkers(registry_->reader()));
  std::vector<uint64_t> ids;
  ids.reserve(workers.size());
  for (const auto& [member_id, worker] : workers) ids.push_back(member_id);
  ASSIGN_OR_RETURN(auto members, registry_->reader().GetMembers(ids));  // one MultiGet
  std::vector<v1::PartyWorker> out;
  registry_->ReadTree([&](const registry::OrgTree& tree) {
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::optional<v1::Member>& m = members[i];
      if (!m || !rules::IsCurrent(m->status())) continue;
      const uint64_t placement = m->group_id() ? m->group_id() : m->org_id();
      if (root && !tree.IsInSubtree(placement, *root)) continue;
      out.push_back(WorkerView(*m, workers[ids[i]]));
    }
  });
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.member_no() < b.member_no(); });
  v1::ListPartyWorkersResponse response;
  *response.mutable_workers() = {out.begin(), out.end()};
  return response;
}

}  // namespace orgtree::officers
