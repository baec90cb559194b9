#pragma once

// Typed access to the stored records: the registry reads and writes orgs, members, counters,
// events and idempotency records through these, never through key bytes.

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"
#include "storage/rocks_store.h"

namespace orgtree::storage {

inline constexpr int kSchemaVersion = 1;

// Collects the writes of one change; RecordReader/RocksStore::Write applies them atomically.
// Not thread-safe; one per change.
class RecordBatch {
 public:
  explicit RecordBatch(const RocksStore* store) : store_(store) {}

  void PutOrg(const v1::Org& org);
  void PutMember(const v1::Member& member);
  void PutPlacement(uint64_t placement_org_id, const v1::Member& member);
  void DeletePlacement(uint64_t placement_org_id, uint64_t member_id);
  void PutMemberNo(std::string_view member_no, uint64_t member_id);
  void PutNationalId(std::string_view national_id, uint64_t member_id);
  void PutCounters(uint64_t org_id, const v1::Counters& counters);
  void PutEvent(const v1::Event& event);
  void PutMeta(const v1::MetaRecord& meta);
  void PutRequest(std::string_view request_id, const v1::IdempotencyRecord& record);

  rocksdb::WriteBatch* raw() { return &batch_; }

 private:
  void Put(Cf cf, std::string_view key, const google::protobuf::MessageLite& value);

  const RocksStore* store_;
  rocksdb::WriteBatch batch_;
};

// Typed reads. Thread-safe (reads are RocksDB point gets and iterators).
class RecordReader {
 public:
  explicit RecordReader(const RocksStore* store) : store_(store) {}

  absl::StatusOr<std::optional<v1::MetaRecord>> GetMeta() const;
  absl::StatusOr<std::optional<v1::Member>> GetMember(uint64_t id) const;
  absl::StatusOr<std::vector<std::optional<v1::Member>>> GetMembers(
      const std::vector<uint64_t>& ids) const;
  absl::StatusOr<std::optional<uint64_t>> MemberIdByNo(std::string_view member_no) const;
  absl::StatusOr<std::optional<uint64_t>> MemberIdByNationalId(std::string_view national_id) const;
  absl::StatusOr<std::optional<v1::IdempotencyRecord>> GetRequest(
      std::string_view request_id) const;

  absl::Status ForEachOrg(const std::function<void(v1::Org&&)>& fn) const;
  absl::Status ForEachCounters(const std::function<void(uint64_t, v1::Counters&&)>& fn) const;

  // Members placed in `org_id` with id > `after_member_id`, in id order; `fn` returns false to
  // stop.
  absl::Status ScanPlacement(uint64_t org_id, uint64_t after_member_id,
                             const std::function<bool(v1::Member&&)>& fn) const;
  // Events with seq > `after_seq`, in order; `fn` returns false to stop.
  absl::Status ScanEvents(uint64_t after_seq, const std::function<bool(v1::Event&&)>& fn) const;
  // Seqs of one entity's events with seq > `after_seq`, in order.
  absl::Status ScanEntityEventSeqs(int entity_type, uint64_t entity_id, uint64_t after_seq,
                                   const std::function<bool(uint64_t)>& fn) const;
  absl::StatusOr<std::vector<v1::Event>> GetEvents(const std::vector<uint64_t>& seqs) const;

 private:
  const RocksStore* store_;
};

}  // namespace orgtree::storage
