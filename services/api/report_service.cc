#include "services/api/report_service.h"

namespace orgtree::api {

grpc::Status ReportServiceImpl::GetTreeReport(grpc::ServerContext*,
                                              const v1::GetTreeReportRequest* req,
                                              v1::TreeReport* resp) {
  return Reply(reporter_.Tree(*req), resp);
}

grpc::Status ReportServiceImpl::GetRuleReport(grpc::ServerContext*,
                                              const v1::GetRuleReportRequest* req,
                                              v1::RuleReport* resp) {
  return Reply(reporter_.Rules(*req), resp);
}

grpc::Status ReportServiceImpl::GetStatsReport(grpc::ServerContext*,
                                               const v1::GetStatsReportRequest* req,
                                               v1::StatsReport* resp) {
  return Reply(reporter_.Stats(*req), resp);
}

grpc::Status ReportServiceImpl::GetLabelReport(grpc::ServerContext*,
                                               const v1::GetLabelReportRequest* req,
                                               v1::LabelReport* resp) {
  return Reply(reporter_.Labels(*req), resp);
}

}  // namespace orgtree::api
