#pragma once

// Resolving an OrgRef (id or code) to an org id, the same way against the published tree
// (Registry) and against a change's view of it (Change), with the same messages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "orgtree/v1/orgtree.pb.h"

namespace orgtree::registry {

// `exists(id)` says whether an org has that id, `by_code(code)` finds one by code (an optional
// id). Errors name `field`; messages are built only on failure (this is the path of every read
// that names an org).
template <typename Exists, typename ByCode>
absl::StatusOr<uint64_t> ResolveOrgRef(const v1::OrgRef& ref, std::string_view field,
                                       const Exists& exists, const ByCode& by_code) {
  const absl::string_view f(field.data(), field.size());
  switch (ref.ref_case()) {
    case v1::OrgRef::kId:
      if (!exists(ref.id()))
        return absl::NotFoundError(absl::StrCat(f, ": no org with id ", ref.id()));
      return ref.id();
    case v1::OrgRef::kCode: {
      if (ref.code().empty()) return absl::InvalidArgumentError(absl::StrCat(f, ": code is empty"));
      std::optional<uint64_t> id = by_code(ref.code());
      if (!id) {
        return absl::NotFoundError(absl::StrCat(f, ": no org with code '", ref.code(), "'"));
      }
      return *id;
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat(f, ": required (id or code)"));
  }
}

}  // namespace orgtree::registry
