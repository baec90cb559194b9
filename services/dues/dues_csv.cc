#include "services/dues/dues_csv.h"

#include <functional>

#include "services/common/enum_words.h"
#include "services/csv/cell_values.h"
#include "services/csv/csv_reader.h"
#include "services/csv/csv_table.h"
#include "services/csv/header_map.h"
#include "services/registry/record_helpers.h"

namespace orgtree::dues {
namespace {

constexpr auto Problem = registry::MakeProblem<v1::DuesProblem>;

enum BaseColumn { kBaseNo, kBaseMonth, kBaseType, kBaseFen, kBaseYuan };
const std::vector<csv::ColumnSpec>& BaseColumns() {
  static const auto* specs = new std::vector<csv::ColumnSpec>{
      {"member_no", {"党员编号"}, true},
      {"effective_month", {"生效月份"}, true},
      {"income_type", {"收入类型"}, true},
      {"monthly_base_fen", {"月缴费基数(分)", "月缴费基数（分）"}, false},
      {"monthly_base_yuan", {"月缴费基数(元)", "月缴费基数（元）"}, false},
  };
  return *specs;
}

enum StatementColumn { kRef, kNo, kPeriod, kFen, kYuan, kPaidOn, kChannel };
const std::vector<csv::ColumnSpec>& StatementColumns() {
  static const auto* specs = new std::vector<csv::ColumnSpec>{
      {"txn_ref", {"流水号"}, true},
      {"member_no", {"党员编号"}, true},
      {"period", {"所属月份"}, false},
      {"amount_fen", {"金额(分)", "金额（分）"}, false},
      {"amount_yuan", {"金额(元)", "金额（元）"}, false},
      {"paid_on", {"缴费日期"}, false},
      {"channel", {"缴费方式"}, false},
  };
  return *specs;
}

// Decodes and splits the file, maps the header (requiring one of two money columns) and hands
// every data row to `row_fn`.
template <typename Row>
void ReadDuesFile(std::string_view bytes, csv::Encoding encoding,
                  const std::vector<csv::ColumnSpec>& specs, int fen_col, int yuan_col,
                  DuesFile<Row>* out,
                  const std::function<void(const csv::HeaderMap&, const csv::CsvRow&)>& row_fn) {
  auto table = csv::ReadCsvTable(bytes, encoding, specs);
  if (!table.ok()) {
    auto [line, reason] = csv::SplitLinePrefix(std::string(table.status().message()));
    out->errors.push_back(Problem(line, "", reason));
    return;
  }
  const csv::HeaderMap* header = &table->header;
  if (header->index[fen_col] < 0 && header->index[yuan_col] < 0) {
    out->errors.push_back(Problem(
        1, "", "missing required column: " + specs[fen_col].name + " or " + specs[yuan_col].name));
    return;
  }
  for (const auto& ignored : header->ignored) {
    out->warnings.push_back(Problem(1, ignored, "unknown column, ignored"));
  }
  for (const auto& row : table->rows) {
    ++out->data_lines;
    row_fn(*header, row);
  }
}

// A money cell in fen or (the other column) in yuan; nullopt after reporting a problem, 0 when
// both are empty and `allow_empty`.
std::optional<int64_t> MoneyCell(const csv::HeaderMap& h, const csv::CsvRow& row, int fen_col,
                                 int yuan_col, const std::vector<csv::ColumnSpec>& specs,
                                 bool allow_empty, std::vector<v1::DuesProblem>* errors) {
  const std::string fen(csv::Cell(h, row, fen_col));
  const std::string yuan(csv::Cell(h, row, yuan_col));
  if (!fen.empty()) {
    auto v = csv::ParseInteger(fen);
    if (!v || *v < 0) {
      errors->push_back(Problem(row.line, specs[fen_col].name,
                                "'" + fen + "' is not an amount in fen (a whole number)"));
      return std::nullopt;
    }
    return *v;
  }
  if (!yuan.empty()) {
    auto v = csv::ParseYuanToFen(yuan);
    if (!v) {
      errors->push_back(Problem(row.line, specs[yuan_col].name,
                                "'" + yuan + "' is not an amount in yuan (at most 2 decimals)"));
      return std::nullopt;
    }
    return *v;
  }
  if (allow_empty) return 0;
  errors->push_back(Problem(row.line, specs[fen_col].name, "required"));
  return std::nullopt;
}

}  // namespace

csv::Encoding EncodingFromWord(std::string_view word) {
  if (word == "utf-8" || word == "utf8") return csv::Encoding::kUtf8;
  if (word == "gb18030" || word == "gbk") return csv::Encoding::kGb18030;
  return csv::Encoding::kAuto;
}

DuesFile<BaseRow> ParseBasesCsv(std::string_view bytes, csv::Encoding encoding) {
  DuesFile<BaseRow> out;
  const auto& specs = BaseColumns();
  ReadDuesFile<BaseRow>(
      bytes, encoding, specs, kBaseFen, kBaseYuan, &out,
      [&](const csv::HeaderMap& h, const csv::CsvRow& row) {
        const size_t errors_before = out.errors.size();
        BaseRow r;
        r.line = row.line;
        r.base.set_member_no(std::string(csv::Cell(h, row, kBaseNo)));
        if (r.base.member_no().empty()) {
          out.errors.push_back(Problem(row.line, "member_no", "required"));
        }
        const std::string month(csv::Cell(h, row, kBaseMonth));
        if (auto m = csv::NormalizeMonth(month)) {
          r.base.set_effective_month(*m);
        } else {
          out.errors.push_back(
              Problem(row.line, "effective_month",
                      month.empty() ? "required" : "'" + month + "' is not a month YYYY-MM"));
        }
        const std::string type(csv::Cell(h, row, kBaseType));
        auto t = ParseEnum<v1::IncomeType>(type);
        if (!t) {
          out.errors.push_back(Problem(
              row.line, "income_type",
              type.empty() ? "required"
                           : "'" + type + "' is not one of " + EnumWordList<v1::IncomeType>()));
        } else {
          r.base.set_income_type(*t);
        }
        // The fixed-amount types (students, relief, farmers …) need no base.
        const bool fixed = t && *t != v1::INCOME_SALARY && *t != v1::INCOME_ANNUAL_SALARY &&
                           *t != v1::INCOME_SELF_EMPLOYED && *t != v1::INCOME_PENSION;
        auto fen = MoneyCell(h, row, kBaseFen, kBaseYuan, specs, fixed, &out.errors);
        if (fen && *fen > kMaxBaseFen) {
          out.errors.push_back(Problem(row.line, "monthly_base_fen", "is implausibly large"));
        } else if (fen) {
          r.base.set_monthly_base_fen(*fen);
        }
        if (out.errors.size() == errors_before) out.rows.push_back(std::move(r));
      });
  return out;
}

DuesFile<StatementRow> ParseStatementCsv(std::string_view bytes, csv::Encoding encoding) {
  DuesFile<StatementRow> out;
  const auto& specs = StatementColumns();
  ReadDuesFile<StatementRow>(
      bytes, encoding, specs, kFen, kYuan, &out,
      [&](const csv::HeaderMap& h, const csv::CsvRow& row) {
        const size_t errors_before = out.errors.size();
        StatementRow r;
        r.line = row.line;
        r.txn_ref = std::string(csv::Cell(h, row, kRef));
        if (r.txn_ref.empty()) out.errors.push_back(Problem(row.line, "txn_ref", "required"));
        r.member_no = std::string(csv::Cell(h, row, kNo));
        if (r.member_no.empty()) out.errors.push_back(Problem(row.line, "member_no", "required"));
        if (std::string period(csv::Cell(h, row, kPeriod)); !period.empty()) {
          if (auto m = csv::NormalizeMonth(period)) {
            r.period = *m;
          } else {
            out.errors.push_back(
                Problem(row.line, "period", "'" + period + "' is not a month YYYY-MM"));
          }
        }
        auto amount = MoneyCell(h, row, kFen, kYuan, specs, false, &out.errors);
        if (amount && *amount == 0) {
          out.errors.push_back(Problem(row.line, specs[kFen].name, "must be more than 0"));
        } else if (amount) {
          r.amount_fen = *amount;
        }
        if (std::string paid(csv::Cell(h, row, kPaidOn)); !paid.empty()) {
          if (auto d = csv::NormalizeDate(paid)) {
            r.paid_on = *d;
          } else {
            out.errors.push_back(Problem(row.line, "paid_on", "'" + paid + "' is not a date"));
          }
        }
        r.channel = std::string(csv::Cell(h, row, kChannel));
        if (out.errors.size() == errors_before) out.rows.push_back(std::move(r));
      });
  return out;
}

}  // namespace orgtree::dues
