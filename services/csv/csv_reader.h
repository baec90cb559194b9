#pragma once

// RFC 4180 CSV as Excel writes it, reduced to trimmed cells with spreadsheet line numbers so
// that import errors can point officers at the row they need to fix.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"

namespace orgtree::csv {

struct CsvRow {
  // Physical line where the row starts, as Excel numbers rows when no cell spans lines (the
  // header is line 1). A quoted cell containing line breaks pushes later rows' numbers up.
  int line = 0;
  std::vector<std::string> cells;
};

// Removes surrounding ASCII whitespace and full-width spaces (U+3000), which Chinese input
// methods insert easily and which are invisible in Excel.
std::string_view TrimCell(std::string_view cell);

// One row's cells, trimmed: views into the text, or into the reader's own copy of a quoted cell
// whose value differs from its text ("" escapes, line breaks). Valid until the callback returns.
using CsvCells = std::vector<std::string_view>;

// Where reading stopped: the offset of the next row in the text and its physical line.
struct CsvStop {
  size_t offset = 0;
  int line = 0;
};

// Reads the rows of UTF-8 `text`, whose first character is on physical line `first_line`, by the
// rules of ParseCsv below, calling fn(line, cells) for each row that is not all empty and
// stopping after a row for which fn returns false. Nothing is copied but the quoted cells that
// need it, so a large file can be read without a string per cell. The text must start at a row
// (a BOM is not skipped). Errors as ParseCsv's.
absl::StatusOr<CsvStop> ReadCsvRows(std::string_view text, int first_line,
                                    absl::FunctionRef<bool(int line, const CsvCells& cells)> fn);

// Parses UTF-8 CSV text: quoted cells with "" escapes, commas and line breaks inside quotes,
// CRLF, LF or CR line ends. Every cell is trimmed with TrimCell (quoted ones too), a line break
// inside a quoted cell becomes "\n", a leading BOM is ignored, and rows whose cells are all
// empty are skipped. INVALID_ARGUMENT "line N: ..." for an unterminated quoted cell or text
// after a closing quote.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view utf8);

// One CSV record ending in "\n". Cells containing a comma, quote, CR or LF, or starting or
// ending with a space or tab, are quoted so other readers (Excel) keep them intact.
std::string FormatCsvRow(const std::vector<std::string>& cells);

}  // namespace orgtree::csv
