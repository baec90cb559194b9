#pragma once

// Shared by the `report …` commands: which of the output forms a run asked for, the request's
// org, and the org chart as Graphviz DOT.

#include <google/protobuf/repeated_ptr_field.h>

#include <iostream>
#include <string>
#include <vector>

#include "orgtree/v1/report_service.pb.h"
#include "services/csv/csv_reader.h"
#include "tools/orgctl/args.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/session.h"

namespace orgctl {

enum class ReportFormat { kText, kCsv, kJson, kDot };

// The one form asked for by --csv, --json and (tree only) --dot; more than one is a usage error.
ReportFormat ChooseReportFormat(const Session& session, bool csv, bool dot = false);

// Sets the request's org when a code was given (no code: every root).
template <typename Request>
void SetReportOrg(const std::string& code, Request* request) {
  if (!code.empty()) *request->mutable_org() = OrgByCode(code);
}

// Prints the rows of a list report: CSV under `csv_header`, JSON items, or a table under
// `table_header` (`none` instead when there are no rows). `cells` gives a row's cells, the same
// for CSV and the table, so the two forms never disagree.
template <typename Row>
void PrintReportRows(ReportFormat format, const google::protobuf::RepeatedPtrField<Row>& rows,
                     const std::vector<std::string>& csv_header,
                     const std::vector<std::string>& table_header, const std::string& none,
                     std::vector<std::string> (*cells)(const Row&)) {
  if (format == ReportFormat::kCsv) {
    std::cout << orgtree::csv::FormatCsvRow(csv_header);
    for (const Row& row : rows) std::cout << orgtree::csv::FormatCsvRow(cells(row));
  } else if (format == ReportFormat::kJson) {
    Json items = Json::array();
    for (const Row& row : rows) items.push_back(MessageToJson(row));
    PrintJson(ListJson(std::move(items), ""));
  } else if (rows.empty()) {
    std::cout << none << '\n';
  } else {
    Table table(table_header);
    for (const Row& row : rows) table.AddRow(cells(row));
    table.Print(std::cout);
  }
}

// The chart as a DOT digraph: one box per org labelled with code, name, type and member counts,
// and an edge from each parent in the report to its child. Every id and label is a quoted DOT
// string (quotes, backslashes and line breaks escaped; UTF-8 passes through).
std::string TreeDot(const orgtree::v1::TreeReport& report);

}  // namespace orgctl
