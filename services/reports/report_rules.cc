#include "services/reports/report_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "services/officers/officer_rules.h"

namespace orgtree::reports {
namespace {

v1::RuleViolation Violation(const v1::Org& org, v1::Rule rule, int64_t figure,
                            std::string expected) {
  v1::RuleViolation v;
  v.set_code(org.code());
  v.set_name(org.name());
  v.set_type(org.type());
  v.set_rule(rule);
  v.set_figure(figure);
  v.set_expected(std::move(expected));
  return v;
}

std::string Range(int64_t lo, int64_t hi) { return std::to_string(lo) + "-" + std::to_string(hi); }
std::string AtLeast(int64_t n) { return ">= " + std::to_string(n); }
std::string AtMost(int64_t n) { return "<= " + std::to_string(n); }

// Returns the band whose upper bound (inclusive) is the first >= value; the last band is open.
std::string Band(int value, const std::vector<int>& upper, const std::vector<std::string>& names) {
  for (size_t i = 0; i < upper.size(); ++i) {
    if (value <= upper[i]) return names[i];
  }
  return names.back();
}

std::string Trimmed(std::string_view text) {
  return std::string(absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())));
}

}  // namespace

std::vector<v1::RuleViolation> CheckOrgRules(const v1::Org& org, const OrgFigures& f) {
  std::vector<v1::RuleViolation> out;
  if (org.state() == v1::ORG_DISSOLVED) return out;
  switch (org.type()) {
    case v1::BRANCH:
      if (f.full < kBranchMinFull) {
        out.push_back(Violation(org, v1::BRANCH_TOO_FEW_FULL, f.full, AtLeast(kBranchMinFull)));
      }
      if (f.current_members > kBranchMaxMembers) {
        out.push_back(
            Violation(org, v1::BRANCH_TOO_LARGE, f.current_members, AtMost(kBranchMaxMembers)));
      }
      if (org.units() > kJointBranchMaxUnits) {
        out.push_back(
            Violation(org, v1::JOINT_BRANCH_TOO_WIDE, org.units(), AtMost(kJointBranchMaxUnits)));
      }
      break;
    case v1::GENERAL_BRANCH:
      if (f.current_members < kGeneralBranchMinMembers ||
          f.current_members > kGeneralBranchMaxMembers) {
        out.push_back(Violation(org, v1::GENERAL_BRANCH_SIZE, f.current_members,
                                Range(kGeneralBranchMinMembers, kGeneralBranchMaxMembers)));
      }
      break;
    case v1::COMMITTEE:
      if (f.current_members < kCommitteeMinMembers) {
        out.push_back(Violation(org, v1::COMMITTEE_TOO_SMALL, f.current_members,
                                AtLeast(kCommitteeMinMembers)));
      }
      break;
    default:
      break;  // groups are not a level of their own
  }
  return out;
}

bool BranchCommitteeRequired(int64_t full) { return full >= kBranchCommitteeFull; }

std::vector<v1::RuleViolation> CheckOfficeRules(const v1::Org& org, const OrgFigures& f,
                                                const OfficeFacts& office, Date today) {
  std::vector<v1::RuleViolation> out;
  if (org.state() == v1::ORG_DISSOLVED || !officers::HoldsElections(org.type())) return out;
  if (org.type() == v1::BRANCH && BranchCommitteeRequired(f.full) &&
      office.committee_seats < kBranchCommitteeMinSeats) {
    out.push_back(Violation(org, v1::BRANCH_NO_COMMITTEE, office.committee_seats,
                            AtLeast(kBranchCommitteeMinSeats) + " committee seats"));
  }
  if (!office.secretary) out.push_back(Violation(org, v1::NO_SECRETARY, 0, "a secretary"));
  if (office.term_ends_on) {
    auto standing = officers::StandingOn(*office.term_ends_on, today, 0);
    if (standing && standing->due == v1::ELECTION_OVERDUE) {
      out.push_back(Violation(org, v1::TERM_OVERDUE, standing->days_overdue,
                              "re-election by " + FormatDate(*office.term_ends_on)));
    }
  }
  return out;
}

std::vector<v1::RuleViolation> CheckAllRules(const v1::Org& org, const OrgFigures& figures,
                                             const OfficeFacts& office, Date today) {
  std::vector<v1::RuleViolation> out = CheckOrgRules(org, figures);
  for (auto& v : CheckOfficeRules(org, figures, office, today)) out.push_back(std::move(v));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.rule() < b.rule(); });
  return out;
}

const std::vector<std::string>& AgeBands() {
  static const auto* bands =
      new std::vector<std::string>{"<=30", "31-35", "36-45", "46-55", "56-60", ">=61"};
  return *bands;
}

std::string AgeBand(int age) { return Band(age, {30, 35, 45, 55, 60}, AgeBands()); }

const std::vector<std::string>& PartyAgeBands() {
  static const auto* bands =
      new std::vector<std::string>{"<5", "5-9", "10-19", "20-29", "30-39", ">=40"};
  return *bands;
}

std::string PartyAgeBand(int years) { return Band(years, {4, 9, 19, 29, 39}, PartyAgeBands()); }

ParsedLabel ParseLabel(std::string_view text) {
  // KIND, then up to two more ':'-separated parts; the status keeps any further ':'.
  std::vector<std::string_view> parts;
  for (size_t i = 0; i < 2; ++i) {
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) break;
    parts.push_back(text.substr(0, colon));
    text.remove_prefix(colon + 1);
  }
  parts.push_back(text);
  ParsedLabel out;
  out.label = Trimmed(parts[0]);
  out.rectification = out.label == "软弱涣散" || out.label == "rectification";
  if (!out.rectification) return out;
  if (parts.size() > 1) {
    if (auto since = ParseDate(Trimmed(parts[1]))) out.since = FormatDate(*since);
  }
  if (parts.size() > 2) out.status = Trimmed(parts[2]);
  return out;
}

}  // namespace orgtree::reports
