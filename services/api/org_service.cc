#include "services/api/org_service.h"

namespace orgtree::api {

grpc::Status OrgServiceImpl::CreateOrg(grpc::ServerContext* ctx, const v1::CreateOrgRequest* req,
                                       v1::Org* resp) {
  return Reply(registry_->CreateOrg(Meta(ctx, req->request_id()), *req), resp);
}

grpc::ServerUnaryReactor* OrgServiceImpl::GetOrg(grpc::CallbackServerContext* ctx,
                                                 const v1::GetOrgRequest* req, v1::Org* resp) {
  return Finish(ctx, Reply(registry_->GetOrg(req->org()), resp));
}

grpc::Status OrgServiceImpl::UpdateOrg(grpc::ServerContext* ctx, const v1::UpdateOrgRequest* req,
                                       v1::Org* resp) {
  return Reply(registry_->UpdateOrg(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status OrgServiceImpl::MoveOrg(grpc::ServerContext* ctx, const v1::MoveOrgRequest* req,
                                     v1::MoveOrgResponse* resp) {
  return Reply(registry_->MoveOrg(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status OrgServiceImpl::DissolveOrg(grpc::ServerContext* ctx,
                                         const v1::DissolveOrgRequest* req, v1::Org* resp) {
  return Reply(registry_->DissolveOrg(Meta(ctx, req->request_id()), *req), resp);
}

grpc::ServerUnaryReactor* OrgServiceImpl::ListChildOrgs(grpc::CallbackServerContext* ctx,
                                                        const v1::ListChildOrgsRequest* req,
                                                        v1::ListOrgsResponse* resp) {
  return Finish(ctx, Reply(registry_->ListChildOrgs(*req), resp));
}

grpc::ServerUnaryReactor* OrgServiceImpl::ListSubtreeOrgs(grpc::CallbackServerContext* ctx,
                                                          const v1::ListSubtreeOrgsRequest* req,
                                                          v1::ListOrgsResponse* resp) {
  return Finish(ctx, Reply(registry_->ListSubtreeOrgs(*req), resp));
}

grpc::ServerUnaryReactor* OrgServiceImpl::GetOrgPath(grpc::CallbackServerContext* ctx,
                                                     const grpc::ByteBuffer* request,
                                                     grpc::ByteBuffer* response) {
  auto answer = [this](const v1::GetOrgPathRequest& req, std::string* out) {
    return ToGrpc(registry_->GetOrgPath(req.org(), out));
  };
  return ServeRaw<v1::GetOrgPathRequest>(ctx, *request, "GetOrgPathRequest", response, answer);
}

grpc::ServerUnaryReactor* OrgServiceImpl::GetOrgStats(grpc::CallbackServerContext* ctx,
                                                      const grpc::ByteBuffer* request,
                                                      grpc::ByteBuffer* response) {
  auto answer = [this](const v1::GetOrgStatsRequest& req, std::string* out) {
    return ToGrpc(registry_->GetOrgStats(req.org(), out));
  };
  return ServeRaw<v1::GetOrgStatsRequest>(ctx, *request, "GetOrgStatsRequest", response, answer);
}

}  // namespace orgtree::api
