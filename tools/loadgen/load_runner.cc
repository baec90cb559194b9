#include "tools/loadgen/load_runner.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace orgtree::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

// Shared state of one run. Each slot issues its next call from the previous call's completion,
// so a slot's latency vector is only ever touched by one call at a time and needs no lock.
struct Run {
  const StartCall* start;
  LoadOptions options;
  Clock::time_point deadline;
  std::atomic<uint64_t> next_seq{0};
  std::atomic<int64_t> issued{0};
  std::atomic<int64_t> errors{0};
  std::vector<std::vector<int64_t>> latencies_ns;  // per slot

  std::mutex mu;
  std::condition_variable all_done;
  int active_slots = 0;
  std::string first_error;
  Clock::time_point last_completion;

  void Next(size_t slot) {
    if (Clock::now() >= deadline || issued.fetch_add(1) >= options.max_calls) {
      std::lock_guard lock(mu);
      if (--active_slots == 0) all_done.notify_all();
      return;
    }
    const uint64_t seq = next_seq.fetch_add(1);
    const auto t0 = Clock::now();
    (*start)(slot % options.channels, seq, [this, slot, t0](const grpc::Status& s) {
      const auto t1 = Clock::now();
      if (s.ok()) {
        latencies_ns[slot].push_back(
            std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
      } else if (errors.fetch_add(1) == 0) {
        std::lock_guard lock(mu);
        first_error = std::to_string(s.error_code()) + ": " + s.error_message();
      }
      {
        std::lock_guard lock(mu);
        last_completion = std::max(last_completion, t1);
      }
      Next(slot);
    });
  }
};

double PercentileUs(std::vector<int64_t>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return static_cast<double>(v[k]) / 1000.0;
}

// The CPU time (user + system) process `pid` has used so far, from /proc; negative if unreadable.
double ProcessCpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name, in parentheses, may hold spaces: the fields are counted after it. utime and
  // stime are the 14th and 15th fields, the 12th and 13th after the name.
  const size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) return -1;
  std::istringstream fields(stat.substr(name_end + 1));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;
  long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return -1;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double OwnCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Fills calls, QPS and percentiles from the latencies, errors and time already in `r`.
void Summarise(LoadResult* r) {
  r->calls = static_cast<int64_t>(r->latencies_ns.size()) + r->errors;
  r->qps = r->seconds > 0 ? static_cast<double>(r->latencies_ns.size()) / r->seconds : 0;
  std::vector<int64_t> sorted = r->latencies_ns;
  r->p50_us = PercentileUs(sorted, 0.50);
  r->p90_us = PercentileUs(sorted, 0.90);
  r->p99_us = PercentileUs(sorted, 0.99);
}

}  // namespace

LoadResult RunLoad(const StartCall& start, const LoadOptions& options) {
  auto run = std::make_unique<Run>();
  run->start = &start;
  run->options = options;
  run->options.channels = std::max<size_t>(1, options.channels);
  const int slots = std::max(1, options.in_flight);
  run->latencies_ns.resize(static_cast<size_t>(slots));
  run->active_slots = slots;
  const double server_cpu0 = options.server_pid > 0 ? ProcessCpuSeconds(options.server_pid) : -1;
  const double client_cpu0 = OwnCpuSeconds();
  const auto t0 = Clock::now();
  run->deadline = t0 + options.duration;
  run->last_completion = t0;
  for (int i = 0; i < slots; ++i) run->Next(static_cast<size_t>(i));
  {
    std::unique_lock lock(run->mu);
    run->all_done.wait(lock, [&] { return run->active_slots == 0; });
  }

  LoadResult out;
  out.client_cpu_s = OwnCpuSeconds() - client_cpu0;
  if (server_cpu0 >= 0) {
    const double server_cpu1 = ProcessCpuSeconds(options.server_pid);
    if (server_cpu1 >= 0) out.server_cpu_s = server_cpu1 - server_cpu0;
  }
  for (auto& v : run->latencies_ns) {
    out.latencies_ns.insert(out.latencies_ns.end(), v.begin(), v.end());
  }
  out.errors = run->errors.load();
  out.first_error = run->first_error;
  out.seconds = std::chrono::duration<double>(run->last_completion - t0).count();
  Summarise(&out);
  return out;
}

LoadResult Pool(const std::vector<LoadResult>& runs) {
  LoadResult out;
  for (const LoadResult& r : runs) {
    out.latencies_ns.insert(out.latencies_ns.end(), r.latencies_ns.begin(), r.latencies_ns.end());
    out.errors += r.errors;
    if (out.first_error.empty()) out.first_error = r.first_error;
    out.seconds += r.seconds;
    out.client_cpu_s += r.client_cpu_s;
  }
  // The server's time only when every run measured it.
  out.server_cpu_s = 0;
  for (const LoadResult& r : runs) {
    if (r.server_cpu_s < 0) out.server_cpu_s = -1;
    if (out.server_cpu_s >= 0) out.server_cpu_s += r.server_cpu_s;
  }
  Summarise(&out);
  return out;
}

double ServerCpuUsPerCall(const LoadResult& r) {
  const auto ok = static_cast<double>(r.latencies_ns.size());
  return r.server_cpu_s >= 0 && ok > 0 ? r.server_cpu_s * 1e6 / ok : -1;
}

double ClientCpuUsPerCall(const LoadResult& r) {
  const auto ok = static_cast<double>(r.latencies_ns.size());
  return ok > 0 ? r.client_cpu_s * 1e6 / ok : -1;
}

}  // namespace orgtree::loadgen
