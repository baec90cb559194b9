#pragma once

// How commands plug into main: each Add*Commands adds its CLI11 subcommands, and the parsed leaf
// leaves behind the Action that main runs once parsing has finished.

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "tools/orgctl/session.h"

namespace orgctl {

// Runs the chosen command; returns the exit code for outcomes that are not exceptions.
using Action = std::function<int(Session&)>;

// Makes `run(session, *opts)` the action when `cmd` is on the command line. Running happens after
// parsing, so global options given after the subcommand are already in place.
template <typename Opts>
void BindAction(CLI::App* cmd, Action* action, std::shared_ptr<Opts> opts,
                int (*run)(Session&, const Opts&)) {
  cmd->callback([action, opts, run] {
    *action = [opts, run](Session& session) { return run(session, *opts); };
  });
}

void AddTreeCommand(CLI::App& app, Action* action);
void AddOrgCommands(CLI::App& app, Action* action);
// org children / org path, added to the `org` group by AddOrgCommands.
void AddOrgNavigationCommands(CLI::App& org, Action* action);
void AddMemberCommands(CLI::App& app, Action* action);
// member status / confirm / extend / cancel-probation, added to the `member` group.
void AddMemberLifecycleCommands(CLI::App& member, Action* action);
void AddCheckCommand(CLI::App& app, Action* action);
void AddImportCommand(CLI::App& app, Action* action);
void AddExportCommand(CLI::App& app, Action* action);
void AddEventsCommand(CLI::App& app, Action* action);
void AddGenDemoCommand(CLI::App& app, Action* action);
// `dues …` (commands_dues.cc); reconcile and report are added by AddDuesStatementCommands.
void AddDuesCommands(CLI::App& app, Action* action);
void AddDuesStatementCommands(CLI::App& dues, Action* action);
// `transfer …` steps (commands_transfer.cc); list, show and letter are added by
// AddTransferQueryCommands (commands_transfer_queries.cc).
void AddTransferCommands(CLI::App& app, Action* action);
void AddTransferQueryCommands(CLI::App& transfer, Action* action);
// `handover …` (commands_handover.cc); receipts and report are added by
// AddHandoverReportCommands (commands_handover_report.cc).
void AddHandoverCommands(CLI::App& app, Action* action);
void AddHandoverReportCommands(CLI::App& handover, Action* action);
// `restructure …` (commands_restructure.cc).
void AddRestructureCommands(CLI::App& app, Action* action);
// `report tree|rules` (commands_report.cc); stats and labels are added by
// AddReportTableCommands (commands_report_tables.cc).
void AddReportCommands(CLI::App& app, Action* action);
void AddReportTableCommands(CLI::App& report, Action* action);
// `officer appoint|end` (commands_officer.cc), with `org officers` and `member worker` added to
// those groups by AddOrgOfficersCommand and AddMemberWorkerCommand.
void AddOfficerCommands(CLI::App& app, Action* action);
void AddOrgOfficersCommand(CLI::App& org, Action* action);
void AddMemberWorkerCommand(CLI::App& member, Action* action);
// `election record|list|overdue` (commands_election.cc).
void AddElectionCommands(CLI::App& app, Action* action);

}  // namespace orgctl
