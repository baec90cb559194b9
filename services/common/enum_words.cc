#include "services/common/enum_words.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace orgtree {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;

// Prefixes that only exist because proto3 enum values share the package scope.
constexpr std::string_view kPrefixes[] = {
    "ORG_",      "ENTITY_",      "CSV_",           "INCOME_",
    "PAYMENT_",  "MEMBER_VIEW_", "TRANSFER_VIEW_", "TRANSFER_DIRECTION_",
    "TRANSFER_", "HANDOVER_",    "POSITION_",      "PARTY_WORKER_",
    "ELECTION_"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Chinese words seen in officers' spreadsheets, by enum full name.
const std::map<std::string, std::map<std::string, std::string>, std::less<>>& ChineseAliases() {
  static const auto* aliases =
      new std::map<std::string, std::map<std::string, std::string>, std::less<>>{
          {"orgtree.v1.OrgType",
           {{"党委", "committee"},
            {"基层党委", "committee"},
            {"机关党委", "committee"},
            {"党总支", "general_branch"},
            {"党总支部", "general_branch"},
            {"党支部", "branch"},
            {"联合党支部", "branch"},
            {"支部", "branch"},
            {"党小组", "group"}}},
          {"orgtree.v1.Gender", {{"男", "male"}, {"女", "female"}}},
          {"orgtree.v1.Position",
           {{"书记", "secretary"},
            {"副书记", "deputy_secretary"},
            {"委员", "committee_member"},
            {"党小组组长", "group_leader"},
            {"组长", "group_leader"}}},
          {"orgtree.v1.PartyWorkerKind",
           {{"专职", "full_time"}, {"兼职", "part_time"}, {"无", "none"}}},
          {"orgtree.v1.MemberCategory",
           {{"正式党员", "full"},
            {"正式", "full"},
            {"预备党员", "probationary"},
            {"预备", "probationary"}}},
          {"orgtree.v1.Employment",
           {{"在职", "employed"},
            {"在岗", "employed"},
            {"离退休", "retired"},
            {"退休", "retired"},
            {"离休", "retired"},
            {"学生", "student"},
            {"失业", "unemployed"},
            {"下岗", "unemployed"},
            {"失业/下岗", "unemployed"},
            {"农民", "farmer"},
            {"个体", "self_employed"},
            {"个体经营", "self_employed"},
            {"年薪", "annual_salary"},
            {"年薪制", "annual_salary"}}},
          {"orgtree.v1.IncomeType",
           {{"工资", "salary"},
            {"年薪", "annual_salary"},
            {"个体", "self_employed"},
            {"离退休费", "pension"},
            {"退休金", "pension"},
            {"学生", "student"},
            {"失业", "unemployed"},
            {"下岗", "unemployed"},
            {"低保", "relief"},
            {"农民", "farmer"}}},
          {"orgtree.v1.MemberStatus",
           {{"正常", "active"},
            {"流动", "mobile"},
            {"流动党员", "mobile"},
            {"失联", "lost_contact"},
            {"停止党籍", "suspended"},
            {"转出", "transferred_out"},
            {"出党", "left"},
            {"死亡", "deceased"}}},
      };
  return *aliases;
}

}  // namespace

std::string EnumWord(const EnumValueDescriptor* value) {
  if (value == nullptr) return "unspecified";
  if (value->number() == 0) return "unspecified";
  std::string_view name = value->name();
  for (std::string_view p : kPrefixes) {
    if (name.substr(0, p.size()) == p) {
      name.remove_prefix(p.size());
      break;
    }
  }
  return Lower(name);
}

std::string EnumWord(const EnumDescriptor* type, int number) {
  return EnumWord(type->FindValueByNumber(number));
}

namespace {

// Every word one enum type accepts — its values' words and its Chinese aliases — to the value's
// number, built on first use. Imports parse several enum cells a row for a million rows: building
// each value's word anew every time was the larger part of a row's parse.
using WordTable = absl::flat_hash_map<std::string, int>;

const WordTable& WordsOf(const EnumDescriptor* type) {
  static absl::Mutex mu;
  static auto* tables = new absl::flat_hash_map<const EnumDescriptor*, std::unique_ptr<WordTable>>;
  absl::MutexLock lock(&mu);
  std::unique_ptr<WordTable>& table = (*tables)[type];
  if (table == nullptr) {
    table = std::make_unique<WordTable>();
    for (int i = 0; i < type->value_count(); ++i) {
      const EnumValueDescriptor* v = type->value(i);
      if (v->number() != 0) table->emplace(EnumWord(v), v->number());
    }
    auto by_type = ChineseAliases().find(type->full_name());
    if (by_type != ChineseAliases().end()) {
      for (const auto& [alias, word] : by_type->second) {
        auto it = table->find(word);
        if (it != table->end()) table->emplace(alias, it->second);
      }
    }
  }
  return *table;
}

}  // namespace

std::optional<int> ParseEnumWord(const EnumDescriptor* type, std::string_view word) {
  const WordTable& words = WordsOf(type);
  // Most cells are already a word or an alias; only the rest need normalising.
  if (auto it = words.find(absl::string_view(word.data(), word.size())); it != words.end()) {
    return it->second;
  }
  std::string w = Lower(word);
  std::replace(w.begin(), w.end(), '-', '_');
  std::replace(w.begin(), w.end(), ' ', '_');
  if (auto it = words.find(w); it != words.end()) return it->second;
  return std::nullopt;
}

std::string EnumWordList(const EnumDescriptor* type) {
  std::string out;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;
    if (!out.empty()) out += '|';
    out += EnumWord(type->value(i));
  }
  return out;
}

}  // namespace orgtree
