#include "tools/orgctl/handover_files.h"

#include "services/csv/cell_values.h"
#include "tools/orgctl/csv_input.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;
namespace csv = orgtree::csv;

// Column order of the mapping specs, shared by the members list and the mapping file.
enum MappingColumn { kMemberNo, kCommunityName, kCommunityCode };

std::vector<csv::ColumnSpec> MappingSpecs(bool community_required) {
  return {{"member_no", {"党员编号"}, true},
          {"community_org_name", {"接收党组织名称"}, community_required},
          {"community_org_code", {"接收党组织编码"}, false}};
}

std::vector<v1::HandoverMapping> ReadMappingRows(const std::string& path,
                                                 const std::string& encoding,
                                                 bool community_required) {
  const csv::CsvTable table = ReadCsvFile(path, encoding, MappingSpecs(community_required));
  std::vector<v1::HandoverMapping> rows;
  for (const csv::CsvRow& row : table.rows) {
    v1::HandoverMapping& m = rows.emplace_back();
    m.set_line(row.line);
    m.set_member_no(CellText(table, row, kMemberNo));
    m.set_community_org_name(CellText(table, row, kCommunityName));
    m.set_community_org_code(CellText(table, row, kCommunityCode));
  }
  return rows;
}

}  // namespace

std::vector<v1::HandoverMapping> ReadHandoverMembers(const std::string& path,
                                                     const std::string& encoding) {
  return ReadMappingRows(path, encoding, /*community_required=*/false);
}

std::vector<v1::HandoverMapping> ReadHandoverMapping(const std::string& path,
                                                     const std::string& encoding) {
  return ReadMappingRows(path, encoding, /*community_required=*/true);
}

std::vector<v1::ReceiptRow> ReadReceipts(const std::string& path, const std::string& encoding) {
  enum { kSerial, kReceivedOn, kReceiptMemberNo };
  const csv::CsvTable table = ReadCsvFile(path, encoding,
                                          {{"letter_serial", {"介绍信编号"}, true},
                                           {"received_on", {"回执日期"}, true},
                                           {"member_no", {"党员编号"}, false}});
  std::vector<v1::ReceiptRow> rows;
  for (const csv::CsvRow& row : table.rows) {
    v1::ReceiptRow& r = rows.emplace_back();
    r.set_line(row.line);
    r.set_serial(CellText(table, row, kSerial));
    const std::string date = CellText(table, row, kReceivedOn);
    r.set_received_on(csv::NormalizeDate(date).value_or(date));
    r.set_member_no(CellText(table, row, kReceiptMemberNo));
  }
  return rows;
}

}  // namespace orgctl
