#pragma once

// Member reads shared by several commands.

#include <string>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"
#include "tools/orgctl/session.h"

namespace orgctl {

// GetMember, with only the fields named when `fields` is not empty (a read mask); throws RpcError
// when the server refuses.
orgtree::v1::Member FetchMember(Session& session, const orgtree::v1::MemberRef& ref,
                                const std::vector<std::string>& fields = {});

}  // namespace orgctl
