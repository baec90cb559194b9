#include "services/restructure/restructurer.h"

#include <set>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/restructure/restructure_txn.h"

namespace orgtree::restructure {
namespace {

// Picks the listed current members of `source` (all of them when `nos` is empty).
absl::StatusOr<std::vector<v1::Member>> Pick(
    RestructureTxn& txn, const v1::Org& source,
    const google::protobuf::RepeatedPtrField<std::string>& nos, std::string_view field) {
  ASSIGN_OR_RETURN(std::vector<v1::Member> members, txn.CurrentMembers(source.id()));
  if (nos.empty()) return members;
  std::map<std::string, v1::Member> by_no;
  for (auto& m : members) by_no.emplace(m.member_no(), std::move(m));
  std::vector<v1::Member> out;
  std::set<std::string> seen;
  for (const std::string& no : nos) {
    if (!seen.insert(no).second) {
      return absl::InvalidArgumentError(std::string(field) + ": member " + no + " listed twice");
    }
    auto it = by_no.find(no);
    if (it == by_no.end()) {
      return absl::FailedPreconditionError(std::string(field) + ": " + no +
                                           " is not a current member of " + source.code());
    }
    out.push_back(it->second);
  }
  return out;
}

absl::Status Merge(RestructureTxn& txn, const v1::MergeOrgs& op) {
  ASSIGN_OR_RETURN(v1::Org source, txn.ActiveOrg(op.source(), "merge.source"));
  ASSIGN_OR_RETURN(v1::Org target, txn.ActiveOrg(op.target(), "merge.target"));
  if (source.id() == target.id()) {
    return absl::InvalidArgumentError("merge.target: an org cannot be merged into itself");
  }
  ASSIGN_OR_RETURN(auto members, txn.CurrentMembers(source.id()));
  std::set<uint64_t> moving_groups;
  for (const v1::Org* child : txn.change().ActiveChildren(source.id())) {
    if (child->type() == v1::GROUP) moving_groups.insert(child->id());
  }
  if (source.type() == v1::BRANCH && target.type() != v1::BRANCH &&
      (!members.empty() || !moving_groups.empty())) {
    return absl::FailedPreconditionError("merge.target: " + target.code() + " is a " +
                                         EnumWord(target.type()) + "; branch " + source.code() +
                                         "'s members and groups need a branch");
  }
  // Members placed directly in the source first (their group, if any, goes with the group).
  for (const v1::Member& m : members) {
    if (m.group_id() == 0) RETURN_IF_ERROR(txn.MoveMember(m, target));
  }
  for (const v1::Org* child : txn.change().ActiveChildren(source.id())) {
    RETURN_IF_ERROR(txn.MoveOrg(child->id(), target));
  }
  return txn.DissolveOrg(source.id());
}

absl::Status Split(RestructureTxn& txn, const v1::SplitOrg& op) {
  ASSIGN_OR_RETURN(v1::Org source, txn.ActiveOrg(op.source(), "split.source"));
  if (op.member_nos().empty() && op.child_codes().empty()) {
    return absl::InvalidArgumentError(
        "split.member_nos, split.child_codes: choose the members and/or child orgs that move");
  }
  v1::Org parent = source;
  if (op.new_parent().ref_case() != v1::OrgRef::REF_NOT_SET) {
    ASSIGN_OR_RETURN(parent, txn.ActiveOrg(op.new_parent(), "split.new_parent"));
  } else if (source.parent_id() != 0) {
    parent = *txn.change().FindOrg(source.parent_id());
  }
  const bool root =
      op.new_parent().ref_case() == v1::OrgRef::REF_NOT_SET && source.parent_id() == 0;
  v1::Org spec;
  spec.set_code(op.new_code());
  spec.set_name(op.new_name());
  spec.set_type(op.new_type() == v1::ORG_TYPE_UNSPECIFIED ? source.type() : op.new_type());
  // Pick before creating: the new org's own members must not be confused with the source's.
  std::vector<v1::Member> members;
  if (!op.member_nos().empty()) {
    ASSIGN_OR_RETURN(members, Pick(txn, source, op.member_nos(), "split.member_nos"));
  }
  std::vector<uint64_t> children;
  for (const std::string& code : op.child_codes()) {
    auto id = txn.change().FindOrgByCode(code);
    const v1::Org* child = id ? txn.change().FindOrg(*id) : nullptr;
    if (!child || child->parent_id() != source.id() || child->state() != v1::ORG_ACTIVE) {
      return absl::FailedPreconditionError("split.child_codes: " + code +
                                           " is not an active child org of " + source.code());
    }
    children.push_back(child->id());
  }
  ASSIGN_OR_RETURN(v1::Org created, txn.CreateOrg(spec, root ? nullptr : &parent));
  std::set<uint64_t> moving_groups(children.begin(), children.end());
  for (uint64_t child : children) RETURN_IF_ERROR(txn.MoveOrg(child, created));
  for (const v1::Member& m : members) {
    if (m.group_id() && moving_groups.count(m.group_id())) continue;  // moved with its group
    RETURN_IF_ERROR(txn.MoveMember(m, created));
  }
  return absl::OkStatus();
}

absl::Status Convert(RestructureTxn& txn, const v1::ConvertOrg& op) {
  ASSIGN_OR_RETURN(v1::Org org, txn.ActiveOrg(op.org(), "convert.org"));
  if (op.new_type() == v1::ORG_TYPE_UNSPECIFIED || !v1::OrgType_IsValid(op.new_type())) {
    return absl::InvalidArgumentError("convert.new_type: required, one of " +
                                      EnumWordList<v1::OrgType>());
  }
  return txn.ConvertOrg(org.id(), op.new_type());
}

absl::Status Dissolve(RestructureTxn& txn, const v1::DissolveWithReassignment& op) {
  ASSIGN_OR_RETURN(v1::Org org, txn.ActiveOrg(op.org(), "dissolve.org"));
  ASSIGN_OR_RETURN(auto members, txn.CurrentMembers(org.id()));
  auto children = txn.change().ActiveChildren(org.id());
  std::vector<uint64_t> child_ids;
  for (const v1::Org* c : children) child_ids.push_back(c->id());
  std::set<uint64_t> moving_groups;
  for (uint64_t id : child_ids) {
    const v1::Org& child = *txn.change().FindOrg(id);
    v1::OrgRef to;
    auto named = op.child_targets().find(child.code());
    if (named != op.child_targets().end()) {
      to.set_code(named->second);
    } else if (op.children_to().ref_case() != v1::OrgRef::REF_NOT_SET) {
      to = op.children_to();
    } else {
      return absl::FailedPreconditionError("dissolve.children_to: " + org.code() +
                                           " has child org " + child.code() +
                                           "; name where its children go");
    }
    ASSIGN_OR_RETURN(v1::Org target, txn.ActiveOrg(to, "dissolve.children_to"));
    if (target.id() == org.id()) {
      return absl::InvalidArgumentError("dissolve.children_to: cannot be the dissolved org");
    }
    if (child.type() == v1::GROUP) moving_groups.insert(id);
    RETURN_IF_ERROR(txn.MoveOrg(id, target));
  }
  std::vector<v1::Member> direct;
  for (const v1::Member& m : members) {
    if (!m.group_id() || !moving_groups.count(m.group_id())) direct.push_back(m);
  }
  if (!direct.empty()) {
    if (op.members_to().ref_case() == v1::OrgRef::REF_NOT_SET) {
      return absl::FailedPreconditionError("dissolve.members_to: " + org.code() + " has " +
                                           std::to_string(direct.size()) +
                                           " current member(s); name the branch they go to");
    }
    ASSIGN_OR_RETURN(v1::Org to, txn.ActiveOrg(op.members_to(), "dissolve.members_to"));
    for (const v1::Member& m : direct) RETURN_IF_ERROR(txn.MoveMember(m, to));
  }
  return txn.DissolveOrg(org.id());
}

absl::Status MoveMembers(RestructureTxn& txn, const v1::MoveMembers& op) {
  ASSIGN_OR_RETURN(v1::Org from, txn.ActiveOrg(op.from(), "move_members.from"));
  ASSIGN_OR_RETURN(v1::Org to, txn.ActiveOrg(op.to(), "move_members.to"));
  const v1::Org* group = nullptr;
  v1::Org branch = to;
  if (to.type() == v1::GROUP) {
    group = txn.change().FindOrg(to.id());
    branch = *txn.change().FindOrg(to.parent_id());
  }
  if (from.type() != v1::BRANCH) {
    return absl::FailedPreconditionError("move_members.from: " + from.code() + " is a " +
                                         EnumWord(from.type()) + "; members are in branches");
  }
  if (branch.id() == from.id() && group == nullptr) {
    return absl::FailedPreconditionError("move_members.to: the members are already in " +
                                         from.code());
  }
  ASSIGN_OR_RETURN(auto members, Pick(txn, from, op.member_nos(), "move_members.member_nos"));
  if (members.empty()) {
    return absl::FailedPreconditionError("move_members.from: " + from.code() +
                                         " has no current members");
  }
  for (const v1::Member& m : members) RETURN_IF_ERROR(txn.MoveMember(m, branch, group));
  return absl::OkStatus();
}

absl::Status Move(RestructureTxn& txn, const v1::MoveOrgRequest& op) {
  ASSIGN_OR_RETURN(v1::Org org, txn.ActiveOrg(op.org(), "move.org"));
  ASSIGN_OR_RETURN(v1::Org parent, txn.ActiveOrg(op.new_parent(), "move.new_parent"));
  if (org.parent_id() == parent.id()) {
    return absl::FailedPreconditionError("move.new_parent: org " + org.code() +
                                         " is already under " + parent.code());
  }
  if (org.type() == v1::GROUP) {
    return absl::FailedPreconditionError(
        "move.org: a group moves with its branch; move its members instead");
  }
  return txn.MoveOrg(org.id(), parent, op.move_members_in_transit());
}

// The org the restructure event is filed under.
const v1::OrgRef& SubjectOf(const v1::RestructureRequest& req) {
  switch (req.operation_case()) {
    case v1::RestructureRequest::kMerge:
      return req.merge().source();
    case v1::RestructureRequest::kSplit:
      return req.split().source();
    case v1::RestructureRequest::kConvert:
      return req.convert().org();
    case v1::RestructureRequest::kDissolve:
      return req.dissolve().org();
    case v1::RestructureRequest::kMoveMembers:
      return req.move_members().from();
    default:
      return req.move().org();
  }
}

}  // namespace

absl::StatusOr<v1::RestructurePlan> Restructurer::Restructure(const registry::CallMeta& call,
                                                              const v1::RestructureRequest& req) {
  if (req.operation_case() == v1::RestructureRequest::OPERATION_NOT_SET) {
    return absl::InvalidArgumentError(
        "operation: one of merge, split, convert, dissolve, move_members, move");
  }
  if (req.reason().empty()) return absl::InvalidArgumentError("reason: required (why)");
  if (req.reason().size() > 500 || req.document().size() > 200) {
    return absl::InvalidArgumentError("reason: at most 500 bytes; document: at most 200");
  }
  const Date today = registry_->clock().Today();
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  const std::string reason =
      req.document().empty() ? req.reason() : req.reason() + " (" + req.document() + ")";
  // The operation's name is the name of the oneof field that is set.
  const std::string operation =
      req.GetDescriptor()->FindFieldByNumber(req.operation_case())->name();

  v1::RestructurePlan plan;
  RETURN_IF_ERROR(registry_->Execute(
      call, "Restructure", registry::Registry::RequestFingerprint(req), req.validate_only(), &plan,
      [&](registry::Change& c) -> absl::Status {
        plan.Clear();
        RestructureTxn txn(registry_, c, effective, reason);
        switch (req.operation_case()) {
          case v1::RestructureRequest::kMerge:
            RETURN_IF_ERROR(Merge(txn, req.merge()));
            break;
          case v1::RestructureRequest::kSplit:
            RETURN_IF_ERROR(Split(txn, req.split()));
            break;
          case v1::RestructureRequest::kConvert:
            RETURN_IF_ERROR(Convert(txn, req.convert()));
            break;
          case v1::RestructureRequest::kDissolve:
            RETURN_IF_ERROR(Dissolve(txn, req.dissolve()));
            break;
          case v1::RestructureRequest::kMoveMembers:
            RETURN_IF_ERROR(MoveMembers(txn, req.move_members()));
            break;
          default:
            RETURN_IF_ERROR(Move(txn, req.move()));
            break;
        }
        plan.set_operation(operation);
        plan.set_effective_date(FormatDate(effective));
        plan.set_reason(req.reason());
        plan.set_document(req.document());
        RETURN_IF_ERROR(txn.FinishPlan(&plan));
        plan.set_applied(!req.validate_only());
        // The one event that explains the whole step, filed under its subject org.
        v1::Event e;
        e.set_type("OrgsRestructured");
        e.set_entity_type(v1::ENTITY_ORG);
        const v1::OrgRef& subject = SubjectOf(req);
        auto id = subject.has_code() ? c.FindOrgByCode(subject.code())
                                     : std::optional<uint64_t>(subject.id());
        e.set_entity_id(id.value_or(0));
        if (id && c.FindOrg(*id)) e.set_entity_key(c.FindOrg(*id)->code());
        e.set_effective_date(FormatDate(effective));
        e.set_reason(reason);
        *e.mutable_restructure() = plan;
        const uint64_t seq =
            c.RecordEvent(std::move(e), [](const v1::Event&, storage::RecordBatch&) {});
        if (!req.validate_only()) plan.set_event_seq(seq);
        return absl::OkStatus();
      }));
  return plan;
}

}  // namespace orgtree::restructure
