// Elections (换届): recording one (the elected replace the previous term's positions in the same
// write), listing an org's elections, and the overdue-election report.

#include <set>
#include <utility>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/officers/office_book.h"
#include "services/officers/office_write.h"
#include "services/officers/officer_queries.h"
#include "services/rules/term_limits.h"

namespace orgtree::officers {
namespace {

absl::StatusOr<int> TermYearsFor(int requested, const v1::Org& org, const TermYears& terms) {
  if (requested == 0) return DefaultTermYears(org.type(), terms);
  if (requested < 0 || requested > rules::kMaxTermYears) {
    return absl::InvalidArgumentError("term_years: must be 1–" +
                                      std::to_string(rules::kMaxTermYears) +
                                      " (0 = the default for the org's type)");
  }
  return requested;
}

// The elected as new positions from `on`: each checked like an appointment, nobody listed twice
// for the same position, at most one secretary.
absl::StatusOr<std::vector<v1::Officer>> ElectedOfficers(const registry::Registry& registry,
                                                         const registry::Change& c,
                                                         const v1::Org& org,
                                                         const v1::RecordElectionRequest& req,
                                                         Date on) {
  if (req.elected().empty()) {
    return absl::InvalidArgumentError("elected: at least one officeholder is required");
  }
  std::vector<v1::Officer> out;
  std::set<std::pair<uint64_t, int>> seen;
  int secretaries = 0;
  for (int i = 0; i < req.elected_size(); ++i) {
    const v1::ElectedOfficer& e = req.elected(i);
    const std::string field = "elected[" + std::to_string(i) + "]";
    ASSIGN_OR_RETURN(v1::Member m, registry.FindMember(e.member(), field + ".member"));
    ASSIGN_OR_RETURN(v1::Officer o,
                     NewOfficer(c, org, m, e.position(), e.role(), on, req.document(), field));
    if (!seen.emplace(m.id(), e.position()).second) {
      return absl::InvalidArgumentError(field + ": member " + m.member_no() +
                                        " is listed twice as " + EnumWord(e.position()));
    }
    if (e.position() == v1::POSITION_SECRETARY && ++secretaries > 1) {
      return absl::FailedPreconditionError(field + ": a second secretary; one secretary per org");
    }
    o.set_elected_on(FormatDate(on));
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::Election> OfficeBook::RecordElection(const registry::CallMeta& call,
                                                        const v1::RecordElectionRequest& req) {
  const Date today = Today();
  ASSIGN_OR_RETURN(Date on, ParseDateFieldUpTo("election_date", req.election_date(), today));
  v1::Election out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "RecordElection", registry::Registry::RequestFingerprint(req), req.validate_only(),
      &out, [&](registry::Change& c) -> absl::Status {
        ASSIGN_OR_RETURN(v1::Org org, ActiveOrg(c, req.org(), "org"));
        if (!HoldsElections(org.type())) {
          return absl::FailedPreconditionError(
              EnumWord(org.type()) + " " + org.code() +
              " holds no elections: committees, general branches and branches elect their "
              "officeholders; a group's leader is appointed");
        }
        ASSIGN_OR_RETURN(int years, TermYearsFor(req.term_years(), org, options_.terms));
        ASSIGN_OR_RETURN(auto last, LastElection(registry_->reader(), org.id()));
        if (last && *ParseDate(last->election_date()) >= on) {
          return absl::FailedPreconditionError(
              "org " + org.code() + " has an election recorded on " + last->election_date() +
              "; elections are recorded in date order, each after the previous one");
        }
        ASSIGN_OR_RETURN(std::vector<v1::Officer> elected,
                         ElectedOfficers(*registry_, c, org, req, on));
        ASSIGN_OR_RETURN(std::vector<v1::Officer> current,
                         OrgOfficers(registry_->reader(), org.id(), false));
        std::vector<v1::Officer> ended;
        for (const v1::Officer& o : current) {
          if (*ParseDate(o.start_date()) >= on) {
            return absl::FailedPreconditionError(
                EnumWord(o.position()) + " " + o.member_no() + " of org " + org.code() +
                " started on " + o.start_date() +
                ", not before the election; the election ends the previous term's positions");
          }
          ended.push_back(Ended(o, on, "term ended by the election on " + FormatDate(on)));
        }
        out.set_org_id(org.id());
        out.set_org_code(org.code());
        out.set_org_name(org.name());
        out.set_election_date(FormatDate(on));
        out.set_term_years(years);
        out.set_term_ends_on(FormatDate(TermEnd(on, years)));
        out.set_document(req.document());
        *out.mutable_elected() = {elected.begin(), elected.end()};
        RecordOfficersEvent(c, "ElectionRecorded", org, FormatDate(on), req.document(), ended,
                            elected, &out);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<v1::ListElectionsResponse> OfficeBook::ListElections(
    const v1::ListElectionsRequest& req) const {
  ASSIGN_OR_RETURN(uint64_t org_id, registry_->FindOrgId(req.org(), "org"));
  ASSIGN_OR_RETURN(std::vector<v1::Election> all, OrgElections(registry_->reader(), org_id));
  v1::ListElectionsResponse out;
  for (auto it = all.rbegin(); it != all.rend(); ++it) *out.add_elections() = std::move(*it);
  return out;
}

absl::StatusOr<v1::ListOverdueElectionsResponse> OfficeBook::ListOverdue(
    const v1::ListOverdueElectionsRequest& req) const {
  if (req.within_days() < 0) {
    return absl::InvalidArgumentError("within_days: must not be negative");
  }
  std::vector<uint64_t> roots;
  if (req.org().ref_case() != v1::OrgRef::REF_NOT_SET) {
    ASSIGN_OR_RETURN(uint64_t root, registry_->FindOrgId(req.org(), "org"));
    roots.push_back(root);
  }
  // The subtree's active electing orgs, in depth-first order, copied out of the tree's lock.
  std::vector<v1::Org> orgs = registry_->ReadTree([&](const registry::OrgTree& tree) {
    std::vector<v1::Org> found;
    for (uint64_t root : roots.empty() ? tree.Roots() : roots) {
      for (const auto& [id, depth] : tree.SubtreeDfs(root, false)) {
        const v1::Org& o = tree.Find(id)->org;
        if (o.state() == v1::ORG_ACTIVE && HoldsElections(o.type())) found.push_back(o);
      }
    }
    return found;
  });
  const Date today = Today();
  v1::ListOverdueElectionsResponse out;
  out.set_as_of(FormatDate(today));
  for (const v1::Org& org : orgs) {
    ASSIGN_OR_RETURN(auto last, LastElection(registry_->reader(), org.id()));
    v1::OverdueElection item;
    if (last) {
      auto standing = StandingOn(*ParseDate(last->term_ends_on()), today, req.within_days());
      if (!standing) continue;
      item.set_due(standing->due);
      item.set_days_overdue(standing->days_overdue);
      item.set_last_election_date(last->election_date());
      item.set_term_ends_on(last->term_ends_on());
    } else {
      item.set_due(v1::ELECTION_NOT_RECORDED);
    }
    item.set_org_id(org.id());
    item.set_org_code(org.code());
    item.set_org_name(org.name());
    item.set_org_type(org.type());
    *out.add_items() = std::move(item);
  }
  return out;
}

}  // namespace orgtree::officers
