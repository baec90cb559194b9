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

// How many parts work of `n` items is worth cutting into: one per core, or one when small.
inline size_t PartsFor(size_t n, size_t min_items) {
  if (n < min_items) return 1;
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kParallelMaxThreads);
}

// Calls fn(part) for each part in [0, parts), each on a thread of its own (part 0 on the calling
// thread), and returns when all are done. `fn` must not throw.
template <typename Fn>
void RunInParts(size_t parts, const Fn& fn) {
  std::vector<std::thread> threads;
  for (size_t p = 1; p < parts; ++p) threads.emplace_back([&fn, p] { fn(p); });
  if (parts > 0) fn(size_t{0});
  for (auto& t : threads) t.join();
}

// How many chunks RunInChunks cuts `n` items into.
inline size_t ChunkCount(size_t n) { return PartsFor(n, kParallelMinItems); }

// Calls fn(chunk, begin, end) for each of ChunkCount(n) chunks covering [0, n) in order, each on a
// thread of its own, and returns when all are done. `fn` must not throw.
template <typename Fn>
void RunInChunks(size_t n, const Fn& fn) {
  const size_t chunks = ChunkCount(n);
  const size_t per = (n + chunks - 1) / chunks;
  RunInParts(chunks, [&](size_t c) {
    const size_t begin = std::min(n, c * per), end = std::min(n, begin + per);
    fn(c, begin, end);
  });
}

}  // namespace orgtree
