#include "services/csv/header_map.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace orgtree::csv {
namespace {

// ASCII-only case folding: English headers match in any case, other bytes (Chinese) exactly.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Index of the spec whose name or alias is `header`, or -1.
int FindSpec(std::string_view header, const std::vector<ColumnSpec>& specs) {
  for (size_t s = 0; s < specs.size(); ++s) {
    if (EqualsIgnoreAsciiCase(header, specs[s].name)) return static_cast<int>(s);
    for (const std::string& alias : specs[s].aliases) {
      if (EqualsIgnoreAsciiCase(header, alias)) return static_cast<int>(s);
    }
  }
  return -1;
}

// The cell of `cells` for spec `spec_index`, for both row representations.
template <typename Cells>
std::string_view CellOf(const HeaderMap& map, const Cells& cells, size_t spec_index) {
  if (spec_index >= map.index.size()) return {};
  int c = map.index[spec_index];
  if (c < 0 || static_cast<size_t>(c) >= cells.size()) return {};
  return cells[c];
}

}  // namespace

std::string ColumnLetters(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

absl::StatusOr<HeaderMap> MapHeader(const CsvRow& header, const std::vector<ColumnSpec>& specs) {
  HeaderMap map;
  map.index.assign(specs.size(), -1);
  for (size_t c = 0; c < header.cells.size(); ++c) {
    std::string_view text = TrimCell(header.cells[c]);
    // Excel keeps formatting on columns right of the data, which shows up as empty headers.
    if (text.empty()) continue;
    int s = FindSpec(text, specs);
    if (s < 0) {
      map.ignored.emplace_back(text);
      continue;
    }
    if (map.index[s] >= 0) {
      // Taking either copy could import the wrong data, so make the officer choose.
      return absl::InvalidArgumentError(
          absl::StrFormat("line %d: column %s appears twice (columns %s and %s: \"%s\" and \"%s\")",
                          header.line, specs[s].name, ColumnLetters(map.index[s]), ColumnLetters(c),
                          TrimCell(header.cells[map.index[s]]), text));
    }
    map.index[s] = static_cast<int>(c);
  }
  std::string missing;
  for (size_t s = 0; s < specs.size(); ++s) {
    if (!specs[s].required || map.index[s] >= 0) continue;
    if (!missing.empty()) missing += ", ";
    missing += specs[s].name;
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("line %d: missing required column(s): %s", header.line, missing));
  }
  return map;
}

std::string_view Cell(const HeaderMap& map, const CsvRow& row, size_t spec_index) {
  return CellOf(map, row.cells, spec_index);
}

std::string_view Cell(const HeaderMap& map, const CsvCells& cells, size_t spec_index) {
  return CellOf(map, cells, spec_index);
}

}  // namespace orgtree::csv
