#pragma once

// Test support: runs the real orgtreed binary on an ephemeral loopback port over a temp data
// directory, and runs orgctl (or the load tool) against it. Paths come from the build
// (ORGTREED_PATH, ORGCTL_PATH, ORGTREE_LOAD_PATH).

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/temp_dir.h"

namespace orgtree::testing {

class ServerProcess {
 public:
  // Starts orgtreed with --listen 127.0.0.1:0 --data-dir `data_dir` --today `today` plus `extra`,
  // and waits for its "listening on" line.
  ServerProcess(const std::string& data_dir, const std::string& today,
                const std::vector<std::string>& extra = {});
  // Sends SIGTERM and waits for the process.
  ~ServerProcess();

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // SIGTERM, wait; returns the exit status (0 = clean shutdown).
  int Stop();
  // SIGKILL, wait: a crash (no shutdown, no flush), for recovery tests.
  void Kill();
  // Everything the server wrote to stderr (its log) so far.
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::string address_;
  std::string log_path_;
  std::shared_ptr<grpc::Channel> channel_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs orgctl with `args` (the --server flag is added), capturing stdout and stderr.
CommandResult RunOrgctl(const std::string& server, const std::vector<std::string>& args);
// Runs orgtreed with `args` to completion (for start-up refusals), capturing stdout and stderr.
CommandResult RunOrgtreed(const std::vector<std::string>& args);

// Runs the benchmark suite's load tool, orgtree_load, against `server` with `args`.
CommandResult RunLoadTool(const std::string& server, const std::vector<std::string>& args);

// Writes `content` to `path`.
void WriteFile(const std::string& path, const std::string& content);

}  // namespace orgtree::testing
