// `transfer list|show|letter`: the letters officers follow up, one letter, and its printable text.

#include <iostream>
#include <string>

#include "services/common/enum_words.h"
#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/output.h"
#include "tools/orgctl/paging.h"
#include "tools/orgctl/transfer_letter.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct ListOptions {
  std::string org;
  std::string direction;
  std::string view;
  std::string state;
  std::string from;
  std::string to;
  std::string member_no;
  std::string batch_id;
  int page_size = 0;
  std::string page_token;
  bool all_pages = false;
};

// An org of the tree by its code; an outside organisation (no code known) by its name.
std::string PartyCell(const v1::TransferParty& party) {
  return party.org_code().empty() ? party.org_name() : party.org_code();
}

int RunList(Session& session, const ListOptions& o) {
  v1::ListTransfersRequest request;
  if (!o.org.empty()) *request.mutable_org() = OrgByCode(o.org);
  request.set_direction(ToFilterEnum<v1::TransferDirection>(o.direction));
  request.set_view(ToFilterEnum<v1::TransferView>(o.view));
  request.set_state(ToFilterEnum<v1::TransferState>(o.state));
  request.set_from_date(o.from);
  request.set_to_date(o.to);
  if (!o.member_no.empty()) *request.mutable_member() = MemberByNo(o.member_no);
  request.set_batch_id(o.batch_id);
  request.set_page_size(o.page_size);
  request.set_page_token(o.page_token);

  Json items = Json::array();
  Table table({"SERIAL", "KIND", "STATE", "MEMBER_NO", "NAME", "FROM", "TO", "ISSUED",
               "VALID_UNTIL", "OVERDUE"});
  const std::string next_token = FetchPages<v1::ListTransfersResponse>(
      request, o.all_pages,
      [&](const v1::ListTransfersRequest& page, v1::ListTransfersResponse* response) {
        auto context = session.NewContext();
        Check(session.transfers().ListTransfers(context.get(), page, response));
      },
      [&](const v1::ListTransfersResponse& response) {
        for (const v1::Transfer& t : response.items()) {
          if (session.json()) {
            items.push_back(MessageToJson(t));
          } else {
            table.AddRow({t.serial(), orgtree::EnumWord(t.kind()), orgtree::EnumWord(t.state()),
                          t.member_no(), t.member_name(), PartyCell(t.from()), PartyCell(t.to()),
                          t.issued_on(), t.valid_until(), t.overdue() ? "overdue" : ""});
          }
        }
      });
  if (session.json()) {
    PrintJson(ListJson(std::move(items), next_token));
  } else {
    table.Print(std::cout);
    PrintMorePagesHint(next_token);
  }
  return 0;
}

v1::Transfer FetchTransfer(Session& session, const std::string& serial) {
  v1::GetTransferRequest request;
  request.set_serial(serial);
  v1::Transfer transfer;
  auto context = session.NewContext();
  Check(session.transfers().GetTransfer(context.get(), request, &transfer));
  return transfer;
}

struct SerialOptions {
  std::string serial;
};

int RunShow(Session& session, const SerialOptions& o) {
  PrintResult(session, FetchTransfer(session, o.serial));
  return 0;
}

int RunLetter(Session& session, const SerialOptions& o) {
  const v1::Transfer transfer = FetchTransfer(session, o.serial);
  if (session.json()) {
    PrintResult(session, transfer);
  } else {
    std::cout << TransferLetterText(transfer);
  }
  return 0;
}

void AddList(CLI::App* transfer, Action* action) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = transfer->add_subcommand("list", "list transfer letters");
  cmd->add_option("--org", o->org, "only letters with a side in this org's subtree");
  cmd->add_option("--direction", o->direction, "with --org: outgoing, incoming or any")
      ->check(FilterEnumArg<v1::TransferDirection>());
  cmd->add_option("--view", o->view, "a follow-up view")->check(FilterEnumArg<v1::TransferView>());
  cmd->add_option("--state", o->state, "only this state")
      ->check(FilterEnumArg<v1::TransferState>());
  AddDateOption(cmd, "--from", &o->from, "completed on or after");
  AddDateOption(cmd, "--to", &o->to, "completed on or before");
  cmd->add_option("--member", o->member_no, "one member's letters (member number)");
  cmd->add_option("--batch-id", o->batch_id, "the letters of one handover batch");
  cmd->add_option("--page-size", o->page_size, "rows per page (server default 50, max 1000)")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--page-token", o->page_token, "continue a listing");
  cmd->add_flag("--all,--all-pages", o->all_pages, "fetch every page");
  BindAction(cmd, action, o, &RunList);
}

}  // namespace

void AddTransferQueryCommands(CLI::App& transfer, Action* action) {
  AddList(&transfer, action);

  auto show = std::make_shared<SerialOptions>();
  CLI::App* cmd = transfer.add_subcommand("show", "show a transfer letter's record");
  cmd->add_option("serial", show->serial, "the letter's serial")->required();
  BindAction(cmd, action, show, &RunShow);

  auto letter = std::make_shared<SerialOptions>();
  cmd = transfer.add_subcommand(
      "letter", "print the introduction letter (党员组织关系介绍信): stub, letter and receipt");
  cmd->add_option("serial", letter->serial, "the letter's serial")->required();
  BindAction(cmd, action, letter, &RunLetter);
}

}  // namespace orgctl
