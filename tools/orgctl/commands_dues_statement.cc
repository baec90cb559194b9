// `dues reconcile --month M FILE` and `dues report --org CODE --year Y`: the bank statement against
// the ledger, and the annual table per org (terminal table, or CSV with --csv).

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/commands_dues.h"
#include "tools/orgctl/file_upload.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

// One CSV record (RFC 4180 quoting where needed).
std::string CsvLine(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    const std::string& c = cells[i];
    if (c.find_first_of(",\"\r\n") == std::string::npos) {
      out += c;
      continue;
    }
    out += '"';
    for (char ch : c) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    out += '"';
  }
  return out + "\n";
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw LocalError("cannot write " + path + ": " + std::strerror(errno));
}

struct ReconcileOptions {
  std::string month;
  std::string file;
  std::string org;
  std::string encoding = "auto";
  bool skip_bad = false;
  bool dry_run = false;
  std::string export_dir;
};

void ExportLists(const v1::ReconcileReport& r, const std::string& dir) {
  std::string unmatched =
      CsvLine({"line", "txn_ref", "member_no", "period", "amount_fen", "reason"});
  for (const auto& u : r.unmatched()) {
    unmatched += CsvLine({std::to_string(u.line()), u.txn_ref(), u.member_no(), u.period(),
                          std::to_string(u.amount_fen()), u.reason()});
  }
  std::string unpaid = CsvLine({"member_no", "name", "org_code", "due_fen"});
  for (const auto& u : r.unpaid()) {
    unpaid += CsvLine({u.member_no(), u.name(), u.org_code(), std::to_string(u.due_fen())});
  }
  std::string differences =
      CsvLine({"member_no", "name", "org_code", "due_fen", "paid_fen", "difference_fen"});
  for (const auto& d : r.differences()) {
    differences += CsvLine({d.member_no(), d.name(), d.org_code(), std::to_string(d.due_fen()),
                            std::to_string(d.paid_fen()), std::to_string(d.difference_fen())});
  }
  WriteText(dir + "/unmatched.csv", unmatched);
  WriteText(dir + "/unpaid.csv", unpaid);
  WriteText(dir + "/differences.csv", differences);
}

int RunReconcile(Session& session, const ReconcileOptions& o) {
  v1::ReconcileReport r;
  auto context = session.NewContext(kTransferTimeout);
  auto writer = session.dues().ReconcileStatement(context.get(), &r);
  v1::DuesFileChunk first;
  first.set_encoding(o.encoding);
  first.set_validate_only(o.dry_run);
  first.set_request_id(session.RequestId());
  first.set_month(o.month);
  first.set_skip_bad(o.skip_bad);
  first.set_org_code(o.org);
  Check(UploadFile(o.file, first, writer.get(), context.get()));
  if (!o.export_dir.empty()) ExportLists(r, o.export_dir);
  if (session.json()) {
    PrintResult(session, r);
    return 0;
  }
  std::cout << "month: " << r.month() << '\n'
            << "applied: " << (r.applied() ? "true" : "false (dry run)") << '\n'
            << "lines: " << r.lines() << '\n'
            << "recorded: " << r.recorded() << '\n'
            << "already_recorded: " << r.already_recorded() << '\n'
            << "skipped: " << r.skipped() << '\n';
  for (const auto& e : r.errors()) std::cout << "skipped: " << DuesProblemText(e) << '\n';
  for (const auto& w : r.warnings()) std::cout << "warning: " << DuesProblemText(w) << '\n';
  std::cout << "\nunmatched statement lines: " << r.unmatched_size() << '\n';
  if (r.unmatched_size() > 0) {
    Table t({"LINE", "TXN_REF", "MEMBER", "PERIOD", "AMOUNT", "REASON"});
    for (const auto& u : r.unmatched()) {
      t.AddRow({std::to_string(u.line()), u.txn_ref(), u.member_no(), u.period(),
                Yuan(u.amount_fen()), u.reason()});
    }
    t.Print(std::cout);
  }
  std::cout << "\nmembers still unpaid: " << r.unpaid_size() << '\n';
  if (r.unpaid_size() > 0) {
    Table t({"MEMBER", "NAME", "ORG", "DUE"});
    for (const auto& u : r.unpaid()) {
      t.AddRow({u.member_no(), u.name(), u.org_code(), Yuan(u.due_fen())});
    }
    t.Print(std::cout);
  }
  std::cout << "\namounts that differ from what is due: " << r.differences_size() << '\n';
  if (r.differences_size() > 0) {
    Table t({"MEMBER", "NAME", "ORG", "DUE", "PAID", "DIFFERENCE"});
    for (const auto& d : r.differences()) {
      t.AddRow({d.member_no(), d.name(), d.org_code(), Yuan(d.due_fen()), Yuan(d.paid_fen()),
                Yuan(d.difference_fen())});
    }
    t.Print(std::cout);
  }
  return 0;
}

struct ReportOptions {
  std::string org;
  int year = 0;
  std::string csv;
};

int RunReport(Session& session, const ReportOptions& o) {
  v1::GetDuesReportRequest req;
  req.set_org_code(o.org);
  req.set_year(o.year);
  v1::DuesReport report;
  auto context = session.NewContext(kTransferTimeout);
  Check(session.dues().GetDuesReport(context.get(), req, &report));
  if (!o.csv.empty()) {
    std::string text =
        CsvLine({"org_code", "org_name", "org_type", "depth", "year", "due_fen", "received_fen",
                 "outstanding_fen", "extra_fen", "extra_payments", "large_extra_payments"});
    for (const auto& r : report.rows()) {
      text +=
          CsvLine({r.org_code(), r.org_name(), r.org_type(), std::to_string(r.depth()), r.period(),
                   std::to_string(r.due_fen()), std::to_string(r.received_fen()),
                   std::to_string(r.outstanding_fen()), std::to_string(r.extra_fen()),
                   std::to_string(r.extra_payments()), std::to_string(r.large_extra_payments())});
    }
    WriteText(o.csv, text);
  }
  if (session.json()) {
    PrintResult(session, report);
    return 0;
  }
  std::cout << "dues " << report.year() << ", " << report.org_code()
            << " (each org rolled up over its subtree; amounts in yuan)\n";
  Table t({"ORG", "NAME", "DUE", "RECEIVED", "ARREARS", "EXTRA", "LARGE_EXTRAS"});
  for (const auto& r : report.rows()) {
    t.AddRow({std::string(2 * r.depth(), ' ') + r.org_code(), r.org_name(), Yuan(r.due_fen()),
              Yuan(r.received_fen()), Yuan(r.outstanding_fen()), Yuan(r.extra_fen()),
              std::to_string(r.large_extra_payments())});
  }
  t.Print(std::cout);
  if (report.large_extras_size() > 0) {
    std::cout << "\nlarge extra payments:\n";
    Table x({"MEMBER", "PAID_ON", "AMOUNT", "TXN_REF"});
    for (const auto& p : report.large_extras()) {
      x.AddRow({p.member_no(), p.paid_on(), Yuan(p.amount_fen()), p.txn_ref()});
    }
    x.Print(std::cout);
  }
  return 0;
}

}  // namespace

void AddDuesStatementCommands(CLI::App& dues, Action* action) {
  {
    auto o = std::make_shared<ReconcileOptions>();
    CLI::App* cmd = dues.add_subcommand(
        "reconcile", "record a bank statement's payments and list what does not match");
    cmd->add_option("--month", o->month, "the month reconciled (YYYY-MM)")
        ->required()
        ->check(MonthArg());
    cmd->add_option("file", o->file,
                    "statement CSV: txn_ref,member_no,period,amount_fen,paid_on,channel")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--org", o->org, "list unpaid members of this subtree (default: all)");
    AddEncodingOption(cmd, &o->encoding);
    cmd->add_flag("--skip-bad", o->skip_bad, "record the good lines of a file with bad ones");
    cmd->add_flag("--dry-run", o->dry_run, "check; record nothing");
    cmd->add_option("--export", o->export_dir,
                    "write unmatched.csv, unpaid.csv and differences.csv into this directory")
        ->check(CLI::ExistingDirectory);
    BindAction(cmd, action, o, &RunReconcile);
  }
  {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* cmd = dues.add_subcommand("report", "the annual dues table per org");
    cmd->add_option("--org", o->org, "org code")->required();
    cmd->add_option("--year", o->year, "year")->required()->check(CLI::Range(1900, 2999));
    cmd->add_option("--csv", o->csv, "also write the table as CSV (UTF-8) to this file");
    BindAction(cmd, action, o, &RunReport);
  }
}

}  // namespace orgctl
