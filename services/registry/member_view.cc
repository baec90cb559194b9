#include "services/registry/member_view.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "services/rules/national_id.h"
#include "storage/wire_fields.h"

namespace orgtree::registry {
namespace {

// The fields of MEMBER_VIEW_BASIC. Named one by one rather than as "all but", so that a field
// added to Member later stays out of the basic view until someone decides it belongs there.
constexpr std::array<uint32_t, 10> kBasicFields = {
    v1::Member::kIdFieldNumber,       v1::Member::kMemberNoFieldNumber,
    v1::Member::kNameFieldNumber,     v1::Member::kGenderFieldNumber,
    v1::Member::kOrgIdFieldNumber,    v1::Member::kOrgCodeFieldNumber,
    v1::Member::kGroupIdFieldNumber,  v1::Member::kGroupCodeFieldNumber,
    v1::Member::kCategoryFieldNumber, v1::Member::kStatusFieldNumber,
};

constexpr uint64_t Bit(uint32_t number) { return uint64_t{1} << number; }

}  // namespace

MemberFields MemberFields::Full() {
  MemberFields fields;
  fields.bits_ = ~uint64_t{0};
  fields.every_field_ = true;
  return fields;
}

MemberFields MemberFields::Basic() {
  MemberFields fields;
  for (uint32_t number : kBasicFields) fields.bits_ |= Bit(number);
  return fields;
}

absl::StatusOr<MemberFields> MemberFields::Requested(int view,
                                                     const google::protobuf::FieldMask& read_mask,
                                                     v1::MemberView fallback) {
  if (!v1::MemberView_IsValid(view)) {
    return absl::InvalidArgumentError(absl::StrCat("view: unknown view ", view));
  }
  if (read_mask.paths().empty()) {
    const int shown = view == v1::MEMBER_VIEW_UNSPECIFIED ? fallback : view;
    return shown == v1::MEMBER_VIEW_BASIC ? Basic() : Full();
  }
  if (view != v1::MEMBER_VIEW_UNSPECIFIED) {
    return absl::InvalidArgumentError("read_mask: give either a view or a read mask, not both");
  }
  MemberFields fields;
  bool every_field = false;
  for (int i = 0; i < read_mask.paths_size(); ++i) {
    const std::string& path = read_mask.paths(i);
    if (path == "*") {
      every_field = true;
      continue;
    }
    const google::protobuf::FieldDescriptor* field =
        v1::Member::descriptor()->FindFieldByName(path);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("read_mask.paths[", i, "]: \"", path, "\" is not a field of Member"));
    }
    if (field->number() >= 64) {
      return absl::UnimplementedError(
          absl::StrCat("read_mask.paths[", i, "]: \"", path, "\" cannot be masked yet"));
    }
    fields.bits_ |= Bit(static_cast<uint32_t>(field->number()));
    // The flag says how to read the number: they go together.
    if (field->number() == v1::Member::kNationalIdFieldNumber) {
      fields.bits_ |= Bit(v1::Member::kNationalIdMaskedFieldNumber);
    }
  }
  return every_field ? Full() : fields;
}

absl::Status AppendMember(std::string_view record, const MemberFields& fields,
                          bool mask_national_id, std::string* out, storage::MemberFlags* flags) {
  storage::MemberFlags unused;
  if (flags == nullptr) flags = &unused;
  using storage::WireField;
  // Kept fields that follow each other in the record are copied as one run.
  const char* run = nullptr;
  size_t run_size = 0;
  auto flush = [&] {
    out->append(run, run_size);
    run_size = 0;
  };
  auto keep = [&](std::string_view field) {
    if (run_size > 0 && run + run_size == field.data()) {
      run_size += field.size();
      return;
    }
    if (run_size > 0) flush();
    run = field.data();
    run_size = field.size();
  };
  const bool well_formed = storage::ForEachWireField(record, [&](const WireField& f) {
    flags->Note(f);
    if (!mask_national_id) {
      if (fields.Has(f.number)) keep(f.raw);
    } else if (f.number == v1::Member::kNationalIdFieldNumber && f.type == 2 &&
               !f.payload.empty()) {
      // The field is copied as it is and its ID masked in the copy: no strings built per member.
      if (run_size > 0) flush();
      if (fields.Has(f.number)) {
        out->append(f.raw);
        rules::MaskNationalIdInPlace(out->data() + out->size() - f.payload.size(),
                                     f.payload.size());
      }
      if (fields.Has(v1::Member::kNationalIdMaskedFieldNumber)) {
        storage::AppendVarintField(v1::Member::kNationalIdMaskedFieldNumber, 1, out);
      }
    } else if (f.number != v1::Member::kNationalIdMaskedFieldNumber && fields.Has(f.number)) {
      // (A masked answer's flag is the one written above, never the record's.)
      keep(f.raw);
    }
  });
  if (run_size > 0) flush();
  if (!well_formed || !flags->plausible()) {
    return absl::DataLossError("storage: corrupt member record");
  }
  return absl::OkStatus();
}

}  // namespace orgtree::registry
