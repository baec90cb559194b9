#include "tools/orgtreed/demo_data.h"

#include "absl/strings/str_format.h"
#include "services/common/status_macros.h"
#include "services/rules/national_id.h"

namespace orgtree::demo {
namespace {

struct DemoOrg {
  const char* code;
  const char* name;
  v1::OrgType type;
  const char* parent;
};

constexpr DemoOrg kOrgs[] = {
    {"G0001", "集团党委", v1::COMMITTEE, ""},
    {"G0001-JG", "集团机关党委", v1::COMMITTEE, "G0001"},
    {"G0001-JG-B01", "机关第一党支部", v1::BRANCH, "G0001-JG"},
    {"G0001-JG-B02", "机关第二党支部", v1::BRANCH, "G0001-JG"},
    {"S0001", "第一分公司党委", v1::COMMITTEE, "G0001"},
    {"S0001-Z01", "生产党总支", v1::GENERAL_BRANCH, "S0001"},
    {"S0001-Z01-B01", "一车间党支部", v1::BRANCH, "S0001-Z01"},
    {"S0001-Z01-B01-G1", "一车间甲班党小组", v1::GROUP, "S0001-Z01-B01"},
    {"S0001-Z01-B02", "二车间党支部", v1::BRANCH, "S0001-Z01"},
    {"S0001-B03", "离退休党支部", v1::BRANCH, "S0001"},
    {"S0002", "第二分公司党委", v1::COMMITTEE, "G0001"},
    {"S0002-B01", "项目部联合党支部", v1::BRANCH, "S0002"},
};

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"};

}  // namespace

std::string MakeNationalId(std::string_view area, Date birth, int sequence) {
  std::string first17 = absl::StrFormat("%s%04d%02d%02d%03d", std::string(area), birth.year(),
                                        birth.month(), birth.day(), sequence % 1000);
  return first17 + rules::NationalIdCheckChar(first17);
}

absl::Status LoadDemoOrganisation(registry::Registry* registry) {
  const registry::CallMeta meta{"demo", ""};
  for (const DemoOrg& o : kOrgs) {
    v1::CreateOrgRequest req;
    req.set_code(o.code);
    req.set_name(o.name);
    req.set_type(o.type);
    req.set_established_on("2015-07-01");
    if (*o.parent) req.mutable_parent()->set_code(o.parent);
    if (std::string_view(o.code) == "S0002-B01") req.set_units(3);
    if (std::string_view(o.code) == "S0001-Z01-B01") req.add_labels("示范党支部");
    RETURN_IF_ERROR(registry->CreateOrg(meta, req).status());
  }
  // Members: a few per branch; the retirees' branch is all retired.
  const char* branches[] = {"G0001-JG-B01",  "G0001-JG-B02", "S0001-Z01-B01",
                            "S0001-Z01-B02", "S0001-B03",    "S0002-B01"};
  int n = 0;
  for (const char* branch : branches) {
    const bool retirees = std::string_view(branch) == "S0001-B03";
    for (int i = 0; i < 6; ++i, ++n) {
      v1::RegisterMemberRequest req;
      v1::Member* m = req.mutable_member();
      m->set_member_no(absl::StrFormat("M%05d", n + 1));
      m->set_name(std::string(kSurnames[n % 10]) + kGiven[(n * 7 + 3) % 10]);
      const Date birth(retirees ? 1950 + i : 1975 + (n % 20), 1 + n % 12, 1 + n % 28);
      m->set_national_id(MakeNationalId("110101", birth, 100 + n));
      m->set_org_code(branch);
      if (std::string_view(branch) == "S0001-Z01-B01" && i < 3)
        m->set_group_code("S0001-Z01-B01-G1");
      m->set_employment(retirees ? v1::RETIRED : v1::EMPLOYED);
      m->set_education(i % 2 ? "本科" : "大专");
      m->set_ethnicity("汉族");
      m->set_phone(absl::StrFormat("1380000%04d", n));
      const int join_year = static_cast<int>(birth.year()) + 22 + (n % 5);
      m->set_joined_on(absl::StrFormat("%04d-06-01", join_year));
      if (i == 5 && !retirees) {
        m->set_category(v1::PROBATIONARY);
        m->set_joined_on(FormatDate(AddMonths(registry->clock().Today(), -5)));
      } else {
        m->set_category(v1::FULL);
        m->set_confirmed_on(absl::StrFormat("%04d-06-01", join_year + 1));
      }
      RETURN_IF_ERROR(registry->RegisterMember(meta, req).status());
    }
  }
  return absl::OkStatus();
}

}  // namespace orgtree::demo
