#pragma once

// Bulk work on independent items (an import's field checks) spread over the machine's cores:
// [0, n) is cut into contiguous chunks, one per thread, the first one run on the calling thread.
// Small inputs stay on one thread: starting threads would cost more than it saves.

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace orgtree {

inline constexpr size_t kParallelMinItems = 16384;
inline constexpr size_t kParallelMaxThreads = 8;

// How many chunks RunInChunks cuts `n` items into.
inline size_t ChunkCount(size_t n) {
  if (n < kParallelMinItems) return 1;
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kParallelMaxThreads);
}

// Calls fn(chunk, begin, end) for each of ChunkCount(n) chunks covering [0, n) in order, each on a
// thread of its own, and returns when all are done. `fn` must not throw.
template <typename Fn>
void RunInChunks(size_t n, const Fn& fn) {
  const size_t chunks = ChunkCount(n);
  const size_t per = (n + chunks - 1) / chunks;
  std::vector<std::thread> threads;
  for (size_t c = 1; c < chunks; ++c) {
    const size_t begin = std::min(n, c * per), end = std::min(n, begin + per);
    threads.emplace_back([&fn, c, begin, end] { fn(c, begin, end); });
  }
  fn(size_t{0}, size_t{0}, std::min(n, per));
  for (auto& t : threads) t.join();
}

}  // namespace orgtree
