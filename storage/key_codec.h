#pragma once

// The only place that builds or reads key bytes. Integers are fixed-width big-endian so that byte
// order is numeric order; string keys (member_no, national id, request id) are stored as their
// UTF-8 bytes and are always the whole key, so they need no terminator.
//
// | family               | key                                   | value            |
// |----------------------|---------------------------------------|------------------|
// | meta                 | "meta"                                | MetaRecord       |
// | orgs                 | org id (8)                            | Org              |
// | members              | member id (8)                         | Member           |
// | member_by_placement  | placement org id (8) + member id (8)  | Member           |
// | member_by_no         | member_no                             | member id (8)    |
// | member_by_national_id| national id                           | member id (8)    |
// | counters             | org id (8)                            | Counters         |
// | events               | seq (8)                               | Event            |
// | events_by_entity     | entity type (1) + entity id (8) + seq (8) | ""           |
// | requests             | request id                            | IdempotencyRecord|
// | dues_bases           | member id (8) + month (4)             | DuesBase         |
// | dues_overrides       | member id (8) + from month (4)        | DuesOverride     |
// | dues_ledger          | member id (8) + month (4)             | MemberMonthDues  |
// | dues_by_month        | month (4) + org id (8) + member id (8)| ""               |
// | dues_aggregates      | org id (8) + month (4)                | DuesFigures      |
// | payments             | member id (8) + payment id (8)        | DuesPayment      |
// | payment_refs         | kind (1) + txn_ref                    | member id (8) + payment id (8) |
// | transfers            | serial                                | Transfer         |
// | transfer_serials     | committee id (8) + year (4)           | last number (8)  |
// | transfers_by_member  | member id (8) + serial                | ""               |
// | transfer_deadlines   | day (4) + serial                      | ""               |
// | handovers            | batch id                              | HandoverJob      |
// | handover_items       | batch id + 0x00 + index (4)           | HandoverItem     |
//
// Days are YYYYMMDD as a 4-byte big-endian integer.
//
// Months are YYYYMM as a 4-byte big-endian integer (202006), so they sort in calendar order.
//
// A member's placement org is its group when it has one, else its branch.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orgtree::storage {

void PutFixed64BE(std::string* dst, uint64_t v);
// Reads 8 big-endian bytes at `offset`; nullopt when `src` is too short.
std::optional<uint64_t> GetFixed64BE(std::string_view src, size_t offset = 0);

inline constexpr std::string_view kMetaKey = "meta";

std::string IdKey(uint64_t id);  // orgs, members, counters, events (seq)
std::string PlacementKey(uint64_t org_id, uint64_t member_id);
std::string PlacementPrefix(uint64_t org_id);
std::string EntityEventKey(int entity_type, uint64_t entity_id, uint64_t seq);
std::string EntityEventPrefix(int entity_type, uint64_t entity_id);

struct PlacementKeyParts {
  uint64_t org_id;
  uint64_t member_id;
};
std::optional<PlacementKeyParts> DecodePlacementKey(std::string_view key);
// The seq at the end of an events_by_entity key.
std::optional<uint64_t> DecodeEntityEventSeq(std::string_view key);

// --- Dues (services/dues/). `month` is YYYY * 100 + MM.
std::string MemberMonthKey(uint64_t member_id, uint32_t month);  // bases, overrides, ledger
std::string MemberPrefix(uint64_t member_id);
std::string MonthOrgMemberKey(uint32_t month, uint64_t org_id, uint64_t member_id);
std::string MonthOrgPrefix(uint32_t month, uint64_t org_id);
std::string OrgMonthKey(uint64_t org_id, uint32_t month);
std::string MemberPaymentKey(uint64_t member_id, uint64_t payment_id);
// A payment's own txn_ref, and "the payment this ref reverses" (so a payment is reversed once).
std::string PaymentRefKey(std::string_view txn_ref);
std::string ReversalOfKey(std::string_view reversed_txn_ref);
struct MemberMonthParts {
  uint64_t member_id;
  uint32_t month;
};
std::optional<MemberMonthParts> DecodeMemberMonthKey(std::string_view key);
// The member id at the end of a dues_by_month key.
std::optional<uint64_t> DecodeMonthOrgMember(std::string_view key);

// --- Transfers and handovers (services/transfers/). `day` is YYYYMMDD.
std::string CommitteeYearKey(uint64_t committee_id, uint32_t year);
std::string MemberSerialKey(uint64_t member_id, std::string_view serial);
std::string DaySerialKey(uint32_t day, std::string_view serial);
std::string DayPrefix(uint32_t day);
std::string BatchItemKey(std::string_view batch_id, uint32_t index);
std::string BatchItemPrefix(std::string_view batch_id);
// The serial after the fixed-width prefix of a transfers_by_member / transfer_deadlines key.
std::string_view SerialOfMemberSerialKey(std::string_view key);
std::string_view SerialOfDaySerialKey(std::string_view key);

// --- Officeholders and elections (services/officers/). `day` is YYYYMMDD, `position` the enum.
std::string OfficerKey(uint64_t org_id, uint32_t position, uint32_t day, uint64_t member_id);
std::string OfficerByMemberKey(uint64_t member_id, uint64_t org_id, uint32_t position,
                               uint32_t day);
// org id + day: an org's elections in date order (the org's prefix is IdKey(org_id)).
std::string OrgDayKey(uint64_t org_id, uint32_t day);
struct OfficerByMemberParts {
  uint64_t org_id;
  uint32_t position;
  uint32_t day;
};
std::optional<OfficerByMemberParts> DecodeOfficerByMemberKey(std::string_view key);

// The smallest key greater than every key that starts with `prefix` ("" when there is none).
std::string PrefixUpperBound(std::string_view prefix);

}  // namespace orgtree::storage
