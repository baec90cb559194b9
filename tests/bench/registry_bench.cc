// The registry end to end in process (no gRPC): one registration through the whole write path
// (validate → decide → events → synced batch → publish) and the member queries, on a temp dir
// holding a 10k-member demo organisation.

#include <benchmark/benchmark.h>

#include <atomic>
#include <vector>

#include "absl/strings/str_format.h"
#include "tests/bench/bench_data.h"

namespace orgtree::registry {
namespace {

constexpr int64_t kMembers = 10000;

// One registry shared by every benchmark here, built on first use and removed at exit.
struct Shared {
  explicit Shared(const RegistryOptions& options = {})
      : clock(Date(2026, 11, 25)),
        reg(bench::OpenDemoRegistry(dir.path(), kMembers, &clock, options)) {}
  bench::ScratchDir dir;
  Clock clock;
  std::unique_ptr<Registry> reg;
};

Registry& Reg() {
  static Shared shared;
  return *shared.reg;
}

// The same organisation with the member list cache off: list pages read from RocksDB.
Registry& RegWithoutListCache() {
  static Shared shared(RegistryOptions{.list_cache_bytes = 0});
  return *shared.reg;
}

v1::OrgRef Code(const std::string& code) {
  v1::OrgRef ref;
  ref.set_code(code);
  return ref;
}

// Every call is a synced WAL write, so this measures the disk's fsync as much as the code.
void BM_RegisterMember(benchmark::State& state) {
  Registry& reg = Reg();
  static std::atomic<int64_t> next{kMembers + 1};
  for (auto _ : state) {
    v1::RegisterMemberRequest req;
    *req.mutable_member() = bench::MakeDemoMember(next++, "S0002-B001");
    auto m = reg.RegisterMember({"bench", ""}, req);
    if (!m.ok()) state.SkipWithError(std::string(m.status().message()).c_str());
  }
}
BENCHMARK(BM_RegisterMember)->Unit(benchmark::kMicrosecond);

// Point reads as the server makes them: the bytes of the response, the ID number masked.
void BM_GetMember(benchmark::State& state) {
  Registry& reg = Reg();
  v1::GetMemberRequest req;
  req.mutable_member()->set_member_no("M0004321");
  std::string member;
  for (auto _ : state) {
    member.clear();
    benchmark::DoNotOptimize(reg.GetMember(req, /*mask_national_id=*/true, &member));
  }
}
BENCHMARK(BM_GetMember)->Unit(benchmark::kMicrosecond);

// Members picked across the whole registry (a stride through the numbers), as a service sees
// them: each read lands on a different block, unlike BM_GetMember's one hot key.
void BM_GetMemberSpread(benchmark::State& state) {
  Registry& reg = Reg();
  std::vector<v1::GetMemberRequest> reqs(1024);
  for (size_t i = 0; i < reqs.size(); ++i) {
    reqs[i].mutable_member()->set_member_no(absl::StrFormat("M%07d", (i * 7919) % kMembers + 1));
  }
  size_t i = 0;
  std::string member;
  for (auto _ : state) {
    member.clear();
    benchmark::DoNotOptimize(reg.GetMember(reqs[i++ % reqs.size()], true, &member));
  }
}
BENCHMARK(BM_GetMemberSpread)->Unit(benchmark::kMicrosecond);

void BM_CheckMembership(benchmark::State& state) {
  Registry& reg = Reg();
  v1::CheckMembershipRequest req;
  req.mutable_member()->set_member_no("M0004321");
  *req.mutable_org() = Code("S0002");
  std::string answer;
  for (auto _ : state) {
    answer.clear();
    benchmark::DoNotOptimize(reg.CheckMembership(req, &answer));
  }
}
BENCHMARK(BM_CheckMembership)->Unit(benchmark::kMicrosecond);

// First page of 50 of a secondary committee's whole subtree (arg 0), of the root's (arg 1), both
// in the full view, and of the secondary committee's in the default, basic view (arg 2), as the
// server makes it: the bytes of the response, ID numbers masked. From the member list cache (warm
// after the first call), and read from RocksDB with the cache off.
void ListFirstPage(benchmark::State& state, Registry& reg) {
  v1::ListMembersRequest req;
  *req.mutable_org() = Code(state.range(0) == 1 ? "G0001" : "S0002");
  if (state.range(0) != 2) req.set_view(v1::MEMBER_VIEW_FULL);
  req.set_include_subtree(true);
  req.set_page_size(50);
  std::string page;
  for (auto _ : state) {
    if (!reg.ListMembers(req, /*mask_national_ids=*/true, &page).ok())
      state.SkipWithError("failed");
  }
  v1::ListMembersResponse parsed;
  if (!parsed.ParseFromString(page) || parsed.members_size() != 50) state.SkipWithError("short");
  state.SetItemsProcessed(state.iterations() * 50);
  state.counters["page_bytes"] = static_cast<double>(page.size());  // what goes on the wire
}
void BM_ListMembersFirstPage(benchmark::State& state) { ListFirstPage(state, Reg()); }
BENCHMARK(BM_ListMembersFirstPage)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);
void BM_ListMembersFirstPageFromStore(benchmark::State& state) {
  ListFirstPage(state, RegWithoutListCache());
}
BENCHMARK(BM_ListMembersFirstPageFromStore)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

// As the server answers a batch: the bytes of the response, ID numbers masked.
void BM_BatchGetMembers1000(benchmark::State& state) {
  Registry& reg = Reg();
  v1::BatchGetMembersRequest req;
  for (int i = 1; i <= 1000; ++i) req.add_ids(static_cast<uint64_t>(i * 7 % kMembers + 1));
  auto parsed = reg.BatchGetMembers(req);
  if (!parsed.ok() || parsed->members_size() != 1000) state.SkipWithError("short batch");
  std::string wire;
  for (auto _ : state) {
    wire.clear();
    if (!reg.BatchGetMembers(req, /*mask_national_ids=*/true, &wire).ok()) {
      state.SkipWithError("batch failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_BatchGetMembers1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace orgtree::registry
