// Dues payments: recording (idempotent by transaction reference), reversing, and reconciling a
// bank / finance statement. A payment's split over months is decided here and carried in its
// event, so applying it never recomputes anything.

#include <algorithm>
#include <map>
#include <set>

#include "services/common/date.h"
#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/dues/dues_events.h"
#include "services/dues/dues_ledger.h"
#include "services/dues/dues_overlay.h"
#include "storage/key_codec.h"

namespace orgtree::dues {
namespace {

constexpr size_t kMaxTxnRef = 128;
constexpr int64_t kMaxPaymentFen = 100'000'000'000;  // one billion yuan: a typo, not a payment

struct PaymentInput {
  std::string member_no;
  std::vector<Month> months;  // sorted, unique; empty = the paid month
  int64_t amount_fen = 0;
  Date paid_on;
  std::string channel;
  std::string txn_ref;
  v1::PaymentKind kind = v1::PAYMENT_DUES;
  std::string note;
};

// What identifies a payment's content, for "same txn_ref, same content".
bool SameContent(const v1::DuesPayment& p, const PaymentInput& in) {
  if (p.member_no() != in.member_no || p.amount_fen() != in.amount_fen ||
      p.paid_on() != FormatDate(in.paid_on) || p.channel() != in.channel || p.kind() != in.kind ||
      p.months_size() != static_cast<int>(in.months.size())) {
    return false;
  }
  for (size_t i = 0; i < in.months.size(); ++i) {
    if (p.months(static_cast<int>(i)) != FormatMonth(in.months[i])) return false;
  }
  return true;
}

std::string Describe(const v1::DuesPayment& p) {
  std::string months;
  for (const auto& m : p.months()) months += (months.empty() ? "" : ",") + m;
  return "payment " + std::to_string(p.payment_id()) + " of " + std::to_string(p.amount_fen()) +
         " fen by member " + p.member_no() + " for " + months + " paid on " + p.paid_on();
}

absl::StatusOr<std::vector<Month>> ParseMonths(
    const google::protobuf::RepeatedPtrField<std::string>& in) {
  std::set<Month> months;
  for (const auto& text : in) {
    ASSIGN_OR_RETURN(Month m, ParseMonthField("months", text));
    months.insert(m);
  }
  return std::vector<Month>(months.begin(), months.end());
}

absl::Status ValidateInput(PaymentInput& in, Date today) {
  if (in.member_no.empty()) return absl::InvalidArgumentError("member_no: required");
  if (in.amount_fen <= 0 || in.amount_fen > kMaxPaymentFen) {
    return absl::InvalidArgumentError("amount_fen: must be a positive amount in fen");
  }
  if (in.paid_on > today) return absl::InvalidArgumentError("paid_on: is after today");
  if (in.txn_ref.size() > kMaxTxnRef) {
    return absl::InvalidArgumentError("txn_ref: at most 128 characters");
  }
  if (in.kind == v1::PAYMENT_KIND_UNSPECIFIED) in.kind = v1::PAYMENT_DUES;
  if (in.kind != v1::PAYMENT_DUES && in.kind != v1::PAYMENT_EXTRA) {
    return absl::InvalidArgumentError("kind: dues or extra (reversals go through ReversePayment)");
  }
  if (in.months.empty()) in.months.push_back(Month(in.paid_on.year(), in.paid_on.month()));
  if (in.kind == v1::PAYMENT_EXTRA && in.months.size() != 1) {
    return absl::InvalidArgumentError("months: an extra payment names one month");
  }
  return absl::OkStatus();
}

// Decides and records one payment (of `resolved`, when the caller already read the member).
// NOT_FOUND for an unknown member, FAILED_PRECONDITION for a
// member who is not current or a month outside the payment window, ALREADY_EXISTS for a reused
// txn_ref with different content. `*already` when the txn_ref was recorded with this content.
absl::Status DecidePayment(registry::Registry& registry, const DuesConfig& config,
                           registry::Change& c, DuesOverlay& overlay, const PaymentInput& in,
                           const v1::Member* resolved, v1::DuesPayment* out, bool* already) {
  *already = false;
  if (!in.txn_ref.empty()) {
    ASSIGN_OR_RETURN(auto existing, overlay.PaymentByRef(in.txn_ref));
    if (existing) {
      if (!SameContent(*existing, in)) {
        return absl::AlreadyExistsError("txn_ref: '" + in.txn_ref + "' already records " +
                                        Describe(*existing));
      }
      *out = *existing;
      *already = true;
      return absl::OkStatus();
    }
  }
  v1::Member m;
  if (resolved != nullptr) {
    m = *resolved;
  } else {
    v1::MemberRef ref;
    ref.set_member_no(in.member_no);
    ASSIGN_OR_RETURN(m, registry.FindMember(ref, "member_no"));
  }
  if (!IsCurrent(m.status())) {
    return absl::FailedPreconditionError("member_no: member " + m.member_no() + " is " +
                                         EnumWord(m.status()) +
                                         "; dues are recorded for current members only");
  }
  const Month paid_month(in.paid_on.year(), in.paid_on.month());
  v1::DuesPayment p;
  p.set_txn_ref(in.txn_ref);
  p.set_member_no(m.member_no());
  p.set_member_id(m.id());
  for (Month month : in.months) p.add_months(FormatMonth(month));
  p.set_amount_fen(in.amount_fen);
  p.set_paid_on(FormatDate(in.paid_on));
  p.set_channel(in.channel);
  p.set_kind(in.kind);
  p.set_note(in.note);
  if (in.kind == v1::PAYMENT_EXTRA) {
    v1::MonthAllocation* a = p.add_allocations();
    a->set_month(FormatMonth(in.months.front()));
    a->set_amount_fen(in.amount_fen);
    a->set_org_id(m.org_id());
    p.set_large_extra(in.amount_fen >= config.large_extra_fen);
  } else {
    for (Month month : in.months) {
      if (month < paid_month - config.back_pay_months) {
        return absl::FailedPreconditionError(
            "months: " + FormatMonth(month) + " is more than " +
            std::to_string(config.back_pay_months) + " months before the payment month " +
            FormatMonth(paid_month) + " (back-payment covers at most " +
            std::to_string(config.back_pay_months) + " months)");
      }
      if (month > paid_month + config.prepay_months) {
        return absl::FailedPreconditionError(
            "months: " + FormatMonth(month) + " is more than " +
            std::to_string(config.prepay_months) + " months after the payment month " +
            FormatMonth(paid_month) + " (prepayment covers at most " +
            std::to_string(config.prepay_months) + " months)");
      }
    }
    // Fill each month up to what is due (assessed, or projected from the base in force for months
    // not assessed yet); whatever is left over goes to the last month, which is then overpaid.
    int64_t left = in.amount_fen;
    for (size_t i = 0; i < in.months.size(); ++i) {
      const Month month = in.months[i];
      ASSIGN_OR_RETURN(auto mm, overlay.GetMonth(m.id(), month));
      int64_t expected = 0;
      if (mm && mm->assessed()) {
        expected = mm->due_fen();
      } else {
        ASSIGN_OR_RETURN(auto base, BaseInForce(registry.reader(), m.id(), month));
        ASSIGN_OR_RETURN(auto hardship, OverrideInForce(registry.reader(), m.id(), month));
        if (base) {
          expected = ComputeDues(config, base->income_type(), base->monthly_base_fen()).fen;
          if (hardship) expected = std::min(expected, hardship->amount_fen());
        }
      }
      const int64_t open = std::max<int64_t>(0, expected - (mm ? mm->paid_fen() : 0));
      int64_t share = std::min(left, open);
      if (i + 1 == in.months.size()) share = left;
      left -= share;
      if (share == 0) continue;
      v1::MonthAllocation* a = p.add_allocations();
      a->set_month(FormatMonth(month));
      a->set_amount_fen(share);
      a->set_org_id(mm ? mm->org_id() : m.org_id());
    }
  }
  v1::Event e = MemberDuesEvent("DuesPaymentRecorded", m.id(), m.member_no(),
                                FormatDate(in.paid_on), in.note);
  *e.mutable_dues_payment() = p;
  const uint64_t seq = c.RecordEvent(
      std::move(e),
      [&](const v1::Event& ev, storage::RecordBatch& batch) { overlay.ApplyPayment(ev, batch); });
  RETURN_IF_ERROR(overlay.status());
  p.set_payment_id(seq);
  *out = std::move(p);
  return absl::OkStatus();
}

v1::DuesProblem Problem(int line, std::string column, std::string reason) {
  v1::DuesProblem p;
  p.set_line(line);
  p.set_column(std::move(column));
  p.set_reason(std::move(reason));
  return p;
}

// "member_no: no member …" → ("member_no", "no member …").
std::pair<std::string, std::string> SplitField(const absl::Status& s) {
  std::string msg(s.message());
  auto colon = msg.find(": ");
  if (colon == std::string::npos || msg.find(' ') < colon) return {"", msg};
  return {msg.substr(0, colon), msg.substr(colon + 2)};
}

}  // namespace

absl::StatusOr<v1::RecordPaymentResponse> DuesLedger::RecordPayment(
    const registry::CallMeta& call, const v1::RecordPaymentRequest& req) {
  const Date today = registry_->clock().Today();
  PaymentInput in;
  in.member_no = req.member_no();
  ASSIGN_OR_RETURN(in.months, ParseMonths(req.months()));
  in.amount_fen = req.amount_fen();
  ASSIGN_OR_RETURN(in.paid_on, ParseDateFieldOr("paid_on", req.paid_on(), today));
  in.channel = req.channel();
  in.txn_ref = req.txn_ref();
  in.kind = req.kind();
  in.note = req.note();
  RETURN_IF_ERROR(ValidateInput(in, today));
  v1::RecordPaymentResponse out;
  RETURN_IF_ERROR(
      registry_->Execute(call, "RecordPayment", registry::Registry::RequestFingerprint(req),
                         req.validate_only(), &out, [&](registry::Change& c) -> absl::Status {
                           DuesOverlay overlay(&registry_->reader());
                           bool already = false;
                           RETURN_IF_ERROR(DecidePayment(*registry_, config_, c, overlay, in,
                                                         nullptr, out.mutable_payment(), &already));
                           out.set_already_recorded(already);
                           return absl::OkStatus();
                         }));
  return out;
}

absl::StatusOr<v1::RecordPaymentResponse> DuesLedger::ReversePayment(
    const registry::CallMeta& call, const v1::ReversePaymentRequest& req) {
  if (req.txn_ref().empty()) return absl::InvalidArgumentError("txn_ref: required");
  const std::string reversal_ref =
      req.reversal_txn_ref().empty() ? req.txn_ref() + "-R" : req.reversal_txn_ref();
  if (reversal_ref.size() > kMaxTxnRef) {
    return absl::InvalidArgumentError("reversal_txn_ref: at most 128 characters");
  }
  const Date today = registry_->clock().Today();
  ASSIGN_OR_RETURN(Date on, ParseDateFieldUpTo("reversed_on", req.reversed_on(), today));
  v1::RecordPaymentResponse out;
  RETURN_IF_ERROR(registry_->Execute(
      call, "ReversePayment", registry::Registry::RequestFingerprint(req), false, &out,
      [&](registry::Change& c) -> absl::Status {
        DuesOverlay overlay(&registry_->reader());
        ASSIGN_OR_RETURN(auto original, overlay.PaymentByRef(req.txn_ref()));
        if (!original) {
          return absl::NotFoundError("txn_ref: no payment '" + req.txn_ref() + "'");
        }
        ASSIGN_OR_RETURN(auto taken, overlay.PaymentByRef(reversal_ref));
        if (taken) {
          if (taken->kind() == v1::PAYMENT_REVERSAL && taken->reverses_txn_ref() == req.txn_ref()) {
            *out.mutable_payment() = *taken;
            out.set_already_recorded(true);
            return absl::OkStatus();
          }
          return absl::AlreadyExistsError("reversal_txn_ref: '" + reversal_ref +
                                          "' already records " + Describe(*taken));
        }
        if (original->kind() == v1::PAYMENT_REVERSAL) {
          return absl::FailedPreconditionError("txn_ref: '" + req.txn_ref() +
                                               "' is itself a reversal; record a new payment");
        }
        ASSIGN_OR_RETURN(bool reversed, overlay.IsReversed(req.txn_ref()));
        if (reversed) {
          return absl::FailedPreconditionError("txn_ref: '" + req.txn_ref() +
                                               "' has already been reversed");
        }
        v1::DuesPayment p;
        p.set_txn_ref(reversal_ref);
        p.set_member_no(original->member_no());
        p.set_member_id(original->member_id());
        *p.mutable_months() = original->months();
        p.set_amount_fen(-original->amount_fen());
        p.set_paid_on(FormatDate(on));
        p.set_channel(original->channel());
        p.set_kind(v1::PAYMENT_REVERSAL);
        p.set_reverses_txn_ref(original->txn_ref());
        p.set_reverses_payment_id(original->payment_id());
        p.set_reverses_kind(original->kind());
        p.set_large_extra(original->large_extra());
        p.set_note(req.reason());
        for (const auto& a : original->allocations()) {
          v1::MonthAllocation* r = p.add_allocations();
          *r = a;
          r->set_amount_fen(-a.amount_fen());
        }
        v1::Event e = MemberDuesEvent("DuesPaymentReversed", p.member_id(), p.member_no(),
                                      FormatDate(on), req.reason());
        *e.mutable_dues_payment() = p;
        const uint64_t seq =
            c.RecordEvent(std::move(e), [&](const v1::Event& ev, storage::RecordBatch& batch) {
              overlay.ApplyPayment(ev, batch);
            });
        RETURN_IF_ERROR(overlay.status());
        p.set_payment_id(seq);
        *out.mutable_payment() = std::move(p);
        return absl::OkStatus();
      }));
  return out;
}

absl::Status DuesLedger::Reconcile(const registry::CallMeta& call, std::vector<StatementRow> rows,
                                   const ReconcileOptions& options, v1::ReconcileReport* report) {
  ASSIGN_OR_RETURN(Month month, ParseMonthField("month", options.month));
  std::vector<uint64_t> roots;
  if (options.org_code.empty()) {
    roots = registry_->ReadTree([](const registry::OrgTree& t) { return t.Roots(); });
  } else {
    v1::OrgRef ref;
    ref.set_code(options.org_code);
    ASSIGN_OR_RETURN(uint64_t id, registry_->FindOrgId(ref, "org_code"));
    roots.push_back(id);
  }
  const Date today = registry_->clock().Today();
  const std::string fp = "statement:" + std::to_string(options.fingerprint) + ":" +
                         FormatMonth(month) + ":" + options.org_code +
                         (options.skip_bad ? ":skip" : "") + (options.validate_only ? ":dry" : "");
  std::vector<v1::DuesProblem> errors(report->errors().begin(), report->errors().end());
  const bool had_cell_errors = !errors.empty();
  v1::ReconcileReport stored;
  absl::Status s = registry_->Execute(
      call, "ReconcileStatement", fp,
      options.validate_only || (had_cell_errors && !options.skip_bad), &stored,
      [&](registry::Change& c) -> absl::Status {
        stored.Clear();
        DuesOverlay overlay(&registry_->reader());
        for (const StatementRow& row : rows) {
          auto unmatched = [&](std::string reason) {
            v1::UnmatchedLine* u = stored.add_unmatched();
            u->set_line(row.line);
            u->set_txn_ref(row.txn_ref);
            u->set_member_no(row.member_no);
            u->set_period(row.period.empty() ? FormatMonth(month) : row.period);
            u->set_amount_fen(row.amount_fen);
            u->set_reason(std::move(reason));
          };
          PaymentInput in;
          in.member_no = row.member_no;
          Month period = month;
          if (!row.period.empty()) period = *ParseMonth(row.period);
          in.months = {period};
          in.amount_fen = row.amount_fen;
          in.paid_on = row.paid_on.empty() ? today : *ParseDate(row.paid_on);
          in.channel = row.channel;
          in.txn_ref = row.txn_ref;
          if (auto st = ValidateInput(in, today); !st.ok()) {
            auto [column, reason] = SplitField(st);
            errors.push_back(Problem(row.line, column, reason));
            continue;
          }
          // A line for a month that has come needs a member assessed for it; prepayments for
          // later months are recorded against what their bases project.
          v1::MemberRef ref;
          ref.set_member_no(row.member_no);
          auto member = registry_->FindMember(ref, "member_no");
          if (!member.ok()) {
            if (member.status().code() != absl::StatusCode::kNotFound) return member.status();
            unmatched("no member '" + row.member_no + "'");
            continue;
          }
          if (period <= month) {
            ASSIGN_OR_RETURN(auto mm, overlay.GetMonth(member->id(), period));
            if (!mm || !mm->assessed()) {
              unmatched("member " + row.member_no + " has no dues assessed for " +
                        FormatMonth(period));
              continue;
            }
          }
          v1::DuesPayment payment;
          bool already = false;
          absl::Status st =
              DecidePayment(*registry_, config_, c, overlay, in, &*member, &payment, &already);
          if (st.ok()) {
            if (already) {
              stored.set_already_recorded(stored.already_recorded() + 1);
            } else {
              stored.set_recorded(stored.recorded() + 1);
            }
          } else if (st.code() == absl::StatusCode::kFailedPrecondition ||
                     st.code() == absl::StatusCode::kNotFound) {
            unmatched(SplitField(st).second);
          } else if (st.code() == absl::StatusCode::kAlreadyExists ||
                     st.code() == absl::StatusCode::kInvalidArgument) {
            auto [column, reason] = SplitField(st);
            errors.push_back(Problem(row.line, column, reason));
          } else {
            return st;
          }
        }
        std::stable_sort(errors.begin(), errors.end(),
                         [](const auto& a, const auto& b) { return a.line() < b.line(); });
        if (!errors.empty() && !options.skip_bad) {
          return absl::InvalidArgumentError("statement has errors");
        }
        stored.set_applied(!options.validate_only);
        stored.set_skipped(static_cast<int64_t>(errors.size()));
        *stored.mutable_errors() = {errors.begin(), errors.end()};
        stored.set_first_event_seq(options.validate_only ? 0 : c.first_seq());
        stored.set_last_event_seq(options.validate_only || c.empty() ? 0 : c.last_seq());
        return absl::OkStatus();
      });
  if (!s.ok() && errors.empty()) return s;
  // The caller set `lines` and the file's warnings; keep them through the report's replacement.
  const int64_t lines = report->lines();
  const auto warnings = report->warnings();
  if (!s.ok() || (had_cell_errors && !options.skip_bad)) {
    // Nothing recorded: report every bad line (cell errors and conflicts alike).
    report->Clear();
    *report->mutable_errors() = {errors.begin(), errors.end()};
  } else {
    *report = stored;
  }
  report->set_month(FormatMonth(month));
  report->set_lines(lines);
  *report->mutable_warnings() = warnings;
  if (!report->applied() && !options.validate_only) return absl::OkStatus();

  // After the write: who is still unpaid and whose amount differs from what is due.
  const uint32_t n = MonthNumber(month);
  std::vector<uint64_t> member_ids;
  for (uint64_t root : roots) {
    for (const auto& [org_id, depth] : Subtree(root)) {
      const std::string prefix = storage::MonthOrgPrefix(n, org_id);
      RETURN_IF_ERROR(registry_->reader().store()->Scan(
          storage::Cf::kDuesByMonth, prefix, storage::PrefixUpperBound(prefix),
          [&](std::string_view key, std::string_view) {
            if (auto id = storage::DecodeMonthOrgMember(key)) member_ids.push_back(*id);
            return true;
          }));
    }
  }
  std::vector<std::string> keys;
  for (uint64_t id : member_ids) keys.push_back(storage::MemberMonthKey(id, n));
  ASSIGN_OR_RETURN(auto raws,
                   registry_->reader().store()->MultiGet(storage::Cf::kDuesLedger, keys));
  ASSIGN_OR_RETURN(auto members, registry_->reader().GetMembers(member_ids));
  for (size_t i = 0; i < member_ids.size(); ++i) {
    if (!raws[i]) continue;
    v1::MemberMonthDues mm;
    if (!mm.ParseFromString(*raws[i])) return absl::DataLossError("storage: corrupt ledger");
    if (!mm.assessed()) continue;
    const std::string name = members[i] ? members[i]->name() : "";
    if (mm.paid_fen() <= 0 && mm.due_fen() > 0) {
      v1::UnpaidMember* u = report->add_unpaid();
      u->set_member_no(mm.member_no());
      u->set_name(name);
      u->set_org_code(mm.org_code());
      u->set_due_fen(mm.due_fen());
    } else if (mm.paid_fen() != mm.due_fen()) {
      v1::AmountDifference* d = report->add_differences();
      d->set_member_no(mm.member_no());
      d->set_name(name);
      d->set_org_code(mm.org_code());
      d->set_due_fen(mm.due_fen());
      d->set_paid_fen(mm.paid_fen());
      d->set_difference_fen(mm.paid_fen() - mm.due_fen());
    }
  }
  return absl::OkStatus();
}

}  // namespace orgtree::dues
