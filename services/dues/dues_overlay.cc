#include "services/dues/dues_overlay.h"

#include <algorithm>

#include "services/common/date.h"
#include "services/common/status_macros.h"
#include "storage/key_codec.h"

namespace orgtree::dues {
namespace {

using storage::Cf;

std::string FirstDay(Month m) { return FormatMonth(m) + "-01"; }

}  // namespace

bool IsCurrent(v1::MemberStatus s) {
  return s == v1::ACTIVE || s == v1::MOBILE || s == v1::LOST_CONTACT;
}

absl::StatusOr<std::vector<v1::DuesBase>> BasesOf(const storage::RecordReader& reader,
                                                  uint64_t member_id) {
  std::vector<v1::DuesBase> out;
  const std::string prefix = storage::MemberPrefix(member_id);
  RETURN_IF_ERROR(reader.ScanRecords<v1::DuesBase>(Cf::kDuesBases, prefix,
                                                   storage::PrefixUpperBound(prefix),
                                                   [&](std::string_view, v1::DuesBase&& b) {
                                                     out.push_back(std::move(b));
                                                     return true;
                                                   }));
  return out;
}

absl::StatusOr<std::optional<v1::DuesBase>> BaseInForce(const storage::RecordReader& reader,
                                                        uint64_t member_id, Month month) {
  std::optional<v1::DuesBase> found;
  RETURN_IF_ERROR(
      reader.ScanRecords<v1::DuesBase>(Cf::kDuesBases, storage::MemberPrefix(member_id),
                                       storage::MemberMonthKey(member_id, MonthNumber(month) + 1),
                                       [&](std::string_view, v1::DuesBase&& b) {
                                         found = std::move(b);
                                         return true;
                                       }));
  return found;
}

absl::StatusOr<std::vector<v1::DuesOverride>> OverridesOf(const storage::RecordReader& reader,
                                                          uint64_t member_id) {
  std::vector<v1::DuesOverride> out;
  const std::string prefix = storage::MemberPrefix(member_id);
  RETURN_IF_ERROR(reader.ScanRecords<v1::DuesOverride>(Cf::kDuesOverrides, prefix,
                                                       storage::PrefixUpperBound(prefix),
                                                       [&](std::string_view, v1::DuesOverride&& o) {
                                                         out.push_back(std::move(o));
                                                         return true;
                                                       }));
  return out;
}

absl::StatusOr<std::optional<v1::DuesOverride>> OverrideInForce(const storage::RecordReader& reader,
                                                                uint64_t member_id, Month month) {
  std::optional<v1::DuesOverride> found;
  const std::string m = FormatMonth(month);
  RETURN_IF_ERROR(reader.ScanRecords<v1::DuesOverride>(
      Cf::kDuesOverrides, storage::MemberPrefix(member_id),
      storage::MemberMonthKey(member_id, MonthNumber(month) + 1),
      [&](std::string_view, v1::DuesOverride&& o) {
        // Later approvals (a later from_month) win over earlier ones.
        if (o.to_month() >= m) found = std::move(o);
        return true;
      }));
  return found;
}

absl::StatusOr<std::optional<uint64_t>> AssessingBranch(const storage::RecordReader& reader,
                                                        const v1::Member& member, Month month) {
  const std::string first_day = FirstDay(month);
  const std::string next_first_day = FirstDay(month + 1);
  if (member.joined_on().empty() || member.joined_on() >= next_first_day) return std::nullopt;
  const bool joined_during = member.joined_on() >= first_day;
  // Fast paths: a joiner whose status never changed since joining, or a member whose status has
  // not changed since the month's first day: the record as it stands is the state on that day.
  if (joined_during && member.status_date() == member.joined_on()) return member.org_id();
  if (!joined_during && member.status_date() <= first_day) {
    if (IsCurrent(member.status())) return member.org_id();
    return std::nullopt;
  }
  // The status changed later: replay the member's events up to the day (by effective date; the
  // registration counts from joining).
  std::vector<uint64_t> seqs;
  RETURN_IF_ERROR(reader.ScanEntityEventSeqs(v1::ENTITY_MEMBER, member.id(), 0, [&](uint64_t s) {
    seqs.push_back(s);
    return true;
  }));
  ASSIGN_OR_RETURN(auto events, reader.GetEvents(seqs));
  std::vector<std::pair<std::string, const v1::Event*>> dated;
  for (const auto& e : events) {
    if (!e.has_member_after()) continue;
    dated.emplace_back(e.has_member_before() ? e.effective_date() : member.joined_on(), &e);
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  const std::string day = joined_during ? member.joined_on() : first_day;
  std::optional<v1::MemberStatus> status;
  uint64_t org_id = member.org_id();
  for (const auto& [date, e] : dated) {
    if (date > day) break;
    status = e->member_after().status();
    org_id = e->member_after().org_id();
  }
  if (status && IsCurrent(*status)) return org_id;
  return std::nullopt;
}

void AddContribution(const v1::MemberMonthDues& mm, int sign, v1::DuesFigures* f) {
  f->set_received_fen(f->received_fen() + sign * mm.paid_fen());
  if (mm.prepaid() && mm.paid_fen() > 0) f->set_members_prepaid(f->members_prepaid() + sign);
  if (!mm.assessed()) return;
  f->set_due_fen(f->due_fen() + sign * mm.due_fen());
  f->set_outstanding_fen(f->outstanding_fen() +
                         sign * std::max<int64_t>(0, mm.due_fen() - mm.paid_fen()));
  f->set_members_due(f->members_due() + sign);
  switch (PaidStateOf(mm.due_fen(), mm.paid_fen())) {
    case v1::PAID:
      f->set_members_paid(f->members_paid() + sign);
      break;
    case v1::PARTLY_PAID:
      f->set_members_partly_paid(f->members_partly_paid() + sign);
      break;
    case v1::UNPAID:
      f->set_members_unpaid(f->members_unpaid() + sign);
      break;
    case v1::OVERPAID:
      f->set_members_overpaid(f->members_overpaid() + sign);
      break;
    default:
      break;
  }
}

void AddFigures(const v1::DuesFigures& b, v1::DuesFigures* a) {
  a->set_due_fen(a->due_fen() + b.due_fen());
  a->set_received_fen(a->received_fen() + b.received_fen());
  a->set_outstanding_fen(a->outstanding_fen() + b.outstanding_fen());
  a->set_members_due(a->members_due() + b.members_due());
  a->set_members_paid(a->members_paid() + b.members_paid());
  a->set_members_partly_paid(a->members_partly_paid() + b.members_partly_paid());
  a->set_members_unpaid(a->members_unpaid() + b.members_unpaid());
  a->set_members_overpaid(a->members_overpaid() + b.members_overpaid());
  a->set_members_prepaid(a->members_prepaid() + b.members_prepaid());
  a->set_extra_fen(a->extra_fen() + b.extra_fen());
  a->set_extra_payments(a->extra_payments() + b.extra_payments());
  a->set_large_extra_payments(a->large_extra_payments() + b.large_extra_payments());
}

absl::StatusOr<std::optional<v1::MemberMonthDues>> DuesOverlay::GetMonth(uint64_t member_id,
                                                                         Month month) {
  const auto key = std::make_pair(member_id, MonthNumber(month));
  auto it = months_.find(key);
  if (it != months_.end()) return it->second;
  ASSIGN_OR_RETURN(auto mm, reader_->Get<v1::MemberMonthDues>(
                                Cf::kDuesLedger, storage::MemberMonthKey(member_id, key.second)));
  months_.emplace(key, mm);
  return mm;
}

absl::Status DuesOverlay::Prefetch(const std::vector<uint64_t>& member_ids, Month month) {
  const uint32_t n = MonthNumber(month);
  std::vector<uint64_t> wanted;
  std::vector<std::string> keys;
  for (uint64_t id : member_ids) {
    if (months_.count({id, n})) continue;
    wanted.push_back(id);
    keys.push_back(storage::MemberMonthKey(id, n));
  }
  if (keys.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto raws, reader_->store()->MultiGet(Cf::kDuesLedger, keys));
  for (size_t i = 0; i < wanted.size(); ++i) {
    std::optional<v1::MemberMonthDues> mm;
    if (raws[i]) {
      mm.emplace();
      if (!mm->ParseFromString(*raws[i])) return absl::DataLossError("storage: corrupt ledger");
    }
    months_.emplace(std::make_pair(wanted[i], n), std::move(mm));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::DuesPayment>> DuesOverlay::PaymentByRef(std::string_view ref) {
  auto it = new_refs_.find(ref);
  if (it != new_refs_.end()) return std::optional<v1::DuesPayment>(it->second);
  ASSIGN_OR_RETURN(auto raw, reader_->store()->Get(Cf::kPaymentRefs, storage::PaymentRefKey(ref)));
  if (!raw) return std::optional<v1::DuesPayment>();
  auto member_id = storage::GetFixed64BE(*raw, 0);
  auto payment_id = storage::GetFixed64BE(*raw, 8);
  if (!member_id || !payment_id) return absl::DataLossError("storage: corrupt payment ref");
  ASSIGN_OR_RETURN(auto p, reader_->Get<v1::DuesPayment>(
                               Cf::kPayments, storage::MemberPaymentKey(*member_id, *payment_id)));
  if (!p) return absl::DataLossError("storage: payment ref names a missing payment");
  return p;
}

absl::StatusOr<bool> DuesOverlay::IsReversed(std::string_view ref) {
  if (new_reversals_.count(ref)) return true;
  ASSIGN_OR_RETURN(auto raw, reader_->store()->Get(Cf::kPaymentRefs, storage::ReversalOfKey(ref)));
  return raw.has_value();
}

absl::StatusOr<v1::DuesFigures*> DuesOverlay::Aggregate(uint64_t org_id, Month month) {
  const auto key = std::make_pair(org_id, MonthNumber(month));
  auto it = aggregates_.find(key);
  if (it == aggregates_.end()) {
    ASSIGN_OR_RETURN(auto f, reader_->Get<v1::DuesFigures>(
                                 Cf::kDuesAggregates, storage::OrgMonthKey(org_id, key.second)));
    it = aggregates_.emplace(key, f ? *f : v1::DuesFigures()).first;
  }
  return &it->second;
}

absl::Status DuesOverlay::PutMonth(const std::optional<v1::MemberMonthDues>& before,
                                   const v1::MemberMonthDues& in, storage::RecordBatch& batch) {
  v1::MemberMonthDues after = in;
  after.set_state(after.assessed() ? PaidStateOf(after.due_fen(), after.paid_fen())
                                   : v1::PAID_STATE_UNSPECIFIED);
  auto month = ParseMonth(after.month());
  if (!month) return absl::InternalError("dues: member-month without a month");
  const uint32_t n = MonthNumber(*month);
  if (before) {
    ASSIGN_OR_RETURN(v1::DuesFigures * f, Aggregate(before->org_id(), *month));
    AddContribution(*before, -1, f);
    batch.Put(Cf::kDuesAggregates, storage::OrgMonthKey(before->org_id(), n), *f);
    if (before->org_id() != after.org_id()) {
      batch.Delete(Cf::kDuesByMonth,
                   storage::MonthOrgMemberKey(n, before->org_id(), before->member_id()));
    }
  }
  ASSIGN_OR_RETURN(v1::DuesFigures * f, Aggregate(after.org_id(), *month));
  AddContribution(after, +1, f);
  batch.Put(Cf::kDuesAggregates, storage::OrgMonthKey(after.org_id(), n), *f);
  if (!before || before->org_id() != after.org_id()) {
    batch.PutRaw(Cf::kDuesByMonth, storage::MonthOrgMemberKey(n, after.org_id(), after.member_id()),
                 "");
  }
  batch.Put(Cf::kDuesLedger, storage::MemberMonthKey(after.member_id(), n), after);
  months_[{after.member_id(), n}] = after;
  return absl::OkStatus();
}

void DuesOverlay::ApplyBase(const v1::Event& e, storage::RecordBatch& batch) {
  const v1::DuesBase& b = e.dues_base().base();
  auto month = ParseMonth(b.effective_month());
  if (!month) {
    status_.Update(absl::InternalError("dues: base without a month"));
    return;
  }
  batch.Put(Cf::kDuesBases, storage::MemberMonthKey(b.member_id(), MonthNumber(*month)), b);
}

void DuesOverlay::ApplyOverride(const v1::Event& e, storage::RecordBatch& batch) {
  const v1::DuesOverride& o = e.dues_override();
  auto month = ParseMonth(o.from_month());
  if (!month) {
    status_.Update(absl::InternalError("dues: override without a month"));
    return;
  }
  batch.Put(Cf::kDuesOverrides, storage::MemberMonthKey(o.member_id(), MonthNumber(*month)), o);
}

void DuesOverlay::ApplyAssessed(const v1::Event& e, storage::RecordBatch& batch) {
  auto month = ParseMonth(e.dues_assessed().month());
  if (!month) {
    status_.Update(absl::InternalError("dues: assessment without a month"));
    return;
  }
  for (const auto& line : e.dues_assessed().lines()) {
    auto before = GetMonth(line.member_id(), *month);
    if (!before.ok()) {
      status_.Update(before.status());
      return;
    }
    v1::MemberMonthDues after = line;
    if (*before) {
      after.set_paid_fen((*before)->paid_fen());
      after.set_prepaid((*before)->prepaid());
    }
    status_.Update(PutMonth(*before, after, batch));
  }
}

void DuesOverlay::ApplyPayment(const v1::Event& e, storage::RecordBatch& batch) {
  v1::DuesPayment p = e.dues_payment();
  p.set_payment_id(e.seq());
  batch.Put(Cf::kPayments, storage::MemberPaymentKey(p.member_id(), p.payment_id()), p);
  std::string ref_value = storage::IdKey(p.member_id()) + storage::IdKey(p.payment_id());
  if (!p.txn_ref().empty()) {
    batch.PutRaw(Cf::kPaymentRefs, storage::PaymentRefKey(p.txn_ref()), ref_value);
    new_refs_[p.txn_ref()] = p;
  }
  if (p.kind() == v1::PAYMENT_REVERSAL) {
    batch.PutRaw(Cf::kPaymentRefs, storage::ReversalOfKey(p.reverses_txn_ref()), ref_value);
    new_reversals_[p.reverses_txn_ref()] = true;
  }
  const bool extra = p.kind() == v1::PAYMENT_EXTRA ||
                     (p.kind() == v1::PAYMENT_REVERSAL && p.reverses_kind() == v1::PAYMENT_EXTRA);
  const int sign = p.kind() == v1::PAYMENT_REVERSAL ? -1 : +1;
  for (const auto& a : p.allocations()) {
    auto month = ParseMonth(a.month());
    if (!month) {
      status_.Update(absl::InternalError("dues: allocation without a month"));
      return;
    }
    if (extra) {
      auto f = Aggregate(a.org_id(), *month);
      if (!f.ok()) {
        status_.Update(f.status());
        return;
      }
      (*f)->set_extra_fen((*f)->extra_fen() + a.amount_fen());
      (*f)->set_extra_payments((*f)->extra_payments() + sign);
      if (p.large_extra()) (*f)->set_large_extra_payments((*f)->large_extra_payments() + sign);
      batch.Put(Cf::kDuesAggregates, storage::OrgMonthKey(a.org_id(), MonthNumber(*month)), **f);
      continue;
    }
    auto before = GetMonth(p.member_id(), *month);
    if (!before.ok()) {
      status_.Update(before.status());
      return;
    }
    v1::MemberMonthDues after;
    if (*before) {
      after = **before;
    } else {
      after.set_member_no(p.member_no());
      after.set_member_id(p.member_id());
      after.set_month(a.month());
      after.set_org_id(a.org_id());
    }
    after.set_paid_fen(after.paid_fen() + a.amount_fen());
    if (a.amount_fen() > 0 && p.paid_on() < FirstDay(*month)) after.set_prepaid(true);
    status_.Update(PutMonth(*before, after, batch));
  }
}

}  // namespace orgtree::dues
