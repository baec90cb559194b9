#pragma once

// The connection to orgtreed and the per-call settings every command shares: actor metadata,
// deadlines and request ids.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "orgtree/v1/dues.grpc.pb.h"
#include "orgtree/v1/officer_service.grpc.pb.h"
#include "orgtree/v1/orgtree.grpc.pb.h"
#include "orgtree/v1/report_service.grpc.pb.h"
#include "orgtree/v1/restructure.grpc.pb.h"
#include "orgtree/v1/transfer_service.grpc.pb.h"

namespace orgctl {

struct GlobalOptions {
  std::string server = "127.0.0.1:50051";
  bool json = false;
  std::string actor;
  std::string request_id;  // empty = a fresh random id per mutating call
};

// Unary calls answer quickly; imports and exports move whole files, so they get longer.
inline constexpr std::chrono::seconds kCallTimeout{30};
inline constexpr std::chrono::seconds kTransferTimeout{600};

class Session {
 public:
  explicit Session(GlobalOptions options);

  const GlobalOptions& options() const { return options_; }
  bool json() const { return options_.json; }

  // A context carrying the actor and a deadline; one per call (gRPC forbids reuse).
  std::unique_ptr<grpc::ClientContext> NewContext(
      std::chrono::seconds timeout = kCallTimeout) const;

  // The request_id for a mutating call: --request-id if given, else 16 random bytes as hex.
  std::string RequestId() const;

  orgtree::v1::OrgService::Stub& orgs() { return *orgs_; }
  orgtree::v1::MemberService::Stub& members() { return *members_; }
  orgtree::v1::AuditService::Stub& audit() { return *audit_; }
  orgtree::v1::ImportService::Stub& imports() { return *imports_; }
  orgtree::v1::DuesService::Stub& dues() { return *dues_; }
  // Relationship transfers (letters), not file transfers: those are imports().
  orgtree::v1::TransferService::Stub& transfers() { return *transfers_; }
  orgtree::v1::HandoverService::Stub& handovers() { return *handovers_; }
  orgtree::v1::RestructureService::Stub& restructure() { return *restructure_; }
  orgtree::v1::ReportService::Stub& reports() { return *reports_; }
  orgtree::v1::OfficerService::Stub& officers() { return *officers_; }

 private:
  GlobalOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<orgtree::v1::OrgService::Stub> orgs_;
  std::unique_ptr<orgtree::v1::MemberService::Stub> members_;
  std::unique_ptr<orgtree::v1::AuditService::Stub> audit_;
  std::unique_ptr<orgtree::v1::ImportService::Stub> imports_;
  std::unique_ptr<orgtree::v1::DuesService::Stub> dues_;
  std::unique_ptr<orgtree::v1::TransferService::Stub> transfers_;
  std::unique_ptr<orgtree::v1::HandoverService::Stub> handovers_;
  std::unique_ptr<orgtree::v1::RestructureService::Stub> restructure_;
  std::unique_ptr<orgtree::v1::ReportService::Stub> reports_;
  std::unique_ptr<orgtree::v1::OfficerService::Stub> officers_;
};

// True when `actor` can travel as an ASCII gRPC header value unchanged.
bool IsValidActor(const std::string& actor);

}  // namespace orgctl
