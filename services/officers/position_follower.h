#pragma once

// Positions follow their holders: when a change takes a member out of an org (the member is no
// longer current — transferred out, deceased, left — or is now placed outside the org's subtree)
// or dissolves an org, the positions left without a valid holder end in the same change, on the
// date of what ended them, with one OfficersEnded event per org. OfficeBook registers this as the
// registry's "officers" follower, so every write path (status changes, transfers, restructuring,
// dissolution) gets it without knowing about officers.

#include "absl/status/status.h"
#include "services/registry/change.h"
#include "storage/records.h"

namespace orgtree::officers {

absl::Status EndPositionsLeftBehind(const storage::RecordReader& reader, registry::Change& c);

// Whether the follower will end current position `o` at the end of change `c` (its org dissolved,
// or its holder gone). Lets a plan made inside the change see the posts the change leaves.
bool PositionEnds(const registry::Change& c, const v1::Officer& o);

}  // namespace orgtree::officers
