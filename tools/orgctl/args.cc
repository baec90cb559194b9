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

CLI::Validator MonthArg() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        bool ok = value.size() == 7 && value[4] == '-';
        for (int i = 0; ok && i < 7; ++i) {
          if (i != 4) ok = value[i] >= '0' && value[i] <= '9';
        }
        const int month = ok ? std::stoi(value.substr(5)) : 0;
        if (ok && month >= 1 && month <= 12) return "";
        return "'" + value + "' is not a month in the form YYYY-MM";
      },
      "YYYY-MM", "month");
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

bool IsNoFilterWord(const std::string& word) {
  return word.empty() || word == "all" || word == "any";
}

CLI::Validator FilterEnumArgFor(const google::protobuf::EnumDescriptor* type) {
  std::string words = "all|" + orgtree::EnumWordList(type);
  return CLI::Validator(
      [type, words](std::string& value) -> std::string {
        if (IsNoFilterWord(value) || orgtree::ParseEnumWord(type, value)) return "";
        return "'" + value + "' is not one of " + words;
      },
      words, type->name());
}

CLI::Option* AddDateOption(CLI::App* cmd, const std::string& name, std::string* target,
                           const std::string& help) {
  return cmd->add_option(name, *target, help)->check(DateArg());
}

CLI::Option* AddEncodingOption(CLI::App* cmd, std::string* target) {
  return cmd
      ->add_option("--encoding", *target, "file encoding (auto: BOM or valid UTF-8, else GB18030)")
      ->check(CLI::IsMember({"auto", "utf-8", "utf8", "gb18030"}, CLI::ignore_case))
      ->capture_default_str();
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
