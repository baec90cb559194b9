#pragma once

// The header every dues event about one member carries; the caller adds the payload.

#include <cstdint>
#include <string>

#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::dues {

inline v1::Event MemberDuesEvent(std::string type, uint64_t member_id, std::string member_no,
                                 std::string effective_date, std::string reason = "") {
  v1::Event e;
  e.set_type(std::move(type));
  e.set_entity_type(v1::ENTITY_MEMBER);
  e.set_entity_id(member_id);
  e.set_entity_key(std::move(member_no));
  e.set_effective_date(std::move(effective_date));
  e.set_reason(std::move(reason));
  return e;
}

}  // namespace orgtree::dues
