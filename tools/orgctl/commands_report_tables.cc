// `report stats [CODE] [--as-of D]` (the statistics tables of a subtree's current members and
// orgs) and `report labels [CODE]` (orgs by label, with the start date and status of weak/lax
// orgs under rectification); each as terminal tables, --csv or --json.

#include <iostream>
#include <string>

#include "absl/strings/ascii.h"
#include "services/common/enum_words.h"
#include "services/csv/csv_reader.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/output.h"
#include "tools/orgctl/report_render.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;
using orgtree::EnumWord;
using orgtree::csv::FormatCsvRow;

struct StatsOptions {
  std::string code;
  std::string as_of;
  bool csv = false;
};

// Officeholder figures are reported beside the tables (0 until officeholders are recorded).
std::vector<std::pair<std::string, int64_t>> OfficeholderFigures(const v1::StatsReport& r) {
  return {{"branch_secretaries", r.branch_secretaries()},
          {"full_time_party_workers", r.full_time_party_workers()},
          {"part_time_party_workers", r.part_time_party_workers()}};
}

void PrintStatsCsv(const v1::StatsReport& r) {
  std::cout << FormatCsvRow({"table", "key", "count"});
  std::cout << FormatCsvRow({"total", "current_members", std::to_string(r.current_members())});
  for (const auto& table : r.tables()) {
    for (const auto& row : table.rows()) {
      std::cout << FormatCsvRow({table.name(), row.key(), std::to_string(row.count())});
    }
  }
  for (const auto& [key, n] : OfficeholderFigures(r)) {
    std::cout << FormatCsvRow({"officeholders", key, std::to_string(n)});
  }
}

void PrintStatsText(const v1::StatsReport& r) {
  std::cout << "org: " << (r.org_code().empty() ? "(every root)" : r.org_code()) << '\n'
            << "as of: " << r.as_of() << '\n'
            << "current members: " << WithThousands(r.current_members()) << '\n';
  for (const auto& table : r.tables()) {
    std::cout << '\n';
    Table t({absl::AsciiStrToUpper(table.name()), "COUNT"});
    for (const auto& row : table.rows()) t.AddRow({row.key(), WithThousands(row.count())});
    t.Print(std::cout);
  }
  std::cout << '\n';
  for (const auto& [key, n] : OfficeholderFigures(r)) {
    std::cout << key << ": " << WithThousands(n) << '\n';
  }
}

int RunStats(Session& session, const StatsOptions& o) {
  const ReportFormat format = ChooseReportFormat(session, o.csv);
  v1::GetStatsReportRequest request;
  SetReportOrg(o.code, &request);
  request.set_as_of(o.as_of);
  v1::StatsReport report;
  // Statistics read every member of the subtree, so they get the long deadline.
  auto context = session.NewContext(kTransferTimeout);
  Check(session.reports().GetStatsReport(context.get(), request, &report));
  if (format == ReportFormat::kCsv) {
    PrintStatsCsv(report);
  } else if (format == ReportFormat::kJson) {
    PrintResult(session, report);
  } else {
    PrintStatsText(report);
  }
  return 0;
}

struct LabelOptions {
  std::string code;
  bool csv = false;
};

std::vector<std::string> LabelCells(const v1::LabelRow& row) {
  return {row.label(),
          row.code(),
          row.name(),
          EnumWord(row.type()),
          row.rectification() ? "yes" : "no",
          row.since(),
          row.status()};
}

int RunLabels(Session& session, const LabelOptions& o) {
  const ReportFormat format = ChooseReportFormat(session, o.csv);
  v1::GetLabelReportRequest request;
  SetReportOrg(o.code, &request);
  v1::LabelReport report;
  auto context = session.NewContext();
  Check(session.reports().GetLabelReport(context.get(), request, &report));
  PrintReportRows(format, report.rows(),
                  {"label", "code", "name", "type", "rectification", "since", "status"},
                  {"LABEL", "ORG", "NAME", "TYPE", "RECTIFICATION", "SINCE", "STATUS"},
                  "no labelled orgs", &LabelCells);
  return 0;
}

}  // namespace

void AddReportTableCommands(CLI::App& report, Action* action) {
  auto stats = std::make_shared<StatsOptions>();
  CLI::App* cmd = report.add_subcommand(
      "stats",
      "statistics of current members (category, gender, age, education, employment, "
      "party age) and orgs by type");
  cmd->add_option("code", stats->code, "root of the subtree (default: every root)");
  AddDateOption(cmd, "--as-of", &stats->as_of, "date ages are computed on (default: today)");
  cmd->add_flag("--csv", stats->csv, "CSV on stdout: table,key,count");
  BindAction(cmd, action, stats, &RunStats);

  auto labels = std::make_shared<LabelOptions>();
  cmd = report.add_subcommand(
      "labels",
      "orgs by label; weak/lax orgs under rectification with start date and status "
      "(label 软弱涣散:YYYY-MM-DD:STATUS)");
  cmd->add_option("code", labels->code, "root of the subtree (default: every root)");
  cmd->add_flag("--csv", labels->csv, "CSV on stdout");
  BindAction(cmd, action, labels, &RunLabels);
}

}  // namespace orgctl
