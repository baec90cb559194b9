#pragma once

// What a read returns of each member: a view (MemberView) or the fields a read mask names, cut
// from the stored record without parsing it.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "orgtree/v1/orgtree.pb.h"
#include "storage/records.h"

namespace orgtree::registry {

// A set of Member fields, by field number.
class MemberFields {
 public:
  // Every field, including any a later Member gains.
  static MemberFields Full();
  // MEMBER_VIEW_BASIC's fields.
  static MemberFields Basic();
  // What a request's `view` and `read_mask` ask for: the mask's paths, else the view's fields,
  // else those of `fallback` (the method's default view). INVALID_ARGUMENT naming the field for an
  // unknown view, for both given, or for a path that is not a Member field name.
  static absl::StatusOr<MemberFields> Requested(int view,
                                                const google::protobuf::FieldMask& read_mask,
                                                v1::MemberView fallback);

  bool Has(uint32_t number) const {
    return number < 64 ? ((bits_ >> number) & 1) != 0 : every_field_;
  }
  // Every field of this set is in `other`.
  bool Within(const MemberFields& other) const {
    return other.every_field_ || (!every_field_ && (bits_ & ~other.bits_) == 0);
  }
  bool operator==(const MemberFields&) const = default;

 private:
  uint64_t bits_ = 0;         // bit n: field number n (Member's are below 64; a test checks)
  bool every_field_ = false;  // also those numbered 64 and up
};

// Appends the stored member `record` cut to `fields`, its ID number masked when
// `mask_national_id` — the bytes of the Member that clearing the other fields and the API's
// masking would make of the parsed record, made without parsing it (a list page passes its records
// through this way). Reads the record's flags into `flags` on the same pass, when given. DATA_LOSS
// if the record is not well formed.
absl::Status AppendMember(std::string_view record, const MemberFields& fields,
                          bool mask_national_id, std::string* out,
                          storage::MemberFlags* flags = nullptr);

}  // namespace orgtree::registry
