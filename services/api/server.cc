#include "services/api/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>

namespace orgtree::api {

OrgtreeServer::OrgtreeServer(registry::Registry* registry, ServiceOptions options)
    : orgs_(registry, options),
      members_(registry, options),
      audit_(registry, options),
      imports_(registry, options),
      dues_(registry, options),
      transfer_desk_(registry, &dues_.ledger(), options.transfer_options),
      handover_runner_(&transfer_desk_, std::chrono::milliseconds(options.handover_pause_ms)),
      transfers_(&transfer_desk_, options),
      handovers_(&transfer_desk_, &handover_runner_, options),
      restructure_(registry, options),
      reports_(registry),
      office_book_(registry, options.officer_options),
      officers_(&office_book_, options) {}

OrgtreeServer::~OrgtreeServer() { Shutdown(0); }

absl::StatusOr<std::unique_ptr<OrgtreeServer>> OrgtreeServer::Start(const std::string& address,
                                                                    registry::Registry* registry,
                                                                    ServiceOptions options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::unique_ptr<OrgtreeServer> server(new OrgtreeServer(registry, options));
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&server->orgs_);
  builder.RegisterService(&server->members_);
  builder.RegisterService(&server->audit_);
  builder.RegisterService(&server->imports_);
  builder.RegisterService(&server->dues_);
  builder.RegisterService(&server->transfers_);
  builder.RegisterService(&server->handovers_);
  builder.RegisterService(&server->restructure_);
  builder.RegisterService(&server->reports_);
  builder.RegisterService(&server->officers_);
  // Imports stream; single messages stay small, but allow generous chunks from other clients.
  builder.SetMaxReceiveMessageSize(16 << 20);
  // The sync server's pollers wake at this interval; shutdown waits for them, so keep it short.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::CQ_TIMEOUT_MSEC, 200);
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || port == 0) {
    return absl::UnavailableError("listen: cannot bind " + address);
  }
  server->address_ = address.substr(0, address.rfind(':')) + ":" + std::to_string(port);
  server->server_->GetHealthCheckService()->SetServingStatus(true);
  return server;
}

void OrgtreeServer::Shutdown(int deadline_ms) {
  if (!server_) return;
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
  server_->Wait();
  server_.reset();
  // Letters of a running batch stop between chunks; the batch resumes on the next start.
  handover_runner_.Stop();
}

void OrgtreeServer::Wait() {
  if (server_) server_->Wait();
}

}  // namespace orgtree::api
