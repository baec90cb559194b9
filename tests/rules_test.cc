// Unit tests for the pure domain rules (services/rules) and the shared helpers they use
// (services/common: dates, enum words, page tokens, the clock).

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/common/clock.h"
#include "services/common/date.h"
#include "services/common/enum_words.h"
#include "services/common/page_token.h"
#include "services/common/parallel.h"
#include "services/rules/member_rules.h"
#include "services/rules/national_id.h"
#include "services/rules/org_rules.h"

namespace orgtree {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The fixed "today" of every test.
const Date kToday(2026, 11, 25);

// Hand-verified with the ISO 7064 MOD 11-2 weights (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2):
// born 1949-12-31, sequence 002 (even → female), check character X.
constexpr char kFemaleIdX[] = "11010519491231002X";
// Born 1980-03-15, sequence 123 (odd → male), check 9.
constexpr char kMaleId[] = "110101198003151239";
// Born 1980-03-15, sequence 124 (even → female), check 7.
constexpr char kFemaleId[] = "110101198003151247";
// Born 2000-02-29 (a leap day), sequence 002, check 1.
constexpr char kLeapDayId[] = "110105200002290021";

// A valid ID for `first17` (computed with the code under test; the fixed IDs above are checked
// independently of it).
std::string WithCheckChar(const std::string& first17) {
  return first17 + rules::NationalIdCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------
// National IDs

TEST(NationalIdTest, CheckCharMatchesHandComputedValues) {
  EXPECT_EQ(rules::NationalIdCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(rules::NationalIdCheckChar("11010119800315123"), '9');
  EXPECT_EQ(rules::NationalIdCheckChar("11010119800315124"), '7');
  EXPECT_EQ(rules::NationalIdCheckChar("11010520000229002"), '1');
  EXPECT_EQ(rules::NationalIdCheckChar("44030419900101001"), '1');
}

TEST(NationalIdTest, AcceptsRealFormatIds) {
  for (const char* id : {kFemaleIdX, kMaleId, kFemaleId, kLeapDayId, "440304199001010011"}) {
    EXPECT_TRUE(rules::ValidateNationalId("national_id", id).ok()) << id;
  }
}

TEST(NationalIdTest, RejectsWrongCheckCharacter) {
  absl::Status s = rules::ValidateNationalId("national_id", "110101198003151238");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("national_id: "));
  EXPECT_THAT(std::string(s.message()), HasSubstr("check character"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("expected 9"));
  EXPECT_FALSE(rules::ValidateNationalId("national_id", "110105194912310021").ok());
}

TEST(NationalIdTest, RejectsLowercaseXHere) {
  // The CSV layer upper-cases a trailing x; the rule itself wants the canonical form.
  EXPECT_EQ(rules::ValidateNationalId("national_id", "11010519491231002x").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NationalIdTest, RejectsWrongLength) {
  for (const char* id : {"11010519491231002", "11010519491231002X1", "110105491231002", "1"}) {
    absl::Status s = rules::ValidateNationalId("member.national_id", id);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << id;
    EXPECT_THAT(std::string(s.message()), StartsWith("member.national_id: ")) << id;
    EXPECT_THAT(std::string(s.message()), HasSubstr("18 characters")) << id;
  }
}

TEST(NationalIdTest, RejectsEmpty) {
  absl::Status s = rules::ValidateNationalId("national_id", "");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("required"));
}

TEST(NationalIdTest, RejectsLetters) {
  absl::Status s = rules::ValidateNationalId("national_id", "1101A5194912310021");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("character 5 must be a digit"));
  // X is only allowed as the check character.
  EXPECT_FALSE(rules::ValidateNationalId("national_id", "1101051949123100XX").ok());
}

TEST(NationalIdTest, RejectsInvalidBirthDate) {
  // 1999-02-30 does not exist; the check character is right, so only the date can fail.
  const std::string feb30 = WithCheckChar("11010519990230002");
  absl::Status s = rules::ValidateNationalId("national_id", feb30);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("birth date"));
  // 2023 is not a leap year; month 13 does not exist.
  EXPECT_FALSE(rules::ValidateNationalId("national_id", WithCheckChar("11010520230229002")).ok());
  EXPECT_FALSE(rules::ValidateNationalId("national_id", WithCheckChar("11010519901301002")).ok());
  EXPECT_TRUE(rules::ValidateNationalId("national_id", WithCheckChar("11010520240229002")).ok());
}

TEST(NationalIdTest, RejectsMaskedId) {
  absl::Status s = rules::ValidateNationalId("national_id", "110105********002X");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("masked"));
}

TEST(NationalIdTest, ExtractsBirthDateAndGender) {
  EXPECT_EQ(rules::NationalIdBirthDate(kFemaleIdX), Date(1949, 12, 31));
  EXPECT_EQ(rules::NationalIdGender(kFemaleIdX), v1::FEMALE);
  EXPECT_EQ(rules::NationalIdBirthDate(kMaleId), Date(1980, 3, 15));
  EXPECT_EQ(rules::NationalIdGender(kMaleId), v1::MALE);
  EXPECT_EQ(rules::NationalIdGender(kFemaleId), v1::FEMALE);
  EXPECT_EQ(rules::NationalIdBirthDate(kLeapDayId), Date(2000, 2, 29));
}

TEST(NationalIdTest, MasksBirthDateAndSequence) {
  EXPECT_EQ(rules::MaskNationalId(kFemaleIdX), "110105********002X");
  EXPECT_EQ(rules::MaskNationalId(kMaleId), "110101********1239");
  EXPECT_TRUE(rules::IsMaskedNationalId(rules::MaskNationalId(kMaleId)));
  EXPECT_FALSE(rules::IsMaskedNationalId(kMaleId));
  // Anything not 18 characters long is hidden entirely.
  EXPECT_EQ(rules::MaskNationalId("12345"), "*****");
}

TEST(NationalIdTest, MasksInPlaceWithinItsBytesOnly) {
  // The wire path masks an ID inside a copied record: the bytes around it must stay as they are.
  std::string buffer = std::string("<") + kMaleId + ">";
  rules::MaskNationalIdInPlace(buffer.data() + 1, 18);
  EXPECT_EQ(buffer, "<110101********1239>");
  std::string short_id = "[12345]";
  rules::MaskNationalIdInPlace(short_id.data() + 1, 5);
  EXPECT_EQ(short_id, "[*****]");
}

// ---------------------------------------------------------------------------------------------
// Org rules

TEST(OrgRulesTest, ParentTypeTableMatchesTheRegulation) {
  const v1::OrgType kTypes[] = {v1::COMMITTEE, v1::GENERAL_BRANCH, v1::BRANCH, v1::GROUP};
  struct Pair {
    v1::OrgType child, parent;
  };
  const std::vector<Pair> allowed = {
      {v1::COMMITTEE, v1::COMMITTEE}, {v1::GENERAL_BRANCH, v1::COMMITTEE},
      {v1::BRANCH, v1::COMMITTEE},    {v1::BRANCH, v1::GENERAL_BRANCH},
      {v1::GROUP, v1::BRANCH},
  };
  int allowed_count = 0;
  for (v1::OrgType child : kTypes) {
    for (v1::OrgType parent : kTypes) {
      bool expected = false;
      for (const Pair& p : allowed) expected |= (p.child == child && p.parent == parent);
      allowed_count += expected;
      EXPECT_EQ(rules::ParentTypeAllowed(child, parent), expected)
          << EnumWord(child) << " under " << EnumWord(parent);

      v1::Org c, p;
      c.set_code("C");
      c.set_type(child);
      p.set_code("P");
      p.set_type(parent);
      p.set_state(v1::ORG_ACTIVE);
      absl::Status s = rules::CheckParent(c, &p);
      if (expected) {
        EXPECT_TRUE(s.ok()) << EnumWord(child) << " under " << EnumWord(parent) << ": " << s;
      } else {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition)
            << EnumWord(child) << " under " << EnumWord(parent);
        EXPECT_THAT(std::string(s.message()), StartsWith("parent: "));
        EXPECT_THAT(std::string(s.message()), HasSubstr("rule"));
      }
    }
  }
  EXPECT_EQ(allowed_count, 5);
  EXPECT_FALSE(rules::ParentTypeAllowed(v1::ORG_TYPE_UNSPECIFIED, v1::COMMITTEE));
}

TEST(OrgRulesTest, OnlyACommitteeMayBeRoot) {
  EXPECT_TRUE(rules::MayBeRoot(v1::COMMITTEE));
  EXPECT_TRUE(rules::CheckParent(
                  [] {
                    v1::Org o;
                    o.set_type(v1::COMMITTEE);
                    return o;
                  }(),
                  nullptr)
                  .ok());
  for (v1::OrgType t : {v1::GENERAL_BRANCH, v1::BRANCH, v1::GROUP}) {
    EXPECT_FALSE(rules::MayBeRoot(t));
    v1::Org o;
    o.set_type(t);
    EXPECT_EQ(rules::CheckParent(o, nullptr).code(), absl::StatusCode::kFailedPrecondition)
        << EnumWord(t);
  }
}

TEST(OrgRulesTest, RefusesDissolvedParent) {
  v1::Org parent;
  parent.set_code("C1");
  parent.set_type(v1::COMMITTEE);
  parent.set_state(v1::ORG_DISSOLVED);
  v1::Org child;
  child.set_type(v1::BRANCH);
  absl::Status s = rules::CheckParent(child, &parent);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("dissolved"));
}

TEST(OrgRulesTest, ValidatesNewOrgFields) {
  v1::Org org;
  org.set_code("B-01");
  org.set_name("第一党支部");
  org.set_type(v1::BRANCH);
  EXPECT_TRUE(rules::ValidateNewOrgFields(org).ok());

  v1::Org bad = org;
  bad.set_code("");
  EXPECT_THAT(std::string(rules::ValidateNewOrgFields(bad).message()), StartsWith("code: "));
  bad = org;
  bad.set_code("B 01");
  EXPECT_EQ(rules::ValidateNewOrgFields(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = org;
  bad.set_name("");
  EXPECT_THAT(std::string(rules::ValidateNewOrgFields(bad).message()), StartsWith("name: "));
  bad = org;
  bad.set_type(v1::ORG_TYPE_UNSPECIFIED);
  EXPECT_THAT(std::string(rules::ValidateNewOrgFields(bad).message()), StartsWith("type: "));
  bad = org;
  bad.set_established_on("2020-02-30");
  EXPECT_THAT(std::string(rules::ValidateNewOrgFields(bad).message()),
              StartsWith("established_on: "));
  bad = org;
  bad.set_type(v1::COMMITTEE);
  bad.set_units(3);
  EXPECT_THAT(std::string(rules::ValidateNewOrgFields(bad).message()), StartsWith("units: "));
}

// ---------------------------------------------------------------------------------------------
// Member rules

// A probationary member who joined on 2025-06-01, registered and active.
v1::Member Probationary() {
  v1::Member m;
  m.set_member_no("M001");
  m.set_name("张三");
  m.set_national_id(kMaleId);
  m.set_category(v1::PROBATIONARY);
  m.set_employment(v1::EMPLOYED);
  m.set_joined_on("2025-06-01");
  m.set_status(v1::ACTIVE);
  m.set_status_date("2025-06-01");
  return m;
}

// A full member, as submitted for registration.
v1::Member NewFullMember() {
  v1::Member m;
  m.set_member_no("M002");
  m.set_name("李四");
  m.set_national_id(kFemaleId);
  m.set_category(v1::FULL);
  m.set_employment(v1::RETIRED);
  m.set_joined_on("2020-06-01");
  m.set_confirmed_on("2021-06-01");
  return m;
}

TEST(ValidateNewMemberTest, FillsGenderAndBirthDateFromId) {
  v1::Member m = NewFullMember();
  ASSERT_TRUE(rules::ValidateNewMember(&m, kToday).ok());
  EXPECT_EQ(m.gender(), v1::FEMALE);
  EXPECT_EQ(m.birth_date(), "1980-03-15");

  v1::Member male = Probationary();
  ASSERT_TRUE(rules::ValidateNewMember(&male, kToday).ok());
  EXPECT_EQ(male.gender(), v1::MALE);
}

TEST(ValidateNewMemberTest, AcceptsMatchingGivenGenderAndBirthDate) {
  v1::Member m = NewFullMember();
  m.set_gender(v1::FEMALE);
  m.set_birth_date("1980-03-15");
  EXPECT_TRUE(rules::ValidateNewMember(&m, kToday).ok());
}

TEST(ValidateNewMemberTest, RejectsBirthDateMismatch) {
  v1::Member m = NewFullMember();
  m.set_birth_date("1980-03-16");
  absl::Status s = rules::ValidateNewMember(&m, kToday, "member.");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("member.birth_date: "));
}

TEST(ValidateNewMemberTest, RejectsGenderMismatch) {
  v1::Member m = NewFullMember();
  m.set_gender(v1::MALE);
  absl::Status s = rules::ValidateNewMember(&m, kToday);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("gender: "));
}

TEST(ValidateNewMemberTest, RejectsInvalidNationalId) {
  v1::Member m = NewFullMember();
  m.set_national_id("110101198003151248");
  absl::Status s = rules::ValidateNewMember(&m, kToday, "member.");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("member.national_id: "));
}

TEST(ValidateNewMemberTest, RejectsJoiningUnder18) {
  // Born 1980-03-15: 18 on 1998-03-15.
  v1::Member m = NewFullMember();
  m.set_joined_on("1998-03-14");
  m.set_confirmed_on("1999-03-14");
  absl::Status s = rules::ValidateNewMember(&m, kToday);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("joined_on: "));
  EXPECT_THAT(std::string(s.message()), HasSubstr("under 18"));

  m.set_joined_on("1998-03-15");
  m.set_confirmed_on("1999-03-15");
  EXPECT_TRUE(rules::ValidateNewMember(&m, kToday).ok());
}

TEST(ValidateNewMemberTest, RejectsJoiningAfterToday) {
  v1::Member m = Probationary();
  m.set_joined_on("2026-11-26");
  absl::Status s = rules::ValidateNewMember(&m, kToday);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("joined_on: "));

  m.set_joined_on("2026-11-25");
  EXPECT_TRUE(rules::ValidateNewMember(&m, kToday).ok());
}

TEST(ValidateNewMemberTest, RejectsMalformedJoinedOn) {
  v1::Member m = Probationary();
  m.set_joined_on("2025/06/01");
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()),
              StartsWith("joined_on: "));
  m.set_joined_on("");
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()),
              StartsWith("joined_on: "));
}

TEST(ValidateNewMemberTest, RejectsFullMemberConfirmedWithinTwelveMonths) {
  v1::Member m = NewFullMember();  // joined 2020-06-01
  m.set_confirmed_on("2021-05-31");
  absl::Status s = rules::ValidateNewMember(&m, kToday);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("confirmed_on: "));
  EXPECT_THAT(std::string(s.message()), HasSubstr("2021-06-01"));

  m.set_confirmed_on("");
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()),
              StartsWith("confirmed_on: "));
  m.set_confirmed_on("2026-11-26");
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()),
              StartsWith("confirmed_on: "));
}

TEST(ValidateNewMemberTest, RejectsProbationaryMemberWithConfirmationDate) {
  v1::Member m = Probationary();
  m.set_confirmed_on("2026-06-01");
  absl::Status s = rules::ValidateNewMember(&m, kToday);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("confirmed_on: "));
}

TEST(ValidateNewMemberTest, RequiresEmploymentCategoryNameAndNumber) {
  v1::Member m = NewFullMember();
  m.set_employment(v1::EMPLOYMENT_UNSPECIFIED);
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday, "member.").message()),
              StartsWith("member.employment: "));
  m = NewFullMember();
  m.set_category(v1::MEMBER_CATEGORY_UNSPECIFIED);
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()),
              StartsWith("category: "));
  m = NewFullMember();
  m.set_name("");
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()), StartsWith("name: "));
  m = NewFullMember();
  m.set_member_no("");
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()),
              StartsWith("member_no: "));
  m = NewFullMember();
  m.set_member_no("M 1");
  EXPECT_THAT(std::string(rules::ValidateNewMember(&m, kToday).message()),
              StartsWith("member_no: "));
}

TEST(CheckConfirmTest, ExactlyTwelveMonthsAfterJoiningIsAllowed) {
  v1::Member m = Probationary();  // joined 2025-06-01
  EXPECT_EQ(rules::EarliestConfirmation(m), Date(2026, 6, 1));
  EXPECT_TRUE(rules::CheckConfirm(m, Date(2026, 6, 1), kToday).ok());
  EXPECT_TRUE(rules::CheckConfirm(m, kToday, kToday).ok());
}

TEST(CheckConfirmTest, OneDayEarlyIsRefused) {
  v1::Member m = Probationary();
  absl::Status s = rules::CheckConfirm(m, Date(2026, 5, 31), kToday);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("2026-06-01"));
}

TEST(CheckConfirmTest, ConfirmationAfterTodayIsRefused) {
  v1::Member m = Probationary();
  EXPECT_EQ(rules::CheckConfirm(m, Date(2026, 11, 26), kToday).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CheckConfirmTest, ExtensionMovesTheEarliestDate) {
  v1::Member m = Probationary();
  m.set_joined_on("2025-03-01");
  m.set_probation_extension_months(6);
  EXPECT_EQ(rules::EarliestConfirmation(m), Date(2026, 9, 1));
  EXPECT_EQ(rules::CheckConfirm(m, Date(2026, 8, 31), kToday).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(rules::CheckConfirm(m, Date(2026, 9, 1), kToday).ok());
}

TEST(CheckConfirmTest, RefusesFullAndNonCurrentMembers) {
  v1::Member full = Probationary();
  full.set_category(v1::FULL);
  EXPECT_EQ(rules::CheckConfirm(full, kToday, kToday).code(),
            absl::StatusCode::kFailedPrecondition);
  v1::Member suspended = Probationary();
  suspended.set_status(v1::SUSPENDED);
  EXPECT_EQ(rules::CheckConfirm(suspended, kToday, kToday).code(),
            absl::StatusCode::kFailedPrecondition);
  v1::Member mobile = Probationary();
  mobile.set_status(v1::MOBILE);
  EXPECT_TRUE(rules::CheckConfirm(mobile, kToday, kToday).ok());
}

TEST(CheckExtendProbationTest, AllowsSixToTwelveMonthsOnly) {
  v1::Member m = Probationary();
  for (int months : {6, 9, 12}) EXPECT_TRUE(rules::CheckExtendProbation(m, months).ok()) << months;
  for (int months : {-1, 0, 5, 13, 24}) {
    absl::Status s = rules::CheckExtendProbation(m, months);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << months;
    EXPECT_THAT(std::string(s.message()), StartsWith("months: "));
  }
}

TEST(CheckExtendProbationTest, AllowsOnlyOneExtension) {
  v1::Member m = Probationary();
  m.set_probation_extension_months(6);
  absl::Status s = rules::CheckExtendProbation(m, 6);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("only once"));
}

TEST(CheckExtendProbationTest, RefusesFullAndFormerMembers) {
  v1::Member full = Probationary();
  full.set_category(v1::FULL);
  EXPECT_EQ(rules::CheckExtendProbation(full, 6).code(), absl::StatusCode::kFailedPrecondition);
  v1::Member left = Probationary();
  left.set_status(v1::LEFT);
  EXPECT_EQ(rules::CheckExtendProbation(left, 6).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(rules::CheckCancelProbation(left).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(rules::CheckCancelProbation(full).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(rules::CheckCancelProbation(Probationary()).ok());
}

TEST(MemberStatusTest, IsCurrentCoversActiveMobileAndLostContact) {
  EXPECT_TRUE(rules::IsCurrent(v1::ACTIVE));
  EXPECT_TRUE(rules::IsCurrent(v1::MOBILE));
  EXPECT_TRUE(rules::IsCurrent(v1::LOST_CONTACT));
  EXPECT_FALSE(rules::IsCurrent(v1::SUSPENDED));
  EXPECT_FALSE(rules::IsCurrent(v1::TRANSFERRED_OUT));
  EXPECT_FALSE(rules::IsCurrent(v1::LEFT));
  EXPECT_FALSE(rules::IsCurrent(v1::DECEASED));
  EXPECT_FALSE(rules::IsCurrent(v1::MEMBER_STATUS_UNSPECIFIED));
}

TEST(MemberStatusTest, EveryReasonLeadsToItsStatus) {
  EXPECT_EQ(rules::StatusForReason(v1::WENT_MOBILE), v1::MOBILE);
  EXPECT_EQ(rules::StatusForReason(v1::LOST_CONTACT_REPORTED), v1::LOST_CONTACT);
  EXPECT_EQ(rules::StatusForReason(v1::SUSPENDED_LOST_CONTACT), v1::SUSPENDED);
  EXPECT_EQ(rules::StatusForReason(v1::SUSPENDED_ABROAD), v1::SUSPENDED);
  EXPECT_EQ(rules::StatusForReason(v1::RESTORED), v1::ACTIVE);
  EXPECT_EQ(rules::StatusForReason(v1::EXPELLED), v1::LEFT);
  EXPECT_EQ(rules::StatusForReason(v1::REMOVED), v1::LEFT);
  EXPECT_EQ(rules::StatusForReason(v1::SELF_WITHDRAWN), v1::LEFT);
  EXPECT_EQ(rules::StatusForReason(v1::RESIGNED), v1::LEFT);
  EXPECT_EQ(rules::StatusForReason(v1::DIED), v1::DECEASED);
  EXPECT_EQ(rules::StatusForReason(v1::PROBATION_CANCELLED), v1::LEFT);
  EXPECT_EQ(rules::StatusForReason(v1::STATUS_REASON_UNSPECIFIED), v1::MEMBER_STATUS_UNSPECIFIED);
}

// Reasons a caller may pass to ChangeMemberStatus.
constexpr v1::StatusReason kChangeReasons[] = {
    v1::WENT_MOBILE,
    v1::LOST_CONTACT_REPORTED,
    v1::SUSPENDED_LOST_CONTACT,
    v1::SUSPENDED_ABROAD,
    v1::RESTORED,
    v1::EXPELLED,
    v1::REMOVED,
    v1::SELF_WITHDRAWN,
    v1::RESIGNED,
    v1::DIED,
};

v1::Member WithStatus(v1::MemberStatus status, const std::string& since = "2025-06-01") {
  v1::Member m = Probationary();
  m.set_category(v1::FULL);
  m.set_status(status);
  m.set_status_date(since);
  return m;
}

TEST(MemberStatusTest, ActiveMemberMayTakeEveryOtherStatus) {
  const v1::Member m = WithStatus(v1::ACTIVE);
  for (v1::StatusReason r : kChangeReasons) {
    absl::Status s = rules::CheckStatusChange(m, r, kToday);
    if (r == v1::RESTORED) {
      EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << "already active";
    } else {
      EXPECT_TRUE(s.ok()) << EnumWord(r) << ": " << s;
    }
  }
}

TEST(MemberStatusTest, FinalStatusesRefuseEverything) {
  for (v1::MemberStatus final_status : {v1::LEFT, v1::DECEASED, v1::TRANSFERRED_OUT}) {
    const v1::Member m = WithStatus(final_status);
    for (v1::StatusReason r : kChangeReasons) {
      absl::Status s = rules::CheckStatusChange(m, r, kToday);
      EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition)
          << EnumWord(final_status) << " + " << EnumWord(r);
      EXPECT_THAT(std::string(s.message()), HasSubstr("final"));
    }
  }
}

TEST(MemberStatusTest, SameStatusIsRefused) {
  EXPECT_EQ(rules::CheckStatusChange(WithStatus(v1::MOBILE), v1::WENT_MOBILE, kToday).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      rules::CheckStatusChange(WithStatus(v1::LOST_CONTACT), v1::LOST_CONTACT_REPORTED, kToday)
          .code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      rules::CheckStatusChange(WithStatus(v1::SUSPENDED), v1::SUSPENDED_ABROAD, kToday).code(),
      absl::StatusCode::kFailedPrecondition);
  absl::Status s = rules::CheckStatusChange(WithStatus(v1::ACTIVE), v1::RESTORED, kToday);
  EXPECT_THAT(std::string(s.message()), HasSubstr("already active"));
}

TEST(MemberStatusTest, MobileAndLostContactMembersCanBeRestored) {
  EXPECT_TRUE(rules::CheckStatusChange(WithStatus(v1::MOBILE), v1::RESTORED, kToday).ok());
  EXPECT_TRUE(rules::CheckStatusChange(WithStatus(v1::LOST_CONTACT), v1::RESTORED, kToday).ok());
  EXPECT_TRUE(
      rules::CheckStatusChange(WithStatus(v1::LOST_CONTACT), v1::SUSPENDED_LOST_CONTACT, kToday)
          .ok());
}

TEST(MemberStatusTest, SuspendedMemberCannotGoMobileButCanLeaveOrDie) {
  const v1::Member m = WithStatus(v1::SUSPENDED);
  EXPECT_EQ(rules::CheckStatusChange(m, v1::WENT_MOBILE, kToday).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(rules::CheckStatusChange(m, v1::LOST_CONTACT_REPORTED, kToday).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(rules::CheckStatusChange(m, v1::EXPELLED, kToday).ok());
  EXPECT_TRUE(rules::CheckStatusChange(m, v1::DIED, kToday).ok());
}

TEST(MemberStatusTest, SuspensionCanBeLiftedWithinTwoYears) {
  const v1::Member m = WithStatus(v1::SUSPENDED, "2024-11-25");
  EXPECT_TRUE(rules::CheckStatusChange(m, v1::RESTORED, Date(2025, 6, 1)).ok());
  EXPECT_TRUE(rules::CheckStatusChange(m, v1::RESTORED, Date(2026, 11, 25)).ok());
  absl::Status s = rules::CheckStatusChange(m, v1::RESTORED, Date(2026, 11, 26));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("2 years"));
}

TEST(MemberStatusTest, EffectiveDateBeforeLastChangeIsRefused) {
  const v1::Member m = WithStatus(v1::ACTIVE, "2026-01-10");
  absl::Status s = rules::CheckStatusChange(m, v1::WENT_MOBILE, Date(2026, 1, 9));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), StartsWith("effective_date: "));
  EXPECT_TRUE(rules::CheckStatusChange(m, v1::WENT_MOBILE, Date(2026, 1, 10)).ok());
}

TEST(MemberStatusTest, ProbationCancelledAndUnspecifiedAreNotStatusChanges) {
  const v1::Member m = WithStatus(v1::ACTIVE);
  EXPECT_EQ(rules::CheckStatusChange(m, v1::PROBATION_CANCELLED, kToday).code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status s = rules::CheckStatusChange(m, v1::STATUS_REASON_UNSPECIFIED, kToday);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("reason: "));
}

TEST(ValidatePhoneTest, AcceptsDigitsPlusDashAndSpace) {
  EXPECT_TRUE(rules::ValidatePhone("phone", "").ok());
  EXPECT_TRUE(rules::ValidatePhone("phone", "+86 138-0013-8000").ok());
  EXPECT_EQ(rules::ValidatePhone("phone", "138abc").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rules::ValidatePhone("phone", std::string(21, '1')).code(),
            absl::StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Dates

TEST(DateTest, ParsesRealCalendarDates) {
  EXPECT_EQ(ParseDate("2020-06-01"), Date(2020, 6, 1));
  EXPECT_EQ(ParseDate("2024-02-29"), Date(2024, 2, 29));
  EXPECT_EQ(ParseDate("2000-02-29"), Date(2000, 2, 29));  // divisible by 400
  EXPECT_EQ(ParseDate("1900-01-01"), Date(1900, 1, 1));
  EXPECT_EQ(ParseDate("2999-12-31"), Date(2999, 12, 31));
}

TEST(DateTest, RejectsImpossibleDatesAndOtherForms) {
  for (const char* text : {"2023-02-29", "1900-02-29", "2021-04-31", "2021-13-01", "2021-00-10",
                           "2021-01-00", "2020-6-1", "2020/06/01", "20200601", "", "1899-12-31",
                           "3000-01-01", "2020-06-01T00:00", "2O20-06-01"}) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << text;
  }
}

TEST(DateTest, FormatsAndParsesFields) {
  EXPECT_EQ(FormatDate(Date(2020, 6, 1)), "2020-06-01");
  auto bad = ParseDateField("joined_on", "2023-02-29");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), StartsWith("joined_on: "));
  EXPECT_EQ(ParseDateField("joined_on", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseDateFieldOr("effective_date", "", kToday), kToday);
  EXPECT_EQ(*ParseDateFieldOr("effective_date", "2024-02-29", kToday), Date(2024, 2, 29));
}

TEST(DateTest, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(AddMonths(Date(2023, 1, 31), 1), Date(2023, 2, 28));
  EXPECT_EQ(AddMonths(Date(2024, 1, 31), 1), Date(2024, 2, 29));
  EXPECT_EQ(AddMonths(Date(2024, 3, 31), 1), Date(2024, 4, 30));
  EXPECT_EQ(AddMonths(Date(2024, 2, 29), 12), Date(2025, 2, 28));
  EXPECT_EQ(AddMonths(Date(2020, 6, 1), 12), Date(2021, 6, 1));
  EXPECT_EQ(AddMonths(Date(2020, 11, 15), 3), Date(2021, 2, 15));
  EXPECT_EQ(AddMonths(Date(2021, 3, 31), -1), Date(2021, 2, 28));
  EXPECT_EQ(AddMonths(Date(2021, 3, 31), 0), Date(2021, 3, 31));
}

TEST(DateTest, WholeYearsBetweenCountsBirthdays) {
  EXPECT_EQ(WholeYearsBetween(Date(1980, 3, 15), Date(1998, 3, 14)), 17);
  EXPECT_EQ(WholeYearsBetween(Date(1980, 3, 15), Date(1998, 3, 15)), 18);
  EXPECT_EQ(WholeYearsBetween(Date(1980, 3, 15), Date(1998, 2, 28)), 17);
  EXPECT_EQ(WholeYearsBetween(Date(2000, 2, 29), Date(2018, 2, 28)), 17);
  EXPECT_EQ(WholeYearsBetween(Date(2000, 2, 29), Date(2018, 3, 1)), 18);
  EXPECT_EQ(WholeYearsBetween(Date(2020, 1, 1), Date(2020, 12, 31)), 0);
}

TEST(ClockTest, FixedClockReturnsItsDate) {
  Clock clock(kToday);
  EXPECT_EQ(clock.Today(), kToday);
  const std::string now = clock.NowRfc3339();
  EXPECT_THAT(now, StartsWith("2026-11-25T"));
  EXPECT_THAT(now, ::testing::EndsWith("+08:00"));
  EXPECT_EQ(now.size(), std::string("2026-11-25T12:00:00.000+08:00").size());
}

// ---------------------------------------------------------------------------------------------
// Enum words

TEST(EnumWordTest, WordsAreLowercaseNamesWithoutPrefix) {
  EXPECT_EQ(EnumWord(v1::GENERAL_BRANCH), "general_branch");
  EXPECT_EQ(EnumWord(v1::COMMITTEE), "committee");
  EXPECT_EQ(EnumWord(v1::ORG_DISSOLVED), "dissolved");
  EXPECT_EQ(EnumWord(v1::ORG_ACTIVE), "active");
  EXPECT_EQ(EnumWord(v1::ENTITY_MEMBER), "member");
  EXPECT_EQ(EnumWord(v1::PROBATIONARY), "probationary");
  EXPECT_EQ(EnumWord(v1::LOST_CONTACT), "lost_contact");
  EXPECT_EQ(EnumWord(v1::ANNUAL_SALARY), "annual_salary");
  EXPECT_EQ(EnumWord(v1::ORG_TYPE_UNSPECIFIED), "unspecified");
  EXPECT_EQ(EnumWordList<v1::OrgType>(), "committee|general_branch|branch|group");
  EXPECT_EQ(EnumWordList<v1::MemberView>(), "full|basic");
}

TEST(EnumWordTest, ParsesEnglishWordsInAnyCase) {
  EXPECT_EQ(ParseEnum<v1::OrgType>("general_branch"), v1::GENERAL_BRANCH);
  EXPECT_EQ(ParseEnum<v1::OrgType>("General-Branch"), v1::GENERAL_BRANCH);
  EXPECT_EQ(ParseEnum<v1::OrgType>("general branch"), v1::GENERAL_BRANCH);
  EXPECT_EQ(ParseEnum<v1::MemberCategory>("FULL"), v1::FULL);
  EXPECT_EQ(ParseEnum<v1::OrgState>("dissolved"), v1::ORG_DISSOLVED);
  EXPECT_EQ(ParseEnum<v1::MemberStatus>("transferred_out"), v1::TRANSFERRED_OUT);
}

TEST(EnumWordTest, ParsesChineseAliases) {
  EXPECT_EQ(ParseEnum<v1::OrgType>("党支部"), v1::BRANCH);
  EXPECT_EQ(ParseEnum<v1::OrgType>("党总支"), v1::GENERAL_BRANCH);
  EXPECT_EQ(ParseEnum<v1::OrgType>("党委"), v1::COMMITTEE);
  EXPECT_EQ(ParseEnum<v1::OrgType>("党小组"), v1::GROUP);
  EXPECT_EQ(ParseEnum<v1::Gender>("男"), v1::MALE);
  EXPECT_EQ(ParseEnum<v1::Gender>("女"), v1::FEMALE);
  EXPECT_EQ(ParseEnum<v1::MemberCategory>("预备党员"), v1::PROBATIONARY);
  EXPECT_EQ(ParseEnum<v1::MemberCategory>("正式党员"), v1::FULL);
  EXPECT_EQ(ParseEnum<v1::Employment>("离退休"), v1::RETIRED);
  EXPECT_EQ(ParseEnum<v1::Employment>("在职"), v1::EMPLOYED);
  EXPECT_EQ(ParseEnum<v1::MemberStatus>("流动党员"), v1::MOBILE);
}

TEST(EnumWordTest, UnknownWordsAndUnspecifiedGiveNullopt) {
  EXPECT_EQ(ParseEnum<v1::OrgType>("department"), std::nullopt);
  EXPECT_EQ(ParseEnum<v1::OrgType>(""), std::nullopt);
  EXPECT_EQ(ParseEnum<v1::OrgType>("unspecified"), std::nullopt);
  EXPECT_EQ(ParseEnum<v1::OrgType>("org_type_unspecified"), std::nullopt);
  EXPECT_EQ(ParseEnum<v1::Gender>("未知"), std::nullopt);
  // A Chinese alias of another enum does not leak across types.
  EXPECT_EQ(ParseEnum<v1::OrgType>("男"), std::nullopt);
  EXPECT_EQ(ParseEnum<v1::Gender>("党支部"), std::nullopt);
}

TEST(EnumWordTest, EveryWordRoundTrips) {
  const auto* type = google::protobuf::GetEnumDescriptor<v1::MemberStatus>();
  for (int i = 1; i < type->value_count(); ++i) {
    int number = type->value(i)->number();
    EXPECT_EQ(ParseEnumWord(type, EnumWord(type, number)), number);
  }
}

// ---------------------------------------------------------------------------------------------
// Page tokens

TEST(PageTokenTest, RoundTrips) {
  const std::vector<uint64_t> cursor = {0, 1, 255, 256, std::numeric_limits<uint64_t>::max()};
  const std::string token = EncodePageToken(cursor);
  auto decoded = DecodePageToken(token, cursor.size());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, cursor);
  // Web-safe: usable in URLs and command lines without escaping.
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos);
}

TEST(PageTokenTest, RejectsGarbageAndWrongSizes) {
  const std::string token = EncodePageToken({7, 42});
  for (const std::string& bad :
       {std::string("!!!not a token!!!"), std::string("abc"), std::string(""), EncodePageToken({7}),
        EncodePageToken({7, 42, 9}), token.substr(0, token.size() - 2)}) {
    auto decoded = DecodePageToken(bad, 2);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(decoded.status().message()), StartsWith("page_token: ")) << bad;
  }
}

TEST(PageTokenTest, ChecksPageSize) {
  EXPECT_EQ(*CheckPageSize(0, 50, 1000), 50);
  EXPECT_EQ(*CheckPageSize(1, 50, 1000), 1);
  EXPECT_EQ(*CheckPageSize(1000, 50, 1000), 1000);
  EXPECT_EQ(CheckPageSize(1001, 50, 1000).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckPageSize(-1, 50, 1000).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace orgtree

namespace orgtree {
namespace {

TEST(ParseDateFieldUpToTest, DefaultsToTodayAndRefusesTheFuture) {
  const Date today(2026, 11, 25);
  EXPECT_EQ(*ParseDateFieldUpTo("effective_date", "", today), today);
  EXPECT_EQ(*ParseDateFieldUpTo("effective_date", "2026-11-25", today), today);
  EXPECT_EQ(*ParseDateFieldUpTo("effective_date", "2020-02-29", today), Date(2020, 2, 29));
  auto future = ParseDateFieldUpTo("effective_date", "2026-11-26", today);
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(future.status().message(), "effective_date: is after today");
  auto bad = ParseDateFieldUpTo("effective_date", "2026-2-30", today);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace orgtree

namespace orgtree {
namespace {

// Every item is visited exactly once, by the chunk that covers it, chunks in order and contiguous;
// a small input stays in one chunk.
TEST(ParallelTest, RunInChunksCoversEveryItemOnce) {
  for (size_t n :
       {size_t{0}, size_t{5}, kParallelMinItems - 1, kParallelMinItems, size_t{100003}}) {
    std::vector<int> seen(n, 0);
    std::vector<std::pair<size_t, size_t>> ranges(ChunkCount(n));
    RunInChunks(n, [&](size_t chunk, size_t begin, size_t end) {
      ranges[chunk] = {begin, end};
      for (size_t i = begin; i < end; ++i) ++seen[i];
    });
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(n)) << n;
    size_t next = 0;
    for (auto [begin, end] : ranges) {
      EXPECT_EQ(begin, next) << n;
      next = end;
    }
    EXPECT_EQ(next, n);
    if (n < kParallelMinItems) {
      EXPECT_EQ(ranges.size(), 1u);
    }
  }
}

}  // namespace
}  // namespace orgtree
