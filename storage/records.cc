#include "storage/records.h"

#include "storage/key_codec.h"

namespace orgtree::storage {
namespace {

template <typename T>
absl::StatusOr<T> ParseRecord(std::string_view bytes, std::string_view what) {
  T msg;
  if (!msg.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("storage: corrupt " + std::string(what) + " record");
  }
  return msg;
}

template <typename T>
absl::StatusOr<std::optional<T>> GetRecord(const RocksStore* store, Cf cf, std::string_view key,
                                           std::string_view what) {
  auto raw = store->Get(cf, key);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<T>();
  auto parsed = ParseRecord<T>(**raw, what);
  if (!parsed.ok()) return parsed.status();
  return std::optional<T>(std::move(*parsed));
}

// The member id an index entry (number or ID number → id) holds.
absl::StatusOr<uint64_t> IdOfIndexEntry(std::string_view value) {
  auto id = GetFixed64BE(value);
  if (!id) return absl::DataLossError("storage: corrupt id index entry");
  return *id;
}

absl::StatusOr<std::optional<uint64_t>> GetId(const RocksStore* store, Cf cf,
                                              std::string_view key) {
  auto raw = store->Get(cf, key);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<uint64_t>();
  auto id = IdOfIndexEntry(**raw);
  if (!id.ok()) return id.status();
  return std::optional<uint64_t>(*id);
}

}  // namespace

void RecordBatch::Put(Cf cf, std::string_view key, const google::protobuf::MessageLite& value) {
  PutRaw(cf, key, value.SerializeAsString());
}

void RecordBatch::PutRaw(Cf cf, std::string_view key, std::string_view value) {
  if (bulk_) {
    if (auto s = bulk_->Put(cf, key, value); !s.ok() && status_.ok()) status_ = s;
    return;
  }
  batch_.Put(store_->handle(cf), rocksdb::Slice(key.data(), key.size()),
             rocksdb::Slice(value.data(), value.size()));
}

void RecordBatch::Delete(Cf cf, std::string_view key) {
  if (bulk_) {
    if (auto s = bulk_->Delete(cf, key); !s.ok() && status_.ok()) status_ = s;
    return;
  }
  batch_.Delete(store_->handle(cf), rocksdb::Slice(key.data(), key.size()));
}

void RecordBatch::PutOrg(const v1::Org& org) { Put(Cf::kOrgs, IdKey(org.id()), org); }
std::string RecordBatch::PutMember(uint64_t placement_org_id, const v1::Member& m) {
  std::string bytes = m.SerializeAsString();
  PutRaw(Cf::kMembers, IdKey(m.id()), bytes);
  PutRaw(Cf::kMemberByPlacement, PlacementKey(placement_org_id, m.id()), bytes);
  return bytes;
}
void RecordBatch::DeletePlacement(uint64_t org_id, uint64_t member_id) {
  Delete(Cf::kMemberByPlacement, PlacementKey(org_id, member_id));
}
void RecordBatch::PutMemberNo(std::string_view no, uint64_t id) {
  PutRaw(Cf::kMemberByNo, no, IdKey(id));
}
void RecordBatch::PutNationalId(std::string_view nid, uint64_t id) {
  PutRaw(Cf::kMemberByNationalId, nid, IdKey(id));
}
void RecordBatch::PutCounters(uint64_t org_id, const v1::Counters& c) {
  Put(Cf::kCounters, IdKey(org_id), c);
}
void RecordBatch::PutEvent(const v1::Event& e) {
  Put(Cf::kEvents, IdKey(e.seq()), e);
  PutRaw(Cf::kEventsByEntity, EntityEventKey(e.entity_type(), e.entity_id(), e.seq()), {});
}
void RecordBatch::PutEvent(const v1::Event& e, std::string_view member_after) {
  // Fields may come in any order on the wire: the member goes after the rest.
  std::string bytes = e.SerializeAsString();
  AppendBytesField(v1::Event::kMemberAfterFieldNumber, member_after, &bytes);
  PutRaw(Cf::kEvents, IdKey(e.seq()), bytes);
  PutRaw(Cf::kEventsByEntity, EntityEventKey(e.entity_type(), e.entity_id(), e.seq()), {});
}
void RecordBatch::PutMeta(const v1::MetaRecord& meta) { Put(Cf::kMeta, kMetaKey, meta); }
void RecordBatch::PutRequest(std::string_view request_id, const v1::IdempotencyRecord& r) {
  Put(Cf::kRequests, request_id, r);
}

absl::StatusOr<std::optional<v1::MetaRecord>> RecordReader::GetMeta() const {
  return GetRecord<v1::MetaRecord>(store_, Cf::kMeta, kMetaKey, "meta");
}

absl::StatusOr<std::optional<v1::Member>> RecordReader::GetMember(uint64_t id) const {
  v1::Member member;
  auto found = ReadMember(id, &member);
  if (!found.ok()) return found.status();
  if (!*found) return std::optional<v1::Member>();
  return std::optional<v1::Member>(std::move(member));
}

absl::StatusOr<bool> RecordReader::ReadMember(uint64_t id, v1::Member* out) const {
  std::string record;
  absl::StatusOr<bool> found = ReadMemberRecord(id, &record);
  if (!found.ok() || !*found) return found;
  if (auto s = ParseMember(record, out); !s.ok()) return s;
  return true;
}

absl::StatusOr<bool> RecordReader::ReadMemberRecord(uint64_t id, std::string* record) const {
  return store_->Get(Cf::kMembers, IdKey(id), record);
}

absl::StatusOr<std::vector<std::optional<std::string>>> RecordReader::ReadMemberRecords(
    std::span<const uint64_t> ids) const {
  std::vector<std::string> keys;
  keys.reserve(ids.size());
  for (uint64_t id : ids) keys.push_back(IdKey(id));
  return store_->MultiGet(Cf::kMembers, keys);
}

absl::StatusOr<std::vector<std::optional<v1::Member>>> RecordReader::GetMembers(
    const std::vector<uint64_t>& ids) const {
  auto raws = ReadMemberRecords(ids);
  if (!raws.ok()) return raws.status();
  std::vector<std::optional<v1::Member>> out(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!(*raws)[i]) continue;
    auto m = ParseRecord<v1::Member>(*(*raws)[i], "member");
    if (!m.ok()) return m.status();
    out[i] = std::move(*m);
  }
  return out;
}

absl::StatusOr<std::optional<uint64_t>> RecordReader::MemberIdByNo(std::string_view no) const {
  return GetId(store_, Cf::kMemberByNo, no);
}

absl::StatusOr<std::optional<uint64_t>> RecordReader::MemberIdByNationalId(
    std::string_view nid) const {
  return GetId(store_, Cf::kMemberByNationalId, nid);
}

absl::StatusOr<std::optional<v1::IdempotencyRecord>> RecordReader::GetRequest(
    std::string_view request_id) const {
  return GetRecord<v1::IdempotencyRecord>(store_, Cf::kRequests, request_id, "request");
}

absl::Status RecordReader::ForEachOrg(const std::function<void(v1::Org&&)>& fn) const {
  absl::Status parse_error;
  auto s = store_->Scan(Cf::kOrgs, "", "", [&](std::string_view, std::string_view v) {
    auto org = ParseRecord<v1::Org>(v, "org");
    if (!org.ok()) {
      parse_error = org.status();
      return false;
    }
    fn(std::move(*org));
    return true;
  });
  return s.ok() ? parse_error : s;
}

absl::Status RecordReader::ForEachMemberNo(
    const std::function<void(std::string_view, uint64_t)>& fn) const {
  absl::Status corrupt;
  auto s = store_->Scan(Cf::kMemberByNo, "", "", [&](std::string_view k, std::string_view v) {
    auto id = IdOfIndexEntry(v);
    if (!id.ok()) {
      corrupt = id.status();
      return false;
    }
    fn(k, *id);
    return true;
  });
  return s.ok() ? corrupt : s;
}

absl::Status RecordReader::ForEachPlacementRecord(
    const std::function<absl::Status(uint64_t, uint64_t, std::string_view)>& fn) const {
  absl::Status stopped;
  auto s =
      store_->Scan(Cf::kMemberByPlacement, "", "", [&](std::string_view k, std::string_view v) {
        auto parts = DecodePlacementKey(k);
        stopped = parts ? fn(parts->org_id, parts->member_id, v)
                        : absl::DataLossError("storage: corrupt member placement key");
        return stopped.ok();
      });
  return s.ok() ? stopped : s;
}

absl::Status RecordReader::ForEachCounters(
    const std::function<void(uint64_t, v1::Counters&&)>& fn) const {
  absl::Status parse_error;
  auto s = store_->Scan(Cf::kCounters, "", "", [&](std::string_view k, std::string_view v) {
    auto c = ParseRecord<v1::Counters>(v, "counters");
    auto id = GetFixed64BE(k);
    if (!c.ok() || !id) {
      parse_error = c.ok() ? absl::DataLossError("storage: corrupt counters key") : c.status();
      return false;
    }
    fn(*id, std::move(*c));
    return true;
  });
  return s.ok() ? parse_error : s;
}

absl::Status RecordReader::ScanPlacement(uint64_t org_id, uint64_t after_member_id,
                                         const std::function<bool(v1::Member&&)>& fn) const {
  absl::Status parse_error;
  const uint64_t org[] = {org_id};
  auto s = ScanPlacements(org, 0, after_member_id, [&](size_t, uint64_t, std::string_view v) {
    v1::Member m;
    parse_error = ParseMember(v, &m);
    return parse_error.ok() && fn(std::move(m));
  });
  return s.ok() ? parse_error : s;
}

absl::Status RecordReader::ScanPlacements(
    std::span<const uint64_t> orgs, size_t first, uint64_t after_member_id,
    const std::function<bool(size_t, uint64_t, std::string_view)>& fn) const {
  size_t index = first;  // of the org being scanned
  return ScanPlacements(
      [&](std::optional<uint64_t> previous) -> absl::StatusOr<std::optional<uint64_t>> {
        if (previous) ++index;
        if (index >= orgs.size()) return std::nullopt;
        return orgs[index];
      },
      after_member_id,
      [&](uint64_t, uint64_t member_id, std::string_view record) {
        return fn(index, member_id, record);
      });
}

absl::Status RecordReader::ScanPlacements(
    const NextOrg& next_org, uint64_t after_member_id,
    const std::function<bool(uint64_t, uint64_t, std::string_view)>& fn) const {
  absl::Status stopped;  // why the scan ended early, if not by `fn`
  std::optional<uint64_t> org;
  auto s = store_->ScanRanges(
      Cf::kMemberByPlacement,
      [&](size_t i, std::string* start, std::string* end) {
        absl::StatusOr<std::optional<uint64_t>> next = next_org(org);
        if (!next.ok()) stopped = next.status();
        if (!next.ok() || !next->has_value()) return false;
        org = *next;
        *end = PrefixUpperBound(PlacementPrefix(*org));
        // The first org is read on after `after_member_id`; nothing follows the largest id (an
        // empty range).
        if (i > 0) {
          *start = PlacementKey(*org, 0);
        } else {
          *start = after_member_id == UINT64_MAX ? *end : PlacementKey(*org, after_member_id + 1);
        }
        return true;
      },
      [&](size_t, std::string_view key, std::string_view value) {
        auto parts = DecodePlacementKey(key);
        if (!parts) stopped = absl::DataLossError("storage: corrupt member placement key");
        return parts && fn(*org, parts->member_id, value);
      });
  return s.ok() ? stopped : s;
}

absl::Status RecordReader::ParseMember(std::string_view bytes, v1::Member* out) {
  if (!out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("storage: corrupt member record");
  }
  return absl::OkStatus();
}

absl::StatusOr<MemberFlags> RecordReader::ParseMemberFlags(std::string_view bytes) {
  MemberFlags flags;
  if (!ForEachWireField(bytes, [&flags](const WireField& f) { flags.Note(f); }) ||
      !flags.plausible()) {
    return absl::DataLossError("storage: corrupt member record");
  }
  return flags;
}

absl::Status RecordReader::ScanEvents(uint64_t after_seq,
                                      const std::function<bool(v1::Event&&)>& fn) const {
  absl::Status parse_error;
  auto s = store_->Scan(Cf::kEvents, IdKey(after_seq + 1), "",
                        [&](std::string_view, std::string_view v) {
                          auto e = ParseRecord<v1::Event>(v, "event");
                          if (!e.ok()) {
                            parse_error = e.status();
                            return false;
                          }
                          return fn(std::move(*e));
                        });
  return s.ok() ? parse_error : s;
}

absl::Status RecordReader::ScanEntityEventSeqs(int entity_type, uint64_t entity_id,
                                               uint64_t after_seq,
                                               const std::function<bool(uint64_t)>& fn) const {
  std::string prefix = EntityEventPrefix(entity_type, entity_id);
  return store_->Scan(Cf::kEventsByEntity, EntityEventKey(entity_type, entity_id, after_seq + 1),
                      PrefixUpperBound(prefix), [&](std::string_view k, std::string_view) {
                        auto seq = DecodeEntityEventSeq(k);
                        return seq ? fn(*seq) : true;
                      });
}

absl::StatusOr<std::vector<v1::Event>> RecordReader::GetEvents(
    const std::vector<uint64_t>& seqs) const {
  std::vector<std::string> keys;
  for (uint64_t s : seqs) keys.push_back(IdKey(s));
  auto raws = store_->MultiGet(Cf::kEvents, keys);
  if (!raws.ok()) return raws.status();
  std::vector<v1::Event> out;
  for (auto& raw : *raws) {
    if (!raw) return absl::DataLossError("storage: event index names a missing event");
    auto e = ParseRecord<v1::Event>(*raw, "event");
    if (!e.ok()) return e.status();
    out.push_back(std::move(*e));
  }
  return out;
}

}  // namespace orgtree::storage
