#pragma once

// A whole CSV file read as a table: decoded to UTF-8, parsed, and its header matched against the
// expected columns. Shared by every CSV import (orgs, members, dues bases, bank statements).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/csv/csv_reader.h"
#include "services/csv/encoding.h"
#include "services/csv/header_map.h"

namespace orgtree::csv {

struct CsvTable {
  HeaderMap header;
  std::vector<CsvRow> rows;  // the data rows, header excluded
};

// INVALID_ARGUMENT for a problem with the file as a whole; its message names the line ("line 1:
// missing required column(s): …", "line 7: unterminated quoted cell", an empty file).
absl::StatusOr<CsvTable> ReadCsvTable(std::string_view bytes, Encoding encoding,
                                      const std::vector<ColumnSpec>& specs);

// Splits a message "line N: reason" into N and the reason (0 and the whole message when it names
// no line), so that callers can report file problems with a structured line number.
std::pair<int, std::string> SplitLinePrefix(std::string_view message);

}  // namespace orgtree::csv
