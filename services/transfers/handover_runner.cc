#include "services/transfers/handover_runner.h"

#include <algorithm>

#include "spdlog/spdlog.h"

namespace orgtree::transfers {
namespace {

constexpr auto kSweepEvery = std::chrono::hours(1);
const registry::CallMeta kSweeper{"orgtreed", ""};

}  // namespace

HandoverRunner::HandoverRunner(TransferDesk* desk, std::chrono::milliseconds pause)
    : desk_(desk), pause_(pause) {
  auto running = desk_->RunningHandovers();
  if (running.ok()) {
    for (const std::string& id : *running) queue_.push_back(id);
  } else {
    spdlog::error("handover: cannot list running batches: {}", running.status().ToString());
  }
  thread_ = std::thread([this] { Loop(); });
}

HandoverRunner::~HandoverRunner() { Stop(); }

void HandoverRunner::Enqueue(const std::string& batch_id) {
  {
    std::lock_guard lock(mu_);
    if (std::find(queue_.begin(), queue_.end(), batch_id) == queue_.end()) {
      queue_.push_back(batch_id);
    }
  }
  wake_.notify_one();
}

void HandoverRunner::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void HandoverRunner::Loop() {
  auto next_sweep = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (std::chrono::steady_clock::now() >= next_sweep) {
      lock.unlock();
      auto expired = desk_->SweepExpired(kSweeper);
      if (!expired.ok()) {
        spdlog::error("transfers: expiry sweep failed: {}", expired.status().ToString());
      } else if (*expired > 0) {
        spdlog::info("transfers: recorded the expiry of {} transfer(s)", *expired);
      }
      next_sweep = std::chrono::steady_clock::now() + kSweepEvery;
      lock.lock();
      continue;
    }
    if (queue_.empty()) {
      wake_.wait_until(lock, next_sweep, [this] { return stopping_ || !queue_.empty(); });
      continue;
    }
    const std::string batch = queue_.front();
    lock.unlock();
    auto done = desk_->RunHandoverChunk(batch);
    if (!done.ok()) {
      spdlog::error("handover {}: {} (left running; re-run the batch to retry)", batch,
                    done.status().ToString());
    }
    lock.lock();
    if (!done.ok() || *done) {
      queue_.erase(std::remove(queue_.begin(), queue_.end(), batch), queue_.end());
      if (done.ok()) spdlog::info("handover {}: done", batch);
    }
    if (pause_.count() > 0 && !stopping_) {
      wake_.wait_for(lock, pause_, [this] { return stopping_; });
    }
  }
}

}  // namespace orgtree::transfers
