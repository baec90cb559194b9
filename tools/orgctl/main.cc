// orgctl: the admin CLI of orgtreed. Parses the command line, runs the chosen command against the
// server and maps the outcome to the project's exit codes (README, "orgctl"):
// 0 success, 1 the server refused or failed, 2 usage error.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "tools/orgctl/command.h"
#include "tools/orgctl/errors.h"
#include "tools/orgctl/session.h"

namespace orgctl {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

std::string DefaultActor() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "orgctl";
}

int Main(int argc, char** argv) {
  CLI::App app{"orgctl: administer the orgtree organisation tree and member registry"};
  // Lets global options follow the subcommand: unknown options climb to the parent that has them.
  // Set before adding subcommands, which inherit it.
  app.fallthrough();
  app.require_subcommand(1);
  // Usage errors read like every other orgctl error line.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "error: " + std::string(e.what()) + "\nRun with --help for more information.\n";
  });

  GlobalOptions global;
  global.actor = DefaultActor();
  app.add_option("--server", global.server, "orgtreed address HOST:PORT")
      ->envname("ORGTREE_SERVER")
      ->capture_default_str();
  app.add_flag("--json", global.json, "print one JSON document instead of text");
  app.add_option("--actor", global.actor, "who is acting (recorded in events)")
      ->capture_default_str();
  app.add_option("--request-id", global.request_id,
                 "request id for the mutating call (default: random); reuse it to retry safely");

  Action action;
  AddTreeCommand(app, &action);
  AddOrgCommands(app, &action);
  AddMemberCommands(app, &action);
  AddCheckCommand(app, &action);
  AddImportCommand(app, &action);
  AddExportCommand(app, &action);
  AddEventsCommand(app, &action);
  AddGenDemoCommand(app, &action);
  AddDuesCommands(app, &action);
  AddTransferCommands(app, &action);
  AddHandoverCommands(app, &action);
  AddRestructureCommands(app, &action);
  AddReportCommands(app, &action);
  AddOfficerCommands(app, &action);
  AddElectionCommands(app, &action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help, or the error with a hint, as CLI11 formats it
    return code == static_cast<int>(CLI::ExitCodes::Success) ? 0 : kExitUsage;
  }
  if (!IsValidActor(global.actor)) {
    // gRPC header values must be printable ASCII; anything else would fail inside the call.
    std::cerr << "error: --actor must be printable ASCII\n";
    return kExitUsage;
  }
  if (!action) {
    std::cerr << app.help();
    return kExitUsage;
  }

  try {
    Session session(global);
    return action(session);
  } catch (const RpcError& e) {
    std::cerr << "error: " << StatusCodeName(e.status().error_code()) << ": "
              << e.status().error_message() << '\n';
    return kExitFailure;
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitUsage;
  } catch (const LocalError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace
}  // namespace orgctl

int main(int argc, char** argv) { return orgctl::Main(argc, argv); }
