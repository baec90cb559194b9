#pragma once

// The orgs and members CSV files: their columns (English and Chinese headers), turning rows into
// records with spreadsheet line numbers, and writing records back out for export.

#include <string>
#include <string_view>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"
#include "services/csv/encoding.h"
#include "services/registry/registry.h"

namespace orgtree::importer {

template <typename T>
struct ParsedFile {
  std::vector<registry::ImportRow<T>> rows;
  std::vector<v1::ImportProblem> errors;    // any → nothing may be imported
  std::vector<v1::ImportProblem> warnings;  // e.g. unknown columns, ignored
};

csv::Encoding ToCsvEncoding(v1::CsvEncoding e);

// Decodes, parses and checks every row's cells (formats, enum words, dates, ID numbers). Rules
// that need the registry (parents, uniqueness) are checked by the registry's import.
ParsedFile<v1::Org> ParseOrgsCsv(std::string_view bytes, csv::Encoding encoding);
ParsedFile<v1::Member> ParseMembersCsv(std::string_view bytes, csv::Encoding encoding);

// Export: a header line and one line per record, UTF-8 with English headers, or (excel) Chinese
// headers and Chinese enum words, to be encoded as GB18030 by the caller.
std::string OrgsCsvHeader(bool excel);
std::string OrgCsvLine(const v1::Org& org, bool excel);
std::string MembersCsvHeader(bool excel);
std::string MemberCsvLine(const v1::Member& member, bool excel);

}  // namespace orgtree::importer
