// `transfer start|approve|accept|reject|cancel|receipt|in`: the steps of a relationship transfer
// (组织关系转接). Each is one mutating call answering with the letter as it now stands; list, show
// and letter are in commands_transfer_queries.cc.

#include <string>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/member_fields.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct StartOptions {
  std::string member_no;
  std::string to;        // internal: the receiving branch's code
  std::string out;       // outbound: the receiving organisation's name
  std::string out_code;  // outbound: its code, when known
  std::string reason;
  std::string date;
  int validity_days = 0;
  bool dry_run = false;
};

int RunStart(Session& session, const StartOptions& o) {
  if (o.to.empty() == o.out.empty()) {
    throw UsageError("give --to ORGCODE (internal) or --out NAME (outbound)");
  }
  v1::InitiateTransferRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = MemberByNo(o.member_no);
  if (!o.to.empty()) {
    request.set_kind(v1::TRANSFER_INTERNAL);
    *request.mutable_to_org() = OrgByCode(o.to);
  } else {
    request.set_kind(v1::TRANSFER_OUTBOUND);
    request.set_to_org_name(o.out);
    request.set_to_org_code(o.out_code);
  }
  request.set_reason(o.reason);
  request.set_effective_date(o.date);
  request.set_validity_days(o.validity_days);
  request.set_validate_only(o.dry_run);
  v1::Transfer transfer;
  auto context = session.NewContext();
  Check(session.transfers().InitiateTransfer(context.get(), request, &transfer));
  PrintResult(session, transfer);
  return 0;
}

// Approve, reject and cancel share one request shape; the step is the stub method.
using StepRpc = grpc::Status (v1::TransferService::Stub::*)(grpc::ClientContext*,
                                                            const v1::TransferStepRequest&,
                                                            v1::Transfer*);

struct StepOptions {
  StepRpc rpc = nullptr;
  std::string serial;
  std::string date;
  std::string reason;
};

int RunStep(Session& session, const StepOptions& o) {
  v1::TransferStepRequest request;
  request.set_request_id(session.RequestId());
  request.set_serial(o.serial);
  request.set_effective_date(o.date);
  request.set_reason(o.reason);
  v1::Transfer transfer;
  auto context = session.NewContext();
  Check((session.transfers().*o.rpc)(context.get(), request, &transfer));
  PrintResult(session, transfer);
  return 0;
}

struct AcceptOptions {
  std::string serial;
  std::string date;
  std::string group;
};

int RunAccept(Session& session, const AcceptOptions& o) {
  v1::AcceptTransferRequest request;
  request.set_request_id(session.RequestId());
  request.set_serial(o.serial);
  request.set_effective_date(o.date);
  request.set_group_code(o.group);
  v1::Transfer transfer;
  auto context = session.NewContext();
  Check(session.transfers().AcceptTransfer(context.get(), request, &transfer));
  PrintResult(session, transfer);
  return 0;
}

struct ReceiptOptions {
  std::string serial;
  std::string date;
};

int RunReceipt(Session& session, const ReceiptOptions& o) {
  v1::RecordReceiptRequest request;
  request.set_request_id(session.RequestId());
  request.set_serial(o.serial);
  request.set_received_on(o.date);
  v1::Transfer transfer;
  auto context = session.NewContext();
  Check(session.transfers().RecordReceipt(context.get(), request, &transfer));
  PrintResult(session, transfer);
  return 0;
}

struct InboundOptions {
  std::string letter_serial;
  std::string from;
  std::string from_code;
  std::string issued_on;
  std::string paid_up_to;
  MemberFields member;
  std::string date;
  bool dry_run = false;
};

int RunInbound(Session& session, const InboundOptions& o) {
  v1::RecordInboundRequest request;
  request.set_request_id(session.RequestId());
  v1::InboundLetter* letter = request.mutable_letter();
  letter->set_serial(o.letter_serial);
  letter->set_from_org_name(o.from);
  letter->set_from_org_code(o.from_code);
  letter->set_issued_on(o.issued_on);
  letter->set_dues_paid_up_to(o.paid_up_to);
  *request.mutable_member() = BuildMember(o.member);
  request.set_effective_date(o.date);
  request.set_validate_only(o.dry_run);
  v1::RecordInboundResponse response;
  auto context = session.NewContext();
  Check(session.transfers().RecordInbound(context.get(), request, &response));
  PrintResult(session, response);
  return 0;
}

void AddStart(CLI::App* transfer, Action* action) {
  auto o = std::make_shared<StartOptions>();
  CLI::App* cmd = transfer->add_subcommand("start", "issue a transfer letter for a member");
  cmd->add_option("member_no", o->member_no, "member number")->required();
  auto* to = cmd->add_option("--to", o->to, "internal: the receiving branch's code");
  auto* out =
      cmd->add_option("--out", o->out, "outbound: the receiving organisation's name")->excludes(to);
  cmd->add_option("--out-code", o->out_code, "outbound: the receiving organisation's code")
      ->needs(out);
  cmd->add_option("--reason", o->reason, "why the member transfers");
  AddDateOption(cmd, "--date", &o->date, "issue date (default: today)");
  // The limit (at most 90 days) is the server's to enforce and word.
  cmd->add_option("--validity", o->validity_days, "days the letter is valid (default 30)");
  cmd->add_flag("--dry-run", o->dry_run, "validate; issue nothing");
  BindAction(cmd, action, o, &RunStart);
}

void AddStep(CLI::App* transfer, Action* action, const std::string& name, const std::string& help,
             StepRpc rpc, const std::string& reason_option, const std::string& reason_help) {
  auto o = std::make_shared<StepOptions>();
  o->rpc = rpc;
  CLI::App* cmd = transfer->add_subcommand(name, help);
  cmd->add_option("serial", o->serial, "the letter's serial")->required();
  AddDateOption(cmd, "--date", &o->date, "effective date (default: today)");
  cmd->add_option(reason_option, o->reason, reason_help);
  BindAction(cmd, action, o, &RunStep);
}

void AddAccept(CLI::App* transfer, Action* action) {
  auto o = std::make_shared<AcceptOptions>();
  CLI::App* cmd = transfer->add_subcommand("accept", "the receiving branch takes the member in");
  cmd->add_option("serial", o->serial, "the letter's serial")->required();
  AddDateOption(cmd, "--date", &o->date, "effective date (default: today)");
  cmd->add_option("--group", o->group, "group inside the receiving branch");
  BindAction(cmd, action, o, &RunAccept);
}

void AddReceipt(CLI::App* transfer, Action* action) {
  auto o = std::make_shared<ReceiptOptions>();
  CLI::App* cmd = transfer->add_subcommand(
      "receipt", "record the receipt (回执) of an outbound letter: the member is transferred out");
  cmd->add_option("serial", o->serial, "the letter's serial")->required();
  AddDateOption(cmd, "--date", &o->date, "date on the receipt (default: today)");
  BindAction(cmd, action, o, &RunReceipt);
}

void AddInbound(CLI::App* transfer, Action* action) {
  auto o = std::make_shared<InboundOptions>();
  CLI::App* cmd = transfer->add_subcommand(
      "in", "record an arriving member's letter: registers them, or re-activates a returning one");
  cmd->add_option("--letter-serial", o->letter_serial, "the incoming letter's own serial")
      ->required();
  cmd->add_option("--from", o->from, "the sending organisation's name")->required();
  cmd->add_option("--from-code", o->from_code, "the sending organisation's code");
  AddDateOption(cmd, "--issued-on", &o->issued_on, "the letter's issue date");
  cmd->add_option("--paid-up-to", o->paid_up_to, "党费交至 on the letter (YYYY-MM)")
      ->check(MonthArg());
  AddMemberFieldOptions(cmd, &o->member, MemberFieldsUse::kInbound);
  AddDateOption(cmd, "--date", &o->date, "arrival date (default: today)");
  cmd->add_flag("--dry-run", o->dry_run, "validate; record nothing");
  BindAction(cmd, action, o, &RunInbound);
}

}  // namespace

void AddTransferCommands(CLI::App& app, Action* action) {
  CLI::App* transfer =
      app.add_subcommand("transfer", "relationship transfers (组织关系转接) and their letters");
  transfer->require_subcommand(1);
  AddStart(transfer, action);
  AddStep(transfer, action, "approve", "the sending side's committee approves an internal transfer",
          &v1::TransferService::Stub::ApproveTransfer, "--note", "note (recorded in the event)");
  AddAccept(transfer, action);
  AddStep(transfer, action, "reject", "the receiving side refuses an internal transfer",
          &v1::TransferService::Stub::RejectTransfer, "--reason", "why (required)");
  AddStep(transfer, action, "cancel", "withdraw an open transfer",
          &v1::TransferService::Stub::CancelTransfer, "--reason", "why");
  AddReceipt(transfer, action);
  AddInbound(transfer, action);
  AddTransferQueryCommands(*transfer, action);
}

}  // namespace orgctl
