// Dues commands: declaring bases (one or a file), hardship overrides and the monthly assessment.

#include <map>

#include "services/common/date.h"
#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/dues/dues_events.h"
#include "services/dues/dues_ledger.h"
#include "services/dues/dues_overlay.h"
#include "services/registry/record_helpers.h"
#include "storage/key_codec.h"

namespace orgtree::dues {
namespace {

constexpr auto Problem = registry::MakeProblem<v1::DuesProblem>;

// Checks a base's own fields; INVALID_ARGUMENT naming the field.
absl::Status ValidateBaseFields(const v1::DuesBase& b) {
  if (b.member_no().empty()) return absl::InvalidArgumentError("member_no: required");
  RETURN_IF_ERROR(ParseMonthField("effective_month", b.effective_month()).status());
  if (b.income_type() == v1::INCOME_TYPE_UNSPECIFIED || !v1::IncomeType_IsValid(b.income_type())) {
    return absl::InvalidArgumentError("income_type: required, one of " +
                                      EnumWordList<v1::IncomeType>());
  }
  if (b.monthly_base_fen() < 0 || b.monthly_base_fen() > kMaxBaseFen) {
    return absl::InvalidArgumentError("monthly_base_fen: must be 0–" + std::to_string(kMaxBaseFen) +
                                      " fen");
  }
  return absl::OkStatus();
}

std::string MismatchWarning(const v1::DuesBase& b, v1::Employment employment) {
  if (IncomeFitsEmployment(b.income_type(), employment)) return "";
  return "a " + EnumWord(b.income_type()) + " base for a member whose employment is " +
         EnumWord(employment) + " (accepted; the rate follows the base's income type)";
}

bool SameBase(const v1::DuesBase& a, const v1::DuesBase& b) {
  return a.income_type() == b.income_type() && a.monthly_base_fen() == b.monthly_base_fen();
}

// Records a base unless the same one is already declared for that month.
absl::Status RecordBase(registry::Change& c, DuesOverlay& overlay,
                        const storage::RecordReader& reader, v1::DuesBase base,
                        const std::string& warning, const std::string& today) {
  auto month = ParseMonth(base.effective_month());
  ASSIGN_OR_RETURN(
      auto existing,
      reader.Get<v1::DuesBase>(storage::Cf::kDuesBases,
                               storage::MemberMonthKey(base.member_id(), MonthNumber(*month))));
  if (existing && SameBase(*existing, base)) return absl::OkStatus();
  base.set_declared_on(today);
  v1::Event e = MemberDuesEvent("DuesBaseDeclared", base.member_id(), base.member_no(),
                                base.effective_month() + "-01");
  *e.mutable_dues_base()->mutable_base() = base;
  e.mutable_dues_base()->set_warning(warning);
  c.RecordEvent(std::move(e), [&](const v1::Event& ev, storage::RecordBatch& batch) {
    overlay.ApplyBase(ev, batch);
  });
  return overlay.status();
}

bool SameAssessment(const v1::MemberMonthDues& a, const v1::MemberMonthDues& b) {
  return a.assessed() == b.assessed() && a.org_id() == b.org_id() &&
         a.income_type() == b.income_type() && a.base_fen() == b.base_fen() &&
         a.rate_per_10000() == b.rate_per_10000() && a.computed_fen() == b.computed_fen() &&
         a.due_fen() == b.due_fen() && a.overridden() == b.overridden();
}

}  // namespace

Month DuesLedger::CurrentMonth() const {
  const Date today = registry_->clock().Today();
  return Month(today.year(), today.month());
}

std::vector<std::pair<uint64_t, int>> DuesLedger::Subtree(uint64_t org_id) const {
  return registry_->ReadTree([&](const registry::OrgTree& tree) {
    return tree.SubtreeDfs(org_id, /*include_dissolved=*/true);
  });
}

absl::Status DuesLedger::ForEachMemberInSubtree(uint64_t org_id,
                                                const std::function<bool(v1::Member&&)>& fn) const {
  bool go_on = true;
  for (const auto& [id, depth] : Subtree(org_id)) {
    RETURN_IF_ERROR(registry_->reader().ScanPlacement(id, 0, [&](v1::Member&& m) {
      go_on = fn(std::move(m));
      return go_on;
    }));
    if (!go_on) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::DuesBase> DuesLedger::SetBase(const registry::CallMeta& call,
                                                 const v1::SetDuesBaseRequest& req) {
  v1::DuesBase base;
  base.set_member_no(req.member_no());
  base.set_effective_month(req.effective_month());
  base.set_income_type(req.income_type());
  base.set_monthly_base_fen(req.monthly_base_fen());
  RETURN_IF_ERROR(ValidateBaseFields(base));
  const std::string today = FormatDate(registry_->clock().Today());
  v1::DuesBase out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "SetDuesBase", registry::Registry::RequestFingerprint(req), false, &out,
      [&](registry::Change& c) -> absl::Status {
        v1::MemberRef ref;
        ref.set_member_no(req.member_no());
        ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(ref, "member_no"));
        base.set_member_id(m.id());
        DuesOverlay overlay(&registry_->reader());
        RETURN_IF_ERROR(RecordBase(c, overlay, registry_->reader(), base,
                                   MismatchWarning(base, m.employment()), today));
        out = base;
        out.set_declared_on(today);
        return absl::OkStatus();
      }));
  return out;
}

absl::Status DuesLedger::ImportBases(const registry::CallMeta& call, std::vector<BaseRow> rows,
                                     bool validate_only, uint64_t fingerprint,
                                     v1::DuesImportReport* report) {
  const std::string today = FormatDate(registry_->clock().Today());
  std::vector<v1::DuesProblem> errors, warnings;
  v1::DuesImportReport stored;
  const std::string fp = "bases:" + std::to_string(fingerprint) + (validate_only ? ":dry" : "");
  absl::Status s = registry_->Execute(
      call, "ImportDuesBases", fp, validate_only, &stored,
      [&](registry::Change& c) -> absl::Status {
        std::vector<std::string> nos;
        for (const auto& r : rows) nos.push_back(r.base.member_no());
        const auto ids = registry_->MemberIdsByNo(nos);
        std::vector<uint64_t> found_ids;
        for (const auto& id : ids) found_ids.push_back(id.value_or(0));
        ASSIGN_OR_RETURN(auto members, registry_->reader().GetMembers(found_ids));
        std::map<std::pair<std::string, std::string>, int> first_line;
        DuesOverlay overlay(&registry_->reader());
        int64_t imported = 0;
        for (size_t i = 0; i < rows.size(); ++i) {
          v1::DuesBase base = rows[i].base;
          const int line = rows[i].line;
          if (!ids[i] || !members[i]) {
            errors.push_back(Problem(line, "member_no", "no member '" + base.member_no() + "'"));
            continue;
          }
          auto [it, inserted] =
              first_line.emplace(std::make_pair(base.member_no(), base.effective_month()), line);
          if (!inserted) {
            errors.push_back(Problem(line, "effective_month",
                                     "a second base for " + base.member_no() + " from " +
                                         base.effective_month() + " (first on line " +
                                         std::to_string(it->second) + ")"));
            continue;
          }
          base.set_member_id(*ids[i]);
          std::string warning = MismatchWarning(base, members[i]->employment());
          if (!warning.empty()) warnings.push_back(Problem(line, "income_type", warning));
          if (!errors.empty()) continue;  // keep checking; nothing will be written
          RETURN_IF_ERROR(RecordBase(c, overlay, registry_->reader(), base, warning, today));
          ++imported;
        }
        if (!errors.empty()) return absl::InvalidArgumentError("import has errors");
        stored.set_applied(!validate_only);
        stored.set_rows(static_cast<int64_t>(rows.size()));
        stored.set_imported(imported);
        *stored.mutable_warnings() = {warnings.begin(), warnings.end()};
        stored.set_first_event_seq(validate_only ? 0 : c.first_seq());
        stored.set_last_event_seq(validate_only || c.empty() ? 0 : c.last_seq());
        return absl::OkStatus();
      });
  if (!s.ok() && errors.empty()) return s;
  if (!errors.empty()) {
    report->set_rows(static_cast<int64_t>(rows.size()));
    for (auto& e : errors) *report->add_errors() = std::move(e);
    for (auto& w : warnings) *report->add_warnings() = std::move(w);
    return absl::OkStatus();
  }
  // A replayed retry: the first call's report.
  report->MergeFrom(stored);
  if (report->rows() == 0) report->set_rows(static_cast<int64_t>(rows.size()));
  return absl::OkStatus();
}

absl::StatusOr<v1::DuesOverride> DuesLedger::SetOverride(const registry::CallMeta& call,
                                                         const v1::SetDuesOverrideRequest& req) {
  if (req.member_no().empty()) return absl::InvalidArgumentError("member_no: required");
  ASSIGN_OR_RETURN(Month from, ParseMonthField("from_month", req.from_month()));
  ASSIGN_OR_RETURN(Month to, ParseMonthField("to_month", req.to_month(), from));
  if (to < from) return absl::InvalidArgumentError("to_month: is before from_month");
  if (req.amount_fen() < 0 || req.amount_fen() > kMaxBaseFen) {
    return absl::InvalidArgumentError("amount_fen: must be ≥ 0 (0 = waived)");
  }
  if (req.approver().empty()) {
    return absl::InvalidArgumentError("approver: required (who approved the reduction)");
  }
  if (req.reason().empty()) return absl::InvalidArgumentError("reason: required");
  const Date today = registry_->clock().Today();
  ASSIGN_OR_RETURN(Date approved_on, ParseDateFieldUpTo("approved_on", req.approved_on(), today));
  v1::DuesOverride out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "SetDuesOverride", registry::Registry::RequestFingerprint(req), false, &out,
      [&](registry::Change& c) -> absl::Status {
        v1::MemberRef ref;
        ref.set_member_no(req.member_no());
        ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(ref, "member_no"));
        v1::DuesOverride o;
        o.set_member_no(m.member_no());
        o.set_member_id(m.id());
        o.set_from_month(FormatMonth(from));
        o.set_to_month(FormatMonth(to));
        o.set_amount_fen(req.amount_fen());
        o.set_approver(req.approver());
        o.set_approved_on(FormatDate(approved_on));
        o.set_reason(req.reason());
        v1::Event e = MemberDuesEvent("DuesOverrideApproved", m.id(), m.member_no(),
                                      FormatDate(approved_on), req.reason());
        *e.mutable_dues_override() = o;
        DuesOverlay overlay(&registry_->reader());
        c.RecordEvent(std::move(e), [&](const v1::Event& ev, storage::RecordBatch& batch) {
          overlay.ApplyOverride(ev, batch);
        });
        RETURN_IF_ERROR(overlay.status());
        out = o;
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<v1::AssessDuesResponse> DuesLedger::Assess(const registry::CallMeta& call,
                                                          const v1::AssessDuesRequest& req) {
  ASSIGN_OR_RETURN(Month month, ParseMonthField("month", req.month()));
  if (month > CurrentMonth()) {
    return absl::InvalidArgumentError("month: " + FormatMonth(month) +
                                      " is after the current month; assess it when it comes");
  }
  if (req.org_code().empty()) return absl::InvalidArgumentError("org_code: required");
  v1::OrgRef ref;
  ref.set_code(req.org_code());
  ASSIGN_OR_RETURN(uint64_t root, registry_->FindOrgId(ref, "org_code"));
  const auto& reader = registry_->reader();

  v1::AssessDuesResponse out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "AssessDues", registry::Registry::RequestFingerprint(req), req.validate_only(), &out,
      [&](registry::Change& c) -> absl::Status {
        out.Clear();
        out.set_org_code(req.org_code());
        out.set_month(FormatMonth(month));
        // Members by the branch that assesses them this month.
        std::map<uint64_t, std::vector<v1::MemberMonthDues>> by_branch;
        absl::Status failure;
        RETURN_IF_ERROR(ForEachMemberInSubtree(root, [&](v1::Member&& m) {
          auto branch = AssessingBranch(reader, m, month);
          if (!branch.ok()) {
            failure = branch.status();
            return false;
          }
          if (!*branch) {
            if (m.joined_on() < FormatMonth(month + 1) + "-01") {
              out.set_members_not_current(out.members_not_current() + 1);
            }
            return true;
          }
          auto base = BaseInForce(reader, m.id(), month);
          auto hardship = OverrideInForce(reader, m.id(), month);
          if (!base.ok() || !hardship.ok()) {
            failure = base.ok() ? hardship.status() : base.status();
            return false;
          }
          if (!*base) {
            out.add_missing_base(m.member_no());
            return true;
          }
          const DuesAmount amount =
              ComputeDues(config_, (*base)->income_type(), (*base)->monthly_base_fen());
          v1::MemberMonthDues line;
          line.set_member_no(m.member_no());
          line.set_member_id(m.id());
          line.set_month(FormatMonth(month));
          line.set_org_id(**branch);
          const v1::Org* org = c.FindOrg(**branch);
          line.set_org_code(org ? org->code() : "");
          line.set_assessed(true);
          line.set_income_type((*base)->income_type());
          line.set_base_fen((*base)->monthly_base_fen());
          line.set_rate_per_10000(amount.rate_per_10000);
          line.set_computed_fen(amount.fen);
          line.set_due_fen(amount.fen);
          if (*hardship) {
            line.set_due_fen(std::min(amount.fen, (*hardship)->amount_fen()));
            line.set_overridden(true);
          }
          by_branch[**branch].push_back(std::move(line));
          return true;
        }));
        RETURN_IF_ERROR(failure);

        DuesOverlay overlay(&reader);
        for (auto& [branch_id, lines] : by_branch) {
          std::vector<uint64_t> ids;
          for (const auto& l : lines) ids.push_back(l.member_id());
          RETURN_IF_ERROR(overlay.Prefetch(ids, month));
          v1::Event e;
          e.set_type("DuesAssessed");
          e.set_entity_type(v1::ENTITY_ORG);
          e.set_entity_id(branch_id);
          const v1::Org* org = c.FindOrg(branch_id);
          e.set_entity_key(org ? org->code() : "");
          e.set_effective_date(FormatMonth(month) + "-01");
          v1::DuesAssessed* payload = e.mutable_dues_assessed();
          payload->set_month(FormatMonth(month));
          payload->set_org_id(branch_id);
          payload->set_org_code(e.entity_key());
          for (auto& line : lines) {
            out.set_members_assessed(out.members_assessed() + 1);
            out.set_due_fen(out.due_fen() + line.due_fen());
            ASSIGN_OR_RETURN(auto existing, overlay.GetMonth(line.member_id(), month));
            if (existing && SameAssessment(*existing, line)) {
              out.set_members_unchanged(out.members_unchanged() + 1);
              continue;
            }
            out.set_members_changed(out.members_changed() + 1);
            *payload->add_lines() = std::move(line);
          }
          if (payload->lines_size() == 0) continue;
          c.RecordEvent(std::move(e), [&](const v1::Event& ev, storage::RecordBatch& batch) {
            overlay.ApplyAssessed(ev, batch);
          });
          RETURN_IF_ERROR(overlay.status());
        }
        out.set_applied(!req.validate_only());
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace orgtree::dues
