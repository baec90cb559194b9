// The dues rules as pure functions: the 2008 brackets at their boundaries, every income type,
// rounding and the configuration file.

#include "services/dues/dues_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace orgtree::dues {
namespace {

using ::testing::HasSubstr;

int64_t Due(v1::IncomeType type, int64_t base_fen, const DuesConfig& c = DuesConfig()) {
  return ComputeDues(c, type, base_fen).fen;
}

TEST(DuesRulesTest, InServiceBracketsApplyToTheWholeBaseWithInclusiveUpperBounds) {
  // 2999.99 yuan × 0.5% = 14.99995 yuan → 1500 fen (half up).
  EXPECT_EQ(Due(v1::INCOME_SALARY, 299999), 1500);
  EXPECT_EQ(ComputeDues(DuesConfig(), v1::INCOME_SALARY, 299999).rate_per_10000, 50);
  EXPECT_EQ(Due(v1::INCOME_SALARY, 300000), 1500);  // exactly 3000.00 → 0.5%
  EXPECT_EQ(ComputeDues(DuesConfig(), v1::INCOME_SALARY, 300000).rate_per_10000, 50);
  EXPECT_EQ(Due(v1::INCOME_SALARY, 300001), 3000);  // 3000.01 → 1% of the whole base
  EXPECT_EQ(ComputeDues(DuesConfig(), v1::INCOME_SALARY, 300001).rate_per_10000, 100);
  EXPECT_EQ(Due(v1::INCOME_SALARY, 500000), 5000);    // 5000.00 → 1%
  EXPECT_EQ(Due(v1::INCOME_SALARY, 500001), 7500);    // 5000.01 → 1.5% (75.00015 yuan)
  EXPECT_EQ(Due(v1::INCOME_SALARY, 1000000), 15000);  // 10000.00 → 1.5%
  EXPECT_EQ(Due(v1::INCOME_SALARY, 1000001), 20000);  // 10000.01 → 2%
  EXPECT_EQ(ComputeDues(DuesConfig(), v1::INCOME_SALARY, 1000001).rate_per_10000, 200);
  EXPECT_EQ(Due(v1::INCOME_SALARY, 0), 0);
}

TEST(DuesRulesTest, AnnualSalaryAndSelfEmployedUseTheInServiceTable) {
  for (auto type : {v1::INCOME_ANNUAL_SALARY, v1::INCOME_SELF_EMPLOYED}) {
    EXPECT_EQ(Due(type, 300000), 1500);
    EXPECT_EQ(Due(type, 800000), 12000);
    EXPECT_EQ(Due(type, 2000000), 40000);
  }
}

TEST(DuesRulesTest, RetiredBracketsOnThePension) {
  EXPECT_EQ(Due(v1::INCOME_PENSION, 500000), 2500);  // 5000.00 → 0.5%
  EXPECT_EQ(ComputeDues(DuesConfig(), v1::INCOME_PENSION, 500000).rate_per_10000, 50);
  EXPECT_EQ(Due(v1::INCOME_PENSION, 500001), 5000);  // 5000.01 → 1% (50.0001 yuan)
  EXPECT_EQ(ComputeDues(DuesConfig(), v1::INCOME_PENSION, 500001).rate_per_10000, 100);
  EXPECT_EQ(Due(v1::INCOME_PENSION, 300000), 1500);
}

TEST(DuesRulesTest, FixedAmountsIgnoreTheBase) {
  for (auto type : {v1::INCOME_STUDENT, v1::INCOME_UNEMPLOYED, v1::INCOME_RELIEF}) {
    EXPECT_EQ(Due(type, 0), 20);
    EXPECT_EQ(Due(type, 900000), 20);
    EXPECT_EQ(ComputeDues(DuesConfig(), type, 900000).rate_per_10000, 0);
  }
  EXPECT_EQ(Due(v1::INCOME_FARMER, 0), 20);
  DuesConfig c;
  c.farmer_fen = 100;
  EXPECT_EQ(Due(v1::INCOME_FARMER, 0, c), 100);
  EXPECT_EQ(Due(v1::INCOME_TYPE_UNSPECIFIED, 500000), 0);
}

TEST(DuesRulesTest, RoundingModes) {
  // 100 fen × 0.5% = 0.5 fen exactly.
  EXPECT_EQ(RoundedDivide(5000, 10000, Rounding::kHalfUp), 1);
  EXPECT_EQ(RoundedDivide(5000, 10000, Rounding::kHalfEven), 0);
  EXPECT_EQ(RoundedDivide(15000, 10000, Rounding::kHalfEven), 2);
  EXPECT_EQ(RoundedDivide(5000, 10000, Rounding::kDown), 0);
  EXPECT_EQ(RoundedDivide(1, 10000, Rounding::kUp), 1);
  EXPECT_EQ(RoundedDivide(4999, 10000, Rounding::kHalfUp), 0);
  DuesConfig down;
  down.rounding = Rounding::kDown;
  EXPECT_EQ(Due(v1::INCOME_SALARY, 299999, down), 1499);
  EXPECT_EQ(Due(v1::INCOME_SALARY, 299999), 1500);
}

TEST(DuesRulesTest, PaidStates) {
  EXPECT_EQ(PaidStateOf(1500, 0), v1::UNPAID);
  EXPECT_EQ(PaidStateOf(1500, 1000), v1::PARTLY_PAID);
  EXPECT_EQ(PaidStateOf(1500, 1500), v1::PAID);
  EXPECT_EQ(PaidStateOf(1500, 1501), v1::OVERPAID);
  EXPECT_EQ(PaidStateOf(0, 0), v1::PAID);  // a waived month
}

TEST(DuesRulesTest, IncomeTypeAgainstEmployment) {
  EXPECT_TRUE(IncomeFitsEmployment(v1::INCOME_SALARY, v1::EMPLOYED));
  EXPECT_TRUE(IncomeFitsEmployment(v1::INCOME_PENSION, v1::RETIRED));
  EXPECT_FALSE(IncomeFitsEmployment(v1::INCOME_PENSION, v1::EMPLOYED));
  EXPECT_FALSE(IncomeFitsEmployment(v1::INCOME_SALARY, v1::RETIRED));
}

TEST(DuesRulesTest, Months) {
  EXPECT_EQ(FormatMonth(*ParseMonth("2020-06")), "2020-06");
  EXPECT_FALSE(ParseMonth("2020-13"));
  EXPECT_FALSE(ParseMonth("2020-6"));
  EXPECT_FALSE(ParseMonth("20200-1"));
  EXPECT_EQ(MonthNumber(Month(2020, 6)), 202006u);
  EXPECT_EQ(MonthFromNumber(201912) + 1, Month(2020, 1));
  auto bad = ParseMonthField("month", "June");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("month: 'June'"));
}

TEST(DuesRulesTest, ConfigFileChangesTheRulesNotTheCode) {
  auto c = ParseConfigJson(
      R"({"in_service": [[400000, 50], [null, 100]], "farmer_fen": 50, "rounding": "down"})");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(Due(v1::INCOME_SALARY, 400000, *c), 2000);
  EXPECT_EQ(Due(v1::INCOME_SALARY, 400001, *c), 4000);
  EXPECT_EQ(Due(v1::INCOME_FARMER, 0, *c), 50);
  EXPECT_EQ(Due(v1::INCOME_PENSION, 500001, *c), 5000);  // untouched: the default table

  EXPECT_THAT(std::string(ParseConfigJson(R"({"farmer_fen": 500})").status().message()),
              HasSubstr("farmer_fen"));
  EXPECT_THAT(std::string(ParseConfigJson(R"({"in_service": [[300000, 50]]})").status().message()),
              HasSubstr("no upper limit"));
  EXPECT_THAT(std::string(ParseConfigJson(R"({"rounding": "sideways"})").status().message()),
              HasSubstr("rounding"));
  EXPECT_THAT(std::string(ParseConfigJson(R"({"typo": 1})").status().message()),
              HasSubstr("typo: unknown setting"));
  EXPECT_FALSE(ParseConfigJson("not json").ok());
  EXPECT_TRUE(ValidateConfig(DuesConfig()).ok());
}

}  // namespace
}  // namespace orgtree::dues
