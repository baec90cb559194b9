// `export orgs|members`: writes the server-streamed CSV bytes to stdout or a file.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/progress.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct ExportOptions {
  std::string kind;
  std::string org;
  bool excel = false;
  bool all = false;
  std::string out;
};

// Receives every chunk into `sink`; returns the byte count.
uint64_t Receive(Session& session, const ExportOptions& o, std::FILE* sink) {
  v1::ExportRequest request;
  if (!o.org.empty()) *request.mutable_org() = OrgByCode(o.org);
  request.set_excel(o.excel);
  // --all means "everything there is": dissolved orgs for orgs, every status for members.
  request.set_include_dissolved(o.all);
  request.set_all_statuses(o.all);
  auto context = session.NewContext(kTransferTimeout);
  auto reader = o.kind == "orgs" ? session.imports().ExportOrgs(context.get(), request)
                                 : session.imports().ExportMembers(context.get(), request);
  v1::ExportChunk chunk;
  uint64_t received = 0;
  Progress progress("received", 0);
  while (reader->Read(&chunk)) {
    if (std::fwrite(chunk.data().data(), 1, chunk.data().size(), sink) != chunk.data().size()) {
      context->TryCancel();
      reader->Finish();
      throw LocalError(std::string("write failed: ") + std::strerror(errno));
    }
    received += chunk.data().size();
    progress.Update(received);
  }
  Check(reader->Finish());
  return received;
}

int RunExport(Session& session, const ExportOptions& o) {
  if (o.out.empty()) {
    Receive(session, o, stdout);
    if (std::fflush(stdout) != 0) {
      throw LocalError(std::string("write failed: ") + std::strerror(errno));
    }
    return 0;
  }
  // Written aside and renamed at the end, so a failed export never leaves a truncated file in
  // place of a good one.
  std::string partial = o.out + ".partial";
  std::FILE* file = std::fopen(partial.c_str(), "wb");
  if (file == nullptr) {
    throw LocalError("cannot write " + partial + ": " + std::strerror(errno));
  }
  uint64_t bytes = 0;
  try {
    bytes = Receive(session, o, file);
  } catch (...) {
    std::fclose(file);
    std::remove(partial.c_str());
    throw;
  }
  if (std::fclose(file) != 0) {
    std::remove(partial.c_str());
    throw LocalError("cannot write " + partial + ": " + std::strerror(errno));
  }
  std::error_code error;
  std::filesystem::rename(partial, o.out, error);
  if (error) throw LocalError("cannot write " + o.out + ": " + error.message());
  if (session.json()) {
    Json result = Json::object();
    result["out"] = o.out;
    result["bytes"] = bytes;
    PrintJson(result);
  } else {
    std::cout << "wrote " << bytes << " bytes to " << o.out << '\n';
  }
  return 0;
}

}  // namespace

void AddExportCommand(CLI::App& app, Action* action) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand("export", "export orgs or members as CSV");
  cmd->add_option("kind", o->kind, "orgs or members")
      ->required()
      ->check(CLI::IsMember({"orgs", "members"}));
  cmd->add_option("--org", o->org, "only this org's subtree (default: everything)");
  cmd->add_flag("--excel", o->excel, "GB18030 with Chinese headers, for Excel");
  cmd->add_flag("--all", o->all, "include dissolved orgs / members of every status");
  cmd->add_option("--out", o->out, "write to this file instead of stdout");
  BindAction(cmd, action, o, &RunExport);
}

}  // namespace orgctl
