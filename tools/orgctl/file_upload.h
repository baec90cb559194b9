#pragma once

// Streams a local file to a client-streaming RPC in 64 KiB chunks, so that no message size limit
// decides whether an upload works. Shared by `import` and the dues file commands.

#include <grpcpp/grpcpp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/orgctl/errors.h"
#include "tools/orgctl/progress.h"

namespace orgctl {

inline constexpr std::size_t kUploadChunkBytes = 64 * 1024;

// Sends `file`; `first` carries the call's options and is the first chunk (an empty file still
// sends it). Progress shows on a terminal. Returns the call's status; a local read error throws
// LocalError after cancelling the call.
template <typename Chunk>
grpc::Status UploadFile(const std::string& file, Chunk first,
                        grpc::ClientWriterInterface<Chunk>* writer, grpc::ClientContext* context) {
  auto fail = [&](const std::string& why) {
    context->TryCancel();
    writer->Finish();
    throw LocalError("cannot read " + file + ": " + why);
  };
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(std::strerror(errno));
  std::error_code size_error;
  uint64_t total = std::filesystem::file_size(file, size_error);
  if (size_error) total = 0;
  Progress progress("sent", total);
  std::string buffer(kUploadChunkBytes, '\0');
  Chunk chunk = std::move(first);
  uint64_t sent = 0;
  for (bool first_chunk = true;; first_chunk = false) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto n = static_cast<std::size_t>(in.gcount());
    if (in.bad()) fail(std::strerror(errno));
    if (n == 0 && !first_chunk) break;
    chunk.set_data(buffer.data(), n);
    // A failed write means the server already ended the call; Finish says why.
    if (!writer->Write(chunk)) return writer->Finish();
    sent += n;
    progress.Update(sent);
    chunk.Clear();
    if (n < buffer.size()) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

}  // namespace orgctl
