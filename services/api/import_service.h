#pragma once

#include "orgtree/v1/orgtree.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/registry/registry.h"

namespace orgtree::api {

// ImportService: CSV files stream in as chunks (so no message size limit decides whether an import
// works), are validated whole, and are committed atomically; exports stream out.
class ImportServiceImpl final : public v1::ImportService::Service {
 public:
  ImportServiceImpl(registry::Registry* registry, ServiceOptions options)
      : registry_(registry), options_(options) {}

  grpc::Status ImportOrgs(grpc::ServerContext* ctx, grpc::ServerReader<v1::ImportChunk>* reader,
                          v1::ImportReport* resp) override;
  grpc::Status ImportMembers(grpc::ServerContext* ctx, grpc::ServerReader<v1::ImportChunk>* reader,
                             v1::ImportReport* resp) override;
  grpc::Status ExportOrgs(grpc::ServerContext* ctx, const v1::ExportRequest* req,
                          grpc::ServerWriter<v1::ExportChunk>* writer) override;
  grpc::Status ExportMembers(grpc::ServerContext* ctx, const v1::ExportRequest* req,
                             grpc::ServerWriter<v1::ExportChunk>* writer) override;

 private:
  registry::Registry* registry_;
  ServiceOptions options_;
};

}  // namespace orgtree::api
