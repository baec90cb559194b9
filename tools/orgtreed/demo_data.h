#pragma once

#include "absl/status/status.h"
#include "services/registry/registry.h"

namespace orgtree::demo {

// Loads a small demo organisation (a group committee, secondary committees, general branches,
// branches with groups, and a few dozen members) through the registry's ordinary write path.
absl::Status LoadDemoOrganisation(registry::Registry* registry);

// A valid 18-character national ID for a birth date and a sequence number (odd = male).
std::string MakeNationalId(std::string_view area, Date birth, int sequence);

}  // namespace orgtree::demo
