#pragma once

// The dues rules of the 2008 regulation (中组发〔2008〕3号) as pure functions over a DuesConfig:
// the bracket tables, the fixed amounts, rounding and the payment window. A unit whose rules differ
// changes the configuration (orgtreed --dues-config FILE), not this code.
//
// Money is integer fen throughout; a rate is in units of 1/10000 (50 = 0.5%).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "orgtree/v1/dues.pb.h"
#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::dues {

using Month = absl::CivilMonth;

// "YYYY-MM" exactly (years 1900–2999); nullopt otherwise.
std::optional<Month> ParseMonth(std::string_view text);
std::string FormatMonth(Month m);
// Parses `text` for request field `field`: INVALID_ARGUMENT naming it when malformed; an empty
// text means `fallback` when one is given.
absl::StatusOr<Month> ParseMonthField(std::string_view field, std::string_view text,
                                      std::optional<Month> fallback = std::nullopt);
// YYYY * 100 + MM, the form month keys are stored in.
uint32_t MonthNumber(Month m);
Month MonthFromNumber(uint32_t n);

// One bracket: bases up to and including `up_to_fen` pay `rate_per_10000` of the whole base.
// The last bracket of a table has no upper limit (up_to_fen = kNoLimit).
struct Bracket {
  static constexpr int64_t kNoLimit = INT64_MAX;
  int64_t up_to_fen;
  int rate_per_10000;
};

enum class Rounding {
  kHalfUp,    // 0.5 fen and above rounds up (the regulation's default)
  kDown,      // truncate
  kUp,        // any fraction rounds up
  kHalfEven,  // banker's rounding
};

struct DuesConfig {
  // Employed, annual salary, self-employed: the rate applies to the whole base, not marginally.
  std::vector<Bracket> in_service = {
      {300000, 50}, {500000, 100}, {1000000, 150}, {Bracket::kNoLimit, 200}};
  // Retired: on the basic pension.
  std::vector<Bracket> retired = {{500000, 50}, {Bracket::kNoLimit, 100}};
  int64_t student_fen = 20;  // students, unemployed / laid off, relief (低保): 0.2 yuan
  int64_t farmer_fen = 20;   // farmers: 0.2–1 yuan, set per unit
  Rounding rounding = Rounding::kHalfUp;
  // A single voluntary extra payment at or above this is reported separately (1000 yuan).
  int64_t large_extra_fen = 100000;
  int back_pay_months = 6;         // how far before the paid month a payment may reach
  int prepay_months = 12;          // how far after it
  int self_withdrawal_months = 6;  // consecutive unpaid months that make a 自行脱党 candidate
};

// Checks a configuration: brackets ascending, the last unlimited, rates 0–10000, farmer amount
// within 20–100 fen, positive windows. INVALID_ARGUMENT naming the setting.
absl::Status ValidateConfig(const DuesConfig& config);

// Reads a JSON configuration; keys left out keep their defaults. Example:
//   {"in_service": [[300000, 50], [500000, 100], [1000000, 150], [null, 200]],
//    "retired": [[500000, 50], [null, 100]], "student_fen": 20, "farmer_fen": 50,
//    "rounding": "half_up", "large_extra_fen": 100000, "back_pay_months": 6,
//    "prepay_months": 12, "self_withdrawal_months": 6}
absl::StatusOr<DuesConfig> ParseConfigJson(std::string_view json);

struct DuesAmount {
  int64_t fen = 0;
  int rate_per_10000 = 0;  // 0 for the fixed amounts
};

// The monthly dues for a base of `base_fen` of `type`. The fixed-amount types ignore the base.
DuesAmount ComputeDues(const DuesConfig& config, v1::IncomeType type, int64_t base_fen);

// num / den (den > 0, num >= 0) rounded as configured.
int64_t RoundedDivide(int64_t num, int64_t den, Rounding rounding);

// Whether a base of `type` fits a member's employment; false for e.g. a pension declared for an
// employed member (accepted, with a warning).
bool IncomeFitsEmployment(v1::IncomeType type, v1::Employment employment);

// The paid state of a member-month (assessed ones only).
v1::PaidState PaidStateOf(int64_t due_fen, int64_t paid_fen);

// Largest base the rules accept (10 million yuan a month): keeps base × rate far from overflow.
inline constexpr int64_t kMaxBaseFen = 1'000'000'000;

}  // namespace orgtree::dues
