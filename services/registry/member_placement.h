#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/registry/change.h"

namespace orgtree::registry {

// Places a member (org and group given by id or code) into an active branch and optionally a
// group of that branch, filling ids and codes (a returning member's inbound transfer uses this).
absl::Status PlaceMember(const Change& c, v1::Member* m, std::string_view prefix);

// Places a member about to be registered (org and group given by id or code) into an active branch
// and optionally a group of that branch, filling ids and codes; refuses a member number or national
// ID that is already registered (ALREADY_EXISTS naming the existing member number). Shared by
// RegisterMember and the member import. `prefix` prefixes field names in messages. Both only read
// the change, so an import checks its rows on several threads before it records anything.
absl::Status PlaceNewMember(const Change& c, v1::Member* m, std::string_view prefix);

}  // namespace orgtree::registry
