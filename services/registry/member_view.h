#pragma once

// What a read returns of each member (MemberView): the whole record, or the few fields a list page
// or a picker shows.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "orgtree/v1/orgtree.pb.h"
#include "storage/records.h"

namespace orgtree::registry {

// INVALID_ARGUMENT naming `field` for a value outside the enum.
absl::Status CheckMemberView(int view, std::string_view field);

// Cuts `member` down to `view` in place (on whatever arena it lives); the full record stays for
// MEMBER_VIEW_FULL and UNSPECIFIED (a get's default; ListMembers turns UNSPECIFIED into BASIC
// before it gets here).
void ApplyView(v1::MemberView view, v1::Member* member);

// `member` cut down to `view`.
v1::Member InView(v1::Member&& member, v1::MemberView view);

// Appends the stored member `record` as `view` shows it, its ID number masked when
// `mask_national_id` — the bytes of the Member that ApplyView and the API's masking would make of
// the parsed record, made without parsing it (a list page passes its records through this way).
// Reads the record's flags into `flags` on the same pass, when given. DATA_LOSS if the record is
// not well formed.
absl::Status AppendMemberInView(std::string_view record, v1::MemberView view, bool mask_national_id,
                                std::string* out, storage::MemberFlags* flags = nullptr);

}  // namespace orgtree::registry
