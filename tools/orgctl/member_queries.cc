#include "tools/orgctl/member_queries.h"

#include "tools/orgctl/errors.h"

namespace orgctl {

orgtree::v1::Member FetchMember(Session& session, const orgtree::v1::MemberRef& ref,
                                const std::vector<std::string>& fields) {
  orgtree::v1::GetMemberRequest request;
  *request.mutable_member() = ref;
  for (const std::string& field : fields) request.mutable_read_mask()->add_paths(field);
  orgtree::v1::Member member;
  auto context = session.NewContext();
  Check(session.members().GetMember(context.get(), request, &member));
  return member;
}

}  // namespace orgctl
