#include "tools/orgctl/args.h"

#include "services/common/date.h"

namespace orgctl {

CLI::Validator DateArg() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (orgtree::ParseDate(value)) return "";
        return "'" + value + "' is not a date in the form YYYY-MM-DD";
      },
      "YYYY-MM-DD", "date");
}

CLI::Validator EnumArgFor(const google::protobuf::EnumDescriptor* type) {
  std::string words = orgtree::EnumWordList(type);
  return CLI::Validator(
      [type, words](std::string& value) -> std::string {
        if (orgtree::ParseEnumWord(type, value)) return "";
        return "'" + value + "' is not one of " + words;
      },
      words, type->name());
}

CLI::Option* AddDateOption(CLI::App* cmd, const std::string& name, std::string* target,
                           const std::string& help) {
  return cmd->add_option(name, *target, help)->check(DateArg());
}

orgtree::v1::OrgRef OrgByCode(const std::string& code) {
  orgtree::v1::OrgRef ref;
  ref.set_code(code);
  return ref;
}

orgtree::v1::MemberRef MemberByNo(const std::string& member_no) {
  orgtree::v1::MemberRef ref;
  ref.set_member_no(member_no);
  return ref;
}

}  // namespace orgctl
