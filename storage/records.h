#pragma once

// Typed access to the stored records: the registry reads and writes orgs, members, counters,
// events and idempotency records through these, never through key bytes.

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"
#include "storage/bulk_load.h"
#include "storage/rocks_store.h"
#include "storage/wire_fields.h"

namespace orgtree::storage {

inline constexpr int kSchemaVersion = 1;

// Collects the writes of one change; RocksStore::Write applies them atomically. Or, after
// SendTo(bulk), hands every write to a bulk load instead (status() then reports the first error).
// Not thread-safe; one per change.
class RecordBatch {
 public:
  explicit RecordBatch(const RocksStore* store) : store_(store) {}

  void PutOrg(const v1::Org& org);
  // The member's record and its copy under its placement org, serialized once for both; returns
  // the stored bytes.
  std::string PutMember(uint64_t placement_org_id, const v1::Member& member);
  void DeletePlacement(uint64_t placement_org_id, uint64_t member_id);
  void PutMemberNo(std::string_view member_no, uint64_t member_id);
  void PutNationalId(std::string_view national_id, uint64_t member_id);
  void PutCounters(uint64_t org_id, const v1::Counters& counters);
  void PutEvent(const v1::Event& event);
  // `event` (without a member_after of its own) with member_after given as a member's stored
  // bytes, spliced in rather than serialised again (the event of a member write carries the
  // record just stored).
  void PutEvent(const v1::Event& event, std::string_view member_after);
  void PutMeta(const v1::MetaRecord& meta);
  void PutRequest(std::string_view request_id, const v1::IdempotencyRecord& record);

  // Generic puts for families owned by modules beside the core (dues, transfers); their keys come
  // from key_codec.h like every other key.
  void Put(Cf cf, std::string_view key, const google::protobuf::MessageLite& value);
  void PutRaw(Cf cf, std::string_view key, std::string_view value);
  void Delete(Cf cf, std::string_view key);

  // Sizes an empty batch for about `bytes` of writes up front, so that a bulk change does not grow
  // it by doubling (which briefly holds the old and the new copy).
  void Reserve(size_t bytes) {
    if (batch_.Count() == 0) batch_ = rocksdb::WriteBatch(bytes);
  }

  // From now on every write goes to `bulk` (which outlives this batch). Only on an empty batch.
  void SendTo(BulkLoad* bulk) { bulk_ = bulk; }
  bool bulk() const { return bulk_ != nullptr; }
  // The first error of a write sent to the bulk load (a batch itself cannot fail).
  const absl::Status& status() const { return status_; }

  rocksdb::WriteBatch* raw() { return &batch_; }

 private:
  const RocksStore* store_;
  rocksdb::WriteBatch batch_;
  BulkLoad* bulk_ = nullptr;
  absl::Status status_;
};

// What a list filter and the start-up load need of a stored member record, read off the wire
// (absent fields hold their defaults).
struct MemberFlags {
  v1::MemberStatus status = v1::MEMBER_STATUS_UNSPECIFIED;
  v1::MemberCategory category = v1::MEMBER_CATEGORY_UNSPECIFIED;
  v1::Employment employment = v1::EMPLOYMENT_UNSPECIFIED;

  // Takes the value of `f` if it is one of the three.
  void Note(const WireField& f) {
    if (f.type != 0) return;
    switch (f.number) {
      case v1::Member::kStatusFieldNumber:
        status = static_cast<v1::MemberStatus>(f.varint);
        break;
      case v1::Member::kCategoryFieldNumber:
        category = static_cast<v1::MemberCategory>(f.varint);
        break;
      case v1::Member::kEmploymentFieldNumber:
        employment = static_cast<v1::Employment>(f.varint);
        break;
      default:
        break;
    }
  }
  // A stored member always has a known status.
  bool plausible() const { return v1::MemberStatus_IsValid(status); }
};

// Typed reads. Thread-safe (reads are RocksDB point gets and iterators).
class RecordReader {
 public:
  explicit RecordReader(const RocksStore* store) : store_(store) {}

  absl::StatusOr<std::optional<v1::MetaRecord>> GetMeta() const;
  absl::StatusOr<std::optional<v1::Member>> GetMember(uint64_t id) const;
  // The member `id` parsed into `out` (which may live on an arena); false if there is none.
  absl::StatusOr<bool> ReadMember(uint64_t id, v1::Member* out) const;
  // The member `id`'s stored record, unparsed, into `*record`; false if there is none.
  absl::StatusOr<bool> ReadMemberRecord(uint64_t id, std::string* record) const;
  // The stored records of `ids` (one MultiGet), unparsed; nullopt for an id with none.
  absl::StatusOr<std::vector<std::optional<std::string>>> ReadMemberRecords(
      std::span<const uint64_t> ids) const;
  absl::StatusOr<std::vector<std::optional<v1::Member>>> GetMembers(
      const std::vector<uint64_t>& ids) const;
  absl::StatusOr<std::optional<uint64_t>> MemberIdByNo(std::string_view member_no) const;
  absl::StatusOr<std::optional<uint64_t>> MemberIdByNationalId(std::string_view national_id) const;
  absl::StatusOr<std::optional<v1::IdempotencyRecord>> GetRequest(
      std::string_view request_id) const;

  absl::Status ForEachOrg(const std::function<void(v1::Org&&)>& fn) const;
  absl::Status ForEachCounters(const std::function<void(uint64_t, v1::Counters&&)>& fn) const;
  // Every (member number, member id) of the member-number index, in number order.
  absl::Status ForEachMemberNo(const std::function<void(std::string_view, uint64_t)>& fn) const;
  // Every member's placement copy: (placement org id, member id, stored record), by org then
  // member id. The first error `fn` returns stops the scan and is returned.
  absl::Status ForEachPlacementRecord(
      const std::function<absl::Status(uint64_t, uint64_t, std::string_view)>& fn) const;

  // Members placed in `org_id` with id > `after_member_id`, in id order; `fn` returns false to
  // stop.
  absl::Status ScanPlacement(uint64_t org_id, uint64_t after_member_id,
                             const std::function<bool(v1::Member&&)>& fn) const;
  // The stored records of the members placed in orgs[first], orgs[first + 1], …, org by org
  // and in id order within each, starting after member `after_member_id` of orgs[first]. All of
  // them come from one consistent view of the store. `fn(org index, member id, record)` returns
  // false to stop.
  absl::Status ScanPlacements(
      std::span<const uint64_t> orgs, size_t first, uint64_t after_member_id,
      const std::function<bool(size_t, uint64_t, std::string_view)>& fn) const;
  // The same over orgs named one at a time, for a walk that should not list them all first:
  // `next_org(previous)` names the first org (previous = nullopt) and each one after, nullopt
  // when there are no more, or an error that ends the scan with it. `fn(org, member id, record)`.
  using NextOrg =
      std::function<absl::StatusOr<std::optional<uint64_t>>(std::optional<uint64_t> previous)>;
  absl::Status ScanPlacements(
      const NextOrg& next_org, uint64_t after_member_id,
      const std::function<bool(uint64_t, uint64_t, std::string_view)>& fn) const;
  // Parses a stored member record into `out`, replacing what it held.
  static absl::Status ParseMember(std::string_view bytes, v1::Member* out);
  // Only the status, category and employment of a stored member record, read off the wire
  // without parsing the rest (every member's status at start-up, a list page's filter).
  static absl::StatusOr<MemberFlags> ParseMemberFlags(std::string_view bytes);
  // Events with seq > `after_seq`, in order; `fn` returns false to stop.
  absl::Status ScanEvents(uint64_t after_seq, const std::function<bool(v1::Event&&)>& fn) const;
  // Seqs of one entity's events with seq > `after_seq`, in order.
  absl::Status ScanEntityEventSeqs(int entity_type, uint64_t entity_id, uint64_t after_seq,
                                   const std::function<bool(uint64_t)>& fn) const;
  absl::StatusOr<std::vector<v1::Event>> GetEvents(const std::vector<uint64_t>& seqs) const;

  // Generic typed access for module-owned families.
  template <typename T>
  absl::StatusOr<std::optional<T>> Get(Cf cf, std::string_view key) const;
  // Parses every value with keys in [start, end) (`end` empty = to the end); `fn` returns false to
  // stop.
  template <typename T>
  absl::Status ScanRecords(Cf cf, std::string_view start, std::string_view end,
                           const std::function<bool(std::string_view key, T&&)>& fn) const;

  const RocksStore* store() const { return store_; }

 private:
  const RocksStore* store_;
};

template <typename T>
absl::StatusOr<std::optional<T>> RecordReader::Get(Cf cf, std::string_view key) const {
  auto raw = store_->Get(cf, key);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::optional<T>();
  T msg;
  if (!msg.ParseFromString(**raw)) return absl::DataLossError("storage: corrupt record");
  return std::optional<T>(std::move(msg));
}

template <typename T>
absl::Status RecordReader::ScanRecords(
    Cf cf, std::string_view start, std::string_view end,
    const std::function<bool(std::string_view key, T&&)>& fn) const {
  absl::Status parse_error;
  auto s = store_->Scan(cf, start, end, [&](std::string_view k, std::string_view v) {
    T msg;
    if (!msg.ParseFromArray(v.data(), static_cast<int>(v.size()))) {
      parse_error = absl::DataLossError("storage: corrupt record");
      return false;
    }
    return fn(k, std::move(msg));
  });
  return s.ok() ? parse_error : s;
}

}  // namespace orgtree::storage
