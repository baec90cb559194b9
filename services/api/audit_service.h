#pragma once

#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/registry/registry.h"

namespace orgtree::api {

// AuditService: the event log, with member ID numbers masked for callers who may not see them.
class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  AuditServiceImpl(registry::Registry* registry, ServiceOptions options)
      : registry_(registry), options_(options) {}

  grpc::Status ListEvents(grpc::ServerContext* ctx, const v1::ListEventsRequest* req,
                          v1::ListEventsResponse* resp) override;

 private:
  registry::Registry* registry_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
