#pragma once

// What every handler needs about its call, built in one place: the caller (actor; roles and
// subtree scope when authentication arrives), the registry's CallMeta, and status conversion.

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/proto_buffer_reader.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/dues/dues_rules.h"
#include "services/officers/office_book.h"
#include "services/registry/change.h"
#include "services/transfers/transfer_desk.h"

namespace orgtree::api {

// Server-wide settings the handlers consult.
struct ServiceOptions {
  // Until authentication exists, whether callers may see national ID numbers and look members up
  // by them (a server flag).
  bool reveal_national_ids = false;
  // The dues rules in force (orgtreed --dues-config FILE; default: the 2008 regulation).
  dues::DuesConfig dues_config;
  // Letter validity and how handover batches are paced (orgtreed --transfer-validity-days,
  // --handover-chunk, --handover-pause-ms).
  transfers::TransferOptions transfer_options;
  int handover_pause_ms = 0;
  // Default term lengths (orgtreed --term-years-committee, --term-years-branch).
  officers::OfficerOptions officer_options;
};

// The metadata key orgctl and other clients put the acting person in.
inline constexpr char kActorHeader[] = "x-orgtree-actor";

struct Caller {
  std::string actor;  // "anonymous" when not given
  bool may_see_national_ids = false;
};

Caller CallerOf(const grpc::ServerContextBase* context, const ServiceOptions& options);
registry::CallMeta MetaOf(const Caller& caller, const std::string& request_id);

// absl codes map 1:1 onto gRPC codes.
grpc::Status ToGrpc(const absl::Status& status);

template <typename T>
grpc::Status Reply(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

// Completes a callback-API unary call. Reads are served on the callback API: they only touch the
// in-memory tree and RocksDB's memtable / block cache (at worst one page read), so they run on
// gRPC's own threads and skip the sync server's hand-off to a pool thread, as the health check
// does. Mutations stay synchronous: they block on a synced WAL write.
inline grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

// Serves a call of a method that takes and answers raw bytes (its answer written without building
// the response message): parses the request as a `Req` — INVALID_ARGUMENT naming the type when it
// is not one — then `answer(req, &bytes)` writes the serialised response or returns an error.
template <typename Req, typename Answer>
grpc::ServerUnaryReactor* ServeRaw(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer& request, const char* request_type,
                                   grpc::ByteBuffer* response, Answer answer) {
  Req req;
  grpc::ByteBuffer request_bytes(request);  // shares the slices; the reader needs it mutable
  grpc::ProtoBufferReader reader(&request_bytes);
  if (!req.ParseFromZeroCopyStream(&reader)) {
    return Finish(context, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                        std::string("request: not a ") + request_type));
  }
  std::string bytes;
  grpc::Status status = answer(req, &bytes);
  if (status.ok()) {
    // The answer's string is handed to gRPC as it is instead of copied (a list page is ~15 KB).
    auto* owned = new std::string(std::move(bytes));
    grpc::Slice slice(
        owned->data(), owned->size(), [](void* s) { delete static_cast<std::string*>(s); }, owned);
    *response = grpc::ByteBuffer(&slice, 1);
  }
  return Finish(context, std::move(status));
}

// Masks what the caller may not see (national ID numbers).
void Present(const Caller& caller, v1::Member* member);
void Present(const Caller& caller, v1::Event* event);

}  // namespace orgtree::api
