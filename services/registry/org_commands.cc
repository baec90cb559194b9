// Org mutations: create, update, move (隶属关系调整) and dissolve (撤销).

#include <algorithm>

#include "services/common/date.h"
#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/registry/counters.h"
#include "services/registry/record_helpers.h"
#include "services/registry/registry.h"
#include "services/rules/member_rules.h"
#include "services/rules/org_rules.h"

namespace orgtree::registry {
namespace {

absl::Status CheckEtag(const std::string& given, const v1::Org& org) {
  if (given.empty()) return absl::InvalidArgumentError("etag: required (read the org first)");
  if (given != org.etag()) {
    return absl::AbortedError("etag: org " + org.code() + " changed since it was read (etag " +
                              given + ", now " + org.etag() + "); read it again and retry");
  }
  return absl::OkStatus();
}

absl::Status CheckActive(const v1::Org& org, std::string_view what) {
  if (org.state() == v1::ORG_DISSOLVED) {
    return absl::FailedPreconditionError(std::string(what) + ": org " + org.code() +
                                         " is dissolved");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Org> Registry::CreateOrg(const CallMeta& call, const v1::CreateOrgRequest& req) {
  v1::Org org;
  org.set_code(req.code());
  org.set_name(req.name());
  org.set_type(req.type());
  org.set_units(req.units());
  *org.mutable_labels() = req.labels();
  RETURN_IF_ERROR(rules::ValidateNewOrgFields(org));
  ASSIGN_OR_RETURN(Date established,
                   ParseDateFieldUpTo("established_on", req.established_on(), clock_->Today()));
  org.set_established_on(FormatDate(established));

  v1::Org out;
  RETURN_IF_ERROR(Mutate(call, "CreateOrg", Fingerprint(req), false, &out, [&](Change& c) {
    if (auto existing = c.FindOrgByCode(org.code())) {
      const v1::Org* e = c.FindOrg(*existing);
      return absl::AlreadyExistsError("code: org code '" + org.code() + "' is already used by " +
                                      e->name() +
                                      (e->state() == v1::ORG_DISSOLVED ? " (dissolved)" : ""));
    }
    const v1::Org* parent = nullptr;
    if (req.has_parent()) {
      ASSIGN_OR_RETURN(uint64_t parent_id, c.ResolveOrg(req.parent(), "parent"));
      parent = c.FindOrg(parent_id);
    }
    RETURN_IF_ERROR(rules::CheckParent(org, parent));
    v1::Org created = org;
    created.set_id(c.NextOrgId());
    created.set_state(v1::ORG_ACTIVE);
    created.set_etag("1");
    if (parent) {
      created.set_parent_id(parent->id());
      created.set_parent_code(parent->code());
    }
    c.RecordOrgEvent("OrgCreated", nullptr, created, created.established_on(), "");
    out = created;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::Org> Registry::UpdateOrg(const CallMeta& call, const v1::UpdateOrgRequest& req) {
  if (req.has_name() && (req.name().empty() || req.name().size() > 200)) {
    return absl::InvalidArgumentError("name: must be 1–200 bytes");
  }
  if (req.has_units() && req.units() < 0) {
    return absl::InvalidArgumentError("units: must not be negative");
  }
  for (const auto& label : req.labels()) {
    if (label.empty()) return absl::InvalidArgumentError("labels: empty label");
  }
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldOr("effective_date", req.effective_date(), clock_->Today()));
  v1::Org out;
  RETURN_IF_ERROR(Mutate(call, "UpdateOrg", Fingerprint(req), false, &out, [&](Change& c) {
    ASSIGN_OR_RETURN(uint64_t id, c.ResolveOrg(req.org(), "org"));
    const v1::Org before = *c.FindOrg(id);
    RETURN_IF_ERROR(CheckEtag(req.etag(), before));
    RETURN_IF_ERROR(CheckActive(before, "org"));
    v1::Org after = before;
    if (req.has_name()) after.set_name(req.name());
    if (req.replace_labels()) *after.mutable_labels() = req.labels();
    if (req.has_units()) {
      if (req.units() > 0 && after.type() != v1::BRANCH) {
        return absl::InvalidArgumentError("units: only a joint branch spans units");
      }
      after.set_units(req.units());
    }
    after.set_etag(NextEtag(before.etag()));
    c.RecordOrgEvent("OrgUpdated", &before, after, FormatDate(effective), "");
    out = after;
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::MoveOrgResponse> Registry::MoveOrg(const CallMeta& call,
                                                      const v1::MoveOrgRequest& req) {
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldOr("effective_date", req.effective_date(), clock_->Today()));
  v1::MoveOrgResponse out;
  RETURN_IF_ERROR(
      Mutate(call, "MoveOrg", Fingerprint(req), req.validate_only(), &out, [&](Change& c) {
        ASSIGN_OR_RETURN(uint64_t id, c.ResolveOrg(req.org(), "org"));
        ASSIGN_OR_RETURN(uint64_t parent_id, c.ResolveOrg(req.new_parent(), "new_parent"));
        const v1::Org before = *c.FindOrg(id);
        const v1::Org& parent = *c.FindOrg(parent_id);
        RETURN_IF_ERROR(CheckActive(before, "org"));
        if (before.parent_id() == parent_id) {
          return absl::FailedPreconditionError("new_parent: org " + before.code() +
                                               " is already under " + parent.code());
        }
        for (uint64_t a : c.PathTo(parent_id)) {
          if (a == id) {
            return absl::FailedPreconditionError("new_parent: " + parent.code() + " lies inside " +
                                                 before.code() +
                                                 "'s subtree; moving it there would make a cycle");
          }
        }
        RETURN_IF_ERROR(rules::CheckParent(before, &parent));
        const v1::Counters subtree = c.CountersOf(id);
        if (before.type() == v1::GROUP && AllMembers(subtree) > 0) {
          return absl::FailedPreconditionError(
              "org: group " + before.code() +
              " has members, whose branch would change; move the members first");
        }
        if (subtree.in_transit() > 0 && !req.move_members_in_transit()) {
          return absl::FailedPreconditionError(
              "org: " + std::to_string(subtree.in_transit()) + " member(s) under " + before.code() +
              " are in transit; finish their transfers or set move_members_in_transit");
        }

        // The impact: every ancestor on either side, before and after.
        std::vector<uint64_t> affected = c.PathTo(before.parent_id());
        for (uint64_t a : c.PathTo(parent_id)) {
          if (std::find(affected.begin(), affected.end(), a) == affected.end())
            affected.push_back(a);
        }
        std::vector<v1::Counters> before_counts;
        for (uint64_t a : affected) before_counts.push_back(c.CountersOf(a));

        v1::Org after = before;
        after.set_parent_id(parent_id);
        after.set_parent_code(parent.code());
        after.set_etag(NextEtag(before.etag()));
        c.RecordOrgEvent("OrgMoved", &before, after, FormatDate(effective), req.reason());

        out.set_orgs_moved(ActiveOrgs(subtree));
        out.set_members_moved(CurrentMembers(subtree));
        for (size_t i = 0; i < affected.size(); ++i) {
          v1::Counters now = c.CountersOf(affected[i]);
          auto* change = out.add_counter_changes();
          change->set_org_code(c.FindOrg(affected[i])->code());
          change->set_members_before(CurrentMembers(before_counts[i]));
          change->set_members_after(CurrentMembers(now));
          change->set_orgs_before(ActiveOrgs(before_counts[i]));
          change->set_orgs_after(ActiveOrgs(now));
        }
        *out.mutable_org() = req.validate_only() ? before : after;
        out.set_applied(!req.validate_only());
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<v1::Org> Registry::DissolveOrg(const CallMeta& call,
                                              const v1::DissolveOrgRequest& req) {
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldOr("effective_date", req.effective_date(), clock_->Today()));
  v1::Org out;
  RETURN_IF_ERROR(Mutate(call, "DissolveOrg", Fingerprint(req), false, &out, [&](Change& c) {
    ASSIGN_OR_RETURN(uint64_t id, c.ResolveOrg(req.org(), "org"));
    const v1::Org before = *c.FindOrg(id);
    RETURN_IF_ERROR(CheckActive(before, "org"));
    auto children = c.ActiveChildren(id);
    if (!children.empty()) {
      std::string names;
      for (size_t i = 0; i < children.size() && i < 10; ++i) {
        names += (i ? ", " : "") + children[i]->code();
      }
      if (children.size() > 10) names += ", …";
      return absl::FailedPreconditionError(
          "org " + before.code() + " still has " + std::to_string(children.size()) +
          " active child org(s): " + names + "; move or dissolve them first");
    }
    const int64_t current = CurrentMembers(c.CountersOf(id));
    if (current > 0) {
      std::string names;
      int listed = 0;
      RETURN_IF_ERROR(reader_.ScanPlacement(id, 0, [&](v1::Member&& m) {
        if (!rules::IsCurrent(m.status())) return true;
        names += (listed ? ", " : "") + m.member_no();
        return ++listed < 10;
      }));
      if (current > listed) names += ", …";
      return absl::FailedPreconditionError(
          "org " + before.code() + " still has " + std::to_string(current) +
          " current member(s): " + names + "; transfer them first");
    }
    v1::Org after = before;
    after.set_state(v1::ORG_DISSOLVED);
    after.set_dissolved_on(FormatDate(effective));
    after.set_etag(NextEtag(before.etag()));
    c.RecordOrgEvent("OrgDissolved", &before, after, FormatDate(effective), req.reason());
    out = after;
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace orgtree::registry
