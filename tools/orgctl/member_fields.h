#pragma once

// A member's own fields as options, shared by `member register` and `transfer in` (an arriving
// member is registered with the same fields), and the Member message they build.

#include <CLI/CLI.hpp>
#include <string>

#include "orgtree/v1/orgtree.pb.h"

namespace orgctl {

struct MemberFields {
  std::string member_no;
  std::string name;
  std::string national_id;
  std::string org;
  std::string group;
  std::string category;
  std::string joined;
  std::string confirmed;
  std::string employment;
  std::string gender;
  std::string birth_date;
  std::string phone;
  std::string education;
  std::string ethnicity;
};

enum class MemberFieldsUse {
  kRegister,  // a new member: everything a registration needs is required
  kInbound,   // an arriving member: only what finds the person and places them; a returning
              // person keeps their record, and for a new one the server names what is missing
};

// Adds --member-no, --name, --national-id, --org, --group, --category, --joined (--joined-on),
// --confirmed (--confirmed-on), --employment, --gender, --birth-date, --phone, --education and
// --ethnicity to `cmd`, validated as far as the command line can.
void AddMemberFieldOptions(CLI::App* cmd, MemberFields* fields, MemberFieldsUse use);

// The Member to send; empty enum options stay unspecified (the server derives gender from the
// national ID, and keeps a returning member's category).
orgtree::v1::Member BuildMember(const MemberFields& fields);

}  // namespace orgctl
