// The grade boundaries of 人社部规〔2016〕1号 (DOMAIN.md §9): 0 violations → A; 1–2 → B; 3 → C; each
// C condition alone → C, whatever the count.
#include <gtest/gtest.h>

#include "credit/grade_rules.hpp"

namespace anxin::credit {
namespace {

TEST(GradeRules, CountsOfViolationsDecideABC) {
    EXPECT_EQ(GradeFor({}, 3).grade, 'A');
    EXPECT_EQ(GradeFor({}, 3).rule, "A 级：年度内无劳动保障违法记录");
    EXPECT_EQ(GradeFor({.violations = 1}, 3).grade, 'B');
    EXPECT_EQ(GradeFor({.violations = 2}, 3).grade, 'B');
    EXPECT_EQ(GradeFor({.violations = 2}, 3).rule, "B 级：年度内劳动保障违法记录 2 次，不属于 C 级情形");
    EXPECT_EQ(GradeFor({.violations = 3}, 3).grade, 'C');
    EXPECT_EQ(GradeFor({.violations = 3}, 3).rule, "C 级：年度内劳动保障违法记录 3 次（3 次以上）");
    // The count is the region's parameter (credit.grade_c_violations).
    EXPECT_EQ(GradeFor({.violations = 3}, 4).grade, 'B');
}

TEST(GradeRules, EachCConditionAloneMakesC) {
    const GradeFacts one{.violations = 1};
    auto with = [&](auto change) {
        GradeFacts f = one;
        change(f);
        return GradeFor(f, 3);
    };
    const auto mass = with([](GradeFacts& f) { f.mass_incident = 1; });
    EXPECT_EQ(mass.grade, 'C');
    EXPECT_NE(mass.rule.find("群体性或极端事件"), std::string::npos);
    const auto refused = with([](GradeFacts& f) { f.order_refused = 1; });
    EXPECT_EQ(refused.grade, 'C');
    EXPECT_NE(refused.rule.find("拒不履行"), std::string::npos);
    const auto obstruction = with([](GradeFacts& f) { f.obstruction = 1; });
    EXPECT_EQ(obstruction.grade, 'C');
    EXPECT_NE(obstruction.rule.find("阻挠劳动保障监察"), std::string::npos);
    const auto criminal = with([](GradeFacts& f) { f.criminal = 1; });
    EXPECT_EQ(criminal.grade, 'C');
    EXPECT_NE(criminal.rule.find("刑事责任"), std::string::npos);
    // Listed without a record of the year (a listing decided the year before, still running).
    const auto listed = GradeFor({.listed = true}, 3);
    EXPECT_EQ(listed.grade, 'C');
    EXPECT_NE(listed.rule.find("失信联合惩戒对象名单"), std::string::npos);
    // Several conditions are all named.
    const auto both = GradeFor({.violations = 4, .criminal = 1}, 3);
    EXPECT_NE(both.rule.find("4 次"), std::string::npos);
    EXPECT_NE(both.rule.find("；"), std::string::npos);
}

TEST(GradeRules, SourcesCountAsTheirCategory) {
    EXPECT_EQ(CategoryOfSource("wages_overdue"), "violation");
    EXPECT_EQ(CategoryOfSource("deposit_overdue"), "violation");
    EXPECT_EQ(CategoryOfSource("pay_order_ignored"), "order_refused");
    EXPECT_EQ(CategoryOfSource("police_transfer"), "criminal");
    EXPECT_FALSE(CategoryOfSource("manual").has_value());  // the supervisor chooses
}

}  // namespace
}  // namespace anxin::credit
