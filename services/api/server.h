#pragma once

// Builds and runs the orgtree gRPC server: the orgtree services, the standard health service
// (SERVING once the database is open) and server reflection.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/api/audit_service.h"
#include "services/api/call_context.h"
#include "services/api/dues_service.h"
#include "services/api/import_service.h"
#include "services/api/member_service.h"
#include "services/api/officer_service.h"
#include "services/api/org_service.h"
#include "services/api/report_service.h"
#include "services/api/restructure_service.h"
#include "services/api/transfer_service.h"
#include "services/registry/registry.h"

namespace orgtree::api {

class OrgtreeServer {
 public:
  // Listens on `address` ("127.0.0.1:0" picks a free port).
  static absl::StatusOr<std::unique_ptr<OrgtreeServer>> Start(const std::string& address,
                                                              registry::Registry* registry,
                                                              ServiceOptions options);
  ~OrgtreeServer();

  // "127.0.0.1:PORT" as actually bound.
  const std::string& address() const { return address_; }
  // Stops accepting calls, lets in-flight calls finish until `deadline_ms`, then cancels them.
  void Shutdown(int deadline_ms);
  void Wait();

 private:
  OrgtreeServer(registry::Registry* registry, ServiceOptions options);

  OrgServiceImpl orgs_;
  MemberServiceImpl members_;
  AuditServiceImpl audit_;
  ImportServiceImpl imports_;
  DuesServiceImpl dues_;
  transfers::TransferDesk transfer_desk_;  // uses dues_'s ledger
  transfers::HandoverRunner handover_runner_;
  TransferServiceImpl transfers_;
  HandoverServiceImpl handovers_;
  RestructureServiceImpl restructure_;
  ReportServiceImpl reports_;
  officers::OfficeBook office_book_;
  OfficerServiceImpl officers_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace orgtree::api
