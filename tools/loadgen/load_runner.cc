#include "tools/loadgen/load_runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
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
  const auto t0 = Clock::now();
  run->deadline = t0 + options.duration;
  run->last_completion = t0;
  for (int i = 0; i < slots; ++i) run->Next(static_cast<size_t>(i));
  {
    std::unique_lock lock(run->mu);
    run->all_done.wait(lock, [&] { return run->active_slots == 0; });
  }

  LoadResult out;
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
  }
  Summarise(&out);
  return out;
}

}  // namespace orgtree::loadgen
