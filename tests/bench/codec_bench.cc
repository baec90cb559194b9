// Key codec: every read and write builds or decodes these bytes, so they must stay nanoseconds.

#include <benchmark/benchmark.h>

#include "storage/key_codec.h"

namespace orgtree::storage {
namespace {

void BM_IdKey(benchmark::State& state) {
  uint64_t id = 1;
  for (auto _ : state) benchmark::DoNotOptimize(IdKey(++id));
}
BENCHMARK(BM_IdKey);

void BM_PlacementKey(benchmark::State& state) {
  uint64_t id = 1;
  for (auto _ : state) benchmark::DoNotOptimize(PlacementKey(1234, ++id));
}
BENCHMARK(BM_PlacementKey);

void BM_DecodePlacementKey(benchmark::State& state) {
  const std::string key = PlacementKey(1234, 987654);
  for (auto _ : state) benchmark::DoNotOptimize(DecodePlacementKey(key));
}
BENCHMARK(BM_DecodePlacementKey);

void BM_PrefixUpperBound(benchmark::State& state) {
  const std::string prefix = PlacementPrefix(1234);
  for (auto _ : state) benchmark::DoNotOptimize(PrefixUpperBound(prefix));
}
BENCHMARK(BM_PrefixUpperBound);

}  // namespace
}  // namespace orgtree::storage
