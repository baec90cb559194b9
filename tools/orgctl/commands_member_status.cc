// The member lifecycle: `member status|confirm|extend|cancel-probation`. Each is one mutating
// call that answers with the member as it now stands.

#include <string>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct StatusOptions {
  std::string member_no;
  std::string reason;
  std::string date;
  std::string note;
};

int RunStatus(Session& session, const StatusOptions& o) {
  v1::ChangeMemberStatusRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = MemberByNo(o.member_no);
  request.set_reason(ToEnum<v1::StatusReason>(o.reason));
  request.set_effective_date(o.date);
  request.set_note(o.note);
  v1::Member member;
  auto context = session.NewContext();
  Check(session.members().ChangeMemberStatus(context.get(), request, &member));
  PrintResult(session, member);
  return 0;
}

struct ConfirmOptions {
  std::string member_no;
  std::string date;
};

int RunConfirm(Session& session, const ConfirmOptions& o) {
  v1::ConfirmMemberRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = MemberByNo(o.member_no);
  request.set_confirmed_on(o.date);
  v1::Member member;
  auto context = session.NewContext();
  Check(session.members().ConfirmMember(context.get(), request, &member));
  PrintResult(session, member);
  return 0;
}

struct ExtendOptions {
  std::string member_no;
  int months = 0;
  std::string date;
  std::string reason;
};

int RunExtend(Session& session, const ExtendOptions& o) {
  v1::ExtendProbationRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = MemberByNo(o.member_no);
  request.set_months(o.months);  // the 6–12 rule is the server's to enforce and word
  request.set_effective_date(o.date);
  request.set_reason(o.reason);
  v1::Member member;
  auto context = session.NewContext();
  Check(session.members().ExtendProbation(context.get(), request, &member));
  PrintResult(session, member);
  return 0;
}

struct CancelOptions {
  std::string member_no;
  std::string date;
  std::string reason;
};

int RunCancel(Session& session, const CancelOptions& o) {
  v1::CancelProbationRequest request;
  request.set_request_id(session.RequestId());
  *request.mutable_member() = MemberByNo(o.member_no);
  request.set_effective_date(o.date);
  request.set_reason(o.reason);
  v1::Member member;
  auto context = session.NewContext();
  Check(session.members().CancelProbation(context.get(), request, &member));
  PrintResult(session, member);
  return 0;
}

}  // namespace

void AddMemberLifecycleCommands(CLI::App& member, Action* action) {
  auto status = std::make_shared<StatusOptions>();
  CLI::App* cmd = member.add_subcommand("status", "change a member's status for a reason");
  cmd->add_option("member_no", status->member_no, "member number")->required();
  cmd->add_option("reason", status->reason, "why; the reason decides the new status")
      ->required()
      ->check(EnumArg<v1::StatusReason>());
  AddDateOption(cmd, "--date", &status->date, "effective date (default: today)");
  cmd->add_option("--note", status->note, "free-text note (recorded in the event)");
  BindAction(cmd, action, status, &RunStatus);

  auto confirm = std::make_shared<ConfirmOptions>();
  cmd = member.add_subcommand("confirm", "confirm a probationary member as a full member");
  cmd->add_option("member_no", confirm->member_no, "member number")->required();
  AddDateOption(cmd, "--date", &confirm->date, "confirmation date (default: today)");
  BindAction(cmd, action, confirm, &RunConfirm);

  auto extend = std::make_shared<ExtendOptions>();
  cmd = member.add_subcommand("extend", "extend a member's probation (once, 6-12 months)");
  cmd->add_option("member_no", extend->member_no, "member number")->required();
  cmd->add_option("months", extend->months, "months to extend by")->required();
  AddDateOption(cmd, "--date", &extend->date, "effective date (default: today)");
  cmd->add_option("--reason", extend->reason, "why (recorded in the event)");
  BindAction(cmd, action, extend, &RunExtend);

  auto cancel = std::make_shared<CancelOptions>();
  cmd = member.add_subcommand("cancel-probation", "cancel a probationary member's membership");
  cmd->add_option("member_no", cancel->member_no, "member number")->required();
  AddDateOption(cmd, "--date", &cancel->date, "effective date (default: today)");
  cmd->add_option("--reason", cancel->reason, "why (recorded in the event)");
  BindAction(cmd, action, cancel, &RunCancel);
}

}  // namespace orgctl
