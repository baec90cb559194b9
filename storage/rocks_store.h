#pragma once

// RocksStore owns the RocksDB instance and its column families. It knows key bytes and families,
// nothing of orgs, members or gRPC.
//
// Thread safety: all methods are safe to call concurrently (RocksDB's own guarantees); callers
// serialise writes that must observe each other (the registry's writer lock).
//
// Durability: Write() syncs the WAL before returning OK, so an acknowledged write survives a crash.

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/column_families.h"

namespace orgtree::storage {

// Converts a RocksDB status (only storage/ sees rocksdb::Status).
absl::Status FromRocks(const rocksdb::Status& s);

struct StoreOptions {
  std::string path;
  size_t block_cache_mb = 256;
  // RocksDB's row cache for point reads (0 = none).
  size_t row_cache_mb = 64;
  // Changes of at least this many records (bulk imports) are written as SST files and ingested
  // (see bulk_load.h) instead of going through one WriteBatch; 0 = never.
  int64_t bulk_load_min_records = 10000;
  // What RocksDB reads and writes its files through; unset = the local file system. Tests pass
  // one that fails writes on demand, to see that a write the disk refuses changes nothing.
  std::shared_ptr<rocksdb::FileSystem> file_system;
};

class RocksStore {
 public:
  // Opens (creating if missing) the database and every family in Cf.
  static absl::StatusOr<std::unique_ptr<RocksStore>> Open(const StoreOptions& options);

  RocksStore(const RocksStore&) = delete;
  RocksStore& operator=(const RocksStore&) = delete;
  // Flushes memtables and closes the database.
  ~RocksStore();

  // The value at `key`, nullopt when absent.
  absl::StatusOr<std::optional<std::string>> Get(Cf cf, std::string_view key) const;
  // The value at `key` into `*value`; false when there is none.
  absl::StatusOr<bool> Get(Cf cf, std::string_view key, std::string* value) const;

  // Values for `keys` in order (nullopt for absent ones); one error fails the whole call.
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      Cf cf, const std::vector<std::string>& keys) const;

  // Visits keys in [start, end) in order (`end` empty = to the end of the family); `fn` returns
  // false to stop early.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;
  absl::Status Scan(Cf cf, std::string_view start, std::string_view end, const Visitor& fn) const;

  // Visits several ranges of `cf` in turn through one iterator, so that they are all read from
  // one consistent view of the store and the iterator is set up once. `range(i, &start, &end)`
  // names range i, or returns false when there are no more; `end` empty = to the end of the
  // family. `fn(i, key, value)` returns false to stop.
  using RangeSource = std::function<bool(size_t, std::string*, std::string*)>;
  using RangeVisitor = std::function<bool(size_t, std::string_view key, std::string_view value)>;
  absl::Status ScanRanges(Cf cf, const RangeSource& range, const RangeVisitor& fn) const;

  // The last key/value of the family, nullopt when it is empty.
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> Last(Cf cf) const;

  // Applies `batch` atomically with a synced WAL.
  absl::Status Write(rocksdb::WriteBatch* batch);

  // Flushes every memtable to SST files (used at shutdown).
  absl::Status Flush();

  // Ingests finished SST files (moved, not copied) for several families in one atomic, durable
  // step: all of them or, on error or a crash, none.
  absl::Status IngestFiles(const std::vector<std::pair<Cf, std::vector<std::string>>>& files);
  // The options `cf` was opened with (for writing files that match its own).
  rocksdb::Options OptionsFor(Cf cf) const { return db_->GetOptions(handle(cf)); }
  // Where a bulk load under the data directory `path` writes its files before ingesting them.
  static std::string BulkLoadDir(const std::string& path) { return path + "/bulk"; }

  const StoreOptions& options() const { return options_; }
  const std::string& path() const { return options_.path; }

  rocksdb::ColumnFamilyHandle* handle(Cf cf) const { return handles_[static_cast<int>(cf)]; }

 private:
  RocksStore() = default;

  StoreOptions options_;
  std::unique_ptr<rocksdb::Env> env_;  // over options_.file_system, when set; outlives db_
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace orgtree::storage
