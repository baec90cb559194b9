#pragma once

// Restructurer: "merge / split / convert / dissolve / move members / move" as one safe,
// reviewable step each — validated, planned (validate_only returns the full impact plan: orgs and
// members affected, counter changes, the size warnings created or cleared) and committed as one
// atomic change through Registry::Execute, recorded with one OrgsRestructured event carrying the
// plan beside each moved entity's own event. The dry run and the real run share every line, so the
// plan is what the run does.
//
// Where the code is: restructure_txn.h (the building blocks and the plan), restructurer.cc (the
// operations).

#include "absl/status/statusor.h"
#include "orgtree/v1/restructure.pb.h"
#include "services/registry/registry.h"

namespace orgtree::restructure {

class Restructurer {
 public:
  explicit Restructurer(registry::Registry* registry) : registry_(registry) {}

  absl::StatusOr<v1::RestructurePlan> Restructure(const registry::CallMeta& call,
                                                  const v1::RestructureRequest& req);

 private:
  registry::Registry* registry_;
};

}  // namespace orgtree::restructure
