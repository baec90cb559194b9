#include "services/csv/csv_table.h"

#include <algorithm>
#include <optional>

#include "services/common/parallel.h"

namespace orgtree::csv {

namespace {

// Files smaller than this are read on one thread: starting threads would cost more than it saves.
constexpr size_t kMinBytesPerPart = 1 << 20;

// Physical lines `text` ends: LF, CR LF or a lone CR, as ReadCsvRows counts them. `text` does not
// end between a CR and its LF (pieces are cut after an LF).
int CountLineBreaks(std::string_view text) {
  int lines = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lines;
    } else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
      ++lines;
    }
  }
  return lines;
}

// Cuts `text` into up to `parts` pieces of about equal size, each but the last ending just after
// an LF. A cut inside a quoted cell is found out by ReadCsvRows (see ReadCsvTableRows).
std::vector<std::string_view> CutAtLineEnds(std::string_view text, size_t parts) {
  std::vector<std::string_view> pieces;
  size_t begin = 0;
  for (size_t p = 1; p < parts && begin < text.size(); ++p) {
    const size_t target = std::max(begin, text.size() / parts * p);
    const size_t lf = text.find('\n', target);
    if (lf == std::string_view::npos) break;
    pieces.push_back(text.substr(begin, lf + 1 - begin));
    begin = lf + 1;
  }
  if (begin < text.size()) pieces.push_back(text.substr(begin));
  return pieces;
}

}  // namespace

absl::Status ReadCsvTableRows(
    std::string_view bytes, Encoding encoding, const std::vector<ColumnSpec>& specs,
    HeaderMap* header, absl::FunctionRef<void(const std::vector<size_t>& rows_at_most)> start,
    absl::FunctionRef<void(size_t part, int line, const CsvCells& cells)> row) {
  // Valid UTF-8 is read where it lies: a 1M-member file is 125 MB.
  std::string converted;
  auto text = DecodeToUtf8(bytes, encoding, &converted);
  if (!text.ok()) return text.status();
  std::string_view body = *text;

  std::optional<CsvRow> head;
  auto head_end = ReadCsvRows(body, 1, [&](int line, const CsvCells& cells) {
    head = CsvRow{.line = line, .cells = {cells.begin(), cells.end()}};
    return false;
  });
  if (!head_end.ok()) return head_end.status();
  if (!head) {
    return absl::InvalidArgumentError("line 1: the file is empty: a header line is required");
  }
  auto mapped = MapHeader(*head, specs);
  if (!mapped.ok()) return mapped.status();
  *header = *std::move(mapped);
  body.remove_prefix(head_end->offset);

  // Each piece is read as if it began a row. If every piece but the last ends its last row at its
  // own end, each cut was a row boundary (the first piece does begin one, and so, in turn, does
  // each next), and the pieces' rows are the file's. Otherwise a quoted cell spans a cut: read the
  // whole file in one go, which also finds the file's real first error.
  const std::vector<std::string_view> pieces =
      CutAtLineEnds(body, PartsFor(body.size(), kMinBytesPerPart));
  // Each piece's physical lines: where the next one starts, and at most how many rows it holds.
  std::vector<size_t> rows_at_most(pieces.size());
  RunInParts(pieces.size(), [&](size_t p) { rows_at_most[p] = CountLineBreaks(pieces[p]) + 1; });
  std::vector<int> first_lines(pieces.size(), head_end->line);
  for (size_t p = 1; p < pieces.size(); ++p) {
    first_lines[p] = first_lines[p - 1] + static_cast<int>(rows_at_most[p - 1] - 1);
  }
  start(rows_at_most);
  std::vector<absl::Status> results(pieces.size());
  RunInParts(pieces.size(), [&](size_t p) {
    results[p] = ReadCsvRows(pieces[p], first_lines[p], [&](int line, const CsvCells& cells) {
                   row(p, line, cells);
                   return true;
                 }).status();
  });
  if (std::all_of(results.begin(), results.end(), [](const auto& s) { return s.ok(); })) {
    return absl::OkStatus();
  }
  if (pieces.size() == 1) return results.front();
  size_t lines = 0;
  for (size_t n : rows_at_most) lines += n;
  start({lines});
  return ReadCsvRows(body, head_end->line,
                     [&](int line, const CsvCells& cells) {
                       row(0, line, cells);
                       return true;
                     })
      .status();
}

absl::StatusOr<CsvTable> ReadCsvTable(std::string_view bytes, Encoding encoding,
                                      const std::vector<ColumnSpec>& specs) {
  CsvTable table;
  std::vector<std::vector<CsvRow>> parts;
  auto s = ReadCsvTableRows(
      bytes, encoding, specs, &table.header,
      [&](const std::vector<size_t>& rows_at_most) { parts.assign(rows_at_most.size(), {}); },
      [&](size_t part, int line, const CsvCells& cells) {
        parts[part].push_back(CsvRow{.line = line, .cells = {cells.begin(), cells.end()}});
      });
  if (!s.ok()) return s;
  for (auto& part : parts) {
    table.rows.insert(table.rows.end(), std::make_move_iterator(part.begin()),
                      std::make_move_iterator(part.end()));
  }
  return table;
}

std::pair<int, std::string> SplitLinePrefix(std::string_view message) {
  constexpr std::string_view kLine = "line ";
  if (message.substr(0, kLine.size()) != kLine) return {0, std::string(message)};
  size_t i = kLine.size();
  int line = 0;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9' && line < 100000000) {
    line = line * 10 + (message[i++] - '0');
  }
  if (i == kLine.size() || message.substr(i, 2) != ": ") return {0, std::string(message)};
  return {line, std::string(message.substr(i + 2))};
}

}  // namespace orgtree::csv
