#pragma once

// What in-process tests of the modules beside the registry (dues, transfers, officers) set up the
// same way: a registry over a test directory, and orgs created with a plain name.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/registry/registry.h"

namespace orgtree::testing {

// A registry over `dir`/db (created when missing) with a small block cache.
inline absl::StatusOr<std::unique_ptr<registry::Registry>> OpenTestRegistry(const std::string& dir,
                                                                            const Clock* clock) {
  storage::StoreOptions options;
  options.path = dir + "/db";
  options.block_cache_mb = 8;
  return registry::Registry::Open(options, clock);
}

// Creates org `code` ("org CODE") of `type` under `parent` ("" = a root).
inline absl::Status CreateTestOrg(registry::Registry& registry, const registry::CallMeta& call,
                                  const std::string& code, v1::OrgType type,
                                  const std::string& parent, const std::string& established_on) {
  v1::CreateOrgRequest req;
  req.set_code(code);
  req.set_name("org " + code);
  req.set_type(type);
  if (!parent.empty()) req.mutable_parent()->set_code(parent);
  req.set_established_on(established_on);
  return registry.CreateOrg(call, req).status();
}

}  // namespace orgtree::testing
