// Starting a retiree handover batch: the selection (retired current members of a subtree, or a
// list), each member's receiving community, and the plan with every exception listed. The batch
// and its items are written in one change; RunHandoverChunk (handover_run.cc) issues the letters.

#include <map>
#include <set>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/csv/csv_table.h"
#include "services/registry/record_helpers.h"
#include "services/rules/member_rules.h"
#include "services/transfers/handover_check.h"
#include "services/transfers/handover_events.h"
#include "services/transfers/transfer_desk.h"
#include "storage/key_codec.h"

namespace orgtree::transfers {
namespace {

constexpr int kMaxReportedProblems = 50;
constexpr int kMaxSelection = 200000;

struct Community {
  std::string name;
  std::string code;
};

// The request's file rows, checked: any bad row → INVALID_ARGUMENT listing every bad row.
absl::Status CheckRows(const v1::StartHandoverRequest& req) {
  std::vector<v1::ImportProblem> problems;
  std::map<std::string, std::string> community_of;
  for (const auto& row : req.mapping()) {
    if (row.member_no().empty()) {
      problems.push_back(registry::MakeProblem(row.line(), "member_no", "required"));
    } else if (row.community_org_name().empty()) {
      problems.push_back(registry::MakeProblem(row.line(), "community_org_name", "required"));
    } else if (auto [it, fresh] = community_of.emplace(row.member_no(), row.community_org_name());
               !fresh && it->second != row.community_org_name()) {
      problems.push_back(registry::MakeProblem(row.line(), "member_no",
                                               "member " + row.member_no() +
                                                   " is mapped to two communities (" + it->second +
                                                   ", " + row.community_org_name() + ")"));
    }
  }
  std::set<std::string> listed;
  for (const auto& row : req.members()) {
    if (row.member_no().empty()) {
      problems.push_back(registry::MakeProblem(row.line(), "member_no", "required"));
    } else if (!listed.insert(row.member_no()).second) {
      problems.push_back(registry::MakeProblem(row.line(), "member_no",
                                               "member " + row.member_no() + " is listed twice"));
    }
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(std::to_string(problems.size()) + " bad row(s):\n" +
                                    csv::DescribeProblems(problems, kMaxReportedProblems));
}

// What a re-run must repeat to resume the batch: the selection and the communities (not the
// date, so that a batch interrupted yesterday resumes today).
std::string SelectionFingerprint(v1::StartHandoverRequest req) {
  req.clear_request_id();
  req.clear_validate_only();
  req.clear_effective_date();
  req.clear_validity_days();
  req.clear_reason();
  return registry::Registry::RequestFingerprint(req);
}

}  // namespace

absl::StatusOr<v1::HandoverPlan> TransferDesk::StartHandover(const registry::CallMeta& call,
                                                             const v1::StartHandoverRequest& req) {
  const Date today = Today();
  RETURN_IF_ERROR(CheckBatchId(req.batch_id()));
  const bool by_org = req.org().ref_case() != v1::OrgRef::REF_NOT_SET;
  if (by_org == (req.members_size() > 0)) {
    return absl::InvalidArgumentError(
        "org, members: give one selection (a subtree's retirees, or a list of member numbers)");
  }
  ASSIGN_OR_RETURN(int validity,
                   CheckValidityDays(req.validity_days(), options_.default_validity_days));
  ASSIGN_OR_RETURN(Date effective,
                   ParseDateFieldUpTo("effective_date", req.effective_date(), today));
  RETURN_IF_ERROR(CheckRows(req));
  const std::string fingerprint = SelectionFingerprint(req);

  // Receiving communities: the mapping, then the list's own columns, then the default.
  std::map<std::string, Community> community_of;
  for (const auto& row : req.members()) {
    if (!row.community_org_name().empty()) {
      community_of[row.member_no()] = {row.community_org_name(), row.community_org_code()};
    }
  }
  for (const auto& row : req.mapping()) {
    community_of[row.member_no()] = {row.community_org_name(), row.community_org_code()};
  }
  auto community = [&](const std::string& member_no) -> std::optional<Community> {
    auto it = community_of.find(member_no);
    if (it != community_of.end()) return it->second;
    if (!req.default_community_org_name().empty()) {
      return Community{req.default_community_org_name(), req.default_community_org_code()};
    }
    return std::nullopt;
  };

  ASSIGN_OR_RETURN(auto existing, registry_->reader().Get<v1::HandoverJob>(storage::Cf::kHandovers,
                                                                           req.batch_id()));
  if (existing && existing->fingerprint() != fingerprint) {
    return absl::AlreadyExistsError("batch_id: batch '" + req.batch_id() +
                                    "' was started with another selection or mapping; re-run it "
                                    "with the same ones to resume, or choose another batch id");
  }

  // The items: a new batch's selection, or the stored items of the batch being resumed.
  std::vector<v1::HandoverItem> items;
  std::vector<std::string> warnings;
  if (existing) {
    RETURN_IF_ERROR(registry_->reader().ScanRecords<v1::HandoverItem>(
        storage::Cf::kHandoverItems, storage::BatchItemPrefix(req.batch_id()),
        storage::PrefixUpperBound(storage::BatchItemPrefix(req.batch_id())),
        [&](std::string_view, v1::HandoverItem&& item) {
          items.push_back(std::move(item));
          return true;
        }));
  } else {
    std::vector<v1::Member> selected;
    if (by_org) {
      ASSIGN_OR_RETURN(uint64_t root, registry_->FindOrgId(req.org(), "org"));
      auto orgs = registry_->ReadTree(
          [&](const registry::OrgTree& tree) { return tree.SubtreeDfs(root, true); });
      for (auto [org_id, depth] : orgs) {
        RETURN_IF_ERROR(registry_->reader().ScanPlacement(org_id, 0, [&](v1::Member&& m) {
          if (rules::IsCurrent(m.status()) && m.employment() == v1::RETIRED) {
            selected.push_back(std::move(m));
          }
          return true;
        }));
      }
    } else {
      std::vector<std::string> nos;
      for (const auto& row : req.members()) nos.push_back(row.member_no());
      const auto ids = registry_->MemberIdsByNo(nos);
      std::vector<v1::ImportProblem> problems;
      std::vector<uint64_t> found;
      for (int i = 0; i < req.members_size(); ++i) {
        if (!ids[i]) {
          problems.push_back(registry::MakeProblem(req.members(i).line(), "member_no",
                                                   "no member '" + nos[i] + "'"));
        } else {
          found.push_back(*ids[i]);
        }
      }
      if (!problems.empty()) {
        return absl::NotFoundError(std::to_string(problems.size()) + " unknown member(s):\n" +
                                   csv::DescribeProblems(problems, kMaxReportedProblems));
      }
      ASSIGN_OR_RETURN(auto members, registry_->reader().GetMembers(found));
      for (auto& m : members) {
        if (!m) return absl::DataLossError("storage: index names a missing member");
        selected.push_back(std::move(*m));
      }
    }
    if (selected.size() > kMaxSelection) {
      return absl::InvalidArgumentError("selection: " + std::to_string(selected.size()) +
                                        " members; a batch takes at most " +
                                        std::to_string(kMaxSelection));
    }
    std::set<std::string> in_selection;
    for (const v1::Member& m : selected) {
      v1::HandoverItem item;
      item.set_index(static_cast<int32_t>(items.size()));
      item.set_member_id(m.id());
      item.set_member_no(m.member_no());
      item.set_member_name(m.name());
      item.set_org_code(m.org_code());
      if (auto c = community(m.member_no())) {
        item.set_community_org_name(c->name);
        item.set_community_org_code(c->code);
      }
      in_selection.insert(m.member_no());
      items.push_back(std::move(item));
    }
    int outside = 0;
    for (const auto& row : req.mapping()) outside += in_selection.count(row.member_no()) ? 0 : 1;
    if (outside > 0) {
      warnings.push_back(std::to_string(outside) +
                         " mapping row(s) name members outside the selection (ignored)");
    }
  }

  // The plan: every item not yet issued is checked now, its member read in one batched read.
  std::vector<uint64_t> unissued;
  for (const v1::HandoverItem& item : items) {
    if (item.serial().empty()) unissued.push_back(item.member_id());
  }
  ASSIGN_OR_RETURN(auto members, registry_->reader().GetMembers(unissued));
  v1::HandoverPlan plan;
  std::map<std::pair<std::string, std::string>, int> per_community;
  size_t next_member = 0;
  for (v1::HandoverItem& item : items) {
    if (item.serial().empty()) {
      const std::optional<v1::Member>& m = members[next_member++];
      if (!m) return absl::DataLossError("storage: a batch names a missing member");
      ASSIGN_OR_RETURN(
          HandoverCheck check,
          CheckHandover(registry_->reader(), *m, !item.community_org_name().empty(), dues_));
      item.set_exception(check.exception);
      item.set_exception_detail(check.detail);
      if (check.exception != v1::HANDOVER_EXCEPTION_UNSPECIFIED) {
        *plan.add_exceptions() = item;
        continue;
      }
    }
    plan.set_to_hand_over(plan.to_hand_over() + 1);
    ++per_community[{item.community_org_name(), item.community_org_code()}];
  }
  for (const auto& [key, n] : per_community) {
    v1::CommunityCount* c = plan.add_communities();
    c->set_community_org_name(key.first);
    c->set_community_org_code(key.second);
    c->set_members(n);
  }
  *plan.mutable_warnings() = {warnings.begin(), warnings.end()};

  v1::HandoverJob job = existing ? *existing : v1::HandoverJob();
  if (!existing) {
    job.set_batch_id(req.batch_id());
    job.set_fingerprint(fingerprint);
    job.set_selection(
        by_org ? "retired current members under " +
                     (req.org().has_code() ? req.org().code() : std::to_string(req.org().id()))
               : "a list of " + std::to_string(items.size()) + " member(s)");
    job.set_total(static_cast<int32_t>(items.size()));
    job.set_exceptions(plan.exceptions_size());  // as stored on the items; the run re-checks
    job.set_started_at(registry_->clock().NowRfc3339());
  }
  // Applied again, inside the write, to the batch as the runner last left it: its counts may
  // have moved since it was read above.
  auto resume = [&](v1::HandoverJob* j) {
    j->set_state(v1::HANDOVER_RUNNING);
    j->set_effective_date(FormatDate(effective));
    j->set_validity_days(validity);
    j->set_reason(req.reason().empty() ? "retiree handover to community management" : req.reason());
    j->set_actor(call.actor);
    j->set_processed(0);
    j->clear_finished_at();
    j->set_runs(j->runs() + 1);
  };
  resume(&job);
  *plan.mutable_job() = job;
  if (req.validate_only()) return plan;

  RETURN_IF_ERROR(registry_->Execute(
      call, "StartHandover", registry::Registry::RequestFingerprint(req), false, &plan,
      [&](registry::Change& c) -> absl::Status {
        ASSIGN_OR_RETURN(auto now, registry_->reader().Get<v1::HandoverJob>(storage::Cf::kHandovers,
                                                                            req.batch_id()));
        if (now.has_value() != existing.has_value()) {
          return absl::AbortedError("batch_id: batch '" + req.batch_id() +
                                    "' was started meanwhile by another call; retry");
        }
        if (now) {
          job = *now;
          resume(&job);
        }
        RecordHandoverEvent(c, existing ? "HandoverResumed" : "HandoverStarted", job,
                            existing ? std::vector<v1::HandoverItem>() : items);
        *plan.mutable_job() = job;
        return absl::OkStatus();
      }));
  return plan;
}

}  // namespace orgtree::transfers
