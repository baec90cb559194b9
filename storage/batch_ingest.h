#pragma once

// Writes a large WriteBatch as SST files, one per column family, and ingests them in one
// IngestExternalFiles call instead of inserting it into the memtables. A bulk import of a million
// members is one batch of about a gigabyte: written the ordinary way it is copied whole into the
// memtables (and the WAL) while the batch itself is still held, which doubles the server's peak
// memory, and the skiplist inserts dominate the import's time. Ingestion keeps the write's
// guarantees that matter here: all or nothing (RocksDB records the ingestion of every family
// atomically in the MANIFEST, so after a crash either every file is in or none), durable when it
// returns (the files are synced before they are linked in), and later than every earlier write
// (ingested keys get a sequence number above all existing ones, so they override as a Put would).
// What it does not give: while the ingestion runs, a reader of two families may briefly see one
// family's new keys and not yet the other's. Only a bulk import writes batches this large.

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <string>
#include <vector>

namespace orgtree::storage {

// Ingests `batch` into `db` through SST files written under `work_dir` (created, and removed
// afterwards). `handles` are the database's column families; `options` the options the files are
// written with (the families' table format and compression).
rocksdb::Status IngestBatch(rocksdb::DB* db,
                            const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                            const rocksdb::Options& options, const std::string& work_dir,
                            rocksdb::WriteBatch* batch);

}  // namespace orgtree::storage
