#pragma once

// What the officeholder rules need of one org, from the officers' records: its current secretary,
// its committee seats and its last election's term end. Read once, derived as often as needed.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "services/reports/report_rules.h"
#include "storage/records.h"

namespace orgtree::reports {

// One org's current positions and last term end, read once.
struct OfficeRecords {
  std::vector<v1::Officer> current;
  std::optional<Date> term_ends_on;  // the last recorded election's
};
absl::StatusOr<OfficeRecords> ReadOfficeRecords(const storage::RecordReader& reader,
                                                uint64_t org_id);

// What the officeholder rules look at, from those records. `counts`, when given, says which
// current positions count (a restructuring plan leaves out the holders its change takes away).
using OfficerFilter = std::function<bool(const v1::Officer&)>;
OfficeFacts FactsOf(const OfficeRecords& records, const OfficerFilter& counts = nullptr);

}  // namespace orgtree::reports
