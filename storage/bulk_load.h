#pragma once

// A large change written as SST files and ingested into the database in one atomic, durable step
// (RocksDB's IngestExternalFiles) instead of one WriteBatch. The batch of a million-member import
// holds every record in memory until it is written, and writing it pushes millions of entries
// through the memtables and their flushes; files written as the change is decided need neither.
//
// Families declared streamed must be given keys in strictly increasing order (the caller knows
// when its records come in key order, e.g. new ids or event seqs): they go to disk as they come,
// cut into files of about kBulkFileBytes. Every other family is held in memory and sorted when the
// load is ingested, so it is meant for small entries (unique indexes, counters, meta). A key given
// twice to a held family keeps the last value.
//
// Streamed entries are handed in batches to a thread of the load's own, which builds the files
// (block building and compression) while the caller goes on deciding the change.
//
// Nothing is visible until Ingest() returns OK; a load dropped before that leaves no trace (its
// files are removed). Not thread-safe; the registry's writer lock keeps one load at a time.
//
// What readers see: IngestExternalFiles makes the files of all families visible in one MANIFEST
// write, but a reader that scans two families at that very moment may see one before the other.
// The registry's own in-memory view (tree, counters) is published after Ingest() returns, as for
// a batch.

#include <rocksdb/sst_file_writer.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "storage/column_families.h"
#include "storage/rocks_store.h"

namespace orgtree::storage {

inline constexpr uint64_t kBulkFileBytes = 64ull << 20;

class BulkLoad {
 public:
  // Writes its files under `store`'s data directory (a "bulk" subdirectory, removed at the end).
  BulkLoad(RocksStore* store, const std::vector<Cf>& streamed);
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;
  ~BulkLoad();

  absl::Status Put(Cf cf, std::string_view key, std::string_view value);
  absl::Status Delete(Cf cf, std::string_view key);

  // Finishes every file and ingests them all at once. Call once; the load is spent afterwards.
  absl::Status Ingest();

  // Entries given so far (all families).
  int64_t entries() const { return entries_; }

 private:
  // A family streamed to files in key order: the caller's thread checks the order, the file
  // thread writes.
  struct Stream {
    std::unique_ptr<rocksdb::SstFileWriter> writer;  // file thread only
    std::string last_key;
    bool started = false;
  };
  // Streamed entries on their way to the file thread.
  struct Handoff {
    struct Item {
      Cf cf;
      uint32_t key_size;
      uint32_t value_size;
      bool deleted;
    };
    std::string bytes;  // each item's key, then its value
    std::vector<Item> items;
  };
  // A family held until Ingest: keys and values in arena chunks, sorted then.
  struct Held {
    struct Entry {
      const char* data;  // key bytes, then value bytes
      uint32_t key_size;
      uint32_t value_size;
      bool deleted;
    };
    std::vector<std::unique_ptr<char[]>> chunks;
    size_t chunk_used = 0;
    size_t chunk_size = 0;
    std::vector<Entry> entries;
  };

  absl::Status Add(Cf cf, std::string_view key, std::string_view value, bool deleted);
  absl::Status AddStreamed(Cf cf, std::string_view key, std::string_view value, bool deleted);
  // Queues the pending handoff for the file thread (started on first use), waiting while the
  // queue is full.
  void HandOff();
  void FileThread();
  absl::Status WriteStreamed(const Handoff& handoff);
  // Lets the file thread finish what is queued and stop; its first error.
  absl::Status StopFileThread();
  void AddHeld(Cf cf, std::string_view key, std::string_view value, bool deleted);
  // Opens the family's next file.
  absl::Status OpenFile(Cf cf, std::unique_ptr<rocksdb::SstFileWriter>* writer);
  // Adds one entry to the family's open file in `writer`: finishes it first once it has reached
  // kBulkFileBytes, opens the next when none is open.
  absl::Status PutInFile(Cf cf, std::unique_ptr<rocksdb::SstFileWriter>* writer,
                         std::string_view key, std::string_view value, bool deleted);
  absl::Status WriteHeld(Cf cf);

  RocksStore* store_;
  std::string dir_;
  std::array<bool, static_cast<int>(Cf::kCount)> streamed_{};
  std::array<Stream, static_cast<int>(Cf::kCount)> streams_;
  std::array<Held, static_cast<int>(Cf::kCount)> held_;
  std::array<std::vector<std::string>, static_cast<int>(Cf::kCount)> files_;
  int64_t entries_ = 0;
  std::atomic<int> file_number_ = 0;  // the file thread and Ingest both open files
  bool spent_ = false;

  Handoff pending_;
  std::thread file_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Handoff> queue_;  // guarded by mu_
  // Handoffs the file thread is done with, kept for their buffers: a fresh 4 MiB buffer for each
  // handoff would be grown by doubling and faulted in page by page every time.
  std::vector<Handoff> spare_;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_
  absl::Status file_status_;    // guarded by mu_: the file thread's first error
  std::atomic<bool> failed_{false};
};

}  // namespace orgtree::storage
