#pragma once

// The dues CSV files: declared bases and bank / finance statements. Columns are matched by
// English or Chinese header in any order; every bad cell is reported with its spreadsheet line.
//
// bases:      member_no (党员编号), effective_month (生效月份), income_type (收入类型),
//             monthly_base_fen (月缴费基数(分)) or monthly_base_yuan (月缴费基数(元))
// statement:  txn_ref (流水号), member_no (党员编号), period (所属月份),
//             amount_fen (金额(分)) or amount_yuan (金额(元)), paid_on (缴费日期), channel
//             (缴费方式)

#include <string_view>
#include <vector>

#include "orgtree/v1/dues.pb.h"
#include "services/csv/encoding.h"
#include "services/dues/dues_ledger.h"

namespace orgtree::dues {

template <typename Row>
struct DuesFile {
  std::vector<Row> rows;
  std::vector<v1::DuesProblem> errors;    // any → the file is not accepted as it stands
  std::vector<v1::DuesProblem> warnings;  // unknown columns, ignored
  int64_t data_lines = 0;                 // data rows read, bad ones included
};

// "auto" / "" / "utf-8" / "gb18030".
csv::Encoding EncodingFromWord(std::string_view word);

DuesFile<BaseRow> ParseBasesCsv(std::string_view bytes, csv::Encoding encoding);
DuesFile<StatementRow> ParseStatementCsv(std::string_view bytes, csv::Encoding encoding);

}  // namespace orgtree::dues
