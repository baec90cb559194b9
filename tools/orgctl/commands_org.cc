// `org get|create|update|move|dissolve|stats` (children and path live in commands_tree.cc).

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct CodeOptions {
  std::string code;
};

v1::Org FetchOrg(Session& session, const std::string& code) {
  v1::GetOrgRequest request;
  *request.mutable_org() = OrgByCode(code);
  v1::Org org;
  auto context = session.NewContext();
  Check(session.orgs().GetOrg(context.get(), request, &org));
  return org;
}

int RunGet(Session& session, const CodeOptions& options) {
  PrintResult(session, FetchOrg(session, options.code));
  return 0;
}

int RunStats(Session& session, const CodeOptions& options) {
  v1::GetOrgStatsRequest request;
  *request.mutable_org() = OrgByCode(options.code);
  v1::OrgStats stats;
  auto context = session.NewContext();
  Check(session.orgs().GetOrgStats(context.get(), request, &stats));
  PrintResult(session, stats);
  return 0;
}

struct CreateOptions {
  std::string code;
  std::string name;
  std::string type;
  std::string parent;
  std::string established;
  int units = 0;
  std::vector<std::string> labels;
};

int RunCreate(Session& session, const CreateOptions& options) {
  v1::CreateOrgRequest request;
  request.set_request_id(session.RequestId());
  request.set_code(options.code);
  request.set_name(options.name);
  request.set_type(ToEnum<v1::OrgType>(options.type));
  if (!options.parent.empty()) *request.mutable_parent() = OrgByCode(options.parent);
  request.set_established_on(options.established);
  request.set_units(options.units);
  for (const auto& label : options.labels) request.add_labels(label);
  v1::Org org;
  auto context = session.NewContext();
  Check(session.orgs().CreateOrg(context.get(), request, &org));
  PrintResult(session, org);
  return 0;
}

struct UpdateOptions {
  std::string code;
  std::optional<std::string> name;
  std::vector<std::string> labels;
  bool clear_labels = false;
  std::optional<int> units;
  std::string etag;
  std::string date;
};

int RunUpdate(Session& session, const UpdateOptions& options) {
  if (!options.name && options.labels.empty() && !options.clear_labels && !options.units) {
    throw UsageError("nothing to update: give --name, --label, --clear-labels or --units");
  }
  v1::UpdateOrgRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_org() = OrgByCode(options.code);
  // The server wants the etag the caller last read; without --etag, "last read" is right now.
  request.set_etag(options.etag.empty() ? FetchOrg(session, options.code).etag() : options.etag);
  if (options.name) request.set_name(*options.name);
  if (options.units) request.set_units(*options.units);
  // --label replaces the whole list; --clear-labels alone empties it.
  if (options.clear_labels || !options.labels.empty()) {
    request.set_replace_labels(true);
    for (const auto& label : options.labels) request.add_labels(label);
  }
  request.set_effective_date(options.date);
  v1::Org org;
  auto context = session.NewContext();
  Check(session.orgs().UpdateOrg(context.get(), request, &org));
  PrintResult(session, org);
  return 0;
}

struct MoveOptions {
  std::string code;
  std::string new_parent;
  std::string date;
  std::string reason;
  bool dry_run = false;
};

void PrintMoveImpact(const v1::MoveOrgResponse& response, const MoveOptions& options) {
  std::cout << "applied: " << (response.applied() ? "true" : "false (dry run)") << '\n'
            << "org: " << OrgLabel(response.org()) << '\n'
            << "new_parent: " << options.new_parent << '\n'
            << "orgs_moved: " << response.orgs_moved() << '\n'
            << "members_moved: " << response.members_moved() << '\n'
            << "counter_changes:\n";
  Table table({"ORG_CODE", "MEMBERS_BEFORE", "MEMBERS_AFTER", "ORGS_BEFORE", "ORGS_AFTER"});
  for (const auto& change : response.counter_changes()) {
    table.AddRow({change.org_code(), std::to_string(change.members_before()),
                  std::to_string(change.members_after()), std::to_string(change.orgs_before()),
                  std::to_string(change.orgs_after())});
  }
  table.Print(std::cout);
}

int RunMove(Session& session, const MoveOptions& options) {
  v1::MoveOrgRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_org() = OrgByCode(options.code);
  *request.mutable_new_parent() = OrgByCode(options.new_parent);
  request.set_effective_date(options.date);
  request.set_reason(options.reason);
  request.set_validate_only(options.dry_run);
  v1::MoveOrgResponse response;
  auto context = session.NewContext();
  Check(session.orgs().MoveOrg(context.get(), request, &response));
  if (session.json()) {
    PrintResult(session, response);
  } else {
    PrintMoveImpact(response, options);
  }
  return 0;
}

struct DissolveOptions {
  std::string code;
  std::string date;
  std::string reason;
};

int RunDissolve(Session& session, const DissolveOptions& options) {
  v1::DissolveOrgRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_org() = OrgByCode(options.code);
  request.set_effective_date(options.date);
  request.set_reason(options.reason);
  v1::Org org;
  auto context = session.NewContext();
  Check(session.orgs().DissolveOrg(context.get(), request, &org));
  PrintResult(session, org);
  return 0;
}

CLI::App* AddCodeCommand(CLI::App* org, Action* action, const std::string& name,
                         const std::string& help, int (*run)(Session&, const CodeOptions&)) {
  auto options = std::make_shared<CodeOptions>();
  CLI::App* cmd = org->add_subcommand(name, help);
  cmd->add_option("code", options->code, "org code")->required();
  BindAction(cmd, action, options, run);
  return cmd;
}

void AddCreate(CLI::App* org, Action* action) {
  auto o = std::make_shared<CreateOptions>();
  CLI::App* cmd = org->add_subcommand("create", "create an org");
  cmd->add_option("--code", o->code, "org code, unique forever")->required();
  cmd->add_option("--name", o->name, "org name")->required();
  cmd->add_option("--type", o->type, "org type")->required()->check(EnumArg<v1::OrgType>());
  cmd->add_option("--parent", o->parent, "parent org code (omit only for the root committee)");
  AddDateOption(cmd, "--established", &o->established, "date established (YYYY-MM-DD)");
  cmd->add_option("--units", o->units, "joint branch: how many units it spans");
  cmd->add_option("--label", o->labels, "a label (repeatable)")->allow_extra_args(false);
  BindAction(cmd, action, o, &RunCreate);
}

void AddUpdate(CLI::App* org, Action* action) {
  auto o = std::make_shared<UpdateOptions>();
  CLI::App* cmd = org->add_subcommand("update", "change an org's name, labels or units");
  cmd->add_option("code", o->code, "org code")->required();
  cmd->add_option("--name", o->name, "new name");
  cmd->add_option("--label", o->labels, "new labels, replacing the old (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("--clear-labels", o->clear_labels, "remove all labels");
  cmd->add_option("--units", o->units, "joint branch: how many units it spans");
  cmd->add_option("--etag", o->etag, "etag last read (default: read it now)");
  AddDateOption(cmd, "--date", &o->date, "effective date (default: today)");
  BindAction(cmd, action, o, &RunUpdate);
}

void AddMove(CLI::App* org, Action* action) {
  auto o = std::make_shared<MoveOptions>();
  CLI::App* cmd = org->add_subcommand("move", "move an org (and its subtree) under a new parent");
  cmd->add_option("code", o->code, "org code")->required();
  cmd->add_option("new_parent", o->new_parent, "new parent org code")->required();
  AddDateOption(cmd, "--date", &o->date, "effective date (default: today)");
  cmd->add_option("--reason", o->reason, "why (recorded in the event)");
  cmd->add_flag("--dry-run", o->dry_run, "only show the impact; change nothing");
  BindAction(cmd, action, o, &RunMove);
}

void AddDissolve(CLI::App* org, Action* action) {
  auto o = std::make_shared<DissolveOptions>();
  CLI::App* cmd = org->add_subcommand("dissolve", "dissolve an empty org");
  cmd->add_option("code", o->code, "org code")->required();
  AddDateOption(cmd, "--date", &o->date, "effective date (default: today)");
  cmd->add_option("--reason", o->reason, "why (recorded in the event)");
  BindAction(cmd, action, o, &RunDissolve);
}

}  // namespace

void AddOrgCommands(CLI::App& app, Action* action) {
  CLI::App* org = app.add_subcommand("org", "organisations");
  org->require_subcommand(1);
  AddCodeCommand(org, action, "get", "show an org", &RunGet);
  AddCreate(org, action);
  AddUpdate(org, action);
  AddMove(org, action);
  AddDissolve(org, action);
  AddCodeCommand(org, action, "stats", "rolled-up counts over an org's subtree", &RunStats);
  AddOrgNavigationCommands(*org, action);
  AddOrgOfficersCommand(*org, action);
}

}  // namespace orgctl
