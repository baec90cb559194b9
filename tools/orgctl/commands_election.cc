// `election record|list|overdue`: elections (换届) — recording one with its elected officeholders,
// an org's elections, and the orgs whose term has ended or soon ends.

#include <iostream>
#include <string>
#include <vector>

#include "services/common/enum_words.h"
#include "services/rules/term_limits.h"
#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct RecordOptions {
  std::string org;
  std::string date;
  int term_years = 0;
  std::string document;
  std::vector<std::string> elect;  // MEMBER:POSITION[:ROLE]
  bool dry_run = false;
};

// "M00013:committee_member:propaganda" → the elected officer; the role may itself contain ':'.
v1::ElectedOfficer ParseElect(const std::string& text) {
  const size_t first = text.find(':');
  if (first == std::string::npos || first == 0) {
    throw UsageError("--elect " + text + ": expected MEMBER:POSITION[:ROLE]");
  }
  const size_t second = text.find(':', first + 1);
  v1::ElectedOfficer e;
  *e.mutable_member() = MemberByNo(text.substr(0, first));
  e.set_position(ToEnum<v1::Position>(text.substr(first + 1, second - first - 1)));
  if (second != std::string::npos) e.set_role(text.substr(second + 1));
  return e;
}

int RunRecord(Session& session, const RecordOptions& o) {
  v1::RecordElectionRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_org() = OrgByCode(o.org);
  request.set_election_date(o.date);
  request.set_term_years(o.term_years);
  request.set_document(o.document);
  for (const std::string& e : o.elect) *request.add_elected() = ParseElect(e);
  request.set_validate_only(o.dry_run);
  v1::Election election;
  auto context = session.NewContext();
  Check(session.officers().RecordElection(context.get(), request, &election));
  PrintResult(session, election);
  return 0;
}

struct ListOptions {
  std::string org;
};

int RunList(Session& session, const ListOptions& o) {
  v1::ListElectionsRequest request;
  *request.mutable_org() = OrgByCode(o.org);
  v1::ListElectionsResponse response;
  auto context = session.NewContext();
  Check(session.officers().ListElections(context.get(), request, &response));
  if (session.json()) {
    Json items = Json::array();
    for (const v1::Election& e : response.elections()) items.push_back(MessageToJson(e));
    PrintJson(ListJson(std::move(items), ""));
    return 0;
  }
  Table table({"ELECTED_ON", "TERM_YEARS", "TERM_ENDS", "ELECTED", "DOCUMENT"});
  for (const v1::Election& e : response.elections()) {
    table.AddRow({e.election_date(), std::to_string(e.term_years()), e.term_ends_on(),
                  std::to_string(e.elected_size()), e.document()});
  }
  table.Print(std::cout);
  return 0;
}

struct OverdueOptions {
  std::string org;
  int within_days = 0;
};

int RunOverdue(Session& session, const OverdueOptions& o) {
  v1::ListOverdueElectionsRequest request;
  if (!o.org.empty()) *request.mutable_org() = OrgByCode(o.org);
  request.set_within_days(o.within_days);
  v1::ListOverdueElectionsResponse response;
  auto context = session.NewContext();
  Check(session.officers().ListOverdueElections(context.get(), request, &response));
  if (session.json()) {
    Json items = Json::array();
    for (const v1::OverdueElection& item : response.items()) items.push_back(MessageToJson(item));
    Json document = ListJson(std::move(items), "");
    document["as_of"] = response.as_of();
    PrintJson(document);
    return 0;
  }
  Table table({"ORG", "NAME", "TYPE", "STATUS", "LAST_ELECTION", "TERM_ENDS", "DAYS_OVERDUE"});
  for (const v1::OverdueElection& item : response.items()) {
    const bool recorded = item.due() != v1::ELECTION_NOT_RECORDED;
    table.AddRow({item.org_code(), item.org_name(), orgtree::EnumWord(item.org_type()),
                  orgtree::EnumWord(item.due()), item.last_election_date(), item.term_ends_on(),
                  recorded ? std::to_string(item.days_overdue()) : ""});
  }
  table.Print(std::cout);
  return 0;
}

}  // namespace

void AddElectionCommands(CLI::App& app, Action* action) {
  CLI::App* election = app.add_subcommand("election", "elections (换届) and terms");
  election->require_subcommand(1);

  auto record = std::make_shared<RecordOptions>();
  CLI::App* cmd = election->add_subcommand(
      "record", "record an election: the elected replace the previous term's officeholders");
  cmd->add_option("org_code", record->org, "the org's code")->required();
  AddDateOption(cmd, "--date", &record->date, "election date (default: today)");
  cmd->add_option("--term-years", record->term_years,
                  "term length (default: the server's for the org's type)")
      ->check(CLI::Range(1, orgtree::rules::kMaxTermYears));
  cmd->add_option("--document", record->document, "the approving document (文号)");
  cmd->add_option("--elect", record->elect, "MEMBER:POSITION[:ROLE], once per officeholder")
      ->required();
  cmd->add_flag("--dry-run", record->dry_run, "validate; change nothing");
  BindAction(cmd, action, record, &RunRecord);

  auto list = std::make_shared<ListOptions>();
  cmd = election->add_subcommand("list", "an org's elections, newest first");
  cmd->add_option("org_code", list->org, "the org's code")->required();
  BindAction(cmd, action, list, &RunList);

  auto overdue = std::make_shared<OverdueOptions>();
  cmd = election->add_subcommand(
      "overdue", "orgs whose term has ended (or ends within --within days) or with no election");
  cmd->add_option("--org", overdue->org, "only this org's subtree");
  cmd->add_option("--within", overdue->within_days, "also terms ending within this many days")
      ->check(CLI::Range(0, 3650));
  BindAction(cmd, action, overdue, &RunOverdue);
}

}  // namespace orgctl
