#pragma once

// Parsers for the cell formats officers type or Excel produces: dates, months, national ID
// numbers and amounts of money. Each trims the cell (see TrimCell) before parsing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace orgtree::csv {

// "YYYY-MM-DD" from 2020-06-01, 2020-6-1, 2020/6/1, 2020.6.1 or 2020年6月1日 (the 日 may be
// omitted). nullopt for other forms, mixed separators, dates that do not exist (2021-02-29) and
// years outside 1900–2999.
std::optional<std::string> NormalizeDate(std::string_view cell);

// "YYYY-MM" from 2020-06, 2020-6, 2020/6, 2020.6 or 2020年6月; same year range as NormalizeDate.
std::optional<std::string> NormalizeMonth(std::string_view cell);

// An 18-character national ID (17 digits and a digit or "X") with Excel's leading ' text marker
// removed and a trailing x uppercased. INVALID_ARGUMENT, with a message an officer can act on,
// for empty cells, Excel's scientific notation (3.60102E+17), 15-digit old-format IDs and
// anything else. The GB 11643 check digit is not verified here.
absl::StatusOr<std::string> NormalizeNationalIdCell(std::string_view cell);

// Yuan to fen (1/100 yuan) without floating point: "3000", "3000.5", "3,000.50". At most two
// decimals; thousands separators must be in the right places. nullopt for negatives, an empty
// cell, garbage and amounts of 10^15 yuan or more.
std::optional<int64_t> ParseYuanToFen(std::string_view cell);

// A base-10 integer with an optional leading '-'. nullopt for anything else or on overflow.
std::optional<int64_t> ParseInteger(std::string_view cell);

}  // namespace orgtree::csv
