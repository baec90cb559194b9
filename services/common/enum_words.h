#pragma once

// Enums as the lowercase words used in JSON, CSV and on the command line ("general_branch",
// "probationary", "dissolved"), plus the Chinese words officers write in spreadsheets.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>

#include <optional>
#include <string>
#include <string_view>

namespace orgtree {

// The word for an enum value: its name lowercased, with the enum's own prefix removed
// (ORG_DISSOLVED → "dissolved", ENTITY_MEMBER → "member", GENERAL_BRANCH → "general_branch").
// The zero value ("..._UNSPECIFIED") gives "unspecified".
std::string EnumWord(const google::protobuf::EnumValueDescriptor* value);
std::string EnumWord(const google::protobuf::EnumDescriptor* type, int number);

template <typename E>
std::string EnumWord(E value) {
  return EnumWord(google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value));
}

// Parses an English word (any case, '-' or ' ' for '_') or a Chinese alias into the enum's number.
// Returns nullopt for unknown words and for the unspecified value.
std::optional<int> ParseEnumWord(const google::protobuf::EnumDescriptor* type,
                                 std::string_view word);

template <typename E>
std::optional<E> ParseEnum(std::string_view word) {
  auto n = ParseEnumWord(google::protobuf::GetEnumDescriptor<E>(), word);
  if (!n) return std::nullopt;
  return static_cast<E>(*n);
}

// "committee|general_branch|branch|group" — for error messages and --help.
std::string EnumWordList(const google::protobuf::EnumDescriptor* type);

template <typename E>
std::string EnumWordList() {
  return EnumWordList(google::protobuf::GetEnumDescriptor<E>());
}

}  // namespace orgtree
