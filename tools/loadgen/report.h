#pragma once

// The load tool's one table, as Markdown: every operation against the health-check ceiling
// measured in the same run.

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
};

// `rows[ceiling]` is the health check; ratios are against it.
std::string FormatReport(const std::vector<ReportRow>& rows, size_t ceiling);

}  // namespace orgtree::loadgen
