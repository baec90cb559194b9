#pragma once

// Synthetic organisations for demos, imports and benchmarks: orgs.csv and members.csv in the
// import format, with a realistic shape (see GenerateDemo).

#include <cstdint>
#include <string>

#include "services/common/date.h"

namespace orgctl {

struct DemoShape {
  int64_t members = 10000;
  uint64_t seed = 1;
  orgtree::Date today;  // every date generated lies on or before it
};

struct DemoCounts {
  int64_t orgs = 0;
  int64_t members = 0;
};

// Writes DIR/orgs.csv and DIR/members.csv: one group committee "G0001"; a secondary committee per
// ~2,500 members with 1–4 general branches; branches of 3–120 members plus one large retirees'
// branch per secondary committee; ~28% retired, ~3% probationary; valid, unique national IDs.
// The same shape and seed give the same files.
DemoCounts GenerateDemo(const DemoShape& shape, const std::string& dir);

}  // namespace orgctl
