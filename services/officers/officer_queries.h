#pragma once

// Reads of the officeholder records, for this module and for others: an org's positions, its
// current secretary, whether a member still holds any post (the retiree handover lists such
// members), and an org's elections.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/officers.pb.h"
#include "storage/records.h"

namespace orgtree::officers {

// The org's positions by position, then start date; ended ones only with `include_ended`.
absl::StatusOr<std::vector<v1::Officer>> OrgOfficers(const storage::RecordReader& reader,
                                                     uint64_t org_id, bool include_ended);

// The org's current secretary, if it has one.
absl::StatusOr<std::optional<v1::Officer>> CurrentSecretary(const storage::RecordReader& reader,
                                                            uint64_t org_id);

// Every position the member currently holds, in any org (empty: holds no post).
absl::StatusOr<std::vector<v1::Officer>> CurrentPositionsOf(const storage::RecordReader& reader,
                                                            uint64_t member_id);

// The member's current party-worker flag, if one was ever set.
absl::StatusOr<std::optional<v1::PartyWorker>> PartyWorkerOf(const storage::RecordReader& reader,
                                                             uint64_t member_id);

// Every member flagged full- or part-time party worker now, by member id. O(party workers): the
// family holds one record per member ever flagged.
absl::StatusOr<std::map<uint64_t, v1::PartyWorker>> CurrentPartyWorkers(
    const storage::RecordReader& reader);

// The org's elections, oldest first.
absl::StatusOr<std::vector<v1::Election>> OrgElections(const storage::RecordReader& reader,
                                                       uint64_t org_id);

// The org's latest election, if any.
absl::StatusOr<std::optional<v1::Election>> LastElection(const storage::RecordReader& reader,
                                                         uint64_t org_id);

}  // namespace orgtree::officers
