// The in-memory org tree and counters: ancestry checks back CheckMembership, and counter updates
// run for every ancestor on every registration and status change.

#include <benchmark/benchmark.h>

#include "services/registry/counters.h"
#include "services/registry/org_tree.h"
#include "tests/bench/bench_data.h"

namespace orgtree::registry {
namespace {

// The tree of a 100k-member organisation (~1,300 orgs, four levels), built once.
const OrgTree& DemoTree() {
  static const OrgTree* tree = [] {
    auto* t = new OrgTree;
    for (const v1::Org& org : bench::MakeDemoOrgs(100000, 1).orgs) t->Upsert(org);
    return t;
  }();
  return *tree;
}

uint64_t Id(const std::string& code) { return *DemoTree().FindByCode(code); }

// The deepest kind of placement: a branch under a general branch of a secondary committee.
uint64_t DeepBranch(const std::string& committee) {
  const OrgTree& tree = DemoTree();
  for (auto [id, depth] : tree.SubtreeDfs(Id(committee), false)) {
    if (depth == 2 && tree.Find(id)->org.type() == v1::BRANCH) return id;
  }
  return Id(committee + "-B001");
}

void BM_IsInSubtree_Root(benchmark::State& state) {
  const uint64_t branch = DeepBranch("S0020"), root = Id("G0001");
  for (auto _ : state) benchmark::DoNotOptimize(DemoTree().IsInSubtree(branch, root));
}
BENCHMARK(BM_IsInSubtree_Root);

void BM_IsInSubtree_Secondary(benchmark::State& state) {
  const uint64_t branch = DeepBranch("S0020"), committee = Id("S0020");
  for (auto _ : state) benchmark::DoNotOptimize(DemoTree().IsInSubtree(branch, committee));
}
BENCHMARK(BM_IsInSubtree_Secondary);

// A miss walks all the way to the root.
void BM_IsInSubtree_OtherSecondary(benchmark::State& state) {
  const uint64_t branch = DeepBranch("S0020"), other = Id("S0021");
  for (auto _ : state) benchmark::DoNotOptimize(DemoTree().IsInSubtree(branch, other));
}
BENCHMARK(BM_IsInSubtree_OtherSecondary);

void BM_PathTo(benchmark::State& state) {
  const uint64_t branch = DeepBranch("S0020");
  for (auto _ : state) benchmark::DoNotOptimize(DemoTree().PathTo(branch));
}
BENCHMARK(BM_PathTo);

void BM_FindByCode(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(DemoTree().FindByCode("S0020-B017"));
}
BENCHMARK(BM_FindByCode);

void BM_AddMember(benchmark::State& state) {
  v1::Counters counters;
  EnsureCounterSize(&counters);
  v1::Member m = bench::MakeDemoMember(1, "S0001-B001");
  m.set_status(v1::ACTIVE);
  int sign = 1;
  for (auto _ : state) {
    AddMember(&counters, m, sign);
    sign = -sign;
  }
  benchmark::DoNotOptimize(counters);
}
BENCHMARK(BM_AddMember);

// What a move or a registration does per ancestor: fold one subtree's counters into another.
void BM_AddCounters(benchmark::State& state) {
  v1::Counters dst, src;
  EnsureCounterSize(&dst);
  EnsureCounterSize(&src);
  v1::Member m = bench::MakeDemoMember(1, "S0001-B001");
  m.set_status(v1::ACTIVE);
  for (int i = 0; i < 100; ++i) AddMember(&src, m, 1);
  int sign = 1;
  for (auto _ : state) {
    AddCounters(&dst, src, sign);
    sign = -sign;
  }
  benchmark::DoNotOptimize(dst);
}
BENCHMARK(BM_AddCounters);

}  // namespace
}  // namespace orgtree::registry
