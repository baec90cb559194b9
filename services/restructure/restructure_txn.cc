#include "services/restructure/restructure_txn.h"

#include <algorithm>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/officers/position_follower.h"
#include "services/registry/counters.h"
#include "services/registry/record_helpers.h"
#include "services/reports/office_facts.h"
#include "services/reports/report_rules.h"
#include "services/rules/member_rules.h"
#include "services/rules/org_rules.h"

namespace orgtree::restructure {

using registry::NextEtag;

absl::StatusOr<v1::Org> RestructureTxn::ActiveOrg(const v1::OrgRef& ref, std::string_view field) {
  ASSIGN_OR_RETURN(uint64_t id, change_.ResolveOrg(ref, field));
  const v1::Org* org = change_.FindOrg(id);
  if (org->state() != v1::ORG_ACTIVE) {
    return absl::FailedPreconditionError(std::string(field) + ": org " + org->code() +
                                         " is dissolved");
  }
  return *org;
}

absl::StatusOr<std::vector<v1::Member>> RestructureTxn::CurrentMembers(uint64_t branch_id) {
  std::vector<uint64_t> places = {branch_id};
  for (const v1::Org* child : change_.ActiveChildren(branch_id)) {
    if (child->type() == v1::GROUP) places.push_back(child->id());
  }
  std::vector<v1::Member> out;
  for (uint64_t place : places) {
    RETURN_IF_ERROR(registry_->reader().ScanPlacement(place, 0, [&](v1::Member&& m) {
      if (rules::IsCurrent(m.status())) out.push_back(std::move(m));
      return true;
    }));
  }
  return out;
}

void RestructureTxn::Snapshot(uint64_t org_id) {
  for (uint64_t id : change_.PathTo(org_id)) {
    if (counters_before_.count(id)) continue;
    counters_before_[id] = change_.CountersOf(id);
    if (const v1::Org* o = change_.FindOrg(id)) orgs_before_[id] = *o;
    touched_.push_back(id);
  }
}

absl::Status RestructureTxn::CheckNotInTransit(const v1::Member& m) {
  return rules::CheckNotInTransit(m, "restructure");
}

absl::Status RestructureTxn::MoveMember(const v1::Member& before, const v1::Org& branch,
                                        const v1::Org* group) {
  if (branch.type() != v1::BRANCH) {
    return absl::FailedPreconditionError("org " + branch.code() + " is a " +
                                         EnumWord(branch.type()) +
                                         "; members belong to a branch (optionally a group in it)");
  }
  RETURN_IF_ERROR(CheckNotInTransit(before));
  v1::Member after = before;
  after.set_org_id(branch.id());
  after.set_org_code(branch.code());
  after.set_group_id(group ? group->id() : 0);
  after.set_group_code(group ? group->code() : "");
  if (after.SerializeAsString() == before.SerializeAsString()) return absl::OkStatus();
  Snapshot(before.group_id() ? before.group_id() : before.org_id());
  Snapshot(group ? group->id() : branch.id());
  after.set_etag(NextEtag(before.etag()));
  change_.RecordMemberEvent("MemberMoved", &before, after, FormatDate(effective_), reason_);
  if (before.org_id() != after.org_id()) {
    v1::MemberMove* move = &member_moves_.emplace_back();
    move->set_member_no(after.member_no());
    move->set_name(after.name());
    move->set_from_org_code(before.org_code());
    move->set_to_org_code(after.org_code());
  }
  return absl::OkStatus();
}

absl::Status RestructureTxn::MoveOrg(uint64_t org_id, const v1::Org& parent,
                                     bool allow_in_transit) {
  const v1::Org before = *change_.FindOrg(org_id);
  if (before.parent_id() == parent.id()) return absl::OkStatus();
  for (uint64_t a : change_.PathTo(parent.id())) {
    if (a == org_id) {
      return absl::FailedPreconditionError(parent.code() + " lies inside " + before.code() +
                                           "'s subtree; moving it there would make a cycle");
    }
  }
  RETURN_IF_ERROR(rules::CheckParent(before, &parent));
  const v1::Counters subtree = change_.CountersOf(org_id);
  if (subtree.in_transit() > 0 && !allow_in_transit) {
    return absl::FailedPreconditionError(std::to_string(subtree.in_transit()) +
                                         " member(s) under " + before.code() +
                                         " are in transit; finish their transfers first");
  }
  Snapshot(before.parent_id() ? before.parent_id() : org_id);
  Snapshot(parent.id());
  v1::Org after = before;
  after.set_parent_id(parent.id());
  after.set_parent_code(parent.code());
  after.set_etag(NextEtag(before.etag()));
  change_.RecordOrgEvent("OrgMoved", &before, after, FormatDate(effective_), reason_);
  v1::OrgChange* c = &org_changes_.emplace_back();
  c->set_org_code(after.code());
  c->set_org_name(after.name());
  c->set_change("moved");
  c->set_from(before.parent_code());
  c->set_to(after.parent_code());
  if (before.type() == v1::GROUP) {
    // The group's members (every status: history keeps the invariant too) change branch.
    std::vector<v1::Member> members;
    RETURN_IF_ERROR(registry_->reader().ScanPlacement(org_id, 0, [&](v1::Member&& m) {
      members.push_back(std::move(m));
      return true;
    }));
    for (const v1::Member& m : members) {
      RETURN_IF_ERROR(MoveMember(m, parent, &after));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Org> RestructureTxn::CreateOrg(v1::Org org, const v1::Org* parent) {
  RETURN_IF_ERROR(rules::ValidateNewOrgFields(org));
  if (auto existing = change_.FindOrgByCode(org.code())) {
    return absl::AlreadyExistsError("new_code: org code '" + org.code() + "' is already used by " +
                                    change_.FindOrg(*existing)->name());
  }
  RETURN_IF_ERROR(rules::CheckParent(org, parent));
  org.set_id(change_.NextOrgId());
  org.set_state(v1::ORG_ACTIVE);
  org.set_established_on(FormatDate(effective_));
  org.set_etag("1");
  if (parent) {
    org.set_parent_id(parent->id());
    org.set_parent_code(parent->code());
    Snapshot(parent->id());
  }
  change_.RecordOrgEvent("OrgCreated", nullptr, org, FormatDate(effective_), reason_);
  Snapshot(org.id());
  counters_before_[org.id()] = v1::Counters();
  registry::EnsureCounterSize(&counters_before_[org.id()]);
  v1::OrgChange* c = &org_changes_.emplace_back();
  c->set_org_code(org.code());
  c->set_org_name(org.name());
  c->set_change("created");
  c->set_to(org.parent_code());
  return org;
}

absl::Status RestructureTxn::ConvertOrg(uint64_t org_id, v1::OrgType new_type) {
  const v1::Org before = *change_.FindOrg(org_id);
  if (before.type() == new_type) {
    return absl::FailedPreconditionError("new_type: org " + before.code() + " is already a " +
                                         EnumWord(new_type));
  }
  v1::Org after = before;
  after.set_type(new_type);
  if (new_type != v1::BRANCH) after.set_units(0);
  RETURN_IF_ERROR(rules::CheckParent(after, change_.FindOrg(before.parent_id())));
  for (const v1::Org* child : change_.ActiveChildren(org_id)) {
    absl::Status s = rules::CheckParent(*child, &after);
    if (!s.ok()) {
      return absl::FailedPreconditionError("new_type: child " + child->code() +
                                           " cannot stay: " + std::string(s.message()));
    }
  }
  if (before.type() == v1::BRANCH) {
    const int64_t members = registry::CurrentMembers(change_.CountersOf(org_id));
    if (members > 0) {
      return absl::FailedPreconditionError(
          "new_type: branch " + before.code() + " has " + std::to_string(members) +
          " current member(s), and only a branch holds members; split or move them first");
    }
  }
  Snapshot(org_id);
  after.set_etag(NextEtag(before.etag()));
  change_.RecordOrgEvent("OrgConverted", &before, after, FormatDate(effective_), reason_);
  v1::OrgChange* c = &org_changes_.emplace_back();
  c->set_org_code(after.code());
  c->set_org_name(after.name());
  c->set_change("converted");
  c->set_from(EnumWord(before.type()));
  c->set_to(EnumWord(after.type()));
  return absl::OkStatus();
}

absl::Status RestructureTxn::DissolveOrg(uint64_t org_id) {
  const v1::Org before = *change_.FindOrg(org_id);
  auto children = change_.ActiveChildren(org_id);
  if (!children.empty()) {
    return absl::FailedPreconditionError("org " + before.code() + " still has " +
                                         std::to_string(children.size()) +
                                         " active child org(s); reassign them");
  }
  const int64_t current = registry::CurrentMembers(change_.CountersOf(org_id));
  if (current > 0) {
    return absl::FailedPreconditionError("org " + before.code() + " still has " +
                                         std::to_string(current) +
                                         " current member(s); reassign them");
  }
  Snapshot(org_id);
  v1::Org after = before;
  after.set_state(v1::ORG_DISSOLVED);
  after.set_dissolved_on(FormatDate(effective_));
  after.set_etag(NextEtag(before.etag()));
  change_.RecordOrgEvent("OrgDissolved", &before, after, FormatDate(effective_), reason_);
  v1::OrgChange* c = &org_changes_.emplace_back();
  c->set_org_code(after.code());
  c->set_org_name(after.name());
  c->set_change("dissolved");
  return absl::OkStatus();
}

absl::Status RestructureTxn::FinishPlan(v1::RestructurePlan* plan) {
  *plan->mutable_orgs() = {org_changes_.begin(), org_changes_.end()};
  *plan->mutable_members() = {member_moves_.begin(), member_moves_.end()};
  plan->set_members_moved(static_cast<int64_t>(member_moves_.size()));
  const Date today = registry_->clock().Today();
  // The rules of the reports (one definition of the thresholds), keyed by rule word.
  auto keyed = [&](const v1::Org& org, const v1::Counters& counters,
                   const reports::OfficeFacts& office) {
    reports::OrgFigures figures;
    figures.current_members = registry::CurrentMembers(counters);
    figures.full = registry::FullMembers(counters);
    std::map<std::string, std::string> out;
    for (const v1::RuleViolation& v : reports::CheckAllRules(org, figures, office, today)) {
      out[EnumWord(v.rule())] = std::to_string(v.figure()) + ", expected " + v.expected();
    }
    return out;
  };
  // After the change, a post the officers' follower ends in the same commit no longer counts.
  auto stays = [&](const v1::Officer& o) { return !officers::PositionEnds(change_, o); };
  for (uint64_t id : touched_) {
    const v1::Org& now = *change_.FindOrg(id);
    const v1::Counters after = change_.CountersOf(id);
    const v1::Counters& before = counters_before_[id];
    v1::CounterChange* cc = plan->add_counter_changes();
    cc->set_org_code(now.code());
    cc->set_members_before(registry::CurrentMembers(before));
    cc->set_members_after(registry::CurrentMembers(after));
    cc->set_orgs_before(registry::ActiveOrgs(before));
    cc->set_orgs_after(registry::ActiveOrgs(after));
    // An org created in this change had no warnings before it (its "before" counters are empty).
    ASSIGN_OR_RETURN(reports::OfficeRecords office,
                     reports::ReadOfficeRecords(registry_->reader(), id));
    const reports::OfficeFacts office_before = reports::FactsOf(office);
    const reports::OfficeFacts office_after = reports::FactsOf(office, stays);
    auto was = registry::ActiveOrgs(before) > 0 ? keyed(orgs_before_[id], before, office_before)
                                                : std::map<std::string, std::string>();
    auto is = keyed(now, after, office_after);
    auto add_missing = [&](const auto& from, const auto& other, auto* list) {
      for (const auto& [rule, detail] : from) {
        if (other.count(rule)) continue;
        v1::RuleWarning* r = list->Add();
        r->set_org_code(now.code());
        r->set_rule(rule);
        r->set_detail(detail);
      }
    };
    add_missing(is, was, plan->mutable_warnings_created());
    add_missing(was, is, plan->mutable_warnings_cleared());
  }
  return absl::OkStatus();
}

}  // namespace orgtree::restructure
