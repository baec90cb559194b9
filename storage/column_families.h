#pragma once

// The column families of the orgtree database. The numeric order is the order they are opened in;
// append new families at the end and never reorder or remove one (existing data directories name
// them by string, but code indexes handles by this enum).

#include <array>
#include <string_view>

namespace orgtree::storage {

enum class Cf : int {
  kDefault = 0,         // unused; RocksDB requires it
  kMeta,                // "meta" → MetaRecord
  kOrgs,                // org id → Org
  kMembers,             // member id → Member
  kMemberByPlacement,   // placement org id + member id → Member (what a list page shows)
  kMemberByNo,          // member_no → member id
  kMemberByNationalId,  // national id → member id
  kCounters,            // org id → Counters (rolled up over the subtree)
  kEvents,              // seq → Event
  kEventsByEntity,      // entity type + entity id + seq → ""
  kRequests,            // request_id → IdempotencyRecord
  kDuesBases,           // member id + month → DuesBase
  kDuesOverrides,       // member id + from month → DuesOverride
  kDuesLedger,          // member id + month → MemberMonthDues
  kDuesByMonth,         // month + org id + member id → "" (who is counted where)
  kDuesAggregates,      // org id + month → DuesFigures (the org's own members)
  kPayments,            // member id + payment id → DuesPayment
  kPaymentRefs,         // kind + txn_ref → member id + payment id
  kTransfers,           // serial → Transfer
  kTransferSerials,     // committee id + year → last number issued
  kTransfersByMember,   // member id + serial → ""
  kTransferDeadlines,   // valid_until day + serial → "" (open internal transfers)
  kHandovers,           // batch id → HandoverJob
  kHandoverItems,       // batch id + 0 + index → HandoverItem
  kOfficers,            // org id + position + start day + member id → Officer
  kOfficersByMember,    // member id + org id + position + start day → "" (current positions)
  kPartyWorkers,        // member id → PartyWorker (the current flag)
  kElections,           // org id + election day → Election
  kCount,
};

inline constexpr std::array<std::string_view, static_cast<int>(Cf::kCount)> kCfNames = {
    "default",
    "meta",
    "orgs",
    "members",
    "member_by_placement",
    "member_by_no",
    "member_by_national_id",
    "counters",
    "events",
    "events_by_entity",
    "requests",
    "dues_bases",
    "dues_overrides",
    "dues_ledger",
    "dues_by_month",
    "dues_aggregates",
    "payments",
    "payment_refs",
    "transfers",
    "transfer_serials",
    "transfers_by_member",
    "transfer_deadlines",
    "handovers",
    "handover_items",
    "officers",
    "officers_by_member",
    "party_workers",
    "elections",
};

}  // namespace orgtree::storage
