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

// The smallest key greater than every key that starts with `prefix` ("" when there is none).
std::string PrefixUpperBound(std::string_view prefix);

}  // namespace orgtree::storage
