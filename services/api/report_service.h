#pragma once

#include "orgtree/v1/report_service.grpc.pb.h"
#include "services/api/call_context.h"
#include "services/reports/reporter.h"

namespace orgtree::api {

// ReportService: thin gRPC adapter over reports::Reporter (the reports live in services/reports/).
// Reads only.
class ReportServiceImpl final : public v1::ReportService::Service {
 public:
  explicit ReportServiceImpl(const registry::Registry* registry) : reporter_(registry) {}

  grpc::Status GetTreeReport(grpc::ServerContext* ctx, const v1::GetTreeReportRequest* req,
                             v1::TreeReport* resp) override;
  grpc::Status GetRuleReport(grpc::ServerContext* ctx, const v1::GetRuleReportRequest* req,
                             v1::RuleReport* resp) override;
  grpc::Status GetStatsReport(grpc::ServerContext* ctx, const v1::GetStatsReportRequest* req,
                              v1::StatsReport* resp) override;
  grpc::Status GetLabelReport(grpc::ServerContext* ctx, const v1::GetLabelReportRequest* req,
                              v1::LabelReport* resp) override;

 private:
  reports::Reporter reporter_;
};

}  // namespace orgtree::api
