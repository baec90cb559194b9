#include "storage/batch_ingest.h"

#include <rocksdb/env.h>
#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace orgtree::storage {
namespace {

// One write of the batch; the slices point into the batch's own bytes.
struct Entry {
  rocksdb::Slice key;
  rocksdb::Slice value;
  bool is_delete = false;
};

// Sorts the batch's writes into their families, in batch order.
class Collector : public rocksdb::WriteBatch::Handler {
 public:
  rocksdb::Status PutCF(uint32_t cf, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    by_cf_[cf].push_back(Entry{key, value, false});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t cf, const rocksdb::Slice& key) override {
    by_cf_[cf].push_back(Entry{key, rocksdb::Slice(), true});
    return rocksdb::Status::OK();
  }
  // Every other kind of write (merge, single delete, range delete) is refused by the default
  // handlers: the registry does not use them.

  std::map<uint32_t, std::vector<Entry>>& by_cf() { return by_cf_; }

 private:
  std::map<uint32_t, std::vector<Entry>> by_cf_;
};

// Key order; for one key the batch's last write wins, as it would in a memtable.
void SortKeepingLast(std::vector<Entry>* entries) {
  std::stable_sort(entries->begin(), entries->end(),
                   [](const Entry& a, const Entry& b) { return a.key.compare(b.key) < 0; });
  size_t out = 0;
  for (size_t i = 0; i < entries->size(); ++i) {
    if (i + 1 < entries->size() && (*entries)[i + 1].key == (*entries)[i].key) continue;
    (*entries)[out++] = (*entries)[i];
  }
  entries->resize(out);
}

}  // namespace

rocksdb::Status IngestBatch(rocksdb::DB* db,
                            const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                            const rocksdb::Options& options, const std::string& work_dir,
                            rocksdb::WriteBatch* batch) {
  std::error_code ec;
  std::filesystem::remove_all(work_dir, ec);
  std::filesystem::create_directories(work_dir, ec);
  if (ec) return rocksdb::Status::IOError("cannot create " + work_dir + ": " + ec.message());

  Collector collector;
  rocksdb::Status s = batch->Iterate(&collector);
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (auto& [cf_id, entries] : collector.by_cf()) {
    if (!s.ok()) break;
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    for (auto* h : handles) {
      if (h->GetID() == cf_id) handle = h;
    }
    if (handle == nullptr) {
      s = rocksdb::Status::InvalidArgument("batch names an unknown column family");
      break;
    }
    SortKeepingLast(&entries);
    const std::string file = work_dir + "/" + handle->GetName() + ".sst";
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, handle);
    s = writer.Open(file);
    for (size_t i = 0; s.ok() && i < entries.size(); ++i) {
      s = entries[i].is_delete ? writer.Delete(entries[i].key)
                               : writer.Put(entries[i].key, entries[i].value);
    }
    if (s.ok()) s = writer.Finish();
    entries = std::vector<Entry>();  // this family's index is no longer needed
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = handle;
    arg.external_files.push_back(file);
    arg.options.move_files = true;            // link, do not copy
    arg.options.write_global_seqno = false;   // files stay as written (no in-place rewrite)
    arg.options.allow_blocking_flush = true;  // overlapping memtables are flushed first
    args.push_back(std::move(arg));
  }
  if (s.ok() && !args.empty()) s = db->IngestExternalFiles(args);
  std::filesystem::remove_all(work_dir, ec);
  return s;
}

}  // namespace orgtree::storage
