#include "tools/orgctl/member_fields.h"

#include "tools/orgctl/args.h"

namespace orgctl {

namespace v1 = orgtree::v1;

void AddMemberFieldOptions(CLI::App* cmd, MemberFields* f, MemberFieldsUse use) {
  const bool registering = use == MemberFieldsUse::kRegister;
  cmd->add_option("--member-no", f->member_no,
                  registering ? "member number" : "member number (a returning member keeps theirs)")
      ->required(registering);
  cmd->add_option("--name", f->name, "name")->required();
  cmd->add_option("--national-id", f->national_id, "national ID number")->required();
  cmd->add_option("--org", f->org, "branch code")->required();
  cmd->add_option("--group", f->group, "group code inside the branch");
  cmd->add_option("--category", f->category, "full or probationary")
      ->required(registering)
      ->check(EnumArg<v1::MemberCategory>());
  AddDateOption(cmd, "--joined,--joined-on", &f->joined, "date joined the party")
      ->required(registering);
  AddDateOption(cmd, "--confirmed,--confirmed-on", &f->confirmed, "date confirmed as full member");
  cmd->add_option("--employment", f->employment, "employment")
      ->required(registering)
      ->check(EnumArg<v1::Employment>());
  cmd->add_option("--gender", f->gender, "gender (default: from the national ID)")
      ->check(EnumArg<v1::Gender>());
  AddDateOption(cmd, "--birth-date", &f->birth_date, "birth date (default: from the national ID)");
  cmd->add_option("--phone", f->phone, "phone");
  cmd->add_option("--education", f->education, "education");
  cmd->add_option("--ethnicity", f->ethnicity, "ethnicity");
}

v1::Member BuildMember(const MemberFields& f) {
  v1::Member m;
  m.set_member_no(f.member_no);
  m.set_name(f.name);
  m.set_national_id(f.national_id);
  m.set_org_code(f.org);
  m.set_group_code(f.group);
  if (!f.category.empty()) m.set_category(ToEnum<v1::MemberCategory>(f.category));
  m.set_joined_on(f.joined);
  m.set_confirmed_on(f.confirmed);
  if (!f.employment.empty()) m.set_employment(ToEnum<v1::Employment>(f.employment));
  if (!f.gender.empty()) m.set_gender(ToEnum<v1::Gender>(f.gender));
  m.set_birth_date(f.birth_date);
  m.set_phone(f.phone);
  m.set_education(f.education);
  m.set_ethnicity(f.ethnicity);
  return m;
}

}  // namespace orgctl
