// Issue 15's story over HTTP, on the injected clock: wages unpaid → a complaint becomes a case → the
// order to pay is missed → CRD-01 names the candidate → the listing procedure (notice, statement,
// decision) → CRD-02 on another project the firm takes part in → the deposit of its next project
// carries the blacklist surcharge → a construction unit's pre-contract query shows it listed → the
// arrears are paid, six months later repair is applied for and granted → the query shows the removal.
#include <gtest/gtest.h>

#include <algorithm>

#include <boost/json.hpp>

#include "core/identifiers.hpp"
#include "credit/credit_test_support.hpp"
#include "credit/listing_rules.hpp"
#include "deposits/deposit_service.hpp"
#include "deposits/deposit_test_support.hpp"
#include "registry/enterprises.hpp"
#include "testing/api_fixture.hpp"
#include "testing/principals.hpp"
#include "warnings/warnings.hpp"

namespace anxin {
namespace {

using boost::json::value;

class CreditScenario : public testing::ApiTest {
  protected:
    void SetToday(core::Date day) { clock().Set(day.StartInShanghai() + std::chrono::hours(10)); }
    core::Date Today() { return clock().TodayInShanghai(); }
    std::string Login(const std::string& username) {
        auto r = client().Post("/api/v1/auth/login", value{{"username", username}, {"password", kPassword}});
        EXPECT_EQ(r.status, 200u) << r.body;
        return std::string(r.json.at("token").as_string());
    }
    std::int64_t Count(const std::string& sql) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }
};

TEST_P(CreditScenario, FromUnpaidWagesToListingAndRepair) {
    SetToday(core::Date(2026, 9, 1));
    SeedRegions();
    const registry::NewEnterprise e = credit::fixtures::Hengda("91370102MA3C00002");
    const std::string firm = app().enterprises().Create(testing::Supervisor("37"), e).id;
    deposits::testing::Seed seed(app().db());
    seed.Enterprise("E-GC");
    seed.Project({.id = "P-A", .region = "370102001"});  // where the wages went unpaid
    seed.Participant("P-A", firm, "006");
    seed.Project({.id = "P-B", .region = "370102001"});  // another site the firm works on
    seed.Participant("P-B", firm, "006");
    std::string staff = LoginAs("lixia", "supervisor", "370102");
    LoginAs("jianshe", "enterprise-user", "370102", "E-GC");

    // Wages unpaid: the complaint, the case, the order to pay by 10 September.
    auto clue = client().Post("/api/v1/clues",
                              value{{"channel", "walk_in"}, {"complainantName", "王五"}, {"phone", "13812345678"},
                                    {"employerName", e.name}, {"projectId", "P-A"}, {"unpaidFrom", "2026-06"},
                                    {"unpaidTo", "2026-08"}, {"amount", 5'000'000}, {"description", "三个月工资未发，12 人"}},
                              staff);
    ASSERT_EQ(clue.status, 201u) << clue.body;
    auto accepted = client().Post("/api/v1/clues/" + std::string(clue.json.at("id").as_string()) + "/acceptance",
                                  value{{"accepted", true}}, staff);
    ASSERT_EQ(accepted.status, 200u) << accepted.body;
    const std::string case_id(accepted.json.at("caseId").as_string());
    for (const value& step : {value{{"kind", "contact"}, {"method", "phone"}},
                              value{{"kind", "verify"}, {"findings", "工资表与考勤核对，欠薪属实"}},
                              value{{"kind", "order"}, {"payBy", "2026-09-10"}, {"orderNumber", "历人社限付〔2026〕9号"}}}) {
        auto r = client().Post("/api/v1/cases/" + case_id + "/steps", step, staff);
        ASSERT_EQ(r.status, 201u) << r.body;
    }

    // The order's day passes unpaid: CRD-01 on the case.
    SetToday(core::Date(2026, 9, 14));
    app().warnings().EvaluateAll(Today());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'CRD-01' AND subject_id = '" + case_id +
                    "' AND level = 'red'"),
              1);

    // The procedure: proposed on the case, notified, the statement heard, decided after the period.
    staff = Login("lixia");
    const core::Fen owed = 5'000'000;
    auto proposed = client().Post(
        "/api/v1/credit/listings",
        value{{"enterpriseId", firm}, {"caseId", case_id}, {"arrearsFen", owed}, {"orderMissedOn", "2026-09-10"},
              {"reason", "拖欠 12 名农民工工资 5 万元，经责令限期支付逾期仍不支付"},
              {"persons", boost::json::array{value{{"role", "legal_representative"}, {"name", "赵恒达"},
                                                   {"idNumber", core::MakeIdNumber("370102", core::Date(1975, 3, 4), 31)}}}}},
        staff);
    ASSERT_EQ(proposed.status, 201u) << proposed.body;
    const std::string listing = "/api/v1/credit/listings/" + std::string(proposed.json.at("id").as_string());
    auto notified = client().Post(listing + "/notice", value(boost::json::object{}), staff);
    ASSERT_EQ(notified.status, 200u) << notified.body;
    EXPECT_EQ(client().Post(listing + "/statement", value{{"statement", "资金困难，请求宽限"}}, staff).status, 200u);
    SetToday(core::Date::Parse(std::string(notified.json.at("statementDue").as_string()))->AddDays(1));
    staff = Login("lixia");
    ASSERT_EQ(client().Post(listing + "/decision", value{{"outcome", "list"}, {"reason", "拒不支付劳动报酬"}}, staff).status, 200u);
    const core::Date decided_on = Today();

    // CRD-02 on the other site as well; the next project's deposit carries the surcharge.
    app().warnings().EvaluateAll(Today());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'CRD-02' AND project_id = 'P-B' AND level = 'red'"), 1);
    seed.Project({.id = "P-NEXT", .region = "370102001", .status = "approved", .gc = firm});  // its next contract
    auto requirement = app().deposits().Recompute(testing::Supervisor("37"), "P-NEXT");
    EXPECT_TRUE(std::any_of(requirement.result.lines.begin(), requirement.result.lines.end(),
                            [](const auto& l) { return l.rule == deposits::kRuleSurchargeBlacklist; }));

    // The construction unit checks the firm before signing: listed, with the case.
    std::string builder = Login("jianshe");
    auto record = client().Post("/api/v1/credit/queries", value{{"enterpriseId", firm}}, builder);
    ASSERT_EQ(record.status, 201u) << record.body;
    EXPECT_EQ(record.json.at("result").at("listing").at("expiresOn").as_string(), credit::AddMonths(decided_on, 36).ToString());
    EXPECT_EQ(record.json.at("result").at("arrearsCases").as_array().size(), 1u)
        << boost::json::serialize(record.json.at("result").at("arrearsCases"));

    // Paid in full; repair six months later, granted; the query shows the removal.
    staff = Login("lixia");
    ASSERT_EQ(client().Post(listing + "/correction", value{{"arrearsPaidOn", Today().ToString()}}, staff).status, 200u);
    SetToday(credit::AddMonths(Today(), 6));
    staff = Login("lixia");
    auto applied = client().Post(listing + "/repair", value{{"pledge", "本企业承诺今后按时足额支付农民工工资"}}, staff);
    ASSERT_EQ(applied.status, 200u) << applied.body;
    auto granted = client().Post(listing + "/repair-decision", value{{"outcome", "grant"}, {"reason", "清偿满 6 个月，无新发欠薪"}}, staff);
    ASSERT_EQ(granted.status, 200u) << granted.body;
    builder = Login("jianshe");
    auto after = client().Post("/api/v1/credit/queries", value{{"enterpriseId", firm}}, builder);
    ASSERT_EQ(after.status, 201u) << after.body;
    EXPECT_TRUE(after.json.at("result").at("listing").is_null());
    const auto& history = after.json.at("result").at("procedures").at(0);
    EXPECT_EQ(history.at("state").as_string(), "removed");
    EXPECT_EQ(history.at("removal").as_string(), "repaired");
    EXPECT_EQ(history.at("removedOn").as_string(), Today().ToString());
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditScenario, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace anxin
