#include "storage/bulk_load.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"

// Storage keeps to its own layer (no services/ headers): a local early-return pair.
#define RETURN_ROCKS(expr)                                    \
  do {                                                        \
    ::rocksdb::Status _rocks_status = (expr);                 \
    if (!_rocks_status.ok()) return FromRocks(_rocks_status); \
  } while (0)

namespace orgtree::storage {
namespace {

// Held families take their bytes from chunks of this size (larger for an entry that needs it).
constexpr size_t kHeldChunkBytes = 1 << 20;
// Streamed entries go to the file thread in handoffs of about this size, at most this many
// waiting: the caller runs ahead of the files by a few MiB at most.
constexpr size_t kHandoffBytes = 4 << 20;
constexpr size_t kMaxQueuedHandoffs = 4;

std::string_view KeyOf(const char* data, uint32_t key_size) { return {data, key_size}; }

}  // namespace

// The directory starts empty: every load removes it when it ends, and RocksStore::Open removes what
// a crash left behind.
BulkLoad::BulkLoad(RocksStore* store, const std::vector<Cf>& streamed)
    : store_(store), dir_(RocksStore::BulkLoadDir(store->path())) {
  for (Cf cf : streamed) streamed_[static_cast<int>(cf)] = true;
}

BulkLoad::~BulkLoad() {
  (void)StopFileThread();
  // Writers first: they may hold their files open.
  for (auto& s : streams_) s.writer.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status BulkLoad::Put(Cf cf, std::string_view key, std::string_view value) {
  return Add(cf, key, value, /*deleted=*/false);
}

absl::Status BulkLoad::Delete(Cf cf, std::string_view key) {
  return Add(cf, key, {}, /*deleted=*/true);
}

absl::Status BulkLoad::Add(Cf cf, std::string_view key, std::string_view value, bool deleted) {
  if (spent_) return absl::FailedPreconditionError("storage: bulk load already ingested");
  ++entries_;
  if (streamed_[static_cast<int>(cf)]) return AddStreamed(cf, key, value, deleted);
  AddHeld(cf, key, value, deleted);
  return absl::OkStatus();
}

absl::Status BulkLoad::OpenFile(Cf cf, std::unique_ptr<rocksdb::SstFileWriter>* writer) {
  // Every time (it is a few files a load): the file thread and Ingest open files concurrently.
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("storage: cannot create ", dir_, ": ", ec.message()));
  }
  rocksdb::Options options = store_->OptionsFor(cf);
  // The family's table options (bloom filter, block cache) as for flushed files, but the
  // compression of the upper levels: these files are read at once, not archived.
  options.bottommost_compression = rocksdb::kDisableCompressionOption;
  // Keep the pages: the data is read right after the import.
  writer->reset(new rocksdb::SstFileWriter(rocksdb::EnvOptions(), options, store_->handle(cf),
                                           /*invalidate_page_cache=*/false));
  std::string path = absl::StrCat(dir_, "/", std::string(kCfNames[static_cast<int>(cf)]), "-",
                                  ++file_number_, ".sst");
  RETURN_ROCKS((*writer)->Open(path));
  files_[static_cast<int>(cf)].push_back(std::move(path));
  return absl::OkStatus();
}

absl::Status BulkLoad::PutInFile(Cf cf, std::unique_ptr<rocksdb::SstFileWriter>* writer,
                                 std::string_view key, std::string_view value, bool deleted) {
  if (*writer && (*writer)->FileSize() >= kBulkFileBytes) {
    RETURN_ROCKS((*writer)->Finish());
    writer->reset();
  }
  if (!*writer) {
    if (absl::Status s = OpenFile(cf, writer); !s.ok()) return s;
  }
  const rocksdb::Slice k(key.data(), key.size());
  RETURN_ROCKS(deleted ? (*writer)->Delete(k)
                       : (*writer)->Put(k, rocksdb::Slice(value.data(), value.size())));
  return absl::OkStatus();
}

absl::Status BulkLoad::AddStreamed(Cf cf, std::string_view key, std::string_view value,
                                   bool deleted) {
  if (failed_.load(std::memory_order_relaxed)) return StopFileThread();
  Stream& s = streams_[static_cast<int>(cf)];
  if (s.started && key <= std::string_view(s.last_key)) {
    return absl::InternalError(absl::StrCat("storage: bulk load of ",
                                            std::string(kCfNames[static_cast<int>(cf)]),
                                            " got a key out of order"));
  }
  s.last_key.assign(key.data(), key.size());
  s.started = true;
  pending_.bytes.append(key.data(), key.size());
  pending_.bytes.append(value.data(), value.size());
  pending_.items.push_back(
      {cf, static_cast<uint32_t>(key.size()), static_cast<uint32_t>(value.size()), deleted});
  if (pending_.bytes.size() >= kHandoffBytes) HandOff();
  return absl::OkStatus();
}

void BulkLoad::HandOff() {
  if (pending_.items.empty()) return;
  if (!file_thread_.joinable()) file_thread_ = std::thread([this] { FileThread(); });
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.size() < kMaxQueuedHandoffs; });
  queue_.push_back(std::move(pending_));
  if (spare_.empty()) {
    pending_ = Handoff();
    pending_.bytes.reserve(kHandoffBytes + (64 << 10));
  } else {
    pending_ = std::move(spare_.back());
    spare_.pop_back();
  }
  cv_.notify_all();
}

void BulkLoad::FileThread() {
  for (;;) {
    Handoff next;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and nothing left
      next = std::move(queue_.front());
      queue_.pop_front();
      cv_.notify_all();
    }
    absl::Status s = WriteStreamed(next);
    if (s.ok()) {
      next.bytes.clear();
      next.items.clear();
      std::lock_guard lock(mu_);
      spare_.push_back(std::move(next));
      continue;
    }
    {
      std::lock_guard lock(mu_);
      if (file_status_.ok()) file_status_ = s;
      failed_ = true;
      queue_.clear();
      cv_.notify_all();
      return;
    }
  }
}

absl::Status BulkLoad::WriteStreamed(const Handoff& handoff) {
  const char* at = handoff.bytes.data();
  for (const auto& item : handoff.items) {
    absl::Status s =
        PutInFile(item.cf, &streams_[static_cast<int>(item.cf)].writer, {at, item.key_size},
                  {at + item.key_size, item.value_size}, item.deleted);
    if (!s.ok()) return s;
    at += item.key_size + item.value_size;
  }
  return absl::OkStatus();
}

absl::Status BulkLoad::StopFileThread() {
  if (file_thread_.joinable()) {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      cv_.notify_all();
    }
    file_thread_.join();
  }
  std::lock_guard lock(mu_);
  return file_status_;
}

void BulkLoad::AddHeld(Cf cf, std::string_view key, std::string_view value, bool deleted) {
  Held& h = held_[static_cast<int>(cf)];
  const size_t need = key.size() + value.size();
  if (h.chunks.empty() || h.chunk_used + need > h.chunk_size) {
    h.chunk_size = std::max(kHeldChunkBytes, need);
    h.chunks.emplace_back(new char[h.chunk_size]);
    h.chunk_used = 0;
  }
  char* at = h.chunks.back().get() + h.chunk_used;
  std::memcpy(at, key.data(), key.size());
  std::memcpy(at + key.size(), value.data(), value.size());
  h.chunk_used += need;
  h.entries.push_back(
      {at, static_cast<uint32_t>(key.size()), static_cast<uint32_t>(value.size()), deleted});
}

absl::Status BulkLoad::WriteHeld(Cf cf) {
  Held& h = held_[static_cast<int>(cf)];
  if (h.entries.empty()) return absl::OkStatus();
  // Stable: among entries with the same key the last one given comes last and wins.
  std::stable_sort(h.entries.begin(), h.entries.end(), [](const auto& a, const auto& b) {
    return KeyOf(a.data, a.key_size) < KeyOf(b.data, b.key_size);
  });
  std::unique_ptr<rocksdb::SstFileWriter> writer;
  for (size_t i = 0; i < h.entries.size(); ++i) {
    const auto& e = h.entries[i];
    if (i + 1 < h.entries.size() &&
        KeyOf(h.entries[i + 1].data, h.entries[i + 1].key_size) == KeyOf(e.data, e.key_size)) {
      continue;  // a later entry replaces it
    }
    absl::Status s = PutInFile(cf, &writer, {e.data, e.key_size},
                               {e.data + e.key_size, e.value_size}, e.deleted);
    if (!s.ok()) return s;
  }
  RETURN_ROCKS(writer->Finish());
  h = Held();
  return absl::OkStatus();
}

absl::Status BulkLoad::Ingest() {
  if (spent_) return absl::FailedPreconditionError("storage: bulk load already ingested");
  spent_ = true;
  if (!failed_) HandOff();
  // The held families are sorted and written here, each on a thread of its own (a million-member
  // import's two unique indexes take about as long each), while the file thread finishes the
  // streamed ones: they share no state but the file numbers.
  std::vector<Cf> held_families;
  for (int i = 0; i < static_cast<int>(Cf::kCount); ++i) {
    if (!held_[i].entries.empty()) held_families.push_back(static_cast<Cf>(i));
  }
  std::vector<absl::Status> held(held_families.size());
  std::vector<std::thread> threads;
  for (size_t k = 1; k < held_families.size(); ++k) {
    threads.emplace_back(
        [this, k, &held, &held_families] { held[k] = WriteHeld(held_families[k]); });
  }
  if (!held_families.empty()) held[0] = WriteHeld(held_families[0]);
  for (auto& t : threads) t.join();
  if (absl::Status s = StopFileThread(); !s.ok()) return s;
  for (const absl::Status& s : held) {
    if (!s.ok()) return s;
  }
  std::vector<std::pair<Cf, std::vector<std::string>>> files;
  for (int i = 0; i < static_cast<int>(Cf::kCount); ++i) {
    if (streams_[i].writer) {
      RETURN_ROCKS(streams_[i].writer->Finish());
      streams_[i].writer.reset();
    }
    if (!files_[i].empty()) files.emplace_back(static_cast<Cf>(i), std::move(files_[i]));
  }
  return store_->IngestFiles(files);
}

}  // namespace orgtree::storage
