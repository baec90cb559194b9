#include "tools/loadgen/report.h"

#include "absl/strings/str_format.h"

namespace orgtree::loadgen {

std::string FormatReport(const std::vector<ReportRow>& rows, size_t ceiling) {
  std::string out =
      "| operation | dataset | in flight | QPS | p50 ms | p90 ms | p99 ms | ceiling QPS | "
      "QPS / ceiling | p99 / ceiling | server CPU µs/call (ceiling's) | client CPU µs/call "
      "(ceiling's) | notes |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  // "12.3 (10.1)": this row's CPU per call and its ceiling's; "-" where it was not measured.
  auto cpu = [](double row_us, double ceiling_us) -> std::string {
    if (row_us < 0) return "-";
    if (ceiling_us < 0) return absl::StrFormat("%.1f", row_us);
    return absl::StrFormat("%.1f (%.1f)", row_us, ceiling_us);
  };
  for (const ReportRow& row : rows) {
    const LoadResult& r = row.result;
    const LoadResult& top = row.adjacent_ceiling ? *row.adjacent_ceiling : rows[ceiling].result;
    std::string notes;
    if (row.items_per_call > 1) {
      notes = absl::StrFormat("%.0f members/s", r.qps * row.items_per_call);
    }
    if (r.errors > 0) {
      if (!notes.empty()) notes += "; ";
      notes += absl::StrFormat("%d errors (first: %s)", r.errors, r.first_error);
    }
    out += absl::StrFormat(
        "| %s | %s | %d | %.0f | %.3f | %.3f | %.3f | %.0f | %.2f | %.2f | %s | %s | %s |\n",
        row.operation, row.dataset, row.in_flight, r.qps, r.p50_us / 1000, r.p90_us / 1000,
        r.p99_us / 1000, top.qps, top.qps > 0 ? r.qps / top.qps : 0,
        top.p99_us > 0 ? r.p99_us / top.p99_us : 0,
        cpu(ServerCpuUsPerCall(r), ServerCpuUsPerCall(top)),
        cpu(ClientCpuUsPerCall(r), ClientCpuUsPerCall(top)), notes);
  }
  return out;
}

}  // namespace orgtree::loadgen
