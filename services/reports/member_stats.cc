#include "services/reports/member_stats.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "services/common/enum_words.h"
#include "services/reports/report_rules.h"

namespace orgtree::reports {
namespace {

void AddRow(v1::StatsTable* table, std::string key, int64_t count) {
  v1::StatsRow* row = table->add_rows();
  row->set_key(std::move(key));
  row->set_count(count);
}

int64_t CountOf(const std::map<std::string, int64_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

// Every value of enum `E` (unspecified only when someone has it), as enum words.
template <typename E>
v1::StatsTable EnumTable(const char* name, const std::map<int, int64_t>& counts) {
  v1::StatsTable table;
  table.set_name(name);
  const auto* type = google::protobuf::GetEnumDescriptor<E>();
  for (int i = 0; i < type->value_count(); ++i) {
    const int number = type->value(i)->number();
    auto it = counts.find(number);
    const int64_t n = it == counts.end() ? 0 : it->second;
    if (number != 0 || n > 0) AddRow(&table, EnumWord(type->value(i)), n);
  }
  return table;
}

// The fixed bands in order, then "probationary" / "unknown" rows when `extra` asks for them.
v1::StatsTable BandTable(const char* name, const std::vector<std::string>& bands,
                         const std::map<std::string, int64_t>& counts,
                         const std::vector<std::string>& extra) {
  v1::StatsTable table;
  table.set_name(name);
  for (const auto& band : bands) AddRow(&table, band, CountOf(counts, band));
  for (const auto& key : extra) {
    if (key == kProbationaryRow || CountOf(counts, key) > 0) {
      AddRow(&table, key, CountOf(counts, key));
    }
  }
  return table;
}

}  // namespace

void MemberStats::Add(const v1::Member& m) {
  ++total_;
  ++category_[m.category()];
  ++gender_[m.gender()];
  ++employment_[m.employment()];
  const auto birth = ParseDate(m.birth_date());
  ++age_[birth ? AgeBand(WholeYearsBetween(*birth, as_of_)) : kUnknownRow];
  std::string education(absl::StripAsciiWhitespace(m.education()));
  ++education_[education.empty() ? kNotRecorded : education];
  if (m.category() != v1::FULL) {
    ++party_age_[kProbationaryRow];
  } else if (auto confirmed = ParseDate(m.confirmed_on())) {
    ++party_age_[PartyAgeBand(WholeYearsBetween(*confirmed, as_of_))];
  } else {
    ++party_age_[kUnknownRow];
  }
}

void MemberStats::AppendTo(v1::StatsReport* report) const {
  report->set_current_members(total_);
  *report->add_tables() = EnumTable<v1::MemberCategory>(kCategoryTable, category_);
  *report->add_tables() = EnumTable<v1::Gender>(kGenderTable, gender_);
  *report->add_tables() = BandTable(kAgeTable, AgeBands(), age_, {kUnknownRow});
  v1::StatsTable* education = report->add_tables();
  education->set_name(kEducationTable);
  std::vector<std::pair<std::string, int64_t>> rows(education_.begin(), education_.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (auto& [key, n] : rows) AddRow(education, key, n);
  *report->add_tables() = EnumTable<v1::Employment>(kEmploymentTable, employment_);
  *report->add_tables() =
      BandTable(kPartyAgeTable, PartyAgeBands(), party_age_, {kProbationaryRow, kUnknownRow});
}

v1::StatsTable OrgsByTypeTable(const v1::Counters& counters) {
  std::map<int, int64_t> counts;
  for (int i = 0; i < counters.active_orgs_by_type_size(); ++i) {
    counts[i] = counters.active_orgs_by_type(i);
  }
  return EnumTable<v1::OrgType>(kOrgsByTypeTable, counts);
}

}  // namespace orgtree::reports
