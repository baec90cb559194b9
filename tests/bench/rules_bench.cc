// Domain rules on the hot path of every registration and import row.
//
// Dues computation is benchmarked next to the dues code's own work, in dues_bench.cc.

#include <benchmark/benchmark.h>

#include "services/rules/national_id.h"

namespace orgtree::rules {
namespace {

constexpr char kValidId[] = "11010119800101001X";

void BM_NationalIdCheckChar(benchmark::State& state) {
  const std::string_view first17(kValidId, 17);
  for (auto _ : state) benchmark::DoNotOptimize(NationalIdCheckChar(first17));
}
BENCHMARK(BM_NationalIdCheckChar);

void BM_ValidateNationalId_Valid(benchmark::State& state) {
  const std::string first17 = "11010119800101001";
  const std::string id = first17 + NationalIdCheckChar(first17);
  for (auto _ : state) benchmark::DoNotOptimize(ValidateNationalId("national_id", id));
}
BENCHMARK(BM_ValidateNationalId_Valid);

// The error path builds a message; imports of dirty spreadsheets hit it often.
void BM_ValidateNationalId_BadCheckChar(benchmark::State& state) {
  const std::string first17 = "11010119800101001";
  const char wrong = NationalIdCheckChar(first17) == '0' ? '1' : '0';
  const std::string id = first17 + wrong;
  for (auto _ : state) benchmark::DoNotOptimize(ValidateNationalId("national_id", id));
}
BENCHMARK(BM_ValidateNationalId_BadCheckChar);

void BM_MaskNationalId(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(MaskNationalId(kValidId));
}
BENCHMARK(BM_MaskNationalId);

}  // namespace
}  // namespace orgtree::rules
