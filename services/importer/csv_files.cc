#include "services/importer/csv_files.h"

#include "services/common/enum_words.h"
#include "services/csv/cell_values.h"
#include "services/csv/csv_reader.h"
#include "services/csv/csv_table.h"
#include "services/csv/header_map.h"
#include "services/registry/record_helpers.h"
#include "services/rules/national_id.h"
#include "services/rules/org_rules.h"

namespace orgtree::importer {
namespace {

// Column order = export order. Keep the enums below in step with these tables.
enum OrgColumn { kOrgCode, kOrgName, kOrgType, kOrgParent, kOrgEstablished, kOrgUnits, kOrgLabels };
const std::vector<csv::ColumnSpec>& OrgColumns() {
  static const auto* specs = new std::vector<csv::ColumnSpec>{
      {"code", {"组织编码"}, true},
      {"name", {"组织名称"}, true},
      {"type", {"组织类型"}, true},
      {"parent_code", {"上级组织编码"}, true},
      {"established_on", {"成立日期"}, false},
      {"units", {"联合单位数", "单位数"}, false},
      {"labels", {"标签"}, false},
  };
  return *specs;
}

enum MemberColumn {
  kNo,
  kName,
  kNationalId,
  kGender,
  kBirth,
  kOrg,
  kCategory,
  kJoined,
  kConfirmed,
  kEmployment,
  kPhone,
  kGroup,
  kEducation,
  kEthnicity
};
const std::vector<csv::ColumnSpec>& MemberColumns() {
  static const auto* specs = new std::vector<csv::ColumnSpec>{
      {"member_no", {"党员编号"}, true},
      {"name", {"姓名"}, true},
      {"national_id", {"身份证号", "身份证号码", "公民身份号码"}, true},
      {"gender", {"性别"}, false},
      {"birth_date", {"出生日期"}, false},
      {"org_code", {"所在组织编码"}, true},
      {"category", {"党员类别"}, true},
      {"joined_on", {"入党日期"}, true},
      {"confirmed_on", {"转正日期"}, false},
      {"employment", {"就业状态"}, true},
      {"phone", {"联系电话"}, false},
      {"group_code", {"所在党小组编码"}, false},
      {"education", {"学历"}, false},
      {"ethnicity", {"民族"}, false},
  };
  return *specs;
}

// Chinese words for export with --excel.
std::string ChineseWord(v1::OrgType t) {
  switch (t) {
    case v1::COMMITTEE:
      return "党委";
    case v1::GENERAL_BRANCH:
      return "党总支";
    case v1::BRANCH:
      return "党支部";
    case v1::GROUP:
      return "党小组";
    default:
      return "";
  }
}
std::string ChineseWord(v1::Gender g) { return g == v1::MALE ? "男" : g == v1::FEMALE ? "女" : ""; }
std::string ChineseWord(v1::MemberCategory c) {
  return c == v1::FULL ? "正式党员" : c == v1::PROBATIONARY ? "预备党员" : "";
}
std::string ChineseWord(v1::Employment e) {
  switch (e) {
    case v1::EMPLOYED:
      return "在职";
    case v1::RETIRED:
      return "离退休";
    case v1::STUDENT:
      return "学生";
    case v1::UNEMPLOYED:
      return "失业";
    case v1::FARMER:
      return "农民";
    case v1::SELF_EMPLOYED:
      return "个体";
    case v1::ANNUAL_SALARY:
      return "年薪制";
    default:
      return "";
  }
}

constexpr auto Problem = registry::MakeProblem<>;

// Reads the header and hands each data row to row_fn(part's output, header, line, cells). A large
// file is read in parts on all cores (csv::ReadCsvTableRows); the parts' rows and problems are
// joined in file order.
template <typename T, typename RowFn>
void ReadFile(std::string_view bytes, csv::Encoding encoding,
              const std::vector<csv::ColumnSpec>& specs, ParsedFile<T>* out, const RowFn& row_fn) {
  csv::HeaderMap header;
  std::vector<ParsedFile<T>> parts;
  auto s = csv::ReadCsvTableRows(
      bytes, encoding, specs, &header,
      [&](const std::vector<size_t>& rows_at_most) {
        parts.assign(rows_at_most.size(), {});
        for (size_t p = 0; p < parts.size(); ++p) parts[p].rows.reserve(rows_at_most[p]);
      },
      [&](size_t part, int line, const csv::CsvCells& cells) {
        row_fn(parts[part], header, line, cells);
      });
  if (!s.ok()) {
    auto [line, reason] = csv::SplitLinePrefix(std::string(s.message()));
    out->errors.push_back(Problem(line, "", reason));
    return;
  }
  for (const auto& ignored : header.ignored) {
    out->warnings.push_back(Problem(1, ignored, "unknown column, ignored"));
  }
  size_t rows = 0;
  for (const auto& part : parts) rows += part.rows.size();
  out->rows.reserve(rows);
  for (auto& part : parts) {
    std::move(part.rows.begin(), part.rows.end(), std::back_inserter(out->rows));
    out->errors.insert(out->errors.end(), part.errors.begin(), part.errors.end());
    part = ParsedFile<T>();
  }
}

// Parses an enum cell; an empty optional cell is left unspecified.
template <typename E>
bool EnumCell(std::string_view cell, const std::string& column, bool required, int line,
              std::vector<v1::ImportProblem>* errors, E* out) {
  if (cell.empty()) {
    if (required) errors->push_back(Problem(line, column, "required"));
    return !required;
  }
  auto v = ParseEnum<E>(cell);
  if (!v) {
    errors->push_back(
        Problem(line, column, "'" + std::string(cell) + "' is not one of " + EnumWordList<E>()));
    return false;
  }
  *out = *v;
  return true;
}

bool DateCell(std::string_view cell, const std::string& column, int line,
              std::vector<v1::ImportProblem>* errors, std::string* out) {
  if (cell.empty()) return true;
  auto d = csv::NormalizeDate(cell);
  if (!d) {
    errors->push_back(Problem(line, column, "'" + std::string(cell) + "' is not a date"));
    return false;
  }
  *out = *d;
  return true;
}

std::vector<std::string> SplitLabels(std::string_view cell) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string_view t = csv::TrimCell(current);
    if (!t.empty()) out.emplace_back(t);
    current.clear();
  };
  for (size_t i = 0; i < cell.size();) {
    // ';' or the full-width '；' or '、' separate labels.
    if (cell[i] == ';' || cell[i] == '|') {
      flush();
      ++i;
    } else if (cell.substr(i, 3) == "；" || cell.substr(i, 3) == "、") {
      flush();
      i += 3;
    } else {
      current.push_back(cell[i++]);
    }
  }
  flush();
  return out;
}

}  // namespace

csv::Encoding ToCsvEncoding(v1::CsvEncoding e) {
  switch (e) {
    case v1::CSV_UTF8:
      return csv::Encoding::kUtf8;
    case v1::CSV_GB18030:
      return csv::Encoding::kGb18030;
    default:
      return csv::Encoding::kAuto;
  }
}

ParsedFile<v1::Org> ParseOrgsCsv(std::string_view bytes, csv::Encoding encoding) {
  ParsedFile<v1::Org> out;
  ReadFile<v1::Org>(
      bytes, encoding, OrgColumns(), &out,
      [](ParsedFile<v1::Org>& out, const csv::HeaderMap& h, int line, const csv::CsvCells& cells) {
        auto cell = [&](int col) { return std::string(csv::Cell(h, cells, col)); };
        const size_t errors_before = out.errors.size();
        registry::ImportRow<v1::Org> r;
        r.line = line;
        v1::Org& org = r.record;
        org.set_code(cell(kOrgCode));
        org.set_name(cell(kOrgName));
        if (org.code().empty()) out.errors.push_back(Problem(line, "code", "required"));
        if (org.name().empty()) out.errors.push_back(Problem(line, "name", "required"));
        v1::OrgType type = v1::ORG_TYPE_UNSPECIFIED;
        EnumCell(cell(kOrgType), "type", true, line, &out.errors, &type);
        org.set_type(type);
        r.parent_code = cell(kOrgParent);
        DateCell(cell(kOrgEstablished), "established_on", line, &out.errors,
                 org.mutable_established_on());
        if (std::string units = cell(kOrgUnits); !units.empty()) {
          auto n = csv::ParseInteger(units);
          if (!n || *n < 0 || *n > 1000) {
            out.errors.push_back(Problem(line, "units", "'" + units + "' is not a unit count"));
          } else {
            org.set_units(static_cast<int>(*n));
          }
        }
        for (auto& label : SplitLabels(cell(kOrgLabels))) org.add_labels(label);
        if (out.errors.size() == errors_before) {
          if (auto s = rules::ValidateNewOrgFields(org); !s.ok()) {
            std::string msg(s.message());
            auto colon = msg.find(": ");
            out.errors.push_back(Problem(line, msg.substr(0, colon), msg.substr(colon + 2)));
          }
        }
        if (out.errors.size() == errors_before) out.rows.push_back(std::move(r));
      });
  return out;
}

ParsedFile<v1::Member> ParseMembersCsv(std::string_view bytes, csv::Encoding encoding) {
  ParsedFile<v1::Member> out;
  ReadFile<v1::Member>(
      bytes, encoding, MemberColumns(), &out,
      [](ParsedFile<v1::Member>& out, const csv::HeaderMap& h, int line,
         const csv::CsvCells& cells) {
        // Views into the file: each cell is copied once, into its record (a string moved in).
        auto cell = [&](int col) { return csv::Cell(h, cells, col); };
        auto text = [&](int col) { return std::string(cell(col)); };
        const size_t errors_before = out.errors.size();
        registry::ImportRow<v1::Member> r;
        r.line = line;
        v1::Member& m = r.record;
        m.set_member_no(text(kNo));
        m.set_name(text(kName));
        if (std::string_view raw = cell(kNationalId); rules::IsMaskedNationalId(raw)) {
          out.errors.push_back(
              Problem(line, "national_id",
                      "is masked (exported without ID numbers); the full ID number "
                      "is needed"));
        } else if (auto id = csv::NormalizeNationalIdCell(raw); !id.ok()) {
          out.errors.push_back(Problem(line, "national_id", std::string(id.status().message())));
        } else {
          m.set_national_id(*std::move(id));
        }
        v1::Gender gender = v1::GENDER_UNSPECIFIED;
        EnumCell(cell(kGender), "gender", false, line, &out.errors, &gender);
        m.set_gender(gender);
        DateCell(cell(kBirth), "birth_date", line, &out.errors, m.mutable_birth_date());
        m.set_org_code(text(kOrg));
        if (m.org_code().empty()) out.errors.push_back(Problem(line, "org_code", "required"));
        v1::MemberCategory category = v1::MEMBER_CATEGORY_UNSPECIFIED;
        EnumCell(cell(kCategory), "category", true, line, &out.errors, &category);
        m.set_category(category);
        if (cell(kJoined).empty()) out.errors.push_back(Problem(line, "joined_on", "required"));
        DateCell(cell(kJoined), "joined_on", line, &out.errors, m.mutable_joined_on());
        DateCell(cell(kConfirmed), "confirmed_on", line, &out.errors, m.mutable_confirmed_on());
        v1::Employment employment = v1::EMPLOYMENT_UNSPECIFIED;
        EnumCell(cell(kEmployment), "employment", true, line, &out.errors, &employment);
        m.set_employment(employment);
        m.set_phone(text(kPhone));
        m.set_group_code(text(kGroup));
        m.set_education(text(kEducation));
        m.set_ethnicity(text(kEthnicity));
        // A row with cell errors is reported, not passed on: its record is incomplete.
        if (out.errors.size() == errors_before) out.rows.push_back(std::move(r));
      });
  return out;
}

std::string OrgsCsvHeader(bool excel) {
  std::vector<std::string> names;
  for (const auto& spec : OrgColumns()) names.push_back(excel ? spec.aliases.front() : spec.name);
  return csv::FormatCsvRow(names);
}

std::string OrgCsvLine(const v1::Org& org, bool excel) {
  std::string labels;
  for (const auto& l : org.labels()) labels += (labels.empty() ? "" : ";") + l;
  return csv::FormatCsvRow({org.code(), org.name(),
                            excel ? ChineseWord(org.type()) : EnumWord(org.type()),
                            org.parent_code(), org.established_on(),
                            org.units() ? std::to_string(org.units()) : "", labels});
}

std::string MembersCsvHeader(bool excel) {
  std::vector<std::string> names;
  for (const auto& spec : MemberColumns())
    names.push_back(excel ? spec.aliases.front() : spec.name);
  return csv::FormatCsvRow(names);
}

std::string MemberCsvLine(const v1::Member& m, bool excel) {
  return csv::FormatCsvRow({
      m.member_no(),
      m.name(),
      m.national_id(),
      excel ? ChineseWord(m.gender()) : EnumWord(m.gender()),
      m.birth_date(),
      m.org_code(),
      excel ? ChineseWord(m.category()) : EnumWord(m.category()),
      m.joined_on(),
      m.confirmed_on(),
      excel ? ChineseWord(m.employment()) : EnumWord(m.employment()),
      m.phone(),
      m.group_code(),
      m.education(),
      m.ethnicity(),
  });
}

}  // namespace orgtree::importer
