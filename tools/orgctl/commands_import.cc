// `import orgs|members FILE`: streams a CSV file to the server in 64 KiB chunks so that no message
// size limit decides whether an import works.

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/file_upload.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/output.h"
#include "tools/orgctl/progress.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct ImportOptions {
  std::string kind;
  std::string file;
  std::string encoding = "auto";
  bool dry_run = false;
};

v1::CsvEncoding EncodingOf(const std::string& word) {
  if (word == "utf-8" || word == "utf8") return v1::CSV_UTF8;
  if (word == "gb18030") return v1::CSV_GB18030;
  return v1::CSV_ENCODING_AUTO;
}

// Sends the file; the first chunk also carries the options. Returns the call's status.
grpc::Status StreamFile(Session& session, const ImportOptions& o, v1::ImportReport* report) {
  auto context = session.NewContext(kTransferTimeout);
  auto writer = o.kind == "orgs" ? session.imports().ImportOrgs(context.get(), report)
                                 : session.imports().ImportMembers(context.get(), report);
  v1::ImportChunk first;
  first.set_encoding(EncodingOf(o.encoding));
  first.set_validate_only(o.dry_run);
  first.set_request_id(session.RequestId());
  return UploadFile(o.file, std::move(first), writer.get(), context.get());
}

void PrintReport(const v1::ImportReport& report) {
  std::cout << "applied: " << (report.applied() ? "true" : "false (dry run)") << '\n'
            << "rows: " << report.rows() << '\n'
            << "imported: " << report.imported() << '\n';
  if (report.last_event_seq() != 0) {
    std::cout << "events: " << report.first_event_seq() << "-" << report.last_event_seq() << '\n';
  }
  for (const auto& warning : report.warnings()) {
    std::cout << "warning: " << ProblemText(warning) << '\n';
  }
}

int RunImport(Session& session, const ImportOptions& o) {
  v1::ImportReport report;
  Check(StreamFile(session, o, &report));
  if (session.json()) {
    PrintResult(session, report);
  } else {
    PrintReport(report);
  }
  // A report listing bad rows (a dry run may answer that way rather than refuse) means the file
  // was not accepted: the same outcome as a refusal.
  for (const auto& problem : report.errors()) {
    std::cerr << "error: " << ProblemText(problem) << '\n';
  }
  return report.errors().empty() ? 0 : 1;
}

}  // namespace

void AddImportCommand(CLI::App& app, Action* action) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand("import", "import orgs or members from a CSV file");
  cmd->add_option("kind", o->kind, "orgs or members")
      ->required()
      ->check(CLI::IsMember({"orgs", "members"}));
  cmd->add_option("file", o->file, "CSV file")->required()->check(CLI::ExistingFile);
  AddEncodingOption(cmd, &o->encoding);
  cmd->add_flag("--dry-run", o->dry_run, "validate the whole file; write nothing");
  BindAction(cmd, action, o, &RunImport);
}

}  // namespace orgctl
