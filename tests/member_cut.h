#pragma once

// A member cut to some of its fields by reflection on the parsed message: what a view or a read
// mask must answer, worked out independently of the server's cut of the stored bytes.

#include <set>
#include <string>

#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::testing {

// MEMBER_VIEW_BASIC as the proto describes it.
inline const std::set<std::string>& BasicViewFields() {
  static const std::set<std::string> fields = {"id",       "member_no", "name",     "gender",
                                               "org_id",   "org_code",  "group_id", "group_code",
                                               "category", "status"};
  return fields;
}

// `member` with only the fields `names` (empty = every field); "national_id" brings
// "national_id_masked" with it, as the proto says.
inline v1::Member CutMember(v1::Member member, const std::set<std::string>& names) {
  const auto* descriptor = member.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    const bool kept = names.empty() || names.contains(field->name()) ||
                      (field->name() == "national_id_masked" && names.contains("national_id"));
    if (!kept) member.GetReflection()->ClearField(&member, field);
  }
  return member;
}

}  // namespace orgtree::testing
