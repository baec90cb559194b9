#include "storage/key_codec.h"

namespace orgtree::storage {

void PutFixed64BE(std::string* dst, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  dst->append(buf, 8);
}

std::optional<uint64_t> GetFixed64BE(std::string_view src, size_t offset) {
  if (src.size() < offset + 8) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(src[offset + i]);
  return v;
}

std::string IdKey(uint64_t id) {
  std::string k;
  PutFixed64BE(&k, id);
  return k;
}

std::string PlacementPrefix(uint64_t org_id) { return IdKey(org_id); }

std::string PlacementKey(uint64_t org_id, uint64_t member_id) {
  std::string k = IdKey(org_id);
  PutFixed64BE(&k, member_id);
  return k;
}

std::string EntityEventPrefix(int entity_type, uint64_t entity_id) {
  std::string k(1, static_cast<char>(entity_type));
  PutFixed64BE(&k, entity_id);
  return k;
}

std::string EntityEventKey(int entity_type, uint64_t entity_id, uint64_t seq) {
  std::string k = EntityEventPrefix(entity_type, entity_id);
  PutFixed64BE(&k, seq);
  return k;
}

std::optional<PlacementKeyParts> DecodePlacementKey(std::string_view key) {
  if (key.size() != 16) return std::nullopt;
  return PlacementKeyParts{*GetFixed64BE(key, 0), *GetFixed64BE(key, 8)};
}

std::optional<uint64_t> DecodeEntityEventSeq(std::string_view key) {
  if (key.size() != 17) return std::nullopt;
  return GetFixed64BE(key, 9);
}

namespace {
void PutFixed32BE(std::string* dst, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    dst->push_back(static_cast<char>((v >> shift) & 0xff));
}
uint32_t GetFixed32BE(std::string_view src, size_t offset) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(src[offset + i]);
  return v;
}
}  // namespace

std::string MemberMonthKey(uint64_t member_id, uint32_t month) {
  std::string k = IdKey(member_id);
  PutFixed32BE(&k, month);
  return k;
}

std::string MemberPrefix(uint64_t member_id) { return IdKey(member_id); }

std::string MonthOrgPrefix(uint32_t month, uint64_t org_id) {
  std::string k;
  PutFixed32BE(&k, month);
  PutFixed64BE(&k, org_id);
  return k;
}

std::string MonthOrgMemberKey(uint32_t month, uint64_t org_id, uint64_t member_id) {
  std::string k = MonthOrgPrefix(month, org_id);
  PutFixed64BE(&k, member_id);
  return k;
}

std::string OrgMonthKey(uint64_t org_id, uint32_t month) {
  std::string k = IdKey(org_id);
  PutFixed32BE(&k, month);
  return k;
}

std::string MemberPaymentKey(uint64_t member_id, uint64_t payment_id) {
  std::string k = IdKey(member_id);
  PutFixed64BE(&k, payment_id);
  return k;
}

std::string PaymentRefKey(std::string_view txn_ref) { return "T" + std::string(txn_ref); }
std::string ReversalOfKey(std::string_view reversed_txn_ref) {
  return "R" + std::string(reversed_txn_ref);
}

std::optional<MemberMonthParts> DecodeMemberMonthKey(std::string_view key) {
  if (key.size() != 12) return std::nullopt;
  return MemberMonthParts{*GetFixed64BE(key, 0), GetFixed32BE(key, 8)};
}

std::optional<uint64_t> DecodeMonthOrgMember(std::string_view key) {
  if (key.size() != 20) return std::nullopt;
  return GetFixed64BE(key, 12);
}

std::string PrefixUpperBound(std::string_view prefix) {
  std::string bound(prefix);
  while (!bound.empty()) {
    unsigned char last = static_cast<unsigned char>(bound.back());
    if (last != 0xff) {
      bound.back() = static_cast<char>(last + 1);
      return bound;
    }
    bound.pop_back();
  }
  return bound;
}

std::string CommitteeYearKey(uint64_t committee_id, uint32_t year) {
  std::string k = IdKey(committee_id);
  PutFixed32BE(&k, year);
  return k;
}

std::string MemberSerialKey(uint64_t member_id, std::string_view serial) {
  return IdKey(member_id) + std::string(serial);
}

std::string DayPrefix(uint32_t day) {
  std::string k;
  PutFixed32BE(&k, day);
  return k;
}

std::string DaySerialKey(uint32_t day, std::string_view serial) {
  return DayPrefix(day) + std::string(serial);
}

std::string BatchItemPrefix(std::string_view batch_id) {
  std::string k(batch_id);
  k.push_back('\0');
  return k;
}

std::string BatchItemKey(std::string_view batch_id, uint32_t index) {
  std::string k = BatchItemPrefix(batch_id);
  PutFixed32BE(&k, index);
  return k;
}

std::string OfficerKey(uint64_t org_id, uint32_t position, uint32_t day, uint64_t member_id) {
  std::string k = IdKey(org_id);
  PutFixed32BE(&k, position);
  PutFixed32BE(&k, day);
  PutFixed64BE(&k, member_id);
  return k;
}

std::string OfficerByMemberKey(uint64_t member_id, uint64_t org_id, uint32_t position,
                               uint32_t day) {
  std::string k = IdKey(member_id);
  PutFixed64BE(&k, org_id);
  PutFixed32BE(&k, position);
  PutFixed32BE(&k, day);
  return k;
}

std::string OrgDayKey(uint64_t org_id, uint32_t day) { return IdKey(org_id) + DayPrefix(day); }

std::optional<OfficerByMemberParts> DecodeOfficerByMemberKey(std::string_view key) {
  if (key.size() != 24) return std::nullopt;
  return OfficerByMemberParts{*GetFixed64BE(key, 8), GetFixed32BE(key, 16), GetFixed32BE(key, 20)};
}

std::string_view SerialOfMemberSerialKey(std::string_view key) {
  return key.size() > 8 ? key.substr(8) : std::string_view();
}

std::string_view SerialOfDaySerialKey(std::string_view key) {
  return key.size() > 4 ? key.substr(4) : std::string_view();
}

}  // namespace orgtree::storage
