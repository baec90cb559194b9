#pragma once

// HandoverRunner: the one background thread that issues the letters of running handover batches
// (chunk by chunk, so a batch never holds the writer lock for long) and, once an hour, records
// the expiry of internal transfers past validity. Batches still running at start-up are resumed.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "services/transfers/transfer_desk.h"

namespace orgtree::transfers {

class HandoverRunner {
 public:
  // `pause` is slept between chunks (to leave the writer lock to interactive staff).
  HandoverRunner(TransferDesk* desk, std::chrono::milliseconds pause);
  ~HandoverRunner();  // Stop()s
  HandoverRunner(const HandoverRunner&) = delete;
  HandoverRunner& operator=(const HandoverRunner&) = delete;

  // Queues a batch (a no-op when it is queued already).
  void Enqueue(const std::string& batch_id);
  // Finishes the chunk in progress and stops; batches left running resume on the next start.
  void Stop();

 private:
  void Loop();

  TransferDesk* desk_;
  std::chrono::milliseconds pause_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace orgtree::transfers
