#pragma once

// Member reads shared by several commands.

#include <string>

#include "orgtree/v1/orgtree.pb.h"
#include "tools/orgctl/session.h"

namespace orgctl {

// GetMember; throws RpcError when the server refuses.
orgtree::v1::Member FetchMember(Session& session, const orgtree::v1::MemberRef& ref);

}  // namespace orgctl
