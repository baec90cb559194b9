#include "services/api/officer_service.h"

namespace orgtree::api {

grpc::Status OfficerServiceImpl::AppointOfficer(grpc::ServerContext* ctx,
                                                const v1::AppointOfficerRequest* req,
                                                v1::Officer* resp) {
  return Reply(book_->Appoint(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status OfficerServiceImpl::EndOfficer(grpc::ServerContext* ctx,
                                            const v1::EndOfficerRequest* req, v1::Officer* resp) {
  return Reply(book_->End(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status OfficerServiceImpl::ListOfficers(grpc::ServerContext*,
                                              const v1::ListOfficersRequest* req,
                                              v1::ListOfficersResponse* resp) {
  return Reply(book_->List(*req), resp);
}

grpc::Status OfficerServiceImpl::SetPartyWorker(grpc::ServerContext* ctx,
                                                const v1::SetPartyWorkerRequest* req,
                                                v1::PartyWorker* resp) {
  return Reply(book_->SetPartyWorker(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status OfficerServiceImpl::GetPartyWorker(grpc::ServerContext*,
                                                const v1::GetPartyWorkerRequest* req,
                                                v1::PartyWorker* resp) {
  return Reply(book_->GetPartyWorker(*req), resp);
}

grpc::Status OfficerServiceImpl::ListPartyWorkers(grpc::ServerContext*,
                                                  const v1::ListPartyWorkersRequest* req,
                                                  v1::ListPartyWorkersResponse* resp) {
  return Reply(book_->ListPartyWorkers(*req), resp);
}

grpc::Status OfficerServiceImpl::RecordElection(grpc::ServerContext* ctx,
                                                const v1::RecordElectionRequest* req,
                                                v1::Election* resp) {
  return Reply(book_->RecordElection(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status OfficerServiceImpl::ListElections(grpc::ServerContext*,
                                               const v1::ListElectionsRequest* req,
                                               v1::ListElectionsResponse* resp) {
  return Reply(book_->ListElections(*req), resp);
}

grpc::Status OfficerServiceImpl::ListOverdueElections(grpc::ServerContext*,
                                                      const v1::ListOverdueElectionsRequest* req,
                                                      v1::ListOverdueElectionsResponse* resp) {
  return Reply(book_->ListOverdue(*req), resp);
}

}  // namespace orgtree::api
