#pragma once

// The files of a retiree handover, read client side into the rows the server takes, each with its
// spreadsheet line:
//   members list  member_no[,community_org_name[,community_org_code]]  (党员编号, 接收党组织名称,
//                 接收党组织编码): the selection; community columns, when given, map the member
//   mapping       member_no,community_org_name[,community_org_code]
//   receipts      letter_serial,received_on[,member_no]  (介绍信编号, 回执日期, 党员编号)

#include <string>
#include <vector>

#include "orgtree/v1/transfer_service.pb.h"

namespace orgctl {

std::vector<orgtree::v1::HandoverMapping> ReadHandoverMembers(const std::string& path,
                                                              const std::string& encoding);

std::vector<orgtree::v1::HandoverMapping> ReadHandoverMapping(const std::string& path,
                                                              const std::string& encoding);

// Dates in any form the CSV conventions accept are sent as YYYY-MM-DD; a cell that is no date is
// sent as written, for the server to report with the rest of the file's problems.
std::vector<orgtree::v1::ReceiptRow> ReadReceipts(const std::string& path,
                                                  const std::string& encoding);

}  // namespace orgctl
