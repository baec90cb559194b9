#pragma once

// Reads what the officeholder rules and the org chart need of one org from the officers' records:
// its current secretary, its committee seats and its last election's term end.

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "services/reports/report_rules.h"
#include "storage/records.h"

namespace orgtree::reports {

// `counts`, when given, says which current positions count (a restructuring plan leaves out the
// holders its change takes away).
using OfficerFilter = std::function<bool(const v1::Officer&)>;
absl::StatusOr<OfficeFacts> ReadOfficeFacts(const storage::RecordReader& reader, uint64_t org_id,
                                            const OfficerFilter& counts = nullptr);

}  // namespace orgtree::reports
