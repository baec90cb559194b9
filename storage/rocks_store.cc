#include "storage/rocks_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <filesystem>

#include "absl/strings/str_cat.h"

namespace orgtree::storage {

absl::Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat("storage: ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut()) return absl::AbortedError(msg);
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(msg);
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return absl::FailedPreconditionError(
        absl::StrCat(msg, " (is another orgtreed using this data directory?)"));
  }
  return absl::InternalError(msg);
}

absl::StatusOr<std::unique_ptr<RocksStore>> RocksStore::Open(const StoreOptions& options) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_mb << 20);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Index and filter blocks stay with their open tables instead of in the block cache: a point
  // read then makes one cache lookup (the data block) instead of three. They take ~10 MB at a
  // million members.
  table.cache_index_and_filter_blocks = false;

  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_options.compression = rocksdb::kLZ4Compression;
  cf_options.bottommost_compression = rocksdb::kZSTD;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  // Point reads of records read often (the members internal systems ask about) are answered
  // from the row cache without touching a block.
  if (options.row_cache_mb > 0) {
    db_options.row_cache = rocksdb::NewLRUCache(options.row_cache_mb << 20);
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (std::string_view name : kCfNames) {
    descriptors.emplace_back(std::string(name), cf_options);
  }
  std::unique_ptr<RocksStore> store(new RocksStore());
  store->options_ = options;
  if (options.file_system) {
    store->env_ = rocksdb::NewCompositeEnv(options.file_system);
    db_options.env = store->env_.get();
  }
  // Files of a bulk load that a crash interrupted were never ingested: nothing refers to them.
  std::error_code ignored;
  std::filesystem::remove_all(BulkLoadDir(options.path), ignored);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, options.path, descriptors, &store->handles_, &raw);
  if (!s.ok()) return FromRocks(s);
  store->db_.reset(raw);
  return store;
}

RocksStore::~RocksStore() {
  if (!db_) return;
  (void)Flush();
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  handles_.clear();
  (void)db_->Close();
}

absl::StatusOr<std::optional<std::string>> RocksStore::Get(Cf cf, std::string_view key) const {
  std::string value;
  absl::StatusOr<bool> found = Get(cf, key, &value);
  if (!found.ok()) return found.status();
  if (!*found) return std::nullopt;
  return value;
}

absl::StatusOr<bool> RocksStore::Get(Cf cf, std::string_view key, std::string* value) const {
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handle(cf), rocksdb::Slice(key.data(), key.size()), value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) return FromRocks(s);
  return true;
}

absl::StatusOr<std::vector<std::optional<std::string>>> RocksStore::MultiGet(
    Cf cf, const std::vector<std::string>& keys) const {
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), handle(cf), keys.size(), slices.data(), values.data(),
                statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocks(statuses[i]);
    out[i] = values[i].ToString();
  }
  return out;
}

absl::Status RocksStore::Scan(Cf cf, std::string_view start, std::string_view end,
                              const Visitor& fn) const {
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper(end.data(), end.size());
  if (!end.empty()) ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(cf)));
  for (it->Seek(rocksdb::Slice(start.data(), start.size())); it->Valid(); it->Next()) {
    if (!fn(std::string_view(it->key().data(), it->key().size()),
            std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status());
}

absl::Status RocksStore::ScanRanges(Cf cf, const RangeSource& range, const RangeVisitor& fn) const {
  // No iterate_upper_bound: it cannot move from range to range, so each range's end is checked
  // here instead.
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(cf)));
  std::string start, end, last_end;
  // Set when the iterator rests on the first key at or after `last_end` (or past the last key):
  // then no key lies between `last_end` and where it rests, so a range starting in that gap needs
  // no seek. A subtree listing walks its orgs in tree order, and many of them (committees, general
  // branches) hold no members: where the next org in tree order also comes next by id (orgs
  // created together, as an import does), an empty one costs nothing, and the next org's members
  // are read on from where the iterator rests.
  bool resting = false;
  for (size_t i = 0; range(i, &start, &end); ++i) {
    const rocksdb::Slice from(start);
    const bool in_gap =
        resting && from.compare(last_end) >= 0 && (!it->Valid() || it->key().compare(from) >= 0);
    if (!in_gap) it->Seek(from);
    resting = false;
    const rocksdb::Slice limit(end);
    for (; it->Valid(); it->Next()) {
      if (!end.empty() && it->key().compare(limit) >= 0) break;
      if (!fn(i, std::string_view(it->key().data(), it->key().size()),
              std::string_view(it->value().data(), it->value().size()))) {
        return FromRocks(it->status());
      }
    }
    if (!it->status().ok()) return FromRocks(it->status());
    // (A range that ends before it starts left the iterator past keys it never looked at.)
    if (!end.empty() && from.compare(limit) <= 0) {
      resting = true;
      last_end = end;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::pair<std::string, std::string>>> RocksStore::Last(Cf cf) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(cf)));
  it->SeekToLast();
  if (!it->Valid()) {
    if (!it->status().ok()) return FromRocks(it->status());
    return std::nullopt;
  }
  return std::make_pair(it->key().ToString(), it->value().ToString());
}

absl::Status RocksStore::Write(rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(db_->Write(wo, batch));
}

absl::Status RocksStore::IngestFiles(
    const std::vector<std::pair<Cf, std::vector<std::string>>>& files) {
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const auto& [cf, paths] : files) {
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = handle(cf);
    arg.external_files = paths;
    arg.options.move_files = true;
    // The files are written by this version for this database: no seqno patched into them.
    arg.options.write_global_seqno = false;
    args.push_back(std::move(arg));
  }
  if (args.empty()) return absl::OkStatus();
  return FromRocks(db_->IngestExternalFiles(args));
}

absl::Status RocksStore::Flush() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  std::vector<rocksdb::ColumnFamilyHandle*> hs(handles_.begin(), handles_.end());
  return FromRocks(db_->Flush(fo, hs));
}

}  // namespace orgtree::storage
