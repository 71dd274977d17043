// Accounts, allocations and the bank feed over real HTTP on both backends: what the console and a
// bank's system see — 201/409 on opening, masked numbers, scope (404 for other enterprises and other
// banks), per-field errors, the JSON and CSV feeds and the labor-cost report.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testing/api_fixture.hpp"
#include "wages/account_test_support.hpp"

namespace anxin::wages {
namespace {

using boost::json::value;

class WagesAccountApiTest : public anxin::testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        SeedRegions();
        wages::testing::SeedRegistry(app().db(), app().cipher(), /*with_regions=*/false);
    }
    anxin::testing::Response Put(const std::string& target, const value& body, const std::string& token) {
        return client().Request("PUT", target, boost::json::serialize(body), {{"Authorization", "Bearer " + token}});
    }
    static value AccountBody() {
        return value{{"bankCode", "ICBC"},
                     {"bankName", "中国工商银行"},
                     {"accountName", "专户"},
                     {"accountNumber", "1602001234567890123"},
                     {"openedOn", "2026-02-01"}};
    }
};

TEST_P(WagesAccountApiTest, AccountsFeedAndScope) {
    auto gc = LoginAs("gc1", "enterprise-user", "", "E1");
    auto cu = LoginAs("cu1", "enterprise-user", "", "E2");
    auto other = LoginAs("other", "enterprise-user", "", "E3");
    auto supervisor = LoginAs("sup", "supervisor", "37");
    auto icbc = LoginAs("icbc", "bank-operator", "", "ICBC");
    auto ccb = LoginAs("ccb", "bank-operator", "", "CCB");

    auto bad = client().Post("/api/v1/projects/P1/account",
                             value{{"bankCode", "ICBC"}, {"accountNumber", "12ab"}, {"openedOn", "2026-02-30"}}, gc);
    ASSERT_EQ(bad.status, 400u) << bad.body;
    EXPECT_TRUE(bad.json.at("error").at("fields").as_object().contains("openedOn"));
    EXPECT_TRUE(bad.json.at("error").at("fields").as_object().contains("bankName"));

    auto created = client().Post("/api/v1/projects/P1/account", AccountBody(), gc);
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(created.json.at("account").at("accountNumber").as_string(), "160200*********0123");
    EXPECT_EQ(created.body.find("1602001234567890123"), std::string::npos);
    EXPECT_EQ(created.json.at("deadlines").at("open").at("status").as_string(), "met");
    std::string account_id(created.json.at("account").at("id").as_string());
    EXPECT_EQ(client().Post("/api/v1/projects/P1/account", AccountBody(), gc).status, 409u);

    EXPECT_EQ(client().Get("/api/v1/projects/P1/account", other).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/account", ccb).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/account", icbc).status, 200u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/account?reveal=true", gc).status, 403u);
    auto revealed = client().Get("/api/v1/projects/P1/account?reveal=true", supervisor);
    ASSERT_EQ(revealed.status, 200u) << revealed.body;
    EXPECT_EQ(revealed.json.at("account").at("accountNumber").as_string(), "1602001234567890123");

    // The bank feed: JSON from the holding bank; the other bank gets a per-row error.
    value feed{{"transactions",
                boost::json::array{value{{"accountNumber", "1602001234567890123"},
                                         {"bankTxnId", "B1"},
                                         {"direction", "credit"},
                                         {"amountYuan", "5000.00"},
                                         {"bookedOn", "2026-03-01"}},
                                   value{{"accountNumber", "1602001234567890123"},
                                         {"bankTxnId", "B2"},
                                         {"direction", "debit"},
                                         {"amount", 20000},
                                         {"bookedOn", "2026-03-01"},
                                         {"counterpartyAccount", "6222000000000000"}}}}};
    auto posted = client().Post("/api/v1/bank-feed", feed, icbc);
    ASSERT_EQ(posted.status, 200u) << posted.body;
    EXPECT_EQ(posted.json.at("accepted").as_int64(), 2);
    EXPECT_EQ(posted.json.at("flagged").as_int64(), 1);
    auto again = client().Post("/api/v1/bank-feed", feed, icbc);
    EXPECT_EQ(again.json.at("duplicates").as_int64(), 2);
    auto foreign = client().Post("/api/v1/bank-feed", feed, ccb);
    ASSERT_EQ(foreign.status, 200u);
    EXPECT_EQ(foreign.json.at("accepted").as_int64(), 0);
    EXPECT_EQ(foreign.json.at("errors").as_array().size(), 2u);
    EXPECT_EQ(client().Post("/api/v1/bank-feed", feed, supervisor).status, 403u);
    auto csv = client().Request("POST", "/api/v1/bank-feed",
                                "accountNumber,bankTxnId,direction,amountYuan,bookedOn\n"
                                "1602001234567890123,B3,credit,0.01,2026-03-01\n",
                                {{"Authorization", "Bearer " + icbc}, {"Content-Type", "text/csv"}});
    ASSERT_EQ(csv.status, 200u) << csv.body;
    EXPECT_EQ(csv.json.at("accepted").as_int64(), 1);

    EXPECT_EQ(client().Get("/api/v1/accounts/" + account_id + "/transactions", ccb).status, 404u);
    auto txns = client().Get("/api/v1/accounts/" + account_id + "/transactions?flagged=true", icbc);
    ASSERT_EQ(txns.status, 200u);
    EXPECT_EQ(txns.json.at("total").as_int64(), 1);
    auto view = client().Get("/api/v1/projects/P1/account", supervisor);
    EXPECT_EQ(view.json.at("balance").as_int64(), 500'000 - 20'000 + 1);

    auto list = client().Get("/api/v1/accounts?bankCode=ICBC", supervisor);
    ASSERT_EQ(list.status, 200u);
    EXPECT_EQ(list.json.at("total").as_int64(), 1);
    EXPECT_EQ(client().Get("/api/v1/accounts", other).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Get("/api/v1/accounts", ccb).json.at("total").as_int64(), 0);

    // Output value, allocations and the report.
    auto output = Put("/api/v1/projects/P1/output-values/2026-02",
                      value{{"outputValue", 10'000'000}, {"progressPayment", 7'000'000}}, gc);
    ASSERT_EQ(output.status, 200u) << output.body;
    EXPECT_EQ(Put("/api/v1/projects/P1/output-values/2026-2", value{{"outputValue", 1}}, gc).status, 400u);
    auto bad_alloc = client().Post("/api/v1/projects/P1/allocations",
                                   value{{"period", "2026-02"}, {"amount", 12.5}, {"allocatedOn", "2026-03-01"}}, cu);
    ASSERT_EQ(bad_alloc.status, 400u);
    EXPECT_TRUE(bad_alloc.json.at("error").at("fields").as_object().contains("amount"));
    EXPECT_EQ(client()
                  .Post("/api/v1/projects/P1/allocations",
                        value{{"period", "2026-02"}, {"amount", 1000}, {"allocatedOn", "2026-03-01"}}, gc)
                  .status,
              403u);
    auto alloc = client().Post("/api/v1/projects/P1/allocations",
                               value{{"period", "2026-02"}, {"amount", 4'000'000}, {"allocatedOn", "2026-03-01"}}, cu);
    ASSERT_EQ(alloc.status, 201u) << alloc.body;
    auto report = client().Get("/api/v1/projects/P1/labor-cost?from=2026-02&to=2026-02", supervisor);
    ASSERT_EQ(report.status, 200u) << report.body;
    const auto& month = report.json.at("months").at(0);
    EXPECT_EQ(month.at("due").as_int64(), 5'000'000);
    EXPECT_EQ(month.at("allocated").as_int64(), 4'000'000);
    EXPECT_EQ(month.at("shortfall").as_int64(), 1'000'000);
    EXPECT_TRUE(month.at("progressPaymentBelow80").as_bool());
    EXPECT_EQ(client().Get("/api/v1/projects/P1/labor-cost?from=2026-02", supervisor).status, 400u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/labor-cost?from=2026-02&to=2026-02", other).status, 404u);
}

// The signed tripartite agreement: a scan the general contractor uploads for this project, named on the
// account; another project's or another enterprise's file is refused, "" removes it.
TEST_P(WagesAccountApiTest, TheSignedAgreementIsAScanOfThisProject) {
    auto gc = LoginAs("gc1", "enterprise-user", "", "E1");
    auto other = LoginAs("other", "enterprise-user", "", "E3");
    ASSERT_EQ(client().Post("/api/v1/projects/P1/account", AccountBody(), gc).status, 201u);
    const std::string pdf = "%PDF-1.4\n三方协议\n%%EOF\n";
    auto upload = [&](const std::string& token, const std::string& query) {
        return client().Post("/api/v1/files?purpose=account_agreement" + query, std::string_view(pdf), token,
                             {{"X-File-Name", "agreement.pdf"}});
    };
    const std::string mine(upload(gc, "&projectId=P1").json.at("id").as_string());
    const std::string loose(upload(gc, "").json.at("id").as_string());
    const std::string theirs(upload(other, "").json.at("id").as_string());
    auto patch = [&](const std::string& id) {
        return client().Patch("/api/v1/projects/P1/account", value{{"agreementFileId", id}}, gc);
    };
    EXPECT_EQ(patch(theirs).status, 404u);
    auto not_project = patch(loose);
    EXPECT_EQ(not_project.status, 400u);
    EXPECT_TRUE(not_project.json.at("error").at("fields").as_object().contains("agreementFileId")) << not_project.body;
    auto named = patch(mine);
    ASSERT_EQ(named.status, 200u) << named.body;
    EXPECT_EQ(named.json.at("account").at("agreementFile").at("id").as_string(), mine);
    EXPECT_EQ(named.json.at("account").at("agreementFile").at("fileName").as_string(), "agreement.pdf");
    auto removed = patch("");
    ASSERT_EQ(removed.status, 200u);
    EXPECT_TRUE(removed.json.at("account").at("agreementFile").is_null());
}

INSTANTIATE_TEST_SUITE_P(Backends, WagesAccountApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::wages
