#pragma once

// Calendar dates ("YYYY-MM-DD") in China Standard Time. Dates are values, never timestamps.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace orgtree {

using Date = absl::CivilDay;

// Parses exactly "YYYY-MM-DD" (a real calendar date, years 1900–2999).
std::optional<Date> ParseDate(std::string_view text);

// "YYYY-MM-DD".
std::string FormatDate(Date d);

// Parses `text` for the request field `field`: INVALID_ARGUMENT naming the field when malformed.
absl::StatusOr<Date> ParseDateField(std::string_view field, std::string_view text);

// Like ParseDateField, but an empty text means `fallback` (usually today).
absl::StatusOr<Date> ParseDateFieldOr(std::string_view field, std::string_view text, Date fallback);

// Like ParseDateFieldOr(field, text, today), and refuses a date after `today` (INVALID_ARGUMENT
// "field: is after today"): for things that have happened, such as an effective date.
absl::StatusOr<Date> ParseDateFieldUpTo(std::string_view field, std::string_view text, Date today);

// The same day `months` later; clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
Date AddMonths(Date d, int months);

// YYYYMMDD as an integer: the day part of storage keys, which then sort by date.
inline uint32_t DayNumber(Date d) {
  return static_cast<uint32_t>(d.year() * 10000 + d.month() * 100 + d.day());
}

// Whole years from `from` to `to` (age on `to` of someone born on `from`).
int WholeYearsBetween(Date from, Date to);

}  // namespace orgtree
