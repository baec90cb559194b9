#pragma once

// CSV files that orgctl reads itself and sends as rows (handover lists and mappings, receipts),
// under the project's CSV rules: encoding detection, RFC 4180, headers in English or Chinese in
// any order. Every row keeps its spreadsheet line, so that the server's messages can name it.

#include <string>
#include <string_view>
#include <vector>

#include "services/csv/csv_table.h"

namespace orgctl {

// Reads `path` (`encoding`: auto, utf-8 or gb18030) and matches its header against `specs`.
// Unknown columns are ignored with a warning on stderr. A file that cannot be read throws
// LocalError; a malformed one (bad bytes, broken quoting, a required column missing) throws
// UsageError naming the file and every problem as "line N, column NAME: reason".
orgtree::csv::CsvTable ReadCsvFile(const std::string& path, const std::string& encoding,
                                   const std::vector<orgtree::csv::ColumnSpec>& specs);

// The cell of column `spec` in `row` ("" when the column is absent or the row short).
inline std::string CellText(const orgtree::csv::CsvTable& table, const orgtree::csv::CsvRow& row,
                            std::size_t spec) {
  return std::string(orgtree::csv::Cell(table.header, row, spec));
}

}  // namespace orgctl
