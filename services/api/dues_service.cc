#include "services/api/dues_service.h"

#include "services/csv/csv_table.h"
#include "services/dues/dues_csv.h"

namespace orgtree::api {
namespace {

constexpr size_t kMaxFileBytes = 1ull << 30;
constexpr size_t kMaxReportedProblems = 200;

grpc::Status Receive(grpc::ServerReader<v1::DuesFileChunk>* reader, std::string* data,
                     v1::DuesFileChunk* options) {
  v1::DuesFileChunk chunk;
  bool first = true;
  while (reader->Read(&chunk)) {
    if (first) {
      *options = chunk;
      options->clear_data();
      first = false;
    }
    if (data->size() + chunk.data().size() > kMaxFileBytes) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "data: file larger than 1 GiB");
    }
    *data += chunk.data();
  }
  if (data->empty()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "data: empty file");
  return grpc::Status::OK;
}

// FNV-1a of the file: a stable fingerprint for request_id retries.
uint64_t Fingerprint(const std::string& data) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ull;
  return h;
}

grpc::Status Refusal(const std::string& what, const std::vector<v1::DuesProblem>& errors) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      what + "; " + std::to_string(errors.size()) + " problem(s):\n" +
                          csv::DescribeProblems(errors, kMaxReportedProblems));
}

}  // namespace

grpc::Status DuesServiceImpl::SetDuesBase(grpc::ServerContext* ctx,
                                          const v1::SetDuesBaseRequest* req, v1::DuesBase* resp) {
  return Reply(ledger_.SetBase(MetaOf(CallerOf(ctx, options_), req->request_id()), *req), resp);
}

grpc::Status DuesServiceImpl::ImportDuesBases(grpc::ServerContext* ctx,
                                              grpc::ServerReader<v1::DuesFileChunk>* reader,
                                              v1::DuesImportReport* resp) {
  std::string data;
  v1::DuesFileChunk options;
  if (auto s = Receive(reader, &data, &options); !s.ok()) return s;
  auto parsed = dues::ParseBasesCsv(data, dues::EncodingFromWord(options.encoding()));
  // Rows with cell errors are left out; the rest are still checked against the registry (as a
  // dry run) so that every bad row is reported at once.
  std::vector<v1::DuesProblem> errors = parsed.errors;
  v1::DuesImportReport report;
  auto s = ledger_.ImportBases(MetaOf(CallerOf(ctx, options_), options.request_id()),
                               std::move(parsed.rows), options.validate_only() || !errors.empty(),
                               Fingerprint(data), &report);
  if (!s.ok()) return ToGrpc(s);
  errors.insert(errors.end(), report.errors().begin(), report.errors().end());
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.line() < b.line(); });
  if (!errors.empty()) return Refusal("nothing imported", errors);
  *resp = report;
  resp->set_rows(parsed.data_lines);
  for (const auto& w : parsed.warnings) *resp->add_warnings() = w;
  resp->set_applied(!options.validate_only());
  return grpc::Status::OK;
}

grpc::Status DuesServiceImpl::SetDuesOverride(grpc::ServerContext* ctx,
                                              const v1::SetDuesOverrideRequest* req,
                                              v1::DuesOverride* resp) {
  return Reply(ledger_.SetOverride(MetaOf(CallerOf(ctx, options_), req->request_id()), *req), resp);
}

grpc::Status DuesServiceImpl::AssessDues(grpc::ServerContext* ctx, const v1::AssessDuesRequest* req,
                                         v1::AssessDuesResponse* resp) {
  return Reply(ledger_.Assess(MetaOf(CallerOf(ctx, options_), req->request_id()), *req), resp);
}

grpc::Status DuesServiceImpl::RecordPayment(grpc::ServerContext* ctx,
                                            const v1::RecordPaymentRequest* req,
                                            v1::RecordPaymentResponse* resp) {
  return Reply(ledger_.RecordPayment(MetaOf(CallerOf(ctx, options_), req->request_id()), *req),
               resp);
}

grpc::Status DuesServiceImpl::ReversePayment(grpc::ServerContext* ctx,
                                             const v1::ReversePaymentRequest* req,
                                             v1::RecordPaymentResponse* resp) {
  return Reply(ledger_.ReversePayment(MetaOf(CallerOf(ctx, options_), req->request_id()), *req),
               resp);
}

grpc::Status DuesServiceImpl::GetMemberDues(grpc::ServerContext*,
                                            const v1::GetMemberDuesRequest* req,
                                            v1::MemberDues* resp) {
  return Reply(ledger_.GetMemberDues(*req), resp);
}

grpc::Status DuesServiceImpl::ListArrears(grpc::ServerContext*, const v1::ListArrearsRequest* req,
                                          v1::ListArrearsResponse* resp) {
  return Reply(ledger_.ListArrears(*req), resp);
}

grpc::Status DuesServiceImpl::GetDuesSummary(grpc::ServerContext*,
                                             const v1::GetDuesSummaryRequest* req,
                                             v1::DuesSummary* resp) {
  return Reply(ledger_.GetSummary(*req), resp);
}

grpc::Status DuesServiceImpl::ReconcileStatement(grpc::ServerContext* ctx,
                                                 grpc::ServerReader<v1::DuesFileChunk>* reader,
                                                 v1::ReconcileReport* resp) {
  std::string data;
  v1::DuesFileChunk options;
  if (auto s = Receive(reader, &data, &options); !s.ok()) return s;
  auto parsed = dues::ParseStatementCsv(data, dues::EncodingFromWord(options.encoding()));
  v1::ReconcileReport report;
  report.set_lines(parsed.data_lines);
  *report.mutable_errors() = {parsed.errors.begin(), parsed.errors.end()};
  *report.mutable_warnings() = {parsed.warnings.begin(), parsed.warnings.end()};
  // A file that cannot be read at all (encoding, header) is refused outright.
  for (const auto& e : parsed.errors) {
    if (e.line() <= 1) return Refusal("nothing recorded", parsed.errors);
  }
  dues::ReconcileOptions o;
  o.month = options.month();
  o.org_code = options.org_code();
  o.skip_bad = options.skip_bad();
  o.validate_only = options.validate_only();
  o.fingerprint = Fingerprint(data);
  auto s = ledger_.Reconcile(MetaOf(CallerOf(ctx, options_), options.request_id()),
                             std::move(parsed.rows), o, &report);
  if (!s.ok()) return ToGrpc(s);
  if (report.errors_size() > 0 && !options.skip_bad()) {
    return Refusal("nothing recorded (use --skip-bad to record the good lines)",
                   {report.errors().begin(), report.errors().end()});
  }
  *resp = std::move(report);
  return grpc::Status::OK;
}

grpc::Status DuesServiceImpl::GetDuesReport(grpc::ServerContext*,
                                            const v1::GetDuesReportRequest* req,
                                            v1::DuesReport* resp) {
  return Reply(ledger_.GetReport(*req), resp);
}

}  // namespace orgtree::api
