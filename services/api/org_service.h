#pragma once

#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/registry/registry.h"

namespace orgtree::api {

// OrgService over the registry. Synchronous handlers: mutations block on a synced RocksDB write,
// which the callback API's event-loop threads must not do; the sync server gives each call a
// thread from its pool instead.
class OrgServiceImpl final : public v1::OrgService::Service {
 public:
  OrgServiceImpl(registry::Registry* registry, ServiceOptions options)
      : registry_(registry), options_(options) {}

  grpc::Status CreateOrg(grpc::ServerContext* ctx, const v1::CreateOrgRequest* req,
                         v1::Org* resp) override;
  grpc::Status GetOrg(grpc::ServerContext* ctx, const v1::GetOrgRequest* req,
                      v1::Org* resp) override;
  grpc::Status UpdateOrg(grpc::ServerContext* ctx, const v1::UpdateOrgRequest* req,
                         v1::Org* resp) override;
  grpc::Status MoveOrg(grpc::ServerContext* ctx, const v1::MoveOrgRequest* req,
                       v1::MoveOrgResponse* resp) override;
  grpc::Status DissolveOrg(grpc::ServerContext* ctx, const v1::DissolveOrgRequest* req,
                           v1::Org* resp) override;
  grpc::Status ListChildOrgs(grpc::ServerContext* ctx, const v1::ListChildOrgsRequest* req,
                             v1::ListOrgsResponse* resp) override;
  grpc::Status ListSubtreeOrgs(grpc::ServerContext* ctx, const v1::ListSubtreeOrgsRequest* req,
                               v1::ListOrgsResponse* resp) override;
  grpc::Status GetOrgPath(grpc::ServerContext* ctx, const v1::GetOrgPathRequest* req,
                          v1::OrgPath* resp) override;
  grpc::Status GetOrgStats(grpc::ServerContext* ctx, const v1::GetOrgStatsRequest* req,
                           v1::OrgStats* resp) override;

 private:
  registry::CallMeta Meta(const grpc::ServerContext* ctx, const std::string& request_id) const {
    return MetaOf(CallerOf(ctx, options_), request_id);
  }

  registry::Registry* registry_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
