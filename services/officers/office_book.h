#pragma once

// OfficeBook: officeholders (书记, 副书记, 委员, 党小组组长), party workers (专职/兼职党务工作者)
// and elections (换届) over the registry — "appoint a secretary" and "record an election" start
// here. Every mutation goes through Registry::Execute as one event: about the org for positions and
// elections (payloads OfficersChanged and Election), about the member for the party-worker flag,
// written in one atomic batch with the module's records (officers, officers_by_member,
// party_workers, elections).
//
// Where the code is: officer_rules.h (positions per org type, terms, the overdue boundary),
// officer_queries.h (reads other modules use too), office_commands.cc (appoint, end, party
// worker), office_elections.cc (elections and the overdue report), office_write.h (the event),
// position_follower.h (positions end with their holder's departure or their org's dissolution).
//
// Thread safety: as the registry's (mutations serialised by its writer lock; queries lock-free).

#include "absl/status/statusor.h"
#include "orgtree/v1/officer_service.pb.h"
#include "services/officers/officer_rules.h"
#include "services/registry/registry.h"

namespace orgtree::officers {

struct OfficerOptions {
  TermYears terms;
};

class OfficeBook {
 public:
  // Registers the registry's "officers" follower (position_follower.h): from then on every change
  // that takes a holder away or dissolves an org ends the positions it leaves behind.
  OfficeBook(registry::Registry* registry, OfficerOptions options);

  // --- Positions and party workers (office_commands.cc).
  absl::StatusOr<v1::Officer> Appoint(const registry::CallMeta& call,
                                      const v1::AppointOfficerRequest& req);
  absl::StatusOr<v1::Officer> End(const registry::CallMeta& call, const v1::EndOfficerRequest& req);
  absl::StatusOr<v1::ListOfficersResponse> List(const v1::ListOfficersRequest& req) const;
  absl::StatusOr<v1::PartyWorker> SetPartyWorker(const registry::CallMeta& call,
                                                 const v1::SetPartyWorkerRequest& req);
  // The member's flag (PARTY_WORKER_NONE when never set) and where the member is.
  absl::StatusOr<v1::PartyWorker> GetPartyWorker(const v1::GetPartyWorkerRequest& req) const;
  // Current members placed in the subtree (unset: everywhere) flagged full- or part-time, by
  // member number. O(party workers).
  absl::StatusOr<v1::ListPartyWorkersResponse> ListPartyWorkers(
      const v1::ListPartyWorkersRequest& req) const;

  // --- Elections (office_elections.cc).
  absl::StatusOr<v1::Election> RecordElection(const registry::CallMeta& call,
                                              const v1::RecordElectionRequest& req);
  absl::StatusOr<v1::ListElectionsResponse> ListElections(
      const v1::ListElectionsRequest& req) const;
  // Committees, general branches and branches of the subtree whose term ended before today, whose
  // term ends within `within_days` (when > 0), or that have no election recorded.
  absl::StatusOr<v1::ListOverdueElectionsResponse> ListOverdue(
      const v1::ListOverdueElectionsRequest& req) const;

 private:
  Date Today() const { return registry_->clock().Today(); }

  registry::Registry* registry_;
  OfficerOptions options_;
};

}  // namespace orgtree::officers
