#pragma once

#include "orgtree/v1/officer_service.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/officers/office_book.h"

namespace orgtree::api {

// OfficerService: thin gRPC adapter over officers::OfficeBook (the rules and the commands live in
// services/officers/).
class OfficerServiceImpl final : public v1::OfficerService::Service {
 public:
  OfficerServiceImpl(officers::OfficeBook* book, ServiceOptions options)
      : book_(book), options_(options) {}

  grpc::Status AppointOfficer(grpc::ServerContext* ctx, const v1::AppointOfficerRequest* req,
                              v1::Officer* resp) override;
  grpc::Status EndOfficer(grpc::ServerContext* ctx, const v1::EndOfficerRequest* req,
                          v1::Officer* resp) override;
  grpc::Status ListOfficers(grpc::ServerContext* ctx, const v1::ListOfficersRequest* req,
                            v1::ListOfficersResponse* resp) override;
  grpc::Status SetPartyWorker(grpc::ServerContext* ctx, const v1::SetPartyWorkerRequest* req,
                              v1::PartyWorker* resp) override;
  grpc::Status GetPartyWorker(grpc::ServerContext* ctx, const v1::GetPartyWorkerRequest* req,
                              v1::PartyWorker* resp) override;
  grpc::Status ListPartyWorkers(grpc::ServerContext* ctx, const v1::ListPartyWorkersRequest* req,
                                v1::ListPartyWorkersResponse* resp) override;
  grpc::Status RecordElection(grpc::ServerContext* ctx, const v1::RecordElectionRequest* req,
                              v1::Election* resp) override;
  grpc::Status ListElections(grpc::ServerContext* ctx, const v1::ListElectionsRequest* req,
                             v1::ListElectionsResponse* resp) override;
  grpc::Status ListOverdueElections(grpc::ServerContext* ctx,
                                    const v1::ListOverdueElectionsRequest* req,
                                    v1::ListOverdueElectionsResponse* resp) override;

 private:
  registry::CallMeta Meta(grpc::ServerContext* ctx, const std::string& request_id) const {
    return MetaOf(CallerOf(ctx, options_), request_id);
  }

  officers::OfficeBook* book_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
