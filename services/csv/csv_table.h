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

// Reads a file's data rows without gathering them: decodes it, maps its header into `*header`,
// then calls start(rows_at_most) and row(part, line, cells) for every data row. A large file is
// read in parts, contiguous pieces on as many threads, each piece's rows in file order on its own
// thread (rows of part p come before those of part p + 1), so `row` must only touch what belongs
// to its part. start() gives one bound per part on the rows it may hold (its physical lines), for
// sizing what the caller gathers. Should a piece turn out not to begin at a row (a quoted cell with
// line breaks across the cut), start() is called again with one part and the whole file is read on
// the calling thread: the caller drops what it gathered before. Errors as ReadCsvTable's.
absl::Status ReadCsvTableRows(
    std::string_view bytes, Encoding encoding, const std::vector<ColumnSpec>& specs,
    HeaderMap* header, absl::FunctionRef<void(const std::vector<size_t>& rows_at_most)> start,
    absl::FunctionRef<void(size_t part, int line, const CsvCells& cells)> row);

// INVALID_ARGUMENT for a problem with the file as a whole; its message names the line ("line 1:
// missing required column(s): …", "line 7: unterminated quoted cell", an empty file).
absl::StatusOr<CsvTable> ReadCsvTable(std::string_view bytes, Encoding encoding,
                                      const std::vector<ColumnSpec>& specs);

// Splits a message "line N: reason" into N and the reason (0 and the whole message when it names
// no line), so that callers can report file problems with a structured line number.
std::pair<int, std::string> SplitLinePrefix(std::string_view message);

// "line 3, column national_id: reason" lines, at most `limit` of them, for an error message.
// `Problem` has line(), column() and reason() (the import and dues problem messages).
template <typename Problem>
std::string DescribeProblems(const std::vector<Problem>& problems, size_t limit) {
  std::string out;
  for (size_t i = 0; i < problems.size() && i < limit; ++i) {
    const auto& p = problems[i];
    std::string where;
    if (p.line() > 0) where = "line " + std::to_string(p.line());
    if (!p.column().empty()) where += (where.empty() ? "column " : ", column ") + p.column();
    if (!out.empty()) out += "\n";
    out += where.empty() ? p.reason() : where + ": " + p.reason();
  }
  if (problems.size() > limit) {
    out += "\n… and " + std::to_string(problems.size() - limit) + " more";
  }
  return out;
}

}  // namespace orgtree::csv
