// `report tree [CODE] [--dot]` (the org chart with secretaries and member counts) and
// `report rules [CODE]` (where the subtree breaks the organisation rules); each as a terminal
// table, --csv or --json.

#include <iostream>
#include <string>

#include "services/common/enum_words.h"
#include "services/csv/csv_reader.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/report_render.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;
using orgtree::EnumWord;
using orgtree::csv::FormatCsvRow;

struct TreeReportOptions {
  std::string code;
  bool csv = false;
  bool dot = false;
};

void PrintTreeCsv(const v1::TreeReport& report) {
  std::cout << FormatCsvRow({"code", "name", "type", "parent_code", "depth", "units", "secretary",
                             "secretary_member_no", "current_members", "full", "probationary"});
  for (const auto& n : report.nodes()) {
    std::cout << FormatCsvRow({n.code(), n.name(), EnumWord(n.type()), n.parent_code(),
                               std::to_string(n.depth()), std::to_string(n.units()), n.secretary(),
                               n.secretary_member_no(), std::to_string(n.current_members()),
                               std::to_string(n.full()), std::to_string(n.probationary())});
  }
}

void PrintTreeText(const v1::TreeReport& report) {
  // The code column carries the indentation, so the chart reads as a tree.
  Table t({"ORG", "NAME", "TYPE", "SECRETARY", "MEMBERS", "FULL", "PROBATIONARY"});
  for (const auto& n : report.nodes()) {
    t.AddRow({std::string(2 * static_cast<size_t>(n.depth()), ' ') + n.code(), n.name(),
              EnumWord(n.type()), n.secretary(), WithThousands(n.current_members()),
              WithThousands(n.full()), WithThousands(n.probationary())});
  }
  t.Print(std::cout);
}

int RunTreeReport(Session& session, const TreeReportOptions& o) {
  const ReportFormat format = ChooseReportFormat(session, o.csv, o.dot);
  v1::GetTreeReportRequest request;
  SetReportOrg(o.code, &request);
  v1::TreeReport report;
  auto context = session.NewContext();
  Check(session.reports().GetTreeReport(context.get(), request, &report));
  switch (format) {
    case ReportFormat::kCsv:
      PrintTreeCsv(report);
      break;
    case ReportFormat::kDot:
      std::cout << TreeDot(report);
      break;
    case ReportFormat::kJson: {
      Json items = Json::array();
      for (const auto& n : report.nodes()) items.push_back(MessageToJson(n));
      PrintJson(ListJson(std::move(items), ""));
      break;
    }
    case ReportFormat::kText:
      PrintTreeText(report);
      break;
  }
  return 0;
}

struct RuleReportOptions {
  std::string code;
  bool csv = false;
};

std::vector<std::string> RuleCells(const v1::RuleViolation& v) {
  return {v.code(),    v.name(), EnumWord(v.type()), EnumWord(v.rule()), std::to_string(v.figure()),
          v.expected()};
}

int RunRuleReport(Session& session, const RuleReportOptions& o) {
  const ReportFormat format = ChooseReportFormat(session, o.csv);
  v1::GetRuleReportRequest request;
  SetReportOrg(o.code, &request);
  v1::RuleReport report;
  auto context = session.NewContext();
  Check(session.reports().GetRuleReport(context.get(), request, &report));
  PrintReportRows(
      format, report.violations(), {"code", "name", "type", "rule", "figure", "expected"},
      {"ORG", "NAME", "TYPE", "RULE", "FIGURE", "EXPECTED"}, "no rule is broken", &RuleCells);
  return 0;
}

}  // namespace

void AddReportCommands(CLI::App& app, Action* action) {
  CLI::App* report = app.add_subcommand("report", "reports over a subtree (default: every root)");
  report->require_subcommand(1);

  auto tree = std::make_shared<TreeReportOptions>();
  CLI::App* cmd = report->add_subcommand(
      "tree", "the org chart: type, secretary and current members (full, probationary)");
  cmd->add_option("code", tree->code, "root of the subtree (default: every root)");
  cmd->add_flag("--csv", tree->csv, "CSV on stdout");
  cmd->add_flag("--dot", tree->dot, "Graphviz DOT on stdout (draw with `dot -Tsvg`)");
  BindAction(cmd, action, tree, &RunTreeReport);

  auto rules = std::make_shared<RuleReportOptions>();
  cmd = report->add_subcommand(
      "rules", "orgs that break the organisation rules (sizes, joint branch units); warnings only");
  cmd->add_option("code", rules->code, "root of the subtree (default: every root)");
  cmd->add_flag("--csv", rules->csv, "CSV on stdout");
  BindAction(cmd, action, rules, &RunRuleReport);

  AddReportTableCommands(*report, action);
}

}  // namespace orgctl
