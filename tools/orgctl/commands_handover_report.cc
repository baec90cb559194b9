// `handover receipts FILE` (the communities' 回执, all or nothing) and `handover report` (how many
// of the selected retirees have arrived, per community and overall, and who is outstanding).

#include <iostream>
#include <string>
#include <vector>

#include "services/csv/csv_reader.h"
#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/handover_files.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct ReceiptsOptions {
  std::string file;
  std::string encoding = "auto";
  bool dry_run = false;
};

int RunReceipts(Session& session, const ReceiptsOptions& o) {
  const std::vector<v1::ReceiptRow> rows = ReadReceipts(o.file, o.encoding);
  v1::RecordReceiptsRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_rows() = {rows.begin(), rows.end()};
  request.set_validate_only(o.dry_run);
  v1::RecordReceiptsResponse response;
  auto context = session.NewContext(kTransferTimeout);
  Check(session.transfers().RecordReceipts(context.get(), request, &response));
  if (session.json()) {
    PrintResult(session, response);
  } else {
    if (o.dry_run) std::cout << "dry run: the file is valid; nothing written\n";
    std::cout << "recorded: " << response.recorded() << '\n'
              << "late: " << response.late() << '\n'
              << "already_recorded: " << response.already_recorded() << '\n';
  }
  // Problems listed in an answer (rather than a refusal) still mean nothing was written.
  for (const auto& problem : response.errors()) {
    std::cerr << "error: " << ProblemText(problem) << '\n';
  }
  return response.errors().empty() ? 0 : 1;
}

struct ReportOptions {
  std::string batch_id;
  bool csv = false;
};

std::string CommunityLabel(const v1::HandoverProgress& p) {
  // Members without a community are the ones without a mapping (their exception says so).
  return p.community_org_name().empty() ? "(none)" : p.community_org_name();
}

// "4,056 of 4,071 transferred, 99.63%": the percent is the server's, rounded half up.
std::string OverallLine(const v1::HandoverProgress& p) {
  return WithThousands(p.transferred()) + " of " + WithThousands(p.total()) + " transferred, " +
         p.percent() + "%";
}

void PrintReportCsv(const v1::HandoverReport& report) {
  using orgtree::csv::FormatCsvRow;
  std::cout << FormatCsvRow(
      {"scope", "community_org_name", "total", "issued", "transferred", "exceptions", "percent"});
  auto row = [](const std::string& scope, const v1::HandoverProgress& p) {
    return FormatCsvRow({scope, p.community_org_name(), std::to_string(p.total()),
                         std::to_string(p.issued()), std::to_string(p.transferred()),
                         std::to_string(p.exceptions()), p.percent()});
  };
  for (const auto& c : report.communities()) std::cout << row("community", c);
  std::cout << row("overall", report.overall());
}

void PrintReportText(const v1::HandoverReport& report) {
  std::string batches;
  for (const auto& id : report.batch_ids()) batches += (batches.empty() ? "" : ", ") + id;
  std::cout << "batches: " << OrDash(batches) << '\n';
  Table t({"COMMUNITY", "TOTAL", "ISSUED", "TRANSFERRED", "EXCEPTIONS", "PERCENT"});
  for (const auto& c : report.communities()) {
    t.AddRow({CommunityLabel(c), WithThousands(c.total()), WithThousands(c.issued()),
              WithThousands(c.transferred()), WithThousands(c.exceptions()), c.percent() + "%"});
  }
  t.Print(std::cout);
  std::cout << OverallLine(report.overall()) << '\n';
  std::cout << "outstanding: " << report.outstanding_size() << '\n';
  if (report.outstanding_size() > 0) {
    Table o({"MEMBER_NO", "NAME", "BRANCH", "COMMUNITY", "SERIAL", "WHY"});
    for (const auto& m : report.outstanding()) {
      o.AddRow({m.member_no(), m.member_name(), m.org_code(), m.community_org_name(), m.serial(),
                m.why()});
    }
    o.Print(std::cout);
  }
}

int RunReport(Session& session, const ReportOptions& o) {
  if (o.csv && session.json()) throw UsageError("give --csv or --json, not both");
  v1::GetHandoverReportRequest request;
  request.set_batch_id(o.batch_id);
  v1::HandoverReport report;
  auto context = session.NewContext(kTransferTimeout);
  Check(session.handovers().GetHandoverReport(context.get(), request, &report));
  if (o.csv) {
    PrintReportCsv(report);
  } else if (session.json()) {
    PrintResult(session, report);
  } else {
    PrintReportText(report);
  }
  return 0;
}

}  // namespace

void AddHandoverReportCommands(CLI::App& handover, Action* action) {
  auto receipts = std::make_shared<ReceiptsOptions>();
  CLI::App* cmd = handover.add_subcommand(
      "receipts",
      "record the communities' receipts (回执) from a CSV file: letter_serial,received_on"
      "[,member_no] (介绍信编号, 回执日期, 党员编号); all or nothing");
  cmd->add_option("file", receipts->file, "CSV file")->required()->check(CLI::ExistingFile);
  AddEncodingOption(cmd, &receipts->encoding);
  cmd->add_flag("--dry-run", receipts->dry_run, "check the whole file; record nothing");
  BindAction(cmd, action, receipts, &RunReceipts);

  auto report = std::make_shared<ReportOptions>();
  cmd = handover.add_subcommand("report",
                                "how many have been transferred, per community and overall, and "
                                "who is outstanding");
  cmd->add_option("--batch-id", report->batch_id, "one batch (default: every batch)");
  cmd->add_flag("--csv", report->csv, "the per-community table and overall row as CSV");
  BindAction(cmd, action, report, &RunReport);
}

}  // namespace orgctl
