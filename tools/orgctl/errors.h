#pragma once

// The three ways a command ends badly; main turns each into its exit code and stderr line.

#include <grpcpp/support/status.h>

#include <stdexcept>
#include <string>

namespace orgctl {

// The server refused or failed the call (or could not be reached): exit 1,
// "error: CODE: message".
class RpcError : public std::runtime_error {
 public:
  explicit RpcError(grpc::Status status)
      : std::runtime_error(status.error_message()), status_(std::move(status)) {}
  const grpc::Status& status() const { return status_; }

 private:
  grpc::Status status_;
};

// A command line that cannot be sent (missing or conflicting arguments): exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A local failure outside the server's control (unreadable or unwritable file): exit 1.
class LocalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws RpcError unless `status` is OK, so command code reads as the happy path.
inline void Check(const grpc::Status& status) {
  if (!status.ok()) throw RpcError(status);
}

// "INVALID_ARGUMENT", "UNAVAILABLE", ... as grpc and the conventions spell them.
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace orgctl
