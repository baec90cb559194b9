#pragma once

// What the officer commands share inside one change: resolving the org and a would-be
// officeholder against the rules, and recording the one event whose apply writes the positions,
// the current-position index and the election.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/officers.pb.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/common/date.h"
#include "services/registry/registry.h"

namespace orgtree::officers {

// The active org `ref` names (NOT_FOUND / INVALID_ARGUMENT naming `field`; FAILED_PRECONDITION for
// a dissolved org).
absl::StatusOr<v1::Org> ActiveOrg(const registry::Change& c, const v1::OrgRef& ref,
                                  std::string_view field);

// Whether member `m` (as change `c` leaves it) may hold a post in org `org_id`: a current member
// placed in that org or below it — a group's or branch's own members, anyone under a committee or
// general branch.
bool MayHold(const registry::Change& c, const v1::Member& m, uint64_t org_id);

// A new position for `member` in `org` from `start`, after checking that the position exists in
// the org's type and that the member is a current member of the org (a group or branch) or of its
// subtree (a committee or general branch). `field` prefixes the messages ("elected[2]").
absl::StatusOr<v1::Officer> NewOfficer(const registry::Change& c, const v1::Org& org,
                                       const v1::Member& member, v1::Position position,
                                       std::string_view role, Date start, std::string_view document,
                                       std::string_view field);

// The position ended on `on`.
v1::Officer Ended(v1::Officer officer, Date on, std::string reason);

// Records one event about `org`: the positions ended and begun and, for an election, the election.
void RecordOfficersEvent(registry::Change& c, std::string type, const v1::Org& org,
                         std::string effective_date, std::string reason,
                         const std::vector<v1::Officer>& ended,
                         const std::vector<v1::Officer>& appointed,
                         const v1::Election* election = nullptr);

}  // namespace orgtree::officers
