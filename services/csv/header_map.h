#pragma once

// Matches a CSV header row against the columns an import understands, so that officers may
// order columns freely and use either the English names or the Chinese ones.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/csv/csv_reader.h"

namespace orgtree::csv {

struct ColumnSpec {
  std::string name;                  // English header, e.g. "member_no"; used in messages.
  std::vector<std::string> aliases;  // Other accepted headers, e.g. {"党员编号"}.
  bool required = false;
};

struct HeaderMap {
  std::vector<int> index;            // Cell index per spec (same order as the specs), -1 if absent.
  std::vector<std::string> ignored;  // Header cells that matched no spec, in file order.
};

// Header cells are trimmed, then compared with names and aliases ignoring ASCII case (Chinese
// text therefore matches exactly). Empty header cells are skipped. INVALID_ARGUMENT if a column
// appears twice (under any of its names) or if required columns are missing, in which case one
// error lists all of them: "line 1: missing required column(s): national_id, name".
absl::StatusOr<HeaderMap> MapHeader(const CsvRow& header, const std::vector<ColumnSpec>& specs);

// The cell of `row` for spec `spec_index`, or "" if the column is absent, the row is shorter than
// the header, or `spec_index` is out of range.
std::string_view Cell(const HeaderMap& map, const CsvRow& row, size_t spec_index);
std::string_view Cell(const HeaderMap& map, const CsvCells& cells, size_t spec_index);

// Excel's name for a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA".
std::string ColumnLetters(size_t index);

}  // namespace orgtree::csv
