// `officer appoint|end`, `org officers CODE`, `member worker MEMBER [KIND]` and `org workers
// [CODE]`: officeholders (书记, 副书记, 委员, 党小组组长) and the party-worker flag
// (专职/兼职党务工作者).

#include <iostream>
#include <string>

#include "services/common/enum_words.h"
#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct PositionOptions {
  std::string org;
  std::string member_no;
  std::string position;
  std::string role;
  std::string date;
  std::string document;
  std::string reason;
  bool replace_current = false;
  bool dry_run = false;
};

int RunAppoint(Session& session, const PositionOptions& o) {
  v1::AppointOfficerRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_org() = OrgByCode(o.org);
  *request.mutable_member() = MemberByNo(o.member_no);
  request.set_position(ToEnum<v1::Position>(o.position));
  request.set_role(o.role);
  request.set_effective_date(o.date);
  request.set_document(o.document);
  request.set_replace_current(o.replace_current);
  request.set_validate_only(o.dry_run);
  v1::Officer officer;
  auto context = session.NewContext();
  Check(session.officers().AppointOfficer(context.get(), request, &officer));
  PrintResult(session, officer);
  return 0;
}

int RunEnd(Session& session, const PositionOptions& o) {
  v1::EndOfficerRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_org() = OrgByCode(o.org);
  *request.mutable_member() = MemberByNo(o.member_no);
  request.set_position(ToEnum<v1::Position>(o.position));
  request.set_effective_date(o.date);
  request.set_reason(o.reason);
  v1::Officer officer;
  auto context = session.NewContext();
  Check(session.officers().EndOfficer(context.get(), request, &officer));
  PrintResult(session, officer);
  return 0;
}

// The org, member and position every position command names.
void AddPositionArgs(CLI::App* cmd, const std::shared_ptr<PositionOptions>& o) {
  cmd->add_option("org_code", o->org, "the org's code")->required();
  cmd->add_option("member_no", o->member_no, "member number")->required();
  cmd->add_option("--position", o->position, orgtree::EnumWordList<v1::Position>())
      ->required()
      ->check(EnumArg<v1::Position>());
}

struct ListOptions {
  std::string org;
  bool all = false;
};

int RunList(Session& session, const ListOptions& o) {
  v1::ListOfficersRequest request;
  *request.mutable_org() = OrgByCode(o.org);
  request.set_include_ended(o.all);
  v1::ListOfficersResponse response;
  auto context = session.NewContext();
  Check(session.officers().ListOfficers(context.get(), request, &response));
  if (session.json()) {
    Json items = Json::array();
    for (const v1::Officer& officer : response.officers()) items.push_back(MessageToJson(officer));
    PrintJson(ListJson(std::move(items), ""));
    return 0;
  }
  Table table({"POSITION", "ROLE", "MEMBER_NO", "NAME", "SINCE", "UNTIL", "DOCUMENT"});
  for (const v1::Officer& officer : response.officers()) {
    table.AddRow({orgtree::EnumWord(officer.position()), officer.role(), officer.member_no(),
                  officer.member_name(), officer.start_date(), officer.end_date(),
                  officer.document()});
  }
  table.Print(std::cout);
  return 0;
}

struct WorkerOptions {
  std::string member_no;
  std::string kind;
  std::string date;
};

// Without a kind: shows the member's flag.
int RunWorker(Session& session, const WorkerOptions& o) {
  if (o.kind.empty()) {
    v1::GetPartyWorkerRequest request;
    *request.mutable_member() = MemberByNo(o.member_no);
    v1::PartyWorker worker;
    auto context = session.NewContext();
    Check(session.officers().GetPartyWorker(context.get(), request, &worker));
    PrintResult(session, worker);
    return 0;
  }
  v1::SetPartyWorkerRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = MemberByNo(o.member_no);
  request.set_kind(ToEnum<v1::PartyWorkerKind>(o.kind));
  request.set_effective_date(o.date);
  v1::PartyWorker worker;
  auto context = session.NewContext();
  Check(session.officers().SetPartyWorker(context.get(), request, &worker));
  PrintResult(session, worker);
  return 0;
}

int RunWorkers(Session& session, const ListOptions& o) {
  v1::ListPartyWorkersRequest request;
  if (!o.org.empty()) *request.mutable_org() = OrgByCode(o.org);
  v1::ListPartyWorkersResponse response;
  auto context = session.NewContext();
  Check(session.officers().ListPartyWorkers(context.get(), request, &response));
  if (session.json()) {
    Json items = Json::array();
    for (const v1::PartyWorker& w : response.workers()) items.push_back(MessageToJson(w));
    PrintJson(ListJson(std::move(items), ""));
    return 0;
  }
  Table table({"MEMBER_NO", "NAME", "ORG", "KIND", "SINCE"});
  for (const v1::PartyWorker& w : response.workers()) {
    table.AddRow({w.member_no(), w.member_name(), w.org_code(), orgtree::EnumWord(w.kind()),
                  w.effective_date()});
  }
  table.Print(std::cout);
  return 0;
}

}  // namespace

void AddOfficerCommands(CLI::App& app, Action* action) {
  CLI::App* officer = app.add_subcommand("officer", "officeholders of an org");
  officer->require_subcommand(1);

  auto appoint = std::make_shared<PositionOptions>();
  CLI::App* cmd = officer->add_subcommand("appoint", "a member takes a position in an org");
  AddPositionArgs(cmd, appoint);
  cmd->add_option("--role", appoint->role, "committee member's role (organisation, propaganda …)");
  AddDateOption(cmd, "--date", &appoint->date, "start date (default: today)");
  cmd->add_option("--document", appoint->document, "the approving document (文号)");
  cmd->add_flag("--replace-current", appoint->replace_current,
                "end the org's current secretary on the start date");
  cmd->add_flag("--dry-run", appoint->dry_run, "validate; change nothing");
  BindAction(cmd, action, appoint, &RunAppoint);

  auto end = std::make_shared<PositionOptions>();
  cmd = officer->add_subcommand("end", "end a member's position in an org");
  AddPositionArgs(cmd, end);
  AddDateOption(cmd, "--date", &end->date, "end date (default: today)");
  cmd->add_option("--reason", end->reason, "why the position ends");
  BindAction(cmd, action, end, &RunEnd);
}

void AddOrgOfficersCommand(CLI::App& org, Action* action) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = org.add_subcommand("officers", "an org's officeholders");
  cmd->add_option("code", o->org, "the org's code")->required();
  cmd->add_flag("--all", o->all, "include ended positions");
  BindAction(cmd, action, o, &RunList);

  auto w = std::make_shared<ListOptions>();
  cmd = org.add_subcommand("workers", "full- and part-time party workers of a subtree");
  cmd->add_option("code", w->org, "the subtree's org code (default: everything)");
  BindAction(cmd, action, w, &RunWorkers);
}

void AddMemberWorkerCommand(CLI::App& member, Action* action) {
  auto o = std::make_shared<WorkerOptions>();
  CLI::App* cmd =
      member.add_subcommand("worker", "show or set a member's party-worker flag (专职/兼职)");
  cmd->add_option("member_no", o->member_no, "member number")->required();
  cmd->add_option("kind", o->kind, "full-time, part-time or none (omitted: show the flag)")
      ->check(EnumArg<v1::PartyWorkerKind>());
  AddDateOption(cmd, "--date", &o->date, "effective date (default: today)");
  BindAction(cmd, action, o, &RunWorker);
}

}  // namespace orgctl
