#include "services/api/transfer_service.h"

namespace orgtree::api {

grpc::Status TransferServiceImpl::InitiateTransfer(grpc::ServerContext* ctx,
                                                   const v1::InitiateTransferRequest* req,
                                                   v1::Transfer* resp) {
  return Reply(desk_->Initiate(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status TransferServiceImpl::ApproveTransfer(grpc::ServerContext* ctx,
                                                  const v1::TransferStepRequest* req,
                                                  v1::Transfer* resp) {
  return Reply(desk_->Approve(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status TransferServiceImpl::AcceptTransfer(grpc::ServerContext* ctx,
                                                 const v1::AcceptTransferRequest* req,
                                                 v1::Transfer* resp) {
  return Reply(desk_->Accept(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status TransferServiceImpl::RejectTransfer(grpc::ServerContext* ctx,
                                                 const v1::TransferStepRequest* req,
                                                 v1::Transfer* resp) {
  return Reply(desk_->Reject(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status TransferServiceImpl::CancelTransfer(grpc::ServerContext* ctx,
                                                 const v1::TransferStepRequest* req,
                                                 v1::Transfer* resp) {
  return Reply(desk_->Cancel(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status TransferServiceImpl::RecordReceipt(grpc::ServerContext* ctx,
                                                const v1::RecordReceiptRequest* req,
                                                v1::Transfer* resp) {
  return Reply(desk_->RecordReceipt(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status TransferServiceImpl::RecordReceipts(grpc::ServerContext* ctx,
                                                 const v1::RecordReceiptsRequest* req,
                                                 v1::RecordReceiptsResponse* resp) {
  return Reply(desk_->RecordReceipts(Meta(ctx, req->request_id()), *req), resp);
}

grpc::Status TransferServiceImpl::RecordInbound(grpc::ServerContext* ctx,
                                                const v1::RecordInboundRequest* req,
                                                v1::RecordInboundResponse* resp) {
  auto result = desk_->RecordInbound(Meta(ctx, req->request_id()), *req);
  if (result.ok()) Present(CallerOf(ctx, options_), result->mutable_member());
  return Reply(std::move(result), resp);
}

grpc::Status TransferServiceImpl::GetTransfer(grpc::ServerContext*,
                                              const v1::GetTransferRequest* req,
                                              v1::Transfer* resp) {
  return Reply(desk_->Get(req->serial()), resp);
}

grpc::Status TransferServiceImpl::ListTransfers(grpc::ServerContext*,
                                                const v1::ListTransfersRequest* req,
                                                v1::ListTransfersResponse* resp) {
  return Reply(desk_->List(*req), resp);
}

grpc::Status HandoverServiceImpl::StartHandover(grpc::ServerContext* ctx,
                                                const v1::StartHandoverRequest* req,
                                                v1::HandoverPlan* resp) {
  auto plan = desk_->StartHandover(MetaOf(CallerOf(ctx, options_), req->request_id()), *req);
  if (plan.ok() && !req->validate_only()) runner_->Enqueue(req->batch_id());
  return Reply(std::move(plan), resp);
}

grpc::Status HandoverServiceImpl::GetHandover(grpc::ServerContext*,
                                              const v1::GetHandoverRequest* req,
                                              v1::HandoverJob* resp) {
  return Reply(desk_->GetHandover(req->batch_id()), resp);
}

grpc::Status HandoverServiceImpl::GetHandoverReport(grpc::ServerContext*,
                                                    const v1::GetHandoverReportRequest* req,
                                                    v1::HandoverReport* resp) {
  return Reply(desk_->GetHandoverReport(req->batch_id()), resp);
}

}  // namespace orgtree::api
