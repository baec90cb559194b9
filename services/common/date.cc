#include "services/common/date.h"

#include <cstdio>

#include "absl/strings/str_format.h"

namespace orgtree {

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (parts[0] < 1900 || parts[0] > 2999) return std::nullopt;
  Date d(parts[0], parts[1], parts[2]);
  // CivilDay normalises (Feb 30 → Mar 2); a real date survives the round trip unchanged.
  if (d.year() != parts[0] || d.month() != parts[1] || d.day() != parts[2]) return std::nullopt;
  return d;
}

std::string FormatDate(Date d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

absl::StatusOr<Date> ParseDateField(std::string_view field, std::string_view text) {
  if (text.empty()) {
    return absl::InvalidArgumentError(std::string(field) + ": required (YYYY-MM-DD)");
  }
  auto d = ParseDate(text);
  if (!d) {
    return absl::InvalidArgumentError(std::string(field) + ": '" + std::string(text) +
                                      "' is not a calendar date in the form YYYY-MM-DD");
  }
  return *d;
}

absl::StatusOr<Date> ParseDateFieldOr(std::string_view field, std::string_view text,
                                      Date fallback) {
  if (text.empty()) return fallback;
  return ParseDateField(field, text);
}

absl::StatusOr<Date> ParseDateFieldUpTo(std::string_view field, std::string_view text, Date today) {
  auto d = ParseDateFieldOr(field, text, today);
  if (d.ok() && *d > today)
    return absl::InvalidArgumentError(std::string(field) + ": is after today");
  return d;
}

Date AddMonths(Date d, int months) {
  absl::CivilMonth m = absl::CivilMonth(d) + months;
  Date first(m.year(), m.month(), 1);
  Date last = Date(absl::CivilMonth(m) + 1) - 1;
  int day = std::min<int>(d.day(), last.day());
  return Date(first.year(), first.month(), day);
}

int WholeYearsBetween(Date from, Date to) {
  int years = static_cast<int>(to.year() - from.year());
  if (to.month() < from.month() || (to.month() == from.month() && to.day() < from.day())) --years;
  return years;
}

}  // namespace orgtree
