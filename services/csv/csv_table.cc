#include "services/csv/csv_table.h"

namespace orgtree::csv {

absl::StatusOr<CsvTable> ReadCsvTable(std::string_view bytes, Encoding encoding,
                                      const std::vector<ColumnSpec>& specs) {
  auto text = DecodeToUtf8(bytes, encoding);
  if (!text.ok()) return text.status();
  auto rows = ParseCsv(*text);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::InvalidArgumentError("line 1: the file is empty: a header line is required");
  }
  auto header = MapHeader(rows->front(), specs);
  if (!header.ok()) return header.status();
  CsvTable table;
  table.header = *std::move(header);
  table.rows.assign(std::make_move_iterator(rows->begin() + 1),
                    std::make_move_iterator(rows->end()));
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
