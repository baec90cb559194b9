// orgtree_load: drives a running orgtreed (loopback only) with many calls in flight over several
// channels for a fixed time per operation, and prints one table of QPS and latency percentiles
// against the health check measured in the same run (the transport's ceiling).

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "tools/loadgen/load_ops.h"
#include "tools/loadgen/load_runner.h"
#include "tools/loadgen/report.h"

namespace {

struct Flags {
  std::string server;
  int channels = 4;
  int in_flight = 32;
  int duration_ms = 5000;
  int warmup_ms = 500;
  int rounds = 5;
  int64_t max_calls = 5'000'000;
  bool whole_tree_move = false;
  bool cold = false;   // measure without reading every member first
  int server_pid = 0;  // the server's process, to read its CPU time (same box only)
  std::string only;    // run just the operations whose name contains this (and the ceiling)
  std::string out;
};

// The tool generates real load; it must never be pointed at someone else's server by mistake.
bool IsLoopback(const std::string& address) {
  for (const char* prefix : {"127.", "localhost:", "[::1]:", "ipv4:127.", "ipv6:[::1]:"}) {
    if (address.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

int Run(const Flags& flags) {
  if (!IsLoopback(flags.server)) {
    std::fprintf(stderr,
                 "error: --server must be a loopback address (127.x.x.x, localhost, [::1])\n");
    return 2;
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < flags.channels; ++i) {
    grpc::ChannelArguments args;
    // Without distinct arguments gRPC would share one connection among the channels.
    args.SetInt("orgtree.loadgen.channel", i);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels.push_back(
        grpc::CreateCustomChannel(flags.server, grpc::InsecureChannelCredentials(), args));
  }
  orgtree::loadgen::Operations operations(channels);
  auto data = operations.Discover();
  if (!data.ok()) {
    std::fprintf(stderr, "error: the server does not hold gen-demo data: %s\n",
                 std::string(data.status().message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "dataset: %lld members; reads on %s; deep page %d; path of %s\n",
               static_cast<long long>(data->members), data->secondary.c_str(),
               data->deep_page_number, data->deep_branch.c_str());

  if (!flags.cold) {
    // A server restarted a moment ago answers its first reads of each member from disk; one that
    // has been answering for a while has them in its caches. The figures are meant to be the
    // latter, so every member is read once first (--cold measures the former).
    orgtree::loadgen::LoadOptions options;
    options.channels = channels.size();
    options.in_flight = 4;
    options.duration = std::chrono::minutes(10);
    options.max_calls = (data->members + orgtree::loadgen::Operations::kMaxBatch - 1) /
                        orgtree::loadgen::Operations::kMaxBatch;
    const auto read = orgtree::loadgen::RunLoad(operations.ReadEveryMember(*data), options);
    if (read.errors > 0) {
      std::fprintf(stderr, "error: reading every member first: %s\n", read.first_error.c_str());
      return 1;
    }
    std::fprintf(stderr, "read every member once first (%lld calls, %.1f s)\n",
                 static_cast<long long>(read.calls), read.seconds);
  }

  std::vector<orgtree::loadgen::ReportRow> rows;
  size_t ceiling = 0;
  orgtree::loadgen::StartCall ceiling_call;
  for (auto& op : operations.Build(*data, flags.whole_tree_move)) {
    if (!op.is_ceiling && op.name.find(flags.only) == std::string::npos) continue;
    if (op.setup) {
      if (auto s = op.setup(); !s.ok()) {
        std::fprintf(stderr, "skipping %s: %s\n", op.name.c_str(),
                     std::string(s.message()).c_str());
        continue;
      }
    }
    orgtree::loadgen::LoadOptions options;
    options.channels = channels.size();
    options.in_flight = op.max_in_flight > 0 ? op.max_in_flight : flags.in_flight;
    options.max_calls = flags.max_calls;
    options.server_pid = flags.server_pid;
    auto warm_up = [&](const orgtree::loadgen::StartCall& start) {
      options.duration = std::chrono::milliseconds(flags.warmup_ms);
      orgtree::loadgen::RunLoad(start, options);  // connections, caches, predictors
    };
    orgtree::loadgen::ReportRow row;
    row.operation = op.name;
    row.dataset = op.dataset;
    row.items_per_call = op.items_per_call;
    row.in_flight = options.in_flight;
    if (op.is_ceiling || !ceiling_call) {
      warm_up(op.start);
      options.duration = std::chrono::milliseconds(flags.duration_ms);
      row.result = orgtree::loadgen::RunLoad(op.start, options);
    } else {
      // The box's speed drifts by ±20% within minutes (shared cores, another tenant's load), so
      // each operation takes turns with a health check with the same calls in flight, in short
      // rounds, and is set against the health check's calls pooled over the same rounds.
      warm_up(ceiling_call);
      warm_up(op.start);
      const int rounds = std::max(1, flags.rounds);
      options.duration = std::chrono::milliseconds(std::max(1, flags.duration_ms / rounds));
      options.max_calls = std::max<int64_t>(1, flags.max_calls / rounds);
      std::vector<orgtree::loadgen::LoadResult> ceilings, results;
      for (int r = 0; r < rounds; ++r) {
        ceilings.push_back(orgtree::loadgen::RunLoad(ceiling_call, options));
        results.push_back(orgtree::loadgen::RunLoad(op.start, options));
      }
      row.adjacent_ceiling = orgtree::loadgen::Pool(ceilings);
      row.result = orgtree::loadgen::Pool(results);
    }
    std::fprintf(stderr, "%-45s %9.0f QPS  p50 %.3f ms  p99 %.3f ms%s\n", op.name.c_str(),
                 row.result.qps, row.result.p50_us / 1000, row.result.p99_us / 1000,
                 row.result.errors ? "  (errors)" : "");
    if (op.is_ceiling) {
      ceiling = rows.size();
      ceiling_call = op.start;
    }
    rows.push_back(std::move(row));
  }
  operations.Restore(*data);

  const std::string table = orgtree::loadgen::FormatReport(rows, ceiling);
  std::fputs(table.c_str(), stdout);
  if (!flags.out.empty()) {
    std::ofstream out(flags.out);
    out << table;
    if (!out) {
      std::fprintf(stderr, "error: cannot write %s\n", flags.out.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // As in orgtreed: no lock-graph bookkeeping in the client's gRPC mutexes (Debian's Abseil is not
  // an NDEBUG build), so the client takes less of the cores it shares with the server.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  Flags flags;
  CLI::App app{"orgtree_load — gRPC load against a local orgtreed holding gen-demo data"};
  app.add_option("--server", flags.server, "loopback address of orgtreed")->required();
  app.add_option("--channels", flags.channels, "channels (connections)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--in-flight", flags.in_flight, "calls in flight at once (reads)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--duration-ms", flags.duration_ms, "measured time per operation")
      ->capture_default_str()
      ->check(CLI::Range(100, 60000));
  app.add_option("--warmup-ms", flags.warmup_ms, "unmeasured time before each operation")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  app.add_option("--rounds", flags.rounds,
                 "turns each operation takes with the health check (the measured time split "
                 "evenly among them)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--max-calls", flags.max_calls, "cap on calls per operation")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{50'000'000}));
  app.add_flag("--whole-tree-move", flags.whole_tree_move,
               "also move the whole tree back and forth (adds two roots for good: scratch data "
               "only)");
  app.add_flag("--cold", flags.cold,
               "measure a just-started server: skip reading every member once before the "
               "operations (which brings its caches to where a server that has been answering "
               "for a while has them)");
  app.add_option("--only", flags.only,
                 "run only the operations whose name contains this text (the ceiling always "
                 "runs): for profiling one call");
  app.add_option("--server-pid", flags.server_pid,
                 "the server's process id: adds its CPU time per call (read from /proc) to the "
                 "table, next to the client's")
      ->check(CLI::PositiveNumber);
  app.add_option("--out", flags.out, "also write the table to this file");
  CLI11_PARSE(app, argc, argv);
  return Run(flags);
}
