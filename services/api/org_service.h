#pragma once

#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/registry/registry.h"

namespace orgtree::api {

// The reads on the callback API; the mutations synchronous (call_context.h, Finish). GetOrgPath
// and GetOrgStats take and answer raw bytes: their answers are written from the tree without
// building a message (the path's orgs serialised in place; counters.h, AppendOrgStats).
using OrgServiceBase =
    v1::OrgService::WithCallbackMethod_GetOrg<v1::OrgService::WithCallbackMethod_ListChildOrgs<
        v1::OrgService::WithCallbackMethod_ListSubtreeOrgs<
            v1::OrgService::WithRawCallbackMethod_GetOrgPath<
                v1::OrgService::WithRawCallbackMethod_GetOrgStats<v1::OrgService::Service>>>>>;

// OrgService over the registry. Mutations are synchronous handlers: they block on a synced RocksDB
// write, which the callback API's event-loop threads must not do; the sync server gives each call a
// thread from its pool instead.
class OrgServiceImpl final : public OrgServiceBase {
 public:
  OrgServiceImpl(registry::Registry* registry, ServiceOptions options)
      : registry_(registry), options_(options) {}

  grpc::Status CreateOrg(grpc::ServerContext* ctx, const v1::CreateOrgRequest* req,
                         v1::Org* resp) override;
  grpc::ServerUnaryReactor* GetOrg(grpc::CallbackServerContext* ctx, const v1::GetOrgRequest* req,
                                   v1::Org* resp) override;
  grpc::Status UpdateOrg(grpc::ServerContext* ctx, const v1::UpdateOrgRequest* req,
                         v1::Org* resp) override;
  grpc::Status MoveOrg(grpc::ServerContext* ctx, const v1::MoveOrgRequest* req,
                       v1::MoveOrgResponse* resp) override;
  grpc::Status DissolveOrg(grpc::ServerContext* ctx, const v1::DissolveOrgRequest* req,
                           v1::Org* resp) override;
  grpc::ServerUnaryReactor* ListChildOrgs(grpc::CallbackServerContext* ctx,
                                          const v1::ListChildOrgsRequest* req,
                                          v1::ListOrgsResponse* resp) override;
  grpc::ServerUnaryReactor* ListSubtreeOrgs(grpc::CallbackServerContext* ctx,
                                            const v1::ListSubtreeOrgsRequest* req,
                                            v1::ListOrgsResponse* resp) override;
  grpc::ServerUnaryReactor* GetOrgPath(grpc::CallbackServerContext* ctx,
                                       const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetOrgStats(grpc::CallbackServerContext* ctx,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;

 private:
  registry::CallMeta Meta(const grpc::ServerContext* ctx, const std::string& request_id) const {
    return MetaOf(CallerOf(ctx, options_), request_id);
  }

  registry::Registry* registry_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
