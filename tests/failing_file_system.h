#pragma once

// The local file system, except that while fail_writes(true) is in force every append, flush and
// sync of a file being written, and every new file to write, fails with an I/O error, as a full or
// broken disk would. RocksDB itself is real: a
// commit then fails through its own error paths (tests pass this as StoreOptions::file_system).

#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>
#include <string>

namespace orgtree::testing {

class FailingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FailingFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

  void fail_writes(bool on) { failing_ = on; }
  // Writes refused since the start.
  int refused() const { return refused_; }

  const char* Name() const override { return "FailingFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* dbg) override {
    if (Refuse()) return Injected();
    std::unique_ptr<rocksdb::FSWritableFile> real;
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, &real, dbg);
    if (s.ok()) file->reset(new File(std::move(real), this));
    return s;
  }

 private:
  // A file opened before the failure began (the WAL, say) fails from then on too.
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> real, FailingFileSystem* fs)
        : FSWritableFileOwnerWrapper(std::move(real)), fs_(fs) {}

    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
      if (fs_->Refuse()) return Injected();
      return FSWritableFileOwnerWrapper::Append(data, options, dbg);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* dbg) override {
      if (fs_->Refuse()) return Injected();
      return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
    }
    rocksdb::IOStatus Flush(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* dbg) override {
      if (fs_->Refuse()) return Injected();
      return FSWritableFileOwnerWrapper::Flush(options, dbg);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
      if (fs_->Refuse()) return Injected();
      return FSWritableFileOwnerWrapper::Sync(options, dbg);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                            rocksdb::IODebugContext* dbg) override {
      if (fs_->Refuse()) return Injected();
      return FSWritableFileOwnerWrapper::Fsync(options, dbg);
    }

   private:
    FailingFileSystem* fs_;
  };

  static rocksdb::IOStatus Injected() {
    return rocksdb::IOStatus::IOError("injected write failure");
  }
  bool Refuse() {
    if (!failing_) return false;
    ++refused_;
    return true;
  }

  std::atomic<bool> failing_{false};
  std::atomic<int> refused_{0};
};

}  // namespace orgtree::testing
