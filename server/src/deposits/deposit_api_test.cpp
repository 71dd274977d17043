// The deposit API over real HTTP on both backends: the explained requirement, field errors,
// permissions, scope (404 outside it) and the list filters.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "deposits/deposit_test_support.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::deposits {
namespace {

using boost::json::value;
using namespace anxin::deposits::testing;

class DepositApiTest : public anxin::testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        SeedRegions();
        Seed seed(app().db());
        seed.Enterprise("E-GC");
        seed.Enterprise("E-SUB", "labor_subcontractor");
        seed.Project({.id = "P1", .price = 1234567891});
        seed.Project({.id = "PQ", .region = "370202"});
        seed.Participant("P1", "E-SUB", "006");
        seed.Worker("W1", "P1");
        county_ = LoginAs("county", "supervisor", "370102");
        qingdao_ = LoginAs("qingdao", "supervisor", "3702");
        gc_ = LoginAs("gcuser", "enterprise-user", "", "E-GC");
        sub_ = LoginAs("subuser", "enterprise-user", "", "E-SUB");
    }
    std::string county_, qingdao_, gc_, sub_;
};

TEST_P(DepositApiTest, GetExplainsTheRequirement) {
    auto r = client().Get("/api/v1/projects/P1/deposit", county_);
    ASSERT_EQ(r.status, 200u) << r.body;
    const auto& req = r.json.at("requirement");
    EXPECT_EQ(req.at("requiredAmount").as_int64(), 24691357);
    EXPECT_FALSE(req.at("stored").as_bool());
    EXPECT_EQ(req.at("lines").as_array().size(), 1u);
    EXPECT_EQ(req.at("lines").at(0).at("rule").as_string(), "base");
    EXPECT_EQ(req.at("lines").at(0).at("amountAfter").as_int64(), 24691357);
    EXPECT_EQ(req.at("dueOn").as_string(), "2026-02-02");  // 20 working days after Monday 2026-01-05
    EXPECT_EQ(r.json.at("status").at("state").as_string(), "overdue");
    EXPECT_EQ(r.json.at("status").at("shortfall").as_int64(), 24691357);

    auto post = client().Post("/api/v1/projects/P1/deposit/requirement", "", gc_);
    ASSERT_EQ(post.status, 200u) << post.body;
    EXPECT_TRUE(post.json.at("stored").as_bool());
    EXPECT_EQ(client().Post("/api/v1/projects/P1/deposit/requirement", "", sub_).status, 403u);
}

TEST_P(DepositApiTest, ScopeIsNotFound) {
    EXPECT_EQ(client().Get("/api/v1/projects/P1/deposit", qingdao_).status, 404u);
    EXPECT_EQ(client().Post("/api/v1/projects/P1/deposit/requirement", "", qingdao_).status, 404u);
    EXPECT_EQ(
        client()
            .Post(
                "/api/v1/projects/P1/deposit/instruments",
                value{{"form", "cash"}, {"issuer", "工行"}, {"number", "1"}, {"amount", 1}, {"lodgedOn", "2026-03-02"}},
                qingdao_)
            .status,
        404u);
    EXPECT_EQ(client().Get("/api/v1/projects/PQ/deposit", sub_).status, 404u);  // not a participant there
    EXPECT_EQ(client().Get("/api/v1/projects/PQ/deposit", qingdao_).status, 200u);
}

TEST_P(DepositApiTest, InstrumentFieldErrorsThenLodged) {
    auto bad = client().Post("/api/v1/projects/P1/deposit/instruments",
                             value{{"form", "bank_guarantee"},
                                   {"issuer", "建设银行"},
                                   {"number", "BG-1"},
                                   {"amount", 100},
                                   {"lodgedOn", "2026-03-02"},
                                   {"validFrom", "2026-03-01"},
                                   {"validTo", "2026-12-31"}},
                             gc_);
    ASSERT_EQ(bad.status, 400u) << bad.body;
    const auto& fields = bad.json.at("error").at("fields").as_object();
    EXPECT_TRUE(fields.contains("validTo"));
    EXPECT_TRUE(fields.contains("amount"));

    auto malformed = client().Post("/api/v1/projects/P1/deposit/instruments",
                                   value{{"form", "gold"}, {"amount", "lots"}, {"lodgedOn", "2026-02-30"}}, gc_);
    ASSERT_EQ(malformed.status, 400u);
    for (const char* f : {"form", "issuer", "number", "amount", "lodgedOn"})
        EXPECT_TRUE(malformed.json.at("error").at("fields").as_object().contains(f)) << f;

    auto ok = client().Post("/api/v1/projects/P1/deposit/instruments",
                            value{{"form", "bank_guarantee"},
                                  {"issuer", "建设银行"},
                                  {"number", "BG-1"},
                                  {"amount", 24691357},
                                  {"lodgedOn", "2026-03-02"},
                                  {"validFrom", "2026-03-01"},
                                  {"validTo", "2027-12-31"}},
                            gc_);
    ASSERT_EQ(ok.status, 201u) << ok.body;
    auto get = client().Get("/api/v1/projects/P1/deposit", gc_);
    EXPECT_EQ(get.json.at("status").at("state").as_string(), "late");
    EXPECT_EQ(get.json.at("instruments").at(0).at("balance").as_int64(), 24691357);

    // A subcontractor reads but does not lodge.
    EXPECT_EQ(client().Get("/api/v1/projects/P1/deposit", sub_).status, 200u);
    EXPECT_EQ(
        client()
            .Post(
                "/api/v1/projects/P1/deposit/instruments",
                value{{"form", "cash"}, {"issuer", "工行"}, {"number", "2"}, {"amount", 1}, {"lodgedOn", "2026-03-02"}},
                sub_)
            .status,
        403u);
}

TEST_P(DepositApiTest, UseAndReturnRoutes) {
    auto lodged = client().Post("/api/v1/projects/P1/deposit/instruments",
                                value{{"form", "cash"},
                                      {"issuer", "工商银行"},
                                      {"number", "1602-1"},
                                      {"amount", 24691357},
                                      {"lodgedOn", "2026-03-02"}},
                                gc_);
    ASSERT_EQ(lodged.status, 201u) << lodged.body;
    std::string instrument = std::string(lodged.json.at("id").as_string());

    value use_body{{"instrumentId", instrument},
                   {"noticeNumber", "RS-1"},
                   {"noticeOn", "2026-03-02"},
                   {"workers", boost::json::array{value{{"workerId", "W1"}, {"amount", 500000}}}}};
    EXPECT_EQ(client().Post("/api/v1/projects/P1/deposit/uses", use_body, gc_).status, 403u);  // HRSS issues it
    auto empty = client().Post(
        "/api/v1/projects/P1/deposit/uses",
        value{{"instrumentId", instrument}, {"noticeNumber", "RS-1"}, {"noticeOn", "2026-03-02"}}, county_);
    EXPECT_EQ(empty.status, 400u);
    EXPECT_TRUE(empty.json.at("error").at("fields").as_object().contains("workers"));

    auto use = client().Post("/api/v1/projects/P1/deposit/uses", use_body, county_);
    ASSERT_EQ(use.status, 201u) << use.body;
    std::string use_id = std::string(use.json.at("id").as_string());
    EXPECT_EQ(use.json.at("payDueOn").as_string(), "2026-03-09");
    auto paid = client().Post("/api/v1/projects/P1/deposit/uses/" + use_id + "/payment",
                              value{{"paidOn", "2026-03-02"}}, county_);
    ASSERT_EQ(paid.status, 200u) << paid.body;
    EXPECT_EQ(paid.json.at("topupDueOn").as_string(), "2026-03-16");
    auto topped = client().Post("/api/v1/projects/P1/deposit/uses/" + use_id + "/topup",
                                value{{"toppedUpOn", "2026-03-02"}}, gc_);
    ASSERT_EQ(topped.status, 200u) << topped.body;

    EXPECT_EQ(
        client()
            .Post("/api/v1/projects/P1/deposit/returns", value{{"appliedOn", "2026-03-02"}, {"pledge", true}}, gc_)
            .status,
        409u);  // under construction
    Seed(app().db()).SetStatus("P1", "finished");
    {
        // January's approved payroll, ¥3,000 not yet paid to W1.
        auto tx = app().db().Begin();
        tx.Execute("INSERT INTO wages_payroll (id, project_id, employer_id, period, pay_date, source, status, "
                   "created_at, updated_at) VALUES ('PR1', 'P1', 'E-GC', '2026-01', '2026-02-15', 'manual', "
                   "'approved', 0, 0)");
        tx.Execute("INSERT INTO wages_payroll_line (id, payroll_id, worker_id, gross_pay, net_pay, paid_amount, "
                   "created_at, updated_at) VALUES ('PL1', 'PR1', 'W1', 300000, 300000, 0, 0, 0)");
        tx.Commit();
    }
    // Issue 11: the app wired a stub that never refused; the wages module now answers.
    auto owing =
        client().Post("/api/v1/projects/P1/deposit/returns", value{{"appliedOn", "2026-01-02"}, {"pledge", true}}, gc_);
    ASSERT_EQ(owing.status, 409u) << owing.body;
    EXPECT_NE(owing.body.find("3000.00"), std::string::npos) << owing.body;
    {
        auto tx = app().db().Begin();
        tx.Execute("UPDATE wages_payroll_line SET paid_amount = 300000, paid_on = '2026-02-15' WHERE id = 'PL1'");
        tx.Commit();
    }
    auto applied =
        client().Post("/api/v1/projects/P1/deposit/returns", value{{"appliedOn", "2026-01-02"}, {"pledge", true}}, gc_);
    ASSERT_EQ(applied.status, 201u) << applied.body;
    std::string ret = std::string(applied.json.at("id").as_string());
    EXPECT_EQ(client()
                  .Post("/api/v1/projects/P1/deposit/returns/" + ret + "/review",
                        value{{"result", "approved"}, {"reviewedOn", "2026-03-02"}}, gc_)
                  .status,
              403u);
    auto reviewed = client().Post("/api/v1/projects/P1/deposit/returns/" + ret + "/review",
                                  value{{"result", "approved"}, {"reviewedOn", "2026-03-02"}}, county_);
    ASSERT_EQ(reviewed.status, 200u) << reviewed.body;
    auto confirmed = client().Post("/api/v1/projects/P1/deposit/returns/" + ret + "/confirmation",
                                   value{{"confirmedOn", "2026-03-02"}}, county_);
    ASSERT_EQ(confirmed.status, 200u) << confirmed.body;
    auto get = client().Get("/api/v1/projects/P1/deposit", county_);
    EXPECT_EQ(get.json.at("instruments").at(0).at("status").as_string(), "returned");
    EXPECT_EQ(get.json.at("returns").at(0).at("state").as_string(), "returned");
    EXPECT_EQ(get.json.at("uses").at(0).at("state").as_string(), "completed");
}

TEST_P(DepositApiTest, ListFiltersInScope) {
    ASSERT_EQ(client().Post("/api/v1/projects/P1/deposit/requirement", "", county_).status, 200u);
    auto province = LoginAs("province", "supervisor", "37");
    ASSERT_EQ(client().Post("/api/v1/projects/PQ/deposit/requirement", "", province).status, 200u);
    auto all = client().Get("/api/v1/deposits", province);
    ASSERT_EQ(all.status, 200u) << all.body;
    EXPECT_EQ(all.json.at("total").as_int64(), 2);
    EXPECT_EQ(client().Get("/api/v1/deposits", county_).json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/deposits?overdue=true", province).json.at("total").as_int64(), 2);
    EXPECT_EQ(client().Get("/api/v1/deposits?expiring=true", province).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Get("/api/v1/deposits?regionCode=3702&shortfall=true", province).json.at("total").as_int64(), 1);
    auto bad = client().Get("/api/v1/deposits?overdue=maybe", province);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_TRUE(bad.json.at("error").at("fields").as_object().contains("overdue"));
    auto item = client().Get("/api/v1/deposits?pageSize=1", province).json.at("items").at(0);
    EXPECT_EQ(item.at("projectId").as_string(), "P1");
    EXPECT_EQ(item.at("requiredAmount").as_int64(), 24691357);

    EXPECT_EQ(client()
                  .Post("/api/v1/deposits/history",
                        value{{"enterpriseId", "E-GC"}, {"year", 2025}, {"hadArrears", true}}, county_)
                  .status,
              204u);
    auto missing = client().Post("/api/v1/deposits/history", value{{"enterpriseId", "E-GC"}, {"year", 2025}}, county_);
    EXPECT_EQ(missing.status, 400u);
    EXPECT_EQ(
        client().Post("/api/v1/projects/P1/deposit/requirement", "", county_).json.at("requiredAmount").as_int64(),
        37037035);  // 24,691,357 + 50% (12,345,678.5 → 12,345,678)
}

INSTANTIATE_TEST_SUITE_P(Backends, DepositApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::deposits
