#pragma once

#include "orgtree/v1/dues.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/dues/dues_ledger.h"
#include "services/registry/registry.h"

namespace orgtree::api {

// DuesService: thin gRPC adapter over dues::DuesLedger (the rules and the ledger live in
// services/dues/). Files stream in as chunks like every import.
class DuesServiceImpl final : public v1::DuesService::Service {
 public:
  DuesServiceImpl(registry::Registry* registry, ServiceOptions options)
      : ledger_(registry, options.dues_config), options_(options) {}

  grpc::Status SetDuesBase(grpc::ServerContext* ctx, const v1::SetDuesBaseRequest* req,
                           v1::DuesBase* resp) override;
  grpc::Status ImportDuesBases(grpc::ServerContext* ctx,
                               grpc::ServerReader<v1::DuesFileChunk>* reader,
                               v1::DuesImportReport* resp) override;
  grpc::Status SetDuesOverride(grpc::ServerContext* ctx, const v1::SetDuesOverrideRequest* req,
                               v1::DuesOverride* resp) override;
  grpc::Status AssessDues(grpc::ServerContext* ctx, const v1::AssessDuesRequest* req,
                          v1::AssessDuesResponse* resp) override;
  grpc::Status RecordPayment(grpc::ServerContext* ctx, const v1::RecordPaymentRequest* req,
                             v1::RecordPaymentResponse* resp) override;
  grpc::Status ReversePayment(grpc::ServerContext* ctx, const v1::ReversePaymentRequest* req,
                              v1::RecordPaymentResponse* resp) override;
  grpc::Status GetMemberDues(grpc::ServerContext* ctx, const v1::GetMemberDuesRequest* req,
                             v1::MemberDues* resp) override;
  grpc::Status ListArrears(grpc::ServerContext* ctx, const v1::ListArrearsRequest* req,
                           v1::ListArrearsResponse* resp) override;
  grpc::Status GetDuesSummary(grpc::ServerContext* ctx, const v1::GetDuesSummaryRequest* req,
                              v1::DuesSummary* resp) override;
  grpc::Status ReconcileStatement(grpc::ServerContext* ctx,
                                  grpc::ServerReader<v1::DuesFileChunk>* reader,
                                  v1::ReconcileReport* resp) override;
  grpc::Status GetDuesReport(grpc::ServerContext* ctx, const v1::GetDuesReportRequest* req,
                             v1::DuesReport* resp) override;

  dues::DuesLedger& ledger() { return ledger_; }

 private:
  dues::DuesLedger ledger_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
