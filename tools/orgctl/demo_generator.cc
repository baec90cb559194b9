#include "tools/orgctl/demo_generator.h"

#include <fstream>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include "absl/strings/str_format.h"
#include "services/rules/national_id.h"

namespace orgctl {
namespace {

constexpr int64_t kMembersPerSecondary = 2500;
constexpr double kRetiredShare = 0.28;
constexpr double kProbationaryShare = 0.03;
constexpr const char* kAreas[] = {"110101", "310104", "440106", "510107", "330106", "420102"};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊",   "军", "洋",
                                  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国"};
constexpr const char* kEducation[] = {"研究生", "本科", "大专", "中专", "高中"};

class Writer {
 public:
  explicit Writer(const std::string& path) : out_(path, std::ios::binary) {
    if (!out_) throw std::runtime_error("cannot write " + path);
  }
  void Line(const std::string& s) { out_ << s << '\n'; }

 private:
  std::ofstream out_;
};

std::string Date(orgtree::Date d) { return orgtree::FormatDate(d); }

}  // namespace

DemoCounts GenerateDemo(const DemoShape& shape, const std::string& dir) {
  std::mt19937_64 rng(shape.seed);
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  auto chance = [&rng](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };

  Writer orgs(dir + "/orgs.csv");
  Writer members(dir + "/members.csv");
  orgs.Line("code,name,type,parent_code,established_on");
  members.Line(
      "member_no,name,national_id,gender,birth_date,org_code,category,joined_on,confirmed_on,"
      "employment,phone,education,ethnicity");
  DemoCounts counts;
  auto org = [&](const std::string& code, const std::string& name, const char* type,
                 const std::string& parent) {
    orgs.Line(code + "," + name + "," + type + "," + parent + ",2010-07-01");
    ++counts.orgs;
  };
  org("G0001", "集团党委", "committee", "");

  std::unordered_set<std::string> used_ids;
  const orgtree::Date today = shape.today;
  auto member = [&](const std::string& branch, bool retired) {
    const int64_t n = ++counts.members;
    const int age = static_cast<int>(retired ? uniform(60, 90) : uniform(23, 59));
    std::string id;
    orgtree::Date birth;
    do {
      birth = orgtree::Date(today.year() - age, uniform(1, 12), uniform(1, 28));
      std::string first17 =
          absl::StrFormat("%s%04d%02d%02d%03d", kAreas[uniform(0, 5)], birth.year(), birth.month(),
                          birth.day(), uniform(0, 999));
      id = first17 + orgtree::rules::NationalIdCheckChar(first17);
    } while (!used_ids.insert(id).second);
    const bool probationary = !retired && chance(kProbationaryShare / (1 - kRetiredShare));
    orgtree::Date joined, confirmed;
    if (probationary) {
      joined = today - uniform(10, 330);
    } else {
      // Joined at 18 or later, at least a year ago.
      const int64_t earliest = (orgtree::AddMonths(birth, 12 * 19) - orgtree::Date(1970, 1, 1));
      const int64_t latest = (today - 400) - orgtree::Date(1970, 1, 1);
      joined = orgtree::Date(1970, 1, 1) + uniform(earliest, std::max(earliest, latest));
      confirmed = orgtree::AddMonths(joined, 12);
    }
    const bool male = (id[16] - '0') % 2 == 1;
    members.Line(absl::StrFormat(
        "M%07d,%s%s,%s,%s,%s,%s,%s,%s,%s,%s,1%010d,%s,汉族", n, kSurnames[uniform(0, 19)],
        kGiven[uniform(0, 19)], id, male ? "male" : "female", Date(birth), branch,
        probationary ? "probationary" : "full", Date(joined), probationary ? "" : Date(confirmed),
        retired ? "retired" : "employed", 3000000000 + n, kEducation[uniform(0, 4)]));
  };

  const int64_t secondaries =
      std::max<int64_t>(1, (shape.members + kMembersPerSecondary / 2) / kMembersPerSecondary);
  int64_t remaining = shape.members;
  for (int64_t s = 1; s <= secondaries; ++s) {
    const int64_t quota = s == secondaries ? remaining : shape.members / secondaries;
    remaining -= quota;
    const std::string committee = absl::StrFormat("S%04d", s);
    org(committee, absl::StrFormat("第%d分公司党委", s), "committee", "G0001");
    // Retirees sit together in one large branch per secondary committee.
    const int64_t retirees = static_cast<int64_t>(static_cast<double>(quota) * kRetiredShare);
    if (retirees > 0) {
      const std::string branch = committee + "-R01";
      org(branch, "离退休党支部", "branch", committee);
      for (int64_t i = 0; i < retirees; ++i) member(branch, true);
    }
    const int general_branches = static_cast<int>(uniform(1, 4));
    for (int g = 1; g <= general_branches; ++g) {
      org(absl::StrFormat("%s-Z%02d", committee, g), absl::StrFormat("第%d党总支", g),
          "general_branch", committee);
    }
    int64_t left = quota - retirees;
    for (int b = 1; left > 0; ++b) {
      const int64_t size = std::min(left, uniform(3, 120));
      const int64_t g = uniform(0, general_branches);  // 0: directly under the committee
      const std::string parent = g == 0 ? committee : absl::StrFormat("%s-Z%02d", committee, g);
      const std::string branch = absl::StrFormat("%s-B%03d", committee, b);
      org(branch, absl::StrFormat("第%d党支部", b), "branch", parent);
      for (int64_t i = 0; i < size; ++i) member(branch, false);
      left -= size;
    }
  }
  return counts;
}

}  // namespace orgctl
