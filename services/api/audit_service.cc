#include "services/api/audit_service.h"

namespace orgtree::api {

grpc::Status AuditServiceImpl::ListEvents(grpc::ServerContext* ctx,
                                          const v1::ListEventsRequest* req,
                                          v1::ListEventsResponse* resp) {
  const Caller caller = CallerOf(ctx, options_);
  grpc::Status s = Reply(registry_->ListEvents(*req), resp);
  for (auto& e : *resp->mutable_events()) Present(caller, &e);
  return s;
}

}  // namespace orgtree::api
