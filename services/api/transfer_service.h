#pragma once

#include <memory>

#include "orgtree/v1/transfer_service.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/transfers/handover_runner.h"
#include "services/transfers/transfer_desk.h"

namespace orgtree::api {

// TransferService: thin gRPC adapter over transfers::TransferDesk (the rules and the steps live
// in services/transfers/).
class TransferServiceImpl final : public v1::TransferService::Service {
 public:
  TransferServiceImpl(transfers::TransferDesk* desk, ServiceOptions options)
      : desk_(desk), options_(options) {}

  grpc::Status InitiateTransfer(grpc::ServerContext* ctx, const v1::InitiateTransferRequest* req,
                                v1::Transfer* resp) override;
  grpc::Status ApproveTransfer(grpc::ServerContext* ctx, const v1::TransferStepRequest* req,
                               v1::Transfer* resp) override;
  grpc::Status AcceptTransfer(grpc::ServerContext* ctx, const v1::AcceptTransferRequest* req,
                              v1::Transfer* resp) override;
  grpc::Status RejectTransfer(grpc::ServerContext* ctx, const v1::TransferStepRequest* req,
                              v1::Transfer* resp) override;
  grpc::Status CancelTransfer(grpc::ServerContext* ctx, const v1::TransferStepRequest* req,
                              v1::Transfer* resp) override;
  grpc::Status RecordReceipt(grpc::ServerContext* ctx, const v1::RecordReceiptRequest* req,
                             v1::Transfer* resp) override;
  grpc::Status RecordReceipts(grpc::ServerContext* ctx, const v1::RecordReceiptsRequest* req,
                              v1::RecordReceiptsResponse* resp) override;
  grpc::Status RecordInbound(grpc::ServerContext* ctx, const v1::RecordInboundRequest* req,
                             v1::RecordInboundResponse* resp) override;
  grpc::Status GetTransfer(grpc::ServerContext* ctx, const v1::GetTransferRequest* req,
                           v1::Transfer* resp) override;
  grpc::Status ListTransfers(grpc::ServerContext* ctx, const v1::ListTransfersRequest* req,
                             v1::ListTransfersResponse* resp) override;

 private:
  registry::CallMeta Meta(grpc::ServerContext* ctx, const std::string& request_id) const {
    return MetaOf(CallerOf(ctx, options_), request_id);
  }

  transfers::TransferDesk* desk_;
  ServiceOptions options_;
};

// HandoverService: starts batches (the runner issues their letters in the background), and
// reports their progress.
class HandoverServiceImpl final : public v1::HandoverService::Service {
 public:
  HandoverServiceImpl(transfers::TransferDesk* desk, transfers::HandoverRunner* runner,
                      ServiceOptions options)
      : desk_(desk), runner_(runner), options_(options) {}

  grpc::Status StartHandover(grpc::ServerContext* ctx, const v1::StartHandoverRequest* req,
                             v1::HandoverPlan* resp) override;
  grpc::Status GetHandover(grpc::ServerContext* ctx, const v1::GetHandoverRequest* req,
                           v1::HandoverJob* resp) override;
  grpc::Status GetHandoverReport(grpc::ServerContext* ctx, const v1::GetHandoverReportRequest* req,
                                 v1::HandoverReport* resp) override;

 private:
  transfers::TransferDesk* desk_;
  transfers::HandoverRunner* runner_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
