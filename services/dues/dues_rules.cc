#include "services/dues/dues_rules.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"

namespace orgtree::dues {
namespace {

int64_t Rate(const std::vector<Bracket>& table, int64_t base_fen) {
  for (const Bracket& b : table) {
    if (base_fen <= b.up_to_fen) return b.rate_per_10000;
  }
  return table.empty() ? 0 : table.back().rate_per_10000;
}

absl::Status ValidateTable(const std::vector<Bracket>& table, const std::string& name) {
  if (table.empty()) return absl::InvalidArgumentError(name + ": needs at least one bracket");
  int64_t previous = -1;
  for (size_t i = 0; i < table.size(); ++i) {
    const Bracket& b = table[i];
    if (b.rate_per_10000 < 0 || b.rate_per_10000 > 10000) {
      return absl::InvalidArgumentError(name + ": rate must be 0–10000 (per ten thousand)");
    }
    if (b.up_to_fen <= previous) {
      return absl::InvalidArgumentError(name + ": bracket limits must ascend");
    }
    previous = b.up_to_fen;
  }
  if (table.back().up_to_fen != Bracket::kNoLimit) {
    return absl::InvalidArgumentError(name + ": the last bracket must have no upper limit (null)");
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<Month> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  for (int i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    if (i < 4) year = year * 10 + (text[i] - '0');
    if (i > 4) month = month * 10 + (text[i] - '0');
  }
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return std::nullopt;
  return Month(year, month);
}

std::string FormatMonth(Month m) {
  return absl::StrFormat("%04d-%02d", static_cast<int>(m.year()), m.month());
}

absl::StatusOr<Month> ParseMonthField(std::string_view field, std::string_view text,
                                      std::optional<Month> fallback) {
  if (text.empty() && fallback) return *fallback;
  if (text.empty()) return absl::InvalidArgumentError(std::string(field) + ": required (YYYY-MM)");
  auto m = ParseMonth(text);
  if (!m) {
    return absl::InvalidArgumentError(std::string(field) + ": '" + std::string(text) +
                                      "' is not a month YYYY-MM");
  }
  return *m;
}

uint32_t MonthNumber(Month m) { return static_cast<uint32_t>(m.year() * 100 + m.month()); }
Month MonthFromNumber(uint32_t n) { return Month(n / 100, n % 100); }

absl::Status ValidateConfig(const DuesConfig& c) {
  if (auto s = ValidateTable(c.in_service, "in_service"); !s.ok()) return s;
  if (auto s = ValidateTable(c.retired, "retired"); !s.ok()) return s;
  if (c.student_fen < 0 || c.student_fen > 10000) {
    return absl::InvalidArgumentError("student_fen: must be 0–10000");
  }
  if (c.farmer_fen < 20 || c.farmer_fen > 100) {
    return absl::InvalidArgumentError("farmer_fen: the regulation allows 20–100 fen");
  }
  if (c.large_extra_fen <= 0) return absl::InvalidArgumentError("large_extra_fen: must be > 0");
  if (c.back_pay_months < 0 || c.back_pay_months > 120) {
    return absl::InvalidArgumentError("back_pay_months: must be 0–120");
  }
  if (c.prepay_months < 0 || c.prepay_months > 120) {
    return absl::InvalidArgumentError("prepay_months: must be 0–120");
  }
  if (c.self_withdrawal_months < 1) {
    return absl::InvalidArgumentError("self_withdrawal_months: must be ≥ 1");
  }
  return absl::OkStatus();
}

absl::StatusOr<DuesConfig> ParseConfigJson(std::string_view text) {
  DuesConfig c;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("dues config: not a JSON object");
  }
  auto table = [&](const char* key, std::vector<Bracket>* out) -> absl::Status {
    if (!j.contains(key)) return absl::OkStatus();
    const auto& v = j[key];
    if (!v.is_array()) return absl::InvalidArgumentError(std::string(key) + ": must be an array");
    out->clear();
    for (const auto& row : v) {
      if (!row.is_array() || row.size() != 2 || !row[1].is_number_integer() ||
          !(row[0].is_null() || row[0].is_number_integer())) {
        return absl::InvalidArgumentError(std::string(key) +
                                          ": each bracket is [up_to_fen or null, rate_per_10000]");
      }
      out->push_back(
          {row[0].is_null() ? Bracket::kNoLimit : row[0].get<int64_t>(), row[1].get<int>()});
    }
    return absl::OkStatus();
  };
  auto integer = [&](const char* key, auto* out) -> absl::Status {
    if (!j.contains(key)) return absl::OkStatus();
    if (!j[key].is_number_integer()) {
      return absl::InvalidArgumentError(std::string(key) + ": must be an integer");
    }
    *out = j[key].get<std::remove_pointer_t<decltype(out)>>();
    return absl::OkStatus();
  };
  for (auto s :
       {table("in_service", &c.in_service), table("retired", &c.retired),
        integer("student_fen", &c.student_fen), integer("farmer_fen", &c.farmer_fen),
        integer("large_extra_fen", &c.large_extra_fen),
        integer("back_pay_months", &c.back_pay_months), integer("prepay_months", &c.prepay_months),
        integer("self_withdrawal_months", &c.self_withdrawal_months)}) {
    if (!s.ok()) return s;
  }
  if (j.contains("rounding")) {
    const std::string r = j["rounding"].is_string() ? j["rounding"].get<std::string>() : "";
    if (r == "half_up") {
      c.rounding = Rounding::kHalfUp;
    } else if (r == "down") {
      c.rounding = Rounding::kDown;
    } else if (r == "up") {
      c.rounding = Rounding::kUp;
    } else if (r == "half_even") {
      c.rounding = Rounding::kHalfEven;
    } else {
      return absl::InvalidArgumentError("rounding: one of half_up|down|up|half_even");
    }
  }
  for (const auto& [key, value] : j.items()) {
    static const char* kKnown[] = {"in_service",      "retired",       "student_fen",
                                   "farmer_fen",      "rounding",      "large_extra_fen",
                                   "back_pay_months", "prepay_months", "self_withdrawal_months"};
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) return absl::InvalidArgumentError(key + ": unknown setting");
  }
  if (auto s = ValidateConfig(c); !s.ok()) return s;
  return c;
}

int64_t RoundedDivide(int64_t num, int64_t den, Rounding rounding) {
  const int64_t q = num / den;
  const int64_t r = num % den;
  switch (rounding) {
    case Rounding::kDown:
      return q;
    case Rounding::kUp:
      return r > 0 ? q + 1 : q;
    case Rounding::kHalfEven:
      if (2 * r > den || (2 * r == den && q % 2 == 1)) return q + 1;
      return q;
    case Rounding::kHalfUp:
    default:
      return 2 * r >= den ? q + 1 : q;
  }
}

DuesAmount ComputeDues(const DuesConfig& c, v1::IncomeType type, int64_t base_fen) {
  base_fen = std::max<int64_t>(0, base_fen);
  switch (type) {
    case v1::INCOME_SALARY:
    case v1::INCOME_ANNUAL_SALARY:
    case v1::INCOME_SELF_EMPLOYED: {
      const int rate = static_cast<int>(Rate(c.in_service, base_fen));
      return {RoundedDivide(base_fen * rate, 10000, c.rounding), rate};
    }
    case v1::INCOME_PENSION: {
      const int rate = static_cast<int>(Rate(c.retired, base_fen));
      return {RoundedDivide(base_fen * rate, 10000, c.rounding), rate};
    }
    case v1::INCOME_STUDENT:
    case v1::INCOME_UNEMPLOYED:
    case v1::INCOME_RELIEF:
      return {c.student_fen, 0};
    case v1::INCOME_FARMER:
      return {c.farmer_fen, 0};
    default:
      return {0, 0};
  }
}

bool IncomeFitsEmployment(v1::IncomeType type, v1::Employment e) {
  switch (type) {
    case v1::INCOME_SALARY:
    case v1::INCOME_ANNUAL_SALARY:
    case v1::INCOME_SELF_EMPLOYED:
      return e == v1::EMPLOYED || e == v1::ANNUAL_SALARY || e == v1::SELF_EMPLOYED;
    case v1::INCOME_PENSION:
      return e == v1::RETIRED;
    case v1::INCOME_STUDENT:
      return e == v1::STUDENT;
    case v1::INCOME_UNEMPLOYED:
    case v1::INCOME_RELIEF:
      return e == v1::UNEMPLOYED;
    case v1::INCOME_FARMER:
      return e == v1::FARMER;
    default:
      return false;
  }
}

v1::PaidState PaidStateOf(int64_t due_fen, int64_t paid_fen) {
  if (paid_fen > due_fen) return v1::OVERPAID;
  if (paid_fen == due_fen) return v1::PAID;
  if (paid_fen <= 0) return v1::UNPAID;
  return v1::PARTLY_PAID;
}

}  // namespace orgtree::dues
