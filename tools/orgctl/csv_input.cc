#include "tools/orgctl/csv_input.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tools/orgctl/errors.h"

namespace orgctl {
namespace {

namespace csv = orgtree::csv;

csv::Encoding EncodingOf(const std::string& word) {
  std::string w;
  for (char c : word) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (w == "utf-8" || w == "utf8") return csv::Encoding::kUtf8;
  if (w == "gb18030") return csv::Encoding::kGb18030;
  return csv::Encoding::kAuto;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LocalError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw LocalError("cannot read " + path + ": " + std::strerror(errno));
  return bytes.str();
}

// The library's file-level errors already read "line N: reason".
[[noreturn]] void Malformed(const std::string& path, const absl::Status& status) {
  throw UsageError(path + ": " + std::string(status.message()));
}

}  // namespace

csv::CsvTable ReadCsvFile(const std::string& path, const std::string& encoding,
                          const std::vector<csv::ColumnSpec>& specs) {
  auto text = csv::DecodeToUtf8(ReadBytes(path), EncodingOf(encoding));
  if (!text.ok()) Malformed(path, text.status());
  auto rows = csv::ParseCsv(*text);
  if (!rows.ok()) Malformed(path, rows.status());
  if (rows->empty()) throw UsageError(path + ": line 1: the file is empty: a header is required");

  // Matched with every column optional, so that each missing one is reported on its own line.
  std::vector<csv::ColumnSpec> optional = specs;
  for (auto& spec : optional) spec.required = false;
  auto header = csv::MapHeader(rows->front(), optional);
  if (!header.ok()) Malformed(path, header.status());
  std::string missing;
  for (std::size_t s = 0; s < specs.size(); ++s) {
    if (!specs[s].required || header->index[s] >= 0) continue;
    std::string names = specs[s].name;
    for (const auto& alias : specs[s].aliases) names += " or " + alias;
    missing += "\nline " + std::to_string(rows->front().line) + ", column " + specs[s].name +
               ": required column missing (header " + names + ")";
  }
  if (!missing.empty()) throw UsageError(path + ": the header lacks required columns:" + missing);
  for (const auto& name : header->ignored) {
    std::cerr << "warning: " << path << ": line " << rows->front().line << ", column " << name
              << ": unknown column, ignored\n";
  }

  csv::CsvTable table;
  table.header = *std::move(header);
  table.rows.assign(std::make_move_iterator(rows->begin() + 1),
                    std::make_move_iterator(rows->end()));
  return table;
}

}  // namespace orgctl
