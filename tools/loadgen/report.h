#pragma once

// The load tool's one table, as Markdown: every operation against the health-check ceiling
// measured in the same run.

#include <optional>
#include <string>
#include <vector>

#include "tools/loadgen/load_runner.h"

namespace orgtree::loadgen {

struct ReportRow {
  std::string operation;
  std::string dataset;
  int items_per_call = 1;
  int in_flight = 0;
  LoadResult result;
  // The health check measured in turns with this row (with this row's calls in flight); ratios
  // are against it when present, else against the run's ceiling row.
  std::optional<LoadResult> adjacent_ceiling;
};

// `rows[ceiling]` is the health check; each row's ratios are against its adjacent ceiling, or the
// ceiling row.
std::string FormatReport(const std::vector<ReportRow>& rows, size_t ceiling);

}  // namespace orgtree::loadgen
