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

}  // namespace orgtree::storage
