// Party dues at scale, in process (no gRPC): assess one month for a 100k-member organisation
// (first time: every member-month written; again: nothing changes), reconcile a 100k-line bank
// statement for a month (CSV parse + match + record + the unpaid/differs lists), and the rolled-up
// summary of the whole tree. ORGTREE_DUES_BENCH_MEMBERS overrides the size.
//
// Each benchmark runs a fixed number of iterations on fresh months: an assessment or a statement
// can only be "new" once per month.

#include <benchmark/benchmark.h>

#include <cstdlib>

#include "services/dues/dues_csv.h"
#include "services/dues/dues_ledger.h"
#include "tests/bench/bench_data.h"

namespace orgtree::dues {
namespace {

int64_t Members() {
  const char* env = std::getenv("ORGTREE_DUES_BENCH_MEMBERS");
  return env != nullptr && std::atoll(env) > 0 ? std::atoll(env) : 100000;
}

// A 100k-member demo organisation with a declared base for everyone (salaries spread over every
// bracket), built on first use and removed at exit.
struct Shared {
  Shared() : clock(Date(2026, 11, 25)), members(Members()) {
    reg = bench::OpenDemoRegistry(dir.path(), members, &clock);
    ledger = std::make_unique<DuesLedger>(reg.get(), DuesConfig());
    std::vector<BaseRow> rows;
    for (int64_t n = 1; n <= members; ++n) {
      BaseRow row;
      row.line = static_cast<int>(n + 1);
      row.base.set_member_no(bench::MakeDemoMember(n, "").member_no());
      row.base.set_effective_month("2020-01");
      row.base.set_income_type(v1::INCOME_SALARY);
      row.base.set_monthly_base_fen(200000 + (n * 7919) % 1500000);
      rows.push_back(std::move(row));
    }
    v1::DuesImportReport report;
    auto s = ledger->ImportBases({"bench", "bench-bases"}, std::move(rows), false, 3, &report);
    if (!s.ok() || report.errors_size() > 0) throw std::runtime_error("bench: bases failed");
  }
  bench::ScratchDir dir;
  Clock clock;
  int64_t members;
  std::unique_ptr<registry::Registry> reg;
  std::unique_ptr<DuesLedger> ledger;
  int next_month = 0;  // months handed out from 2025-01 on
};

Shared& S() {
  static Shared shared;
  return shared;
}

std::string NextMonth() { return FormatMonth(Month(2025, 1) + S().next_month++); }

absl::Status Assess(const std::string& month) {
  v1::AssessDuesRequest req;
  req.set_org_code("G0001");
  req.set_month(month);
  auto r = S().ledger->Assess({"bench", ""}, req);
  if (r.ok() && r->members_assessed() != S().members) return absl::InternalError("short");
  return r.status();
}

void BM_DuesAssessMonth(benchmark::State& state) {
  S();
  for (auto _ : state) {
    if (auto s = Assess(NextMonth()); !s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * S().members);
}
BENCHMARK(BM_DuesAssessMonth)->Iterations(2)->Unit(benchmark::kMillisecond);

void BM_DuesAssessMonthAgain(benchmark::State& state) {
  S();
  const std::string month = NextMonth();
  if (auto s = Assess(month); !s.ok()) state.SkipWithError(s.ToString().c_str());
  for (auto _ : state) {
    if (auto s = Assess(month); !s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * S().members);
}
BENCHMARK(BM_DuesAssessMonthAgain)->Iterations(2)->Unit(benchmark::kMillisecond);

// Every member pays the month's dues except every 10th (unpaid) and every 7th pays 1 yuan more.
void BM_DuesReconcileStatement(benchmark::State& state) {
  S();
  for (auto _ : state) {
    state.PauseTiming();
    const std::string month = NextMonth();
    if (auto s = Assess(month); !s.ok()) state.SkipWithError(s.ToString().c_str());
    std::string csv = "txn_ref,member_no,period,amount_fen,paid_on,channel\n";
    for (int64_t n = 1; n <= S().members; ++n) {
      if (n % 10 == 0) continue;
      const int64_t base = 200000 + (n * 7919) % 1500000;
      int64_t due = ComputeDues(S().ledger->config(), v1::INCOME_SALARY, base).fen;
      if (n % 7 == 0) due += 100;
      csv += month + "-" + std::to_string(n) + "," + bench::MakeDemoMember(n, "").member_no() +
             "," + month + "," + std::to_string(due) + "," + month + "-20,bank\n";
    }
    state.ResumeTiming();
    auto file = ParseStatementCsv(csv, csv::Encoding::kAuto);
    ReconcileOptions o;
    o.month = month;
    o.fingerprint = 1;
    v1::ReconcileReport report;
    auto s = S().ledger->Reconcile({"bench", ""}, std::move(file.rows), o, &report);
    if (!s.ok() || report.recorded() == 0) state.SkipWithError("reconcile failed");
    state.counters["recorded"] = static_cast<double>(report.recorded());
    state.counters["unpaid"] = static_cast<double>(report.unpaid_size());
    state.counters["differences"] = static_cast<double>(report.differences_size());
  }
  state.SetItemsProcessed(state.iterations() * S().members);
}
BENCHMARK(BM_DuesReconcileStatement)->Iterations(1)->Unit(benchmark::kMillisecond);

// The whole tree's summary: one aggregate read per org, however many members.
void BM_DuesSummaryWholeTree(benchmark::State& state) {
  S();
  v1::GetDuesSummaryRequest req;
  req.set_org_code("G0001");
  req.set_month("2025-01");
  for (auto _ : state) {
    auto s = S().ledger->GetSummary(req);
    if (!s.ok()) state.SkipWithError(s.status().ToString().c_str());
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_DuesSummaryWholeTree)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace orgtree::dues
