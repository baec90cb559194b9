// `dues bases import|set`, `dues override`, `dues assess`, `dues summary`, `dues pay`,
// `dues reverse`, `dues member`, `dues arrears` (reconcile and report: commands_dues_statement.cc).

#include "tools/orgctl/commands_dues.h"

#include <iostream>
#include <string>
#include <vector>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/file_upload.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct BasesImportOptions {
  std::string file;
  std::string encoding = "auto";
  bool dry_run = false;
};

int RunBasesImport(Session& session, const BasesImportOptions& o) {
  v1::DuesImportReport report;
  auto context = session.NewContext(kTransferTimeout);
  auto writer = session.dues().ImportDuesBases(context.get(), &report);
  v1::DuesFileChunk first;
  first.set_encoding(o.encoding);
  first.set_validate_only(o.dry_run);
  first.set_request_id(session.RequestId());
  Check(UploadFile(o.file, first, writer.get(), context.get()));
  if (session.json()) {
    PrintResult(session, report);
    return 0;
  }
  std::cout << "applied: " << (report.applied() ? "true" : "false (dry run)") << '\n'
            << "rows: " << report.rows() << '\n'
            << "imported: " << report.imported() << '\n';
  if (report.last_event_seq() != 0) {
    std::cout << "events: " << report.first_event_seq() << "-" << report.last_event_seq() << '\n';
  }
  for (const auto& w : report.warnings()) std::cout << "warning: " << DuesProblemText(w) << '\n';
  return 0;
}

struct BaseSetOptions {
  std::string member;
  std::string month;
  std::string type;
  int64_t base_fen = 0;
};

int RunBaseSet(Session& session, const BaseSetOptions& o) {
  v1::SetDuesBaseRequest req;
  req.set_request_id(session.RequestId());
  req.set_member_no(o.member);
  req.set_effective_month(o.month);
  req.set_income_type(ToEnum<v1::IncomeType>(o.type));
  req.set_monthly_base_fen(o.base_fen);
  v1::DuesBase base;
  auto context = session.NewContext();
  Check(session.dues().SetDuesBase(context.get(), req, &base));
  PrintResult(session, base);
  return 0;
}

struct OverrideOptions {
  std::string member;
  std::string from;
  std::string to;
  int64_t amount_fen = 0;
  std::string approver;
  std::string approved_on;
  std::string reason;
};

int RunOverride(Session& session, const OverrideOptions& o) {
  v1::SetDuesOverrideRequest req;
  req.set_request_id(session.RequestId());
  req.set_member_no(o.member);
  req.set_from_month(o.from);
  req.set_to_month(o.to);
  req.set_amount_fen(o.amount_fen);
  req.set_approver(o.approver);
  req.set_approved_on(o.approved_on);
  req.set_reason(o.reason);
  v1::DuesOverride out;
  auto context = session.NewContext();
  Check(session.dues().SetDuesOverride(context.get(), req, &out));
  PrintResult(session, out);
  return 0;
}

struct AssessOptions {
  std::string org;
  std::string month;
  bool dry_run = false;
};

int RunAssess(Session& session, const AssessOptions& o) {
  v1::AssessDuesRequest req;
  req.set_request_id(session.RequestId());
  req.set_org_code(o.org);
  req.set_month(o.month);
  req.set_validate_only(o.dry_run);
  v1::AssessDuesResponse resp;
  auto context = session.NewContext(kTransferTimeout);
  Check(session.dues().AssessDues(context.get(), req, &resp));
  PrintResult(session, resp);
  return 0;
}

struct SummaryOptions {
  std::string org;
  std::string month;
};

int RunSummary(Session& session, const SummaryOptions& o) {
  v1::GetDuesSummaryRequest req;
  req.set_org_code(o.org);
  req.set_month(o.month);
  v1::DuesSummary s;
  auto context = session.NewContext();
  Check(session.dues().GetDuesSummary(context.get(), req, &s));
  if (session.json()) {
    PrintResult(session, s);
    return 0;
  }
  std::cout << "org: " << s.org_code() << '\n'
            << "month: " << s.month() << '\n'
            << "due: " << Yuan(s.due_fen()) << '\n'
            << "received: " << Yuan(s.received_fen()) << '\n'
            << "outstanding: " << Yuan(s.outstanding_fen()) << '\n'
            << "members_due: " << s.members_due() << '\n'
            << "members_paid: " << s.members_paid() << '\n'
            << "members_partly_paid: " << s.members_partly_paid() << '\n'
            << "members_unpaid: " << s.members_unpaid() << '\n'
            << "members_overpaid: " << s.members_overpaid() << '\n'
            << "members_prepaid: " << s.members_prepaid() << '\n'
            << "extra: " << Yuan(s.extra_fen()) << " (" << s.extra_payments() << " payments, "
            << s.large_extra_payments() << " large)\n";
  if (s.children_size() > 0) {
    std::cout << "by child org (rolled up):\n";
    Table t({"ORG", "DUE", "RECEIVED", "MEMBERS_DUE", "PAID", "PARTLY", "UNPAID", "OVERPAID"});
    t.AddRow({s.own().org_code() + " (own)", Yuan(s.own().due_fen()), Yuan(s.own().received_fen()),
              std::to_string(s.own().members_due()), std::to_string(s.own().members_paid()),
              std::to_string(s.own().members_partly_paid()),
              std::to_string(s.own().members_unpaid()),
              std::to_string(s.own().members_overpaid())});
    for (const auto& c : s.children()) {
      t.AddRow({c.org_code(), Yuan(c.due_fen()), Yuan(c.received_fen()),
                std::to_string(c.members_due()), std::to_string(c.members_paid()),
                std::to_string(c.members_partly_paid()), std::to_string(c.members_unpaid()),
                std::to_string(c.members_overpaid())});
    }
    t.Print(std::cout);
  }
  return 0;
}

struct PayOptions {
  std::string member;
  std::vector<std::string> months;
  int64_t amount_fen = 0;
  std::string paid_on;
  std::string channel;
  std::string txn_ref;
  bool extra = false;
  std::string note;
  bool dry_run = false;
};

void PrintPayment(Session& session, const v1::RecordPaymentResponse& resp) {
  if (session.json()) {
    PrintResult(session, resp);
    return;
  }
  const auto& p = resp.payment();
  std::cout << (resp.already_recorded() ? "already recorded: " : "recorded: ") << "payment "
            << p.payment_id() << " " << Yuan(p.amount_fen()) << " by " << p.member_no() << " ("
            << orgtree::EnumWord(p.kind()) << ")";
  if (!p.txn_ref().empty()) std::cout << " txn_ref " << p.txn_ref();
  std::cout << '\n';
  for (const auto& a : p.allocations()) {
    std::cout << "  " << a.month() << ": " << Yuan(a.amount_fen()) << '\n';
  }
  if (p.large_extra()) std::cout << "note: a large extra payment (reported separately)\n";
}

int RunPay(Session& session, const PayOptions& o) {
  v1::RecordPaymentRequest req;
  req.set_request_id(session.RequestId());
  req.set_member_no(o.member);
  for (const auto& m : o.months) req.add_months(m);
  req.set_amount_fen(o.amount_fen);
  req.set_paid_on(o.paid_on);
  req.set_channel(o.channel);
  req.set_txn_ref(o.txn_ref);
  req.set_kind(o.extra ? v1::PAYMENT_EXTRA : v1::PAYMENT_DUES);
  req.set_note(o.note);
  req.set_validate_only(o.dry_run);
  v1::RecordPaymentResponse resp;
  auto context = session.NewContext();
  Check(session.dues().RecordPayment(context.get(), req, &resp));
  PrintPayment(session, resp);
  return 0;
}

struct ReverseOptions {
  std::string txn_ref;
  std::string reversal_ref;
  std::string date;
  std::string reason;
};

int RunReverse(Session& session, const ReverseOptions& o) {
  v1::ReversePaymentRequest req;
  req.set_request_id(session.RequestId());
  req.set_txn_ref(o.txn_ref);
  req.set_reversal_txn_ref(o.reversal_ref);
  req.set_reversed_on(o.date);
  req.set_reason(o.reason);
  v1::RecordPaymentResponse resp;
  auto context = session.NewContext();
  Check(session.dues().ReversePayment(context.get(), req, &resp));
  PrintPayment(session, resp);
  return 0;
}

struct MemberDuesOptions {
  std::string member;
  std::string from;
  std::string to;
};

int RunMemberDues(Session& session, const MemberDuesOptions& o) {
  v1::GetMemberDuesRequest req;
  req.set_member_no(o.member);
  req.set_from_month(o.from);
  req.set_to_month(o.to);
  v1::MemberDues d;
  auto context = session.NewContext();
  Check(session.dues().GetMemberDues(context.get(), req, &d));
  if (session.json()) {
    PrintResult(session, d);
    return 0;
  }
  std::cout << "member: " << d.member_no() << " " << d.name() << '\n'
            << "org: " << d.org_code() << '\n'
            << "paid_up_to: " << OrDash(d.paid_up_to()) << '\n'
            << "arrears: " << Yuan(d.arrears_fen()) << " (" << d.arrears_months_size()
            << " months)\n";
  Table t({"MONTH", "ORG", "TYPE", "BASE", "DUE", "PAID", "STATE"});
  for (const auto& m : d.months()) {
    t.AddRow({m.month(), m.org_code(), m.assessed() ? orgtree::EnumWord(m.income_type()) : "",
              m.assessed() ? Yuan(m.base_fen()) : "", m.assessed() ? Yuan(m.due_fen()) : "",
              Yuan(m.paid_fen()), m.assessed() ? orgtree::EnumWord(m.state()) : "not assessed"});
  }
  t.Print(std::cout);
  return 0;
}

struct ArrearsOptions {
  std::string org;
  std::string as_of;
  int min_months = 0;
  int page_size = 0;
  std::string page_token;
};

int RunArrears(Session& session, const ArrearsOptions& o) {
  v1::ListArrearsRequest req;
  req.set_org_code(o.org);
  req.set_as_of_month(o.as_of);
  req.set_min_months(o.min_months);
  req.set_page_size(o.page_size);
  req.set_page_token(o.page_token);
  v1::ListArrearsResponse resp;
  auto context = session.NewContext();
  Check(session.dues().ListArrears(context.get(), req, &resp));
  if (session.json()) {
    Json items = Json::array();
    for (const auto& e : resp.items()) items.push_back(MessageToJson(e));
    PrintJson(ListJson(std::move(items), resp.next_page_token()));
    return 0;
  }
  Table t({"MEMBER", "NAME", "ORG", "MONTHS", "ARREARS", "PAID_UP_TO", "UNPAID_RUN", "FLAG"});
  for (const auto& e : resp.items()) {
    t.AddRow({e.member_no(), e.name(), e.org_code(), std::to_string(e.months_in_arrears()),
              Yuan(e.arrears_fen()), e.paid_up_to(), std::to_string(e.longest_unpaid_run()),
              e.self_withdrawal_candidate() ? "自行脱党候选" : ""});
  }
  t.Print(std::cout);
  PrintMorePagesHint(resp.next_page_token());
  return 0;
}

}  // namespace

std::string Yuan(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? -static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::string cents = std::to_string(abs % 100);
  if (cents.size() < 2) cents = "0" + cents;
  return (negative ? "-" : "") + std::to_string(abs / 100) + "." + cents;
}

std::string DuesProblemText(const v1::DuesProblem& p) {
  std::string where;
  if (p.line() > 0) where = "line " + std::to_string(p.line());
  if (!p.column().empty()) where += (where.empty() ? "column " : ", column ") + p.column();
  return where.empty() ? p.reason() : where + ": " + p.reason();
}

void AddDuesCommands(CLI::App& app, Action* action) {
  CLI::App* dues = app.add_subcommand("dues", "party dues: bases, assessment, payments, reports");
  dues->require_subcommand(1);

  CLI::App* bases = dues->add_subcommand("bases", "members' dues bases");
  bases->require_subcommand(1);
  {
    auto o = std::make_shared<BasesImportOptions>();
    CLI::App* cmd = bases->add_subcommand(
        "import", "import bases: member_no,effective_month,income_type,monthly_base_fen");
    cmd->add_option("file", o->file, "CSV file")->required()->check(CLI::ExistingFile);
    AddEncodingOption(cmd, &o->encoding);
    cmd->add_flag("--dry-run", o->dry_run, "validate the whole file; write nothing");
    BindAction(cmd, action, o, &RunBasesImport);
  }
  {
    auto o = std::make_shared<BaseSetOptions>();
    CLI::App* cmd = bases->add_subcommand("set", "declare one member's base");
    cmd->add_option("member", o->member, "member number")->required();
    cmd->add_option("--month", o->month, "effective from (YYYY-MM)")->required()->check(MonthArg());
    cmd->add_option("--type", o->type, "income type")->required()->check(EnumArg<v1::IncomeType>());
    cmd->add_option("--base-fen", o->base_fen, "monthly base after tax, in fen");
    BindAction(cmd, action, o, &RunBaseSet);
  }
  {
    auto o = std::make_shared<OverrideOptions>();
    CLI::App* cmd =
        dues->add_subcommand("override", "approve a hardship reduction or waiver (困难减免)");
    cmd->add_option("member", o->member, "member number")->required();
    cmd->add_option("--from", o->from, "first month (YYYY-MM)")->required()->check(MonthArg());
    cmd->add_option("--to", o->to, "last month (default: --from)")->check(MonthArg());
    cmd->add_option("--amount-fen", o->amount_fen, "monthly amount instead (0 = waived)")
        ->required();
    cmd->add_option("--approver", o->approver, "who approved")->required();
    AddDateOption(cmd, "--approved-on", &o->approved_on, "approval date (default today)");
    cmd->add_option("--reason", o->reason, "why")->required();
    BindAction(cmd, action, o, &RunOverride);
  }
  {
    auto o = std::make_shared<AssessOptions>();
    CLI::App* cmd = dues->add_subcommand("assess", "assess a month's dues for a subtree");
    cmd->add_option("--org", o->org, "org code (its whole subtree)")->required();
    cmd->add_option("--month", o->month, "YYYY-MM")->required()->check(MonthArg());
    cmd->add_flag("--dry-run", o->dry_run, "compute; write nothing");
    BindAction(cmd, action, o, &RunAssess);
  }
  {
    auto o = std::make_shared<SummaryOptions>();
    CLI::App* cmd = dues->add_subcommand("summary", "a month's dues, rolled up over a subtree");
    cmd->add_option("--org", o->org, "org code")->required();
    cmd->add_option("--month", o->month, "YYYY-MM (default: this month)")->check(MonthArg());
    BindAction(cmd, action, o, &RunSummary);
  }
  {
    auto o = std::make_shared<PayOptions>();
    CLI::App* cmd = dues->add_subcommand("pay", "record a payment");
    cmd->add_option("member", o->member, "member number")->required();
    cmd->add_option("--amount-fen", o->amount_fen, "amount in fen")->required();
    cmd->add_option("--month", o->months, "month paid for (repeatable; default: paid month)")
        ->check(MonthArg())
        ->allow_extra_args(false);
    AddDateOption(cmd, "--paid-on", &o->paid_on, "date paid (default today)");
    cmd->add_option("--channel", o->channel, "bank, cash, wechat, …");
    cmd->add_option("--txn-ref", o->txn_ref, "bank / finance transaction reference (unique)");
    cmd->add_flag("--extra", o->extra, "a voluntary extra payment");
    cmd->add_option("--note", o->note, "note");
    cmd->add_flag("--dry-run", o->dry_run, "validate; write nothing");
    BindAction(cmd, action, o, &RunPay);
  }
  {
    auto o = std::make_shared<ReverseOptions>();
    CLI::App* cmd = dues->add_subcommand("reverse", "reverse a payment (a reversing entry)");
    cmd->add_option("txn_ref", o->txn_ref, "the payment's transaction reference")->required();
    cmd->add_option("--reversal-ref", o->reversal_ref, "the reversal's reference (default REF-R)");
    AddDateOption(cmd, "--date", &o->date, "date of the reversal (default today)");
    cmd->add_option("--reason", o->reason, "why");
    BindAction(cmd, action, o, &RunReverse);
  }
  {
    auto o = std::make_shared<MemberDuesOptions>();
    CLI::App* cmd = dues->add_subcommand("member", "a member's dues, arrears and 党费交至");
    cmd->add_option("member", o->member, "member number")->required();
    cmd->add_option("--from", o->from, "first month shown")->check(MonthArg());
    cmd->add_option("--to", o->to, "last month shown (default this month)")->check(MonthArg());
    BindAction(cmd, action, o, &RunMemberDues);
  }
  {
    auto o = std::make_shared<ArrearsOptions>();
    CLI::App* cmd = dues->add_subcommand("arrears", "members with months due and unpaid");
    cmd->add_option("--org", o->org, "org code (its whole subtree)")->required();
    cmd->add_option("--as-of", o->as_of, "last month counted (default this month)")
        ->check(MonthArg());
    cmd->add_option("--min-months", o->min_months, "at least this many months (default 1)");
    cmd->add_option("--page-size", o->page_size, "rows per page");
    cmd->add_option("--page-token", o->page_token, "next page");
    BindAction(cmd, action, o, &RunArrears);
  }
  AddDuesStatementCommands(*dues, action);
}

}  // namespace orgctl
