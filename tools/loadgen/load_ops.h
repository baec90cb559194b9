#pragma once

// The operations issue 6 measures, against a server loaded with `orgctl gen-demo` data (root
// G0001, secondary committees S0001…, branches S0001-B001…, members M0000001…).

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/loadgen/load_runner.h"

namespace orgtree::loadgen {

struct Operation {
  Operation(std::string name_in, std::string dataset_in, StartCall start_in,
            int max_in_flight_in = 0)
      : name(std::move(name_in)),
        dataset(std::move(dataset_in)),
        start(std::move(start_in)),
        max_in_flight(max_in_flight_in) {}

  std::string name;
  std::string dataset;  // what the call touches, e.g. "S0002 (2,500 members)"
  StartCall start;
  int max_in_flight = 0;   // 0 = the run's setting; writes to one org use 1
  int items_per_call = 1;  // BatchGetMembers: members per call
  bool is_ceiling = false;
  // Runs once before the operation's warm-up (e.g. creating the orgs a move needs).
  std::function<absl::Status()> setup;
};

// What the operations need to know about the loaded data; found with a few calls at setup.
struct Dataset {
  int64_t members = 0;    // members in the whole tree (member numbers run 1..members)
  std::string secondary;  // the secondary committee the reads use
  int64_t secondary_members = 0;
  std::string moved;        // the secondary committee MoveOrg moves (another one)
  std::string deep_branch;  // a branch below a general branch, for GetOrgPath
  std::string deep_page_token;
  int deep_page_number = 0;
  // Every branch of the tree, for list pages spread over all of them (a cache cannot hold them
  // all at 1M members).
  std::vector<std::string> branches;
};

class Operations {
 public:
  // One channel per entry of `channels` (distinct connections).
  explicit Operations(std::vector<std::shared_ptr<grpc::Channel>> channels);
  ~Operations();

  absl::StatusOr<Dataset> Discover();
  // The health check first (the ceiling), then the reads, then the writes.
  std::vector<Operation> Build(const Dataset& data, bool include_whole_tree_move);
  // Calls that read every member once, kMaxBatch a call (call `seq` reads ids seq × kMaxBatch + 1
  // onwards): (data.members + kMaxBatch - 1) / kMaxBatch calls bring a just-started server's
  // caches to where a server that has been answering for a while has them.
  static constexpr int kMaxBatch = 1000;
  StartCall ReadEveryMember(const Dataset& data);
  // Puts the moved committees back where they started (so a data dir can be reused).
  void Restore(const Dataset& data);

 private:
  struct Stubs;
  std::unique_ptr<Stubs> stubs_;
};

}  // namespace orgtree::loadgen
