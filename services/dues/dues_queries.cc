// Dues queries: a member's dues, arrears, the monthly summary and the annual report. Roll-ups read
// the per-(org, month) aggregates of the subtree's orgs — O(orgs), never a scan of the members.

#include <algorithm>
#include <set>

#include "services/common/date.h"
#include "services/common/enum_words.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/dues/dues_ledger.h"
#include "services/dues/dues_overlay.h"
#include "storage/key_codec.h"

namespace orgtree::dues {
namespace {

using storage::Cf;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

// A member's ledger months up to and including `up_to` (all when nullopt), in month order.
absl::StatusOr<std::vector<v1::MemberMonthDues>> LedgerOf(const storage::RecordReader& reader,
                                                          uint64_t member_id,
                                                          std::optional<Month> up_to) {
  std::vector<v1::MemberMonthDues> out;
  const std::string prefix = storage::MemberPrefix(member_id);
  const std::string end = up_to ? storage::MemberMonthKey(member_id, MonthNumber(*up_to) + 1)
                                : storage::PrefixUpperBound(prefix);
  RETURN_IF_ERROR(reader.ScanRecords<v1::MemberMonthDues>(
      Cf::kDuesLedger, prefix, end, [&](std::string_view, v1::MemberMonthDues&& mm) {
        out.push_back(std::move(mm));
        return true;
      }));
  return out;
}

// 党费交至: the last month of the run of settled months before the first assessed month that is
// not fully paid. Months without a record were not due (before joining, suspended) and do not
// break the run; prepaid months not yet assessed count when something was paid for them.
std::string PaidUpToOf(const std::vector<v1::MemberMonthDues>& ledger) {
  std::string last;
  for (const auto& mm : ledger) {
    if (mm.assessed()) {
      if (mm.paid_fen() < mm.due_fen()) break;
      last = mm.month();
    } else if (mm.paid_fen() > 0) {
      last = mm.month();
    }
  }
  return last;
}

struct Arrears {
  std::vector<std::string> months;
  int64_t fen = 0;
  int longest_unpaid_run = 0;
};

// Assessed months with less paid than due; the longest run of consecutive calendar months with
// nothing paid (a run crosses year ends: 2019-11, 2019-12, 2020-01 are consecutive).
Arrears ArrearsOf(const std::vector<v1::MemberMonthDues>& ledger) {
  Arrears a;
  int run = 0;
  // A plain value and a flag: GCC misreads std::optional<CivilMonth> as maybe-uninitialized.
  Month previous_unpaid;
  bool have_previous = false;
  for (const auto& mm : ledger) {
    if (!mm.assessed() || mm.paid_fen() >= mm.due_fen()) {
      run = 0;
      have_previous = false;
      continue;
    }
    a.months.push_back(mm.month());
    a.fen += mm.due_fen() - mm.paid_fen();
    Month m = *ParseMonth(mm.month());
    if (mm.paid_fen() <= 0) {
      run = have_previous && previous_unpaid + 1 == m ? run + 1 : 1;
      previous_unpaid = m;
      have_previous = true;
      a.longest_unpaid_run = std::max(a.longest_unpaid_run, run);
    } else {
      run = 0;
      have_previous = false;
    }
  }
  return a;
}

}  // namespace

absl::StatusOr<std::string> DuesLedger::PaidUpTo(uint64_t member_id) const {
  ASSIGN_OR_RETURN(auto ledger, LedgerOf(registry_->reader(), member_id, std::nullopt));
  return PaidUpToOf(ledger);
}

absl::StatusOr<v1::MemberDues> DuesLedger::GetMemberDues(
    const v1::GetMemberDuesRequest& req) const {
  if (req.member_no().empty()) return absl::InvalidArgumentError("member_no: required");
  ASSIGN_OR_RETURN(Month to, ParseMonthField("to_month", req.to_month(), CurrentMonth()));
  ASSIGN_OR_RETURN(Month from, ParseMonthField("from_month", req.from_month(), to - 11));
  if (from > to) return absl::InvalidArgumentError("from_month: is after to_month");
  v1::MemberRef ref;
  ref.set_member_no(req.member_no());
  ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(ref, "member_no"));
  const auto& reader = registry_->reader();
  v1::MemberDues out;
  out.set_member_no(m.member_no());
  out.set_name(m.name());
  out.set_org_code(m.org_code());
  ASSIGN_OR_RETURN(auto ledger, LedgerOf(reader, m.id(), std::nullopt));
  out.set_paid_up_to(PaidUpToOf(ledger));
  std::vector<v1::MemberMonthDues> up_to;
  const std::string to_text = FormatMonth(to), from_text = FormatMonth(from);
  for (const auto& mm : ledger) {
    if (mm.month() <= to_text) up_to.push_back(mm);
    if (mm.month() >= from_text && mm.month() <= to_text) *out.add_months() = mm;
  }
  Arrears arrears = ArrearsOf(up_to);
  out.set_arrears_fen(arrears.fen);
  for (auto& month : arrears.months) out.add_arrears_months(month);
  ASSIGN_OR_RETURN(auto bases, BasesOf(reader, m.id()));
  for (auto& b : bases) *out.add_bases() = std::move(b);
  ASSIGN_OR_RETURN(auto overrides, OverridesOf(reader, m.id()));
  for (auto& o : overrides) *out.add_overrides() = std::move(o);
  const std::string prefix = storage::MemberPrefix(m.id());
  RETURN_IF_ERROR(reader.ScanRecords<v1::DuesPayment>(Cf::kPayments, prefix,
                                                      storage::PrefixUpperBound(prefix),
                                                      [&](std::string_view, v1::DuesPayment&& p) {
                                                        *out.add_payments() = std::move(p);
                                                        return true;
                                                      }));
  return out;
}

absl::StatusOr<v1::ListArrearsResponse> DuesLedger::ListArrears(
    const v1::ListArrearsRequest& req) const {
  if (req.org_code().empty()) return absl::InvalidArgumentError("org_code: required");
  v1::OrgRef ref;
  ref.set_code(req.org_code());
  ASSIGN_OR_RETURN(uint64_t root, registry_->FindOrgId(ref, "org_code"));
  ASSIGN_OR_RETURN(Month as_of, ParseMonthField("as_of_month", req.as_of_month(), CurrentMonth()));
  if (req.min_months() < 0) return absl::InvalidArgumentError("min_months: must be ≥ 0");
  const int min_months = req.min_months() == 0 ? 1 : req.min_months();
  ASSIGN_OR_RETURN(int page_size, CheckPageSize(req.page_size(), kDefaultPageSize, kMaxPageSize));
  uint64_t offset = 0;
  if (!req.page_token().empty()) {
    ASSIGN_OR_RETURN(auto cursor, DecodePageToken(req.page_token(), 1));
    offset = cursor[0];
  }
  std::vector<v1::ArrearsEntry> all;
  absl::Status failure;
  RETURN_IF_ERROR(ForEachMemberInSubtree(root, [&](v1::Member&& m) {
    if (!IsCurrent(m.status())) return true;
    auto ledger = LedgerOf(registry_->reader(), m.id(), as_of);
    if (!ledger.ok()) {
      failure = ledger.status();
      return false;
    }
    Arrears a = ArrearsOf(*ledger);
    if (static_cast<int>(a.months.size()) < min_months) return true;
    v1::ArrearsEntry e;
    e.set_member_no(m.member_no());
    e.set_name(m.name());
    e.set_org_code(m.org_code());
    e.set_months_in_arrears(static_cast<int>(a.months.size()));
    for (auto& month : a.months) e.add_arrears_months(month);
    e.set_arrears_fen(a.fen);
    e.set_longest_unpaid_run(a.longest_unpaid_run);
    e.set_self_withdrawal_candidate(a.longest_unpaid_run >= config_.self_withdrawal_months);
    e.set_paid_up_to(PaidUpToOf(*ledger));
    all.push_back(std::move(e));
    return true;
  }));
  RETURN_IF_ERROR(failure);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(a.org_code(), a.member_no()) < std::tie(b.org_code(), b.member_no());
  });
  v1::ListArrearsResponse out;
  for (uint64_t i = offset; i < all.size() && out.items_size() < page_size; ++i) {
    *out.add_items() = std::move(all[i]);
  }
  if (offset + out.items_size() < all.size()) {
    out.set_next_page_token(EncodePageToken({offset + out.items_size()}));
  }
  return out;
}

absl::StatusOr<std::vector<v1::DuesFigures>> DuesLedger::RolledUp(
    uint64_t org_id, const std::vector<Month>& months, std::vector<v1::DuesFigures>* own) const {
  std::vector<std::pair<uint64_t, int>> subtree;
  std::vector<v1::Org> orgs;
  registry_->ReadTree([&](const registry::OrgTree& tree) {
    subtree = tree.SubtreeDfs(org_id, /*include_dissolved=*/true);
    for (const auto& [id, depth] : subtree) orgs.push_back(tree.Find(id)->org);
    return 0;
  });
  std::vector<std::string> keys;
  for (const auto& [id, depth] : subtree) {
    for (Month m : months) keys.push_back(storage::OrgMonthKey(id, MonthNumber(m)));
  }
  ASSIGN_OR_RETURN(auto raws, registry_->reader().store()->MultiGet(Cf::kDuesAggregates, keys));
  own->assign(subtree.size(), v1::DuesFigures());
  for (size_t i = 0; i < subtree.size(); ++i) {
    for (size_t j = 0; j < months.size(); ++j) {
      const auto& raw = raws[i * months.size() + j];
      if (!raw) continue;
      v1::DuesFigures f;
      if (!f.ParseFromString(*raw)) return absl::DataLossError("storage: corrupt aggregate");
      AddFigures(f, &(*own)[i]);
    }
    v1::DuesFigures& o = (*own)[i];
    o.set_org_code(orgs[i].code());
    o.set_org_name(orgs[i].name());
    o.set_org_type(EnumWord(orgs[i].type()));
    o.set_depth(subtree[i].second);
  }
  // Depth-first order: each org's parent is the nearest earlier org one level up. Adding every
  // org's total into its parent's, last to first, rolls the subtree up.
  std::vector<v1::DuesFigures> rolled = *own;
  std::vector<size_t> parent(subtree.size(), 0), stack;
  for (size_t i = 0; i < subtree.size(); ++i) {
    while (!stack.empty() && subtree[stack.back()].second >= subtree[i].second) stack.pop_back();
    if (!stack.empty()) parent[i] = stack.back();
    stack.push_back(i);
  }
  for (size_t i = subtree.size(); i-- > 1;) AddFigures(rolled[i], &rolled[parent[i]]);
  return rolled;
}

absl::StatusOr<v1::DuesSummary> DuesLedger::GetSummary(const v1::GetDuesSummaryRequest& req) const {
  if (req.org_code().empty()) return absl::InvalidArgumentError("org_code: required");
  ASSIGN_OR_RETURN(Month month, ParseMonthField("month", req.month(), CurrentMonth()));
  v1::OrgRef ref;
  ref.set_code(req.org_code());
  ASSIGN_OR_RETURN(uint64_t root, registry_->FindOrgId(ref, "org_code"));
  std::vector<v1::DuesFigures> own;
  ASSIGN_OR_RETURN(auto rolled, RolledUp(root, {month}, &own));
  const v1::DuesFigures& t = rolled.front();
  v1::DuesSummary out;
  out.set_org_code(req.org_code());
  out.set_month(FormatMonth(month));
  out.set_due_fen(t.due_fen());
  out.set_received_fen(t.received_fen());
  out.set_outstanding_fen(t.outstanding_fen());
  out.set_members_due(t.members_due());
  out.set_members_paid(t.members_paid());
  out.set_members_partly_paid(t.members_partly_paid());
  out.set_members_unpaid(t.members_unpaid());
  out.set_members_overpaid(t.members_overpaid());
  out.set_members_prepaid(t.members_prepaid());
  out.set_extra_fen(t.extra_fen());
  out.set_extra_payments(t.extra_payments());
  out.set_large_extra_payments(t.large_extra_payments());
  *out.mutable_own() = own.front();
  out.mutable_own()->set_period(FormatMonth(month));
  for (auto& r : rolled) {
    if (r.depth() != 1) continue;
    r.set_period(FormatMonth(month));
    *out.add_children() = r;
  }
  return out;
}

absl::StatusOr<v1::DuesReport> DuesLedger::GetReport(const v1::GetDuesReportRequest& req) const {
  if (req.org_code().empty()) return absl::InvalidArgumentError("org_code: required");
  if (req.year() < 1900 || req.year() > 2999) {
    return absl::InvalidArgumentError("year: must be 1900–2999");
  }
  v1::OrgRef ref;
  ref.set_code(req.org_code());
  ASSIGN_OR_RETURN(uint64_t root, registry_->FindOrgId(ref, "org_code"));
  std::vector<Month> months;
  for (int m = 1; m <= 12; ++m) months.push_back(Month(req.year(), m));
  std::vector<v1::DuesFigures> own;
  ASSIGN_OR_RETURN(auto rolled, RolledUp(root, months, &own));
  v1::DuesReport out;
  out.set_org_code(req.org_code());
  out.set_year(req.year());
  for (auto& r : rolled) {
    r.set_period(std::to_string(req.year()));
    *out.add_rows() = std::move(r);
  }
  // Large extras are rare: one pass over the payments picks the year's in this subtree.
  std::set<uint64_t> orgs;
  for (const auto& [id, depth] : Subtree(root)) orgs.insert(id);
  const std::string year = std::to_string(req.year());
  RETURN_IF_ERROR(registry_->reader().ScanRecords<v1::DuesPayment>(
      Cf::kPayments, "", "", [&](std::string_view, v1::DuesPayment&& p) {
        if (!p.large_extra() || p.allocations_size() == 0) return true;
        const auto& a = p.allocations(0);
        if (a.month().substr(0, 4) == year && orgs.count(a.org_id())) {
          *out.add_large_extras() = std::move(p);
        }
        return true;
      }));
  return out;
}

}  // namespace orgtree::dues
