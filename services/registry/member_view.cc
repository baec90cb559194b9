#include "services/registry/member_view.h"

#include <memory>
#include <string>

namespace orgtree::registry {

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

v1::Member InView(v1::Member&& member, v1::MemberView view) {
  ApplyView(view, &member);
  return std::move(member);
}

}  // namespace orgtree::registry
