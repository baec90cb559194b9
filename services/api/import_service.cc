#include "services/api/import_service.h"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "absl/time/clock.h"
#include "services/csv/csv_table.h"
#include "services/importer/csv_files.h"

namespace orgtree::api {
namespace {

// Files larger than this are refused: an import is validated whole in memory.
constexpr size_t kMaxImportBytes = 1ull << 30;
constexpr size_t kExportChunkBytes = 64 << 10;
constexpr size_t kMaxReportedProblems = 200;

// FNV-1a: a stable fingerprint of the file for request_id retries, the same however the file
// was cut into chunks. Computed as the chunks arrive, while the client is still sending.
constexpr uint64_t kFnvOffset = 1469598103934665603ull;
uint64_t Fingerprint(uint64_t h, std::string_view data) {
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ull;
  return h;
}

struct Upload {
  std::string data;
  v1::ImportChunk options;  // the first chunk's options
  uint64_t fingerprint = kFnvOffset;
};

grpc::Status Receive(grpc::ServerReader<v1::ImportChunk>* reader, Upload* upload) {
  v1::ImportChunk chunk;
  bool first = true;
  while (reader->Read(&chunk)) {
    if (first) {
      upload->options = chunk;
      upload->options.clear_data();
      first = false;
    }
    if (upload->data.size() + chunk.data().size() > kMaxImportBytes) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "data: file larger than 1 GiB");
    }
    upload->data += chunk.data();
    upload->fingerprint = Fingerprint(upload->fingerprint, chunk.data());
  }
  if (upload->data.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "data: the file is empty");
  }
  return grpc::Status::OK;
}

template <typename T, typename ParseFn, typename ImportFn>
grpc::Status RunImport(grpc::ServerContext* ctx, grpc::ServerReader<v1::ImportChunk>* reader,
                       v1::ImportReport* resp, const ServiceOptions& options, ParseFn parse,
                       ImportFn import) {
  const absl::Time started = absl::Now();
  Upload upload;
  if (auto s = Receive(reader, &upload); !s.ok()) return s;
  const size_t bytes = upload.data.size();
  const absl::Time received = absl::Now();
  const uint64_t fingerprint = upload.fingerprint;
  importer::ParsedFile<T> parsed =
      parse(upload.data, importer::ToCsvEncoding(upload.options.encoding()));
  std::string().swap(upload.data);  // the rows own their copies now: release the file's bytes
  malloc_trim(0);                   // and the parser's freed cells (glibc keeps them otherwise)
  const absl::Time parsed_at = absl::Now();
  *resp->mutable_warnings() = {parsed.warnings.begin(), parsed.warnings.end()};
  resp->set_rows(static_cast<int64_t>(parsed.rows.size()));
  // Rows with cell errors were left out; the rest are still checked against the registry (as a dry
  // run when the file already has errors) so that every bad row is reported at once.
  std::vector<v1::ImportProblem> errors = parsed.errors;
  auto outcome =
      import(MetaOf(CallerOf(ctx, options), upload.options.request_id()), std::move(parsed.rows),
             upload.options.validate_only() || !errors.empty(), fingerprint);
  // Where a large import's time goes (the registry logs its decide / write split).
  spdlog::info(
      "import: {} bytes received in {:.2f} s, {} rows parsed in {:.2f} s, checked and "
      "written in {:.2f} s",
      bytes, absl::ToDoubleSeconds(received - started), resp->rows(),
      absl::ToDoubleSeconds(parsed_at - received), absl::ToDoubleSeconds(absl::Now() - parsed_at));
  if (!outcome.ok()) return ToGrpc(outcome.status());
  errors.insert(errors.end(), outcome->errors.begin(), outcome->errors.end());
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.line() < b.line(); });
  resp->set_imported(outcome->imported);
  resp->set_first_event_seq(outcome->first_seq);
  resp->set_last_event_seq(outcome->last_seq);
  if (!errors.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "nothing imported; " + std::to_string(errors.size()) + " problem(s):\n" +
                            csv::DescribeProblems(errors, kMaxReportedProblems));
  }
  resp->set_applied(!upload.options.validate_only());
  return grpc::Status::OK;
}

// Sends what is pending once a chunk's worth has gathered (or everything, with `flush`).
bool Send(grpc::ServerWriter<v1::ExportChunk>* writer, std::string* pending, bool flush) {
  if (pending->size() < kExportChunkBytes && !flush) return true;
  if (pending->empty()) return true;
  v1::ExportChunk chunk;
  chunk.set_data(std::move(*pending));
  pending->clear();
  return writer->Write(chunk);
}

grpc::Status Encode(bool excel, std::string* text) {
  if (!excel) return grpc::Status::OK;
  auto encoded = csv::EncodeGb18030(*text);
  if (!encoded.ok()) return ToGrpc(encoded.status());
  *text = std::move(*encoded);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status ImportServiceImpl::ImportOrgs(grpc::ServerContext* ctx,
                                           grpc::ServerReader<v1::ImportChunk>* reader,
                                           v1::ImportReport* resp) {
  return RunImport<v1::Org>(ctx, reader, resp, options_, importer::ParseOrgsCsv,
                            [this](auto meta, auto rows, bool dry, uint64_t fp) {
                              return registry_->ImportOrgs(meta, std::move(rows), dry, fp);
                            });
}

grpc::Status ImportServiceImpl::ImportMembers(grpc::ServerContext* ctx,
                                              grpc::ServerReader<v1::ImportChunk>* reader,
                                              v1::ImportReport* resp) {
  return RunImport<v1::Member>(ctx, reader, resp, options_, importer::ParseMembersCsv,
                               [this](auto meta, auto rows, bool dry, uint64_t fp) {
                                 return registry_->ImportMembers(meta, std::move(rows), dry, fp);
                               });
}

grpc::Status ImportServiceImpl::ExportOrgs(grpc::ServerContext*, const v1::ExportRequest* req,
                                           grpc::ServerWriter<v1::ExportChunk>* writer) {
  auto orgs = registry_->ExportOrgs(*req);
  if (!orgs.ok()) return ToGrpc(orgs.status());
  std::string text = importer::OrgsCsvHeader(req->excel());
  for (const auto& org : *orgs) text += importer::OrgCsvLine(org, req->excel());
  if (auto s = Encode(req->excel(), &text); !s.ok()) return s;
  for (size_t off = 0; off < text.size(); off += kExportChunkBytes) {
    v1::ExportChunk chunk;
    chunk.set_data(text.substr(off, kExportChunkBytes));
    if (!writer->Write(chunk)) break;
  }
  return grpc::Status::OK;
}

grpc::Status ImportServiceImpl::ExportMembers(grpc::ServerContext* ctx,
                                              const v1::ExportRequest* req,
                                              grpc::ServerWriter<v1::ExportChunk>* writer) {
  const Caller caller = CallerOf(ctx, options_);
  std::string pending = importer::MembersCsvHeader(req->excel());
  if (auto e = Encode(req->excel(), &pending); !e.ok()) return e;
  grpc::Status failure = grpc::Status::OK;
  auto s = registry_->ExportMembers(*req, [&](const v1::Member& stored) {
    v1::Member m = stored;
    Present(caller, &m);
    std::string line = importer::MemberCsvLine(m, req->excel());
    if (auto e = Encode(req->excel(), &line); !e.ok()) {
      failure = e;
      return false;
    }
    pending += line;
    return Send(writer, &pending, false);
  });
  if (!s.ok()) return ToGrpc(s);
  if (!failure.ok()) return failure;
  Send(writer, &pending, true);
  return grpc::Status::OK;
}

}  // namespace orgtree::api
