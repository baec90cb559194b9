#include "services/rules/org_rules.h"

#include <cctype>

#include "services/common/date.h"
#include "services/common/enum_words.h"

namespace orgtree::rules {

bool ParentTypeAllowed(v1::OrgType child, v1::OrgType parent) {
  switch (child) {
    case v1::COMMITTEE:
    case v1::GENERAL_BRANCH:
      return parent == v1::COMMITTEE;
    case v1::BRANCH:
      return parent == v1::COMMITTEE || parent == v1::GENERAL_BRANCH;
    case v1::GROUP:
      return parent == v1::BRANCH;
    default:
      return false;
  }
}

bool MayBeRoot(v1::OrgType type) { return type == v1::COMMITTEE; }

absl::Status CheckParent(const v1::Org& child, const v1::Org* parent) {
  if (parent == nullptr) {
    if (MayBeRoot(child.type())) return absl::OkStatus();
    return absl::FailedPreconditionError("parent: a " + EnumWord(child.type()) +
                                         " needs a parent org; only a committee can be a root");
  }
  if (parent->state() == v1::ORG_DISSOLVED) {
    return absl::FailedPreconditionError("parent: org " + parent->code() +
                                         " is dissolved and accepts no new children");
  }
  if (!ParentTypeAllowed(child.type(), parent->type())) {
    return absl::FailedPreconditionError(
        "parent: a " + EnumWord(child.type()) + " cannot be placed under a " +
        EnumWord(parent->type()) + " (" + parent->code() +
        "); rule: committee and general_branch under a committee, branch under a committee or "
        "general_branch, group under a branch");
  }
  return absl::OkStatus();
}

absl::Status ValidateNewOrgFields(const v1::Org& org) {
  const std::string& code = org.code();
  if (code.empty()) return absl::InvalidArgumentError("code: required");
  if (code.size() > 32) return absl::InvalidArgumentError("code: at most 32 characters");
  for (char c : code) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return absl::InvalidArgumentError("code: '" + code +
                                        "' may contain only letters, digits, '-', '_' and '.'");
    }
  }
  if (org.name().empty()) return absl::InvalidArgumentError("name: required");
  if (org.name().size() > 200) return absl::InvalidArgumentError("name: at most 200 bytes");
  if (org.type() == v1::ORG_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError("type: required, one of " + EnumWordList<v1::OrgType>());
  }
  if (!v1::OrgType_IsValid(org.type())) return absl::InvalidArgumentError("type: unknown value");
  if (!org.established_on().empty() && !ParseDate(org.established_on())) {
    return absl::InvalidArgumentError("established_on: '" + org.established_on() +
                                      "' is not a date YYYY-MM-DD");
  }
  if (org.units() < 0) return absl::InvalidArgumentError("units: must not be negative");
  if (org.units() > 0 && org.type() != v1::BRANCH) {
    return absl::InvalidArgumentError("units: only a joint branch spans units");
  }
  for (const auto& label : org.labels()) {
    if (label.empty()) return absl::InvalidArgumentError("labels: empty label");
  }
  return absl::OkStatus();
}

}  // namespace orgtree::rules
