#pragma once

// Command-line argument checking shared by all commands. Bad dates and enum words are CLI11
// validation errors, so they exit 2 before any call is made.

#include <CLI/CLI.hpp>
#include <string>

#include "orgtree/v1/orgtree.pb.h"
#include "services/common/enum_words.h"
#include "tools/orgctl/errors.h"

namespace orgctl {

// Accepts exactly YYYY-MM-DD naming a real calendar date (the server's own rule).
CLI::Validator DateArg();

// Accepts exactly YYYY-MM.
CLI::Validator MonthArg();

// Accepts the enum's words (as EnumWord prints them) and their Chinese aliases.
CLI::Validator EnumArgFor(const google::protobuf::EnumDescriptor* type);

template <typename E>
CLI::Validator EnumArg() {
  return EnumArgFor(google::protobuf::GetEnumDescriptor<E>());
}

// The enum value of an already validated word.
template <typename E>
E ToEnum(const std::string& word) {
  auto value = orgtree::ParseEnum<E>(word);
  if (!value) {
    throw UsageError("'" + word + "' is not one of " + orgtree::EnumWordList<E>());
  }
  return *value;
}

// For list filters whose enum value 0 means "no filter" (TransferView ALL, TransferDirection ANY,
// TransferState UNSPECIFIED): EnumWord prints 0 as "unspecified", so "all" and "any" name it here.
CLI::Validator FilterEnumArgFor(const google::protobuf::EnumDescriptor* type);

template <typename E>
CLI::Validator FilterEnumArg() {
  return FilterEnumArgFor(google::protobuf::GetEnumDescriptor<E>());
}

// The filter value of a word FilterEnumArg accepted ("", "all" and "any" → 0).
bool IsNoFilterWord(const std::string& word);

template <typename E>
E ToFilterEnum(const std::string& word) {
  return IsNoFilterWord(word) ? static_cast<E>(0) : ToEnum<E>(word);
}

// Adds a --name option for a date (validated), with help text mentioning the format.
CLI::Option* AddDateOption(CLI::App* cmd, const std::string& name, std::string* target,
                           const std::string& help);

// Adds --encoding auto|utf-8|gb18030 for a CSV file the command reads (default auto).
CLI::Option* AddEncodingOption(CLI::App* cmd, std::string* target);

orgtree::v1::OrgRef OrgByCode(const std::string& code);
orgtree::v1::MemberRef MemberByNo(const std::string& member_no);

}  // namespace orgctl
