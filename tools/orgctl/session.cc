#include "tools/orgctl/session.h"

#include <random>

namespace orgctl {

Session::Session(GlobalOptions options) : options_(std::move(options)) {
  grpc::ChannelArguments args;
  // Replies (long member lists, export chunks) are bounded by the server, not by this client.
  args.SetMaxReceiveMessageSize(-1);
  channel_ = grpc::CreateCustomChannel(options_.server, grpc::InsecureChannelCredentials(), args);
  orgs_ = orgtree::v1::OrgService::NewStub(channel_);
  members_ = orgtree::v1::MemberService::NewStub(channel_);
  audit_ = orgtree::v1::AuditService::NewStub(channel_);
  imports_ = orgtree::v1::ImportService::NewStub(channel_);
  dues_ = orgtree::v1::DuesService::NewStub(channel_);
  transfers_ = orgtree::v1::TransferService::NewStub(channel_);
  officers_ = orgtree::v1::OfficerService::NewStub(channel_);
  handovers_ = orgtree::v1::HandoverService::NewStub(channel_);
  restructure_ = orgtree::v1::RestructureService::NewStub(channel_);
  reports_ = orgtree::v1::ReportService::NewStub(channel_);
}

std::unique_ptr<grpc::ClientContext> Session::NewContext(std::chrono::seconds timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  context->AddMetadata("x-orgtree-actor", options_.actor);
  return context;
}

std::string Session::RequestId() const {
  if (!options_.request_id.empty()) return options_.request_id;
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::uniform_int_distribution<int> byte(0, 255);
  std::string id;
  for (int i = 0; i < 16; ++i) {
    int b = byte(device);
    id += kHex[b >> 4];
    id += kHex[b & 0xf];
  }
  return id;
}

bool IsValidActor(const std::string& actor) {
  if (actor.empty()) return false;
  for (unsigned char c : actor) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace orgctl
