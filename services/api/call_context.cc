#include "services/api/call_context.h"

#include "services/rules/national_id.h"

namespace orgtree::api {

Caller CallerOf(const grpc::ServerContextBase* context, const ServiceOptions& options) {
  Caller caller;
  const auto& metadata = context->client_metadata();
  auto it = metadata.find(kActorHeader);
  caller.actor =
      it == metadata.end() ? "anonymous" : std::string(it->second.data(), it->second.size());
  if (caller.actor.empty()) caller.actor = "anonymous";
  if (caller.actor.size() > 64) caller.actor.resize(64);
  caller.may_see_national_ids = options.reveal_national_ids;
  return caller;
}

registry::CallMeta MetaOf(const Caller& caller, const std::string& request_id) {
  return registry::CallMeta{caller.actor, request_id};
}

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

void Present(const Caller& caller, v1::Member* member) {
  if (caller.may_see_national_ids || member->national_id().empty()) return;
  member->set_national_id(rules::MaskNationalId(member->national_id()));
  member->set_national_id_masked(true);
}

void Present(const Caller& caller, v1::Event* event) {
  if (event->has_member_before()) Present(caller, event->mutable_member_before());
  if (event->has_member_after()) Present(caller, event->mutable_member_after());
}

}  // namespace orgtree::api
