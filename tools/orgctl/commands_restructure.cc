// `restructure merge|split|convert|dissolve|move-members|move`: each one atomic step with an
// effective date, a reason and a document number; `--dry-run` prints the full impact plan (what
// moves, the counters of every touched org before and after, the size warnings created or
// cleared) exactly as the real run then applies it.

#include <iostream>
#include <string>
#include <vector>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/handover_files.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

constexpr int kListedMembers = 50;

// What every restructuring command takes.
struct Common {
  std::string reason;
  std::string document;
  std::string date;
  bool dry_run = false;
};

void AddCommon(CLI::App* cmd, Common* c) {
  cmd->add_option("--reason", c->reason, "why (required)")->required();
  cmd->add_option("--document", c->document, "the approving document number (文号)");
  AddDateOption(cmd, "--date", &c->date, "effective date (default today)");
  cmd->add_flag("--dry-run", c->dry_run, "print the impact plan; change nothing");
}

// Member numbers from --members (comma separated) and/or --members-file (a CSV with member_no).
std::vector<std::string> MemberNos(const std::vector<std::string>& listed, const std::string& file,
                                   const std::string& encoding) {
  std::vector<std::string> nos = listed;
  if (!file.empty()) {
    for (const auto& row : ReadHandoverMembers(file, encoding)) nos.push_back(row.member_no());
  }
  return nos;
}

void PrintPlan(const v1::RestructurePlan& plan) {
  std::cout << plan.operation() << ": " << (plan.applied() ? "applied" : "dry run, nothing changed")
            << " (effective " << plan.effective_date() << ")\n";
  for (const auto& o : plan.orgs()) {
    std::cout << "  org " << o.org_code() << " " << o.change();
    if (!o.from().empty()) std::cout << " from " << o.from();
    if (!o.to().empty()) std::cout << (o.change() == "created" ? " under " : " to ") << o.to();
    std::cout << '\n';
  }
  std::cout << "members moved: " << plan.members_moved() << '\n';
  for (int i = 0; i < plan.members_size() && i < kListedMembers; ++i) {
    const auto& m = plan.members(i);
    std::cout << "  " << m.member_no() << " " << m.name() << ": " << m.from_org_code() << " → "
              << m.to_org_code() << '\n';
  }
  if (plan.members_size() > kListedMembers) {
    std::cout << "  … and " << plan.members_size() - kListedMembers << " more (--json lists all)\n";
  }
  std::cout << "counters (current members, active orgs):\n";
  for (const auto& c : plan.counter_changes()) {
    std::cout << "  " << c.org_code() << ": members " << c.members_before() << " → "
              << c.members_after() << ", orgs " << c.orgs_before() << " → " << c.orgs_after()
              << '\n';
  }
  for (const auto& w : plan.warnings_created()) {
    std::cout << "warning created: " << w.org_code() << " " << w.rule() << " (" << w.detail()
              << ")\n";
  }
  for (const auto& w : plan.warnings_cleared()) {
    std::cout << "warning cleared: " << w.org_code() << " " << w.rule() << '\n';
  }
  if (plan.event_seq() != 0) std::cout << "event: " << plan.event_seq() << '\n';
}

int Send(Session& session, const Common& c, v1::RestructureRequest req) {
  req.set_request_id(session.RequestId());
  req.set_reason(c.reason);
  req.set_document(c.document);
  req.set_effective_date(c.date);
  req.set_validate_only(c.dry_run);
  v1::RestructurePlan plan;
  auto context = session.NewContext();
  Check(session.restructure().Restructure(context.get(), req, &plan));
  if (session.json()) {
    PrintResult(session, plan);
  } else {
    PrintPlan(plan);
  }
  return 0;
}

struct Options {
  Common common;
  std::string org, target, new_code, new_name, new_type, parent, members_file;
  std::string encoding = "auto";
  std::vector<std::string> members, children, child_targets;
  bool move_in_transit = false;
};

int RunMerge(Session& s, const Options& o) {
  v1::RestructureRequest req;
  *req.mutable_merge()->mutable_source() = OrgByCode(o.org);
  *req.mutable_merge()->mutable_target() = OrgByCode(o.target);
  return Send(s, o.common, req);
}

int RunSplit(Session& s, const Options& o) {
  v1::RestructureRequest req;
  v1::SplitOrg* split = req.mutable_split();
  *split->mutable_source() = OrgByCode(o.org);
  split->set_new_code(o.new_code);
  split->set_new_name(o.new_name);
  if (!o.new_type.empty()) split->set_new_type(ToEnum<v1::OrgType>(o.new_type));
  if (!o.parent.empty()) *split->mutable_new_parent() = OrgByCode(o.parent);
  for (const auto& no : MemberNos(o.members, o.members_file, o.encoding)) {
    split->add_member_nos(no);
  }
  for (const auto& code : o.children) split->add_child_codes(code);
  return Send(s, o.common, req);
}

int RunConvert(Session& s, const Options& o) {
  v1::RestructureRequest req;
  *req.mutable_convert()->mutable_org() = OrgByCode(o.org);
  req.mutable_convert()->set_new_type(ToEnum<v1::OrgType>(o.new_type));
  return Send(s, o.common, req);
}

int RunDissolve(Session& s, const Options& o) {
  v1::RestructureRequest req;
  v1::DissolveWithReassignment* d = req.mutable_dissolve();
  *d->mutable_org() = OrgByCode(o.org);
  if (!o.target.empty()) *d->mutable_members_to() = OrgByCode(o.target);
  if (!o.parent.empty()) *d->mutable_children_to() = OrgByCode(o.parent);
  for (const std::string& pair : o.child_targets) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
      throw UsageError("--child takes CHILD=NEWPARENT, not '" + pair + "'");
    }
    (*d->mutable_child_targets())[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return Send(s, o.common, req);
}

int RunMoveMembers(Session& s, const Options& o) {
  v1::RestructureRequest req;
  *req.mutable_move_members()->mutable_from() = OrgByCode(o.org);
  *req.mutable_move_members()->mutable_to() = OrgByCode(o.target);
  for (const auto& no : MemberNos(o.members, o.members_file, o.encoding)) {
    req.mutable_move_members()->add_member_nos(no);
  }
  return Send(s, o.common, req);
}

int RunMove(Session& s, const Options& o) {
  v1::RestructureRequest req;
  *req.mutable_move()->mutable_org() = OrgByCode(o.org);
  *req.mutable_move()->mutable_new_parent() = OrgByCode(o.target);
  req.mutable_move()->set_move_members_in_transit(o.move_in_transit);
  return Send(s, o.common, req);
}

CLI::App* Sub(CLI::App* group, Action* action, const char* name, const char* help,
              int (*run)(Session&, const Options&), std::shared_ptr<Options>* out) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = group->add_subcommand(name, help);
  AddCommon(cmd, &o->common);
  BindAction(cmd, action, o, run);
  *out = o;
  return cmd;
}

void AddMemberList(CLI::App* cmd, Options* o) {
  cmd->add_option("--members", o->members, "member numbers")->delimiter(',');
  cmd->add_option("--members-file", o->members_file, "CSV with a member_no (党员编号) column")
      ->check(CLI::ExistingFile);
  AddEncodingOption(cmd, &o->encoding);
}

}  // namespace

void AddRestructureCommands(CLI::App& app, Action* action) {
  CLI::App* group = app.add_subcommand(
      "restructure", "restructure the tree: merge, split, convert, dissolve, move members, move");
  group->require_subcommand(1);
  std::shared_ptr<Options> o;

  CLI::App* merge = Sub(group, action, "merge",
                        "merge SOURCE into --into TARGET: members and child orgs move, SOURCE is "
                        "dissolved",
                        RunMerge, &o);
  merge->add_option("source", o->org, "org code")->required();
  merge->add_option("--into", o->target, "the org that takes everything")->required();

  CLI::App* split =
      Sub(group, action, "split", "split SOURCE: chosen members and child orgs move to a new org",
          RunSplit, &o);
  split->add_option("source", o->org, "org code")->required();
  split->add_option("--new-code", o->new_code, "the new org's code")->required();
  split->add_option("--new-name", o->new_name, "the new org's name")->required();
  split->add_option("--type", o->new_type, "the new org's type (default: the source's)")
      ->check(EnumArg<v1::OrgType>());
  split->add_option("--parent", o->parent, "the new org's parent (default: the source's)");
  split->add_option("--children", o->children, "child org codes that move")->delimiter(',');
  AddMemberList(split, o.get());

  CLI::App* convert =
      Sub(group, action, "convert", "convert (改建) an org to another type", RunConvert, &o);
  convert->add_option("org", o->org, "org code")->required();
  convert->add_option("--to", o->new_type, "the new type")
      ->required()
      ->check(EnumArg<v1::OrgType>());

  CLI::App* dissolve =
      Sub(group, action, "dissolve", "dissolve ORG after reassigning its members and child orgs",
          RunDissolve, &o);
  dissolve->add_option("org", o->org, "org code")->required();
  dissolve->add_option("--members-to", o->target, "the branch its current members go to");
  dissolve->add_option("--children-to", o->parent, "the org its child orgs go to");
  dissolve->add_option("--child", o->child_targets, "CHILD=NEWPARENT, per child (repeatable)");

  CLI::App* members = Sub(group, action, "move-members",
                          "move current members of FROM (all, or a list) to --to (a branch or a "
                          "group)",
                          RunMoveMembers, &o);
  members->add_option("from", o->org, "the branch they are in")->required();
  members->add_option("--to", o->target, "branch or group code")->required();
  AddMemberList(members, o.get());

  CLI::App* move = Sub(group, action, "move", "move ORG under --to PARENT", RunMove, &o);
  move->add_option("org", o->org, "org code")->required();
  move->add_option("--to", o->target, "the new parent")->required();
  move->add_flag("--move-in-transit", o->move_in_transit,
                 "move even though members of the subtree are in transit");
}

}  // namespace orgctl
