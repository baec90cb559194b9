#include "services/registry/member_view.h"

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "services/rules/national_id.h"
#include "storage/wire_fields.h"

namespace orgtree::registry {
namespace {

// The fields of MEMBER_VIEW_BASIC, as ApplyView builds it.
constexpr std::array<uint32_t, 10> kBasicFields = {
    v1::Member::kIdFieldNumber,       v1::Member::kMemberNoFieldNumber,
    v1::Member::kNameFieldNumber,     v1::Member::kGenderFieldNumber,
    v1::Member::kOrgIdFieldNumber,    v1::Member::kOrgCodeFieldNumber,
    v1::Member::kGroupIdFieldNumber,  v1::Member::kGroupCodeFieldNumber,
    v1::Member::kCategoryFieldNumber, v1::Member::kStatusFieldNumber,
};

// The same fields as one bit each, for the wire cut's per-field test (a page walks ~1,250 fields).
constexpr uint64_t kBasicFieldMask = [] {
  uint64_t mask = 0;
  for (uint32_t number : kBasicFields) mask |= uint64_t{1} << number;
  return mask;
}();
static_assert(*std::max_element(kBasicFields.begin(), kBasicFields.end()) < 64,
              "kBasicFieldMask holds field numbers below 64");

bool InBasicView(uint32_t number) { return number < 64 && ((kBasicFieldMask >> number) & 1) != 0; }

}  // namespace

absl::Status CheckMemberView(int view, std::string_view field) {
  if (v1::MemberView_IsValid(view)) return absl::OkStatus();
  return absl::InvalidArgumentError(std::string(field) + ": unknown view " + std::to_string(view));
}

void ApplyView(v1::MemberView view, v1::Member* member) {
  if (view != v1::MEMBER_VIEW_BASIC) return;
  // Built field by field rather than by clearing the rest, so that a field added to Member later
  // stays out of the basic view until someone decides it belongs there. Made on the member's own
  // arena, so that the swap below exchanges pointers instead of copying.
  google::protobuf::Arena* arena = member->GetArena();
  v1::Member* basic = google::protobuf::Arena::CreateMessage<v1::Member>(arena);
  std::unique_ptr<v1::Member> owned(arena == nullptr ? basic : nullptr);
  basic->set_id(member->id());
  basic->set_member_no(std::move(*member->mutable_member_no()));
  basic->set_name(std::move(*member->mutable_name()));
  basic->set_gender(member->gender());
  basic->set_org_id(member->org_id());
  basic->set_org_code(std::move(*member->mutable_org_code()));
  basic->set_group_id(member->group_id());
  basic->set_group_code(std::move(*member->mutable_group_code()));
  basic->set_category(member->category());
  basic->set_status(member->status());
  member->Swap(basic);
}

absl::Status AppendMemberInView(std::string_view record, v1::MemberView view, bool mask_national_id,
                                std::string* out, storage::MemberFlags* flags) {
  storage::MemberFlags unused;
  if (flags == nullptr) flags = &unused;
  using storage::WireField;
  const bool basic = view == v1::MEMBER_VIEW_BASIC;
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
    if (basic) {
      // The basic view has no ID number to mask.
      if (InBasicView(f.number)) keep(f.raw);
    } else if (!mask_national_id) {
      keep(f.raw);
    } else if (f.number == v1::Member::kNationalIdFieldNumber && f.type == 2 &&
               !f.payload.empty()) {
      // The field is copied as it is and its ID masked in the copy: no strings built per member.
      if (run_size > 0) flush();
      out->append(f.raw);
      rules::MaskNationalIdInPlace(out->data() + out->size() - f.payload.size(), f.payload.size());
      storage::AppendVarintField(v1::Member::kNationalIdMaskedFieldNumber, 1, out);
    } else if (f.number != v1::Member::kNationalIdMaskedFieldNumber) {
      keep(f.raw);
    }
  });
  if (run_size > 0) flush();
  if (!well_formed || !flags->plausible()) {
    return absl::DataLossError("storage: corrupt member record");
  }
  return absl::OkStatus();
}

v1::Member InView(v1::Member&& member, v1::MemberView view) {
  ApplyView(view, &member);
  return std::move(member);
}

}  // namespace orgtree::registry
