#pragma once

// What a read returns of each member (MemberView): the whole record, or the few fields a list page
// or a picker shows.

#include <string_view>

#include "absl/status/status.h"
#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::registry {

// INVALID_ARGUMENT naming `field` for a value outside the enum.
absl::Status CheckMemberView(int view, std::string_view field);

// Cuts `member` down to `view` in place (on whatever arena it lives); the full record stays for
// MEMBER_VIEW_FULL and UNSPECIFIED.
void ApplyView(v1::MemberView view, v1::Member* member);

// `member` cut down to `view`.
v1::Member InView(v1::Member&& member, v1::MemberView view);

}  // namespace orgtree::registry
