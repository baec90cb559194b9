#pragma once

#include "orgtree/v1/restructure.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/restructure/restructurer.h"

namespace orgtree::api {

// RestructureService: thin gRPC adapter over restructure::Restructurer.
class RestructureServiceImpl final : public v1::RestructureService::Service {
 public:
  RestructureServiceImpl(registry::Registry* registry, ServiceOptions options)
      : restructurer_(registry), options_(options) {}

  grpc::Status Restructure(grpc::ServerContext* ctx, const v1::RestructureRequest* req,
                           v1::RestructurePlan* resp) override {
    return Reply(
        restructurer_.Restructure(MetaOf(CallerOf(ctx, options_), req->request_id()), *req), resp);
  }

 private:
  restructure::Restructurer restructurer_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
