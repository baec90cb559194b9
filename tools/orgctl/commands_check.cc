// `check MEMBER_NO ORG_CODE`: is the member a current member within the org's subtree? Both
// answers are results (exit 0); only a refused call is an error.

#include <iostream>
#include <string>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/member_queries.h"
#include "tools/orgctl/output.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

struct CheckOptions {
  std::string member_no;
  std::string org;
};

int RunCheck(Session& session, const CheckOptions& o) {
  v1::CheckMembershipRequest request;
  *request.mutable_member() = MemberByNo(o.member_no);
  *request.mutable_org() = OrgByCode(o.org);
  v1::CheckMembershipResponse response;
  auto context = session.NewContext();
  Check(session.members().CheckMembership(context.get(), request, &response));
  if (session.json()) {
    PrintResult(session, response);
    return 0;
  }
  // The answer does not carry the member's name, which the sentence wants.
  v1::Member member = FetchMember(session, request.member());
  std::cout << (response.is_member() ? "yes: " : "no: ") << member.name() << " (" << o.member_no
            << ") is " << (response.is_member() ? "" : "not ") << "a member of " << o.org << '\n'
            << "status: " << orgtree::EnumWord(response.status()) << '\n'
            << "path:";
  for (int i = 0; i < response.member_org_path_size(); ++i) {
    std::cout << (i == 0 ? " " : " > ") << response.member_org_path(i).code();
  }
  std::cout << '\n';
  return 0;
}

}  // namespace

void AddCheckCommand(CLI::App& app, Action* action) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "is a member a current member within an org?");
  cmd->add_option("member_no", o->member_no, "member number")->required();
  cmd->add_option("org", o->org, "org code")->required();
  BindAction(cmd, action, o, &RunCheck);
}

}  // namespace orgctl
