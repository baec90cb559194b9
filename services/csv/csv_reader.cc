#include "services/csv/csv_reader.h"

#include <algorithm>
#include <deque>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace orgtree::csv {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Skips the line break at `text[i]` ("\r\n" counts once) and returns the index after it.
size_t SkipLineBreak(std::string_view text, size_t i) {
  if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') return i + 2;
  return i + 1;
}

bool NeedsQuotes(std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") != std::string_view::npos) return true;
  if (cell.empty()) return false;
  const auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  return is_blank(cell.front()) || is_blank(cell.back());
}

}  // namespace

std::string_view TrimCell(std::string_view cell) {
  const auto is_ascii_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (true) {
    if (!cell.empty() && is_ascii_space(cell.front())) {
      cell.remove_prefix(1);
    } else if (!cell.empty() && is_ascii_space(cell.back())) {
      cell.remove_suffix(1);
    } else if (cell.starts_with(kIdeographicSpace)) {
      cell.remove_prefix(kIdeographicSpace.size());
    } else if (cell.ends_with(kIdeographicSpace)) {
      cell.remove_suffix(kIdeographicSpace.size());
    } else {
      return cell;
    }
  }
}

absl::StatusOr<CsvStop> ReadCsvRows(std::string_view text, int first_line,
                                    absl::FunctionRef<bool(int line, const CsvCells& cells)> fn) {
  CsvCells cells;
  // Values of quoted cells that differ from their text. A deque keeps each string where it is
  // while more are added, so the views taken of earlier ones stay valid.
  std::deque<std::string> rewritten;
  int line = first_line;  // Physical line of text[i].
  size_t i = 0;
  while (i < text.size()) {
    const int row_line = line;
    cells.clear();
    rewritten.clear();
    bool row_done = false;
    while (!row_done) {
      // Whitespace before an opening quote is tolerated; trimming would drop it anyway.
      size_t j = i;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
      if (j < text.size() && text[j] == '"') {
        const int start_line = line;
        const size_t begin = j + 1;
        std::string* value = nullptr;  // set once the value stops being a plain slice of the text
        auto rewrite = [&] {
          if (value == nullptr) value = &rewritten.emplace_back(text.substr(begin, i - begin));
          return value;
        };
        i = begin;
        bool closed = false;
        while (i < text.size()) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              rewrite()->push_back('"');
              i += 2;
              continue;
            }
            closed = true;
            break;
          }
          if (IsLineBreak(c)) {
            // Normalised so values do not depend on which line ends the file used.
            rewrite()->push_back('\n');
            i = SkipLineBreak(text, i);
            ++line;
            continue;
          }
          if (value != nullptr) value->push_back(c);
          ++i;
        }
        if (!closed) {
          return absl::InvalidArgumentError(
              absl::StrFormat("line %d: unterminated quoted cell", start_line));
        }
        std::string_view cell = value ? std::string_view(*value) : text.substr(begin, i - begin);
        ++i;  // the closing quote
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i < text.size() && text[i] != ',' && !IsLineBreak(text[i])) {
          // Excel never writes this; guessing what `"a"b` meant could silently corrupt data.
          return absl::InvalidArgumentError(
              absl::StrFormat("line %d: unexpected text after the closing quote of cell %d", line,
                              cells.size() + 1));
        }
        cells.push_back(TrimCell(cell));
      } else {
        // Unquoted: a stray quote inside is kept literally, as Excel does.
        size_t end = i;
        while (end < text.size() && text[end] != ',' && !IsLineBreak(text[end])) ++end;
        cells.push_back(TrimCell(text.substr(i, end - i)));
        i = end;
      }
      if (i >= text.size()) {
        row_done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // Line break.
        i = SkipLineBreak(text, i);
        ++line;
        row_done = true;
      }
    }
    const bool all_empty =
        std::all_of(cells.begin(), cells.end(), [](std::string_view c) { return c.empty(); });
    if (!all_empty && !fn(row_line, cells)) break;
  }
  return CsvStop{.offset = i, .line = line};
}

absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view text) {
  // DecodeToUtf8 already strips it, but a BOM glued to the first header would make that column
  // unmatchable, so be safe for callers that skip decoding.
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  std::vector<CsvRow> rows;
  auto stop = ReadCsvRows(text, 1, [&](int line, const CsvCells& cells) {
    rows.push_back(CsvRow{.line = line, .cells = {cells.begin(), cells.end()}});
    return true;
  });
  if (!stop.ok()) return stop.status();
  return rows;
}

std::string FormatCsvRow(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t k = 0; k < cells.size(); ++k) {
    if (k > 0) out.push_back(',');
    const std::string& cell = cells[k];
    if (!NeedsQuotes(cell)) {
      out += cell;
      continue;
    }
    out.push_back('"');
    for (char c : cell) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('\n');
  return out;
}

}  // namespace orgtree::csv
