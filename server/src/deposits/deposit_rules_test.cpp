// The pure deposit rules (DEP 11–12, 15–17; DOMAIN §4) with exact fen figures, on the catalog
// defaults: ratio 2%, cap ¥5,000,000, floor 0.5%, exemption below ¥3,000,000, −50% after 2 clean
// years, +50% for arrears in the prior 2 years, +100% on the blacklist.
#include "deposits/deposit_rules.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace anxin::deposits {
namespace {

std::vector<std::string> Rules(const RequirementResult& r) {
    std::vector<std::string> out;
    for (const auto& l : r.lines) out.push_back(l.rule);
    return out;
}

RequirementResult Compute(core::Fen price, DepositHistory history = {}, int projects = 1,
                          DepositParameters params = {}) {
    return ComputeRequirement(RequirementFacts{price, projects}, params, history);
}

DepositHistory Clean(int years, bool in_place = false) {
    DepositHistory h;
    h.clean_years = years;
    h.real_name_and_account_in_place = in_place;
    return h;
}

DepositHistory Arrears(bool prior_year) {
    DepositHistory h;
    h.arrears_in_prior_year = prior_year;
    h.arrears_in_prior_two_years = true;
    return h;
}

TEST(DepositRules, PlainRatioRoundsDownToTheFen) {
    // ¥12,345,678.91 × 2% = ¥246,913.5782 → 24,691,357 fen (the GC's favour).
    auto r = Compute(1234567891);
    EXPECT_EQ(r.required, 24691357);
    EXPECT_FALSE(r.exempt);
    ASSERT_EQ(Rules(r), std::vector<std::string>{"base"});
    EXPECT_EQ(r.lines[0].amount_after, 24691357);
    EXPECT_EQ(r.lines[0].description, "合同价 12345678.91 元 × 存储比例 2% = 246913.57 元");
}

TEST(DepositRules, RegionRatioIsUsed) {
    DepositParameters p;
    p.ratio_bp = 150;  // Fujian 1.5%
    EXPECT_EQ(Compute(1000000000, {}, 1, p).required, 15000000);
}

TEST(DepositRules, CapBoundsTheAmount) {
    // ¥300,000,000 × 2% = ¥6,000,000 > cap ¥5,000,000.
    auto r = Compute(30000000000);
    EXPECT_EQ(r.required, 500000000);
    EXPECT_EQ(Rules(r), (std::vector<std::string>{"base", "cap"}));
    EXPECT_EQ(r.lines[0].amount_after, 600000000);
}

TEST(DepositRules, FloorForGcWithSeveralProjectsInTheCounty) {
    DepositParameters p;
    p.ratio_bp = 100;                           // 1%
    p.reduction_after_2_clean_years_bp = 7000;  // a region that reduces by 70%
    // ¥10,000,000: base ¥100,000, reduced to ¥30,000; with 2 active projects not below 0.5% = ¥50,000.
    auto several = Compute(1000000000, Clean(2), 2, p);
    EXPECT_EQ(several.required, 5000000);
    EXPECT_EQ(Rules(several), (std::vector<std::string>{"base", "reduction_two_clean_years", "floor_multi_project"}));
    EXPECT_EQ(several.lines[1].amount_after, 3000000);
    // One project: no floor.
    EXPECT_EQ(Compute(1000000000, Clean(2), 1, p).required, 3000000);
    // The floor does not bind when the amount is above it.
    EXPECT_EQ(Compute(1000000000, {}, 3).required, 20000000);
}

TEST(DepositRules, ServiceProjectsLodgeNoneUnlessTheRegionSaysSo) {
    RequirementFacts service{800000000, 1, /*is_construction=*/false};
    auto r = ComputeRequirement(service, DepositParameters{}, {});
    EXPECT_TRUE(r.exempt);
    EXPECT_EQ(r.required, 0);
    EXPECT_EQ(Rules(r), (std::vector<std::string>{"base", "exempt_service_project"}));
    DepositParameters required;
    required.services_required = true;
    auto lodged = ComputeRequirement(service, required, {});
    EXPECT_FALSE(lodged.exempt);
    EXPECT_EQ(lodged.required, 16000000);  // 2% of ¥8,000,000, as for a building site
}

TEST(DepositRules, SmallCleanContractIsExempt) {
    auto r = Compute(299999999);  // ¥2,999,999.99, no arrears in the prior year
    EXPECT_TRUE(r.exempt);
    EXPECT_EQ(r.required, 0);
    EXPECT_EQ(Rules(r), (std::vector<std::string>{"base", "exempt_small_contract"}));
    // Exactly ¥3,000,000 is not below the threshold.
    EXPECT_EQ(Compute(300000000).required, 6000000);
    // Arrears in the prior year: no exemption; 2% = 5,999,999.98 → 5,999,999, +50% → 8,999,998.
    auto owed = Compute(299999999, Arrears(true));
    EXPECT_FALSE(owed.exempt);
    EXPECT_EQ(owed.required, 8999998);
    EXPECT_EQ(Rules(owed), (std::vector<std::string>{"base", "surcharge_arrears"}));
}

TEST(DepositRules, TwoCleanYearsHalveTheAmount) {
    auto r = Compute(1000000000, Clean(2));
    EXPECT_EQ(r.required, 10000000);
    EXPECT_EQ(Rules(r), (std::vector<std::string>{"base", "reduction_two_clean_years"}));
}

TEST(DepositRules, ThreeCleanYearsWithRealNameAndAccountAreExempt) {
    auto r = Compute(1000000000, Clean(3, true));
    EXPECT_TRUE(r.exempt);
    EXPECT_EQ(r.required, 0);
    EXPECT_EQ(Rules(r), (std::vector<std::string>{"base", "exempt_three_clean_years"}));
    // Without real-name management and the account in place: only the reduction.
    auto partial = Compute(1000000000, Clean(3, false));
    EXPECT_FALSE(partial.exempt);
    EXPECT_EQ(partial.required, 10000000);
}

TEST(DepositRules, ArrearsInThePriorTwoYearsAddHalf) {
    auto r = Compute(1000000000, Arrears(false));
    EXPECT_EQ(r.required, 30000000);
    EXPECT_EQ(r.lines.back().rule, "surcharge_arrears");
}

TEST(DepositRules, BlacklistDoublesAndBlocksExemptions) {
    DepositHistory h;
    h.blacklisted = true;
    EXPECT_EQ(Compute(1000000000, h).required, 40000000);
    // Small contract, no arrears last year, but blacklisted: 2% of ¥2,000,000 = 40,000 → ×2.
    auto small = Compute(200000000, h);
    EXPECT_FALSE(small.exempt);
    EXPECT_EQ(small.required, 8000000);
    // 3 clean years declared but blacklisted: neither exemption nor reduction.
    h.clean_years = 3;
    h.real_name_and_account_in_place = true;
    EXPECT_EQ(Compute(1000000000, h).required, 40000000);
}

TEST(DepositRules, SurchargesAddUpOnTheSameAmountThenTheCapApplies) {
    DepositHistory h = Arrears(true);
    h.blacklisted = true;
    // ¥10,000,000: 200,000 + 50% (100,000) + 100% (200,000) = ¥500,000, not compounded (¥600,000).
    auto r = Compute(1000000000, h);
    EXPECT_EQ(r.required, 50000000);
    EXPECT_EQ(Rules(r), (std::vector<std::string>{"base", "surcharge_arrears", "surcharge_blacklist"}));
    EXPECT_EQ(r.lines[1].amount_after, 30000000);
    // ¥200,000,000: ¥4,000,000 × 2.5 = ¥10,000,000 → cap ¥5,000,000.
    auto big = Compute(20000000000, h);
    EXPECT_EQ(big.required, 500000000);
    EXPECT_EQ(big.lines.back().rule, "cap");
    EXPECT_EQ(big.lines[2].amount_after, 1000000000);
}

TEST(DepositRules, SurchargeAppliesAfterTheMultiProjectFloor) {
    DepositParameters p;
    p.ratio_bp = 100;
    p.floor_multi_project_bp = 150;  // a region whose floor is above its ratio
    DepositHistory h = Arrears(false);
    // ¥10,000,000: base ¥100,000 → floor 1.5% ¥150,000 → +50% ¥225,000.
    auto r = Compute(1000000000, h, 2, p);
    EXPECT_EQ(r.required, 22500000);
    EXPECT_EQ(Rules(r), (std::vector<std::string>{"base", "floor_multi_project", "surcharge_arrears"}));
}

TEST(DepositRules, InconsistentHistoryTakesTheStricterReading) {
    DepositHistory h = Arrears(false);
    h.clean_years = 2;  // contradicts arrears in the prior two years
    EXPECT_EQ(Compute(1000000000, h).required, 30000000);
}

TEST(DepositRules, HugePricesDoNotOverflow) {
    EXPECT_EQ(ApplyBasisPoints(INT64_MAX, 20000), INT64_MAX);
    EXPECT_EQ(ApplyBasisPoints(4611686018427387904, 200), 92233720368547758);
}

TEST(DepositRules, GuaranteeValidity) {
    using core::Date;
    auto check = [](InstrumentCheck c) {
        core::FieldErrors errors;
        CheckInstrument(c, errors);
        return errors.fields();
    };
    InstrumentCheck ok{"bank_guarantee", 20000000, Date(2026, 3, 1), Date(2027, 2, 28), Date(2027, 1, 31), 20000000};
    EXPECT_TRUE(check(ok).empty());  // one year, both ends inclusive

    auto short_period = ok;
    short_period.valid_to = Date(2027, 2, 27);
    EXPECT_TRUE(check(short_period).contains("validTo"));

    auto shorter_than_contract = ok;
    shorter_than_contract.contract_end_on = Date(2027, 6, 30);
    EXPECT_TRUE(check(shorter_than_contract).contains("validTo"));

    auto no_contract_end = ok;
    no_contract_end.contract_end_on.reset();
    EXPECT_TRUE(check(no_contract_end).contains("validTo"));

    auto too_small = ok;
    too_small.amount = 19999999;
    EXPECT_TRUE(check(too_small).contains("amount"));

    auto undated = ok;
    undated.form = "insurance";
    undated.valid_from.reset();
    undated.valid_to.reset();
    auto fields = check(undated);
    EXPECT_TRUE(fields.contains("validFrom"));
    EXPECT_TRUE(fields.contains("validTo"));

    // Cash: any amount (a partial lodging shows as a shortfall), no validity dates.
    InstrumentCheck cash{"cash", 1, std::nullopt, std::nullopt, std::nullopt, 20000000};
    EXPECT_TRUE(check(cash).empty());
    cash.valid_to = Date(2027, 1, 1);
    EXPECT_TRUE(check(cash).contains("validTo"));

    EXPECT_EQ(AddYears(Date(2028, 2, 29), 1), Date(2029, 2, 28));
}

TEST(DepositRules, StatusMetLatePendingOverdue) {
    using core::Date;
    const Date due(2026, 10, 30);
    std::vector<InstrumentFacts> on_time{{"cash", 15000000, 15000000, Date(2026, 10, 20), std::nullopt, "active"},
                                         {"cash", 5000000, 5000000, Date(2026, 10, 30), std::nullopt, "active"}};
    auto met = ComputeStatus(20000000, false, due, on_time, Date(2026, 11, 5), 30);
    EXPECT_EQ(met.state, "met");
    EXPECT_EQ(met.met_on, Date(2026, 10, 30));
    EXPECT_EQ(met.lodged_total, 20000000);

    on_time[1].lodged_on = Date(2026, 11, 2);
    EXPECT_EQ(ComputeStatus(20000000, false, due, on_time, Date(2026, 11, 5), 30).state, "late");

    std::vector<InstrumentFacts> part{{"cash", 15000000, 15000000, Date(2026, 10, 20), std::nullopt, "active"}};
    auto pending = ComputeStatus(20000000, false, due, part, due, 30);
    EXPECT_EQ(pending.state, "pending");
    EXPECT_EQ(pending.shortfall, 5000000);
    EXPECT_EQ(ComputeStatus(20000000, false, due, part, due.AddDays(1), 30).state, "overdue");
    EXPECT_EQ(ComputeStatus(0, true, due, {}, due.AddDays(1), 30).state, "exempt");
}

TEST(DepositRules, GuaranteeExpiringSoonThenExpired) {
    using core::Date;
    std::vector<InstrumentFacts> g{
        {"bank_guarantee", 20000000, 20000000, Date(2026, 3, 1), Date(2027, 3, 31), "active"}};
    auto before = ComputeStatus(20000000, false, Date(2026, 4, 1), g, Date(2027, 2, 28), 30);
    EXPECT_FALSE(before.expiring_soon);  // 31 days left
    auto soon = ComputeStatus(20000000, false, Date(2026, 4, 1), g, Date(2027, 3, 1), 30);
    EXPECT_TRUE(soon.expiring_soon);  // 30 days left
    EXPECT_EQ(soon.shortfall, 0);
    auto expired = ComputeStatus(20000000, false, Date(2026, 4, 1), g, Date(2027, 4, 1), 30);
    EXPECT_TRUE(expired.expired);
    EXPECT_EQ(expired.lodged_total, 0);  // an expired letter holds nothing
    EXPECT_EQ(expired.state, "overdue");
}

TEST(DepositRules, UseAndReturnStates) {
    using core::Date;
    auto u = StateOfUse(Date(2026, 10, 12), std::nullopt, std::nullopt, std::nullopt, Date(2026, 10, 13));
    EXPECT_EQ(u.state, "awaiting_payment");
    EXPECT_TRUE(u.pay_overdue);
    u = StateOfUse(Date(2026, 10, 12), Date(2026, 10, 12), Date(2026, 10, 26), std::nullopt, Date(2026, 10, 27));
    EXPECT_EQ(u.state, "awaiting_topup");
    EXPECT_FALSE(u.pay_overdue);
    EXPECT_TRUE(u.topup_overdue);

    auto r = StateOfReturn(Date(2026, 7, 1), Date(2026, 7, 8), std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                           Date(2026, 6, 30));
    EXPECT_EQ(r.state, "notice");
    r = StateOfReturn(Date(2026, 7, 1), Date(2026, 7, 8), std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                      Date(2026, 7, 9));
    EXPECT_EQ(r.state, "review");
    EXPECT_TRUE(r.review_overdue);
}

}  // namespace
}  // namespace anxin::deposits
