// Payroll and pay-batch routes over HTTP on the whole app: the import error report (JSON and CSV),
// status codes of the gates, the bank file's headers, and permissions/scope per role. Both backends.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/identifiers.hpp"
#include "registry/workers.hpp"
#include "testing/api_fixture.hpp"
#include "wages/payroll_test_support.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

class WagesPayrollApiTest : public anxin::testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        testing::SeedPayrollRegistry(app().db());
        sub_ = LoginAs("sub-user", "enterprise-user", "", "E2");
        gc_ = LoginAs("gc-user", "enterprise-user", "", "E1");
        other_ = LoginAs("qingdao", "enterprise-user", "", "E3");
        supervisor_ = LoginAs("lixia", "supervisor", "370102");
        icbc_ = LoginAs("icbc", "bank-operator", "", "ICBC");
        boc_ = LoginAs("boc-op", "bank-operator", "", "BOC");
        for (int i = 0; i < 2; ++i) {
            registry::NewWorker w;
            w.name = i == 0 ? "张三" : "李四";
            w.id_number = IdNumber(901 + 2 * i);
            w.phone = "13800000000";
            w.bank_card = "622202000000000001" + std::to_string(i);
            w.bank_name = "中国工商银行";
            workers_.push_back(app().workers().Create(testing::Enterprise("E1"), w).id);
            registry::NewContract c;
            c.worker_id = workers_.back();
            c.project_id = "P1";
            c.employer_id = "E2";
            c.kind = "labor_contract";
            c.start_on = core::Date(2026, 1, 1);
            c.wage_type = "daily";
            c.wage_rate = 30000;
            c.signed_on = core::Date(2026, 1, 1);
            app().contracts().Create(testing::Enterprise("E1"), c);
        }
        auto tx = app().db().Begin();
        for (const auto& w : workers_)
            for (int d = 0; d < 20; ++d)
                tx.Execute("INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted) "
                           "VALUES ('P1', $1, $2, 480, 1)",
                           {w, core::Date(2026, 2, 2).AddDays(d).ToString()});
        tx.Commit();
    }
    static std::string IdNumber(int sequence) {
        return core::MakeIdNumber("370102", core::Date(1985, 6, 1), sequence);
    }
    std::int64_t Count(const std::string& sql) { return app().db().Begin(storage::TxMode::kRead).QueryOne(sql).Int(0); }

    std::string sub_, gc_, other_, supervisor_, icbc_, boc_;
    std::vector<std::string> workers_;
};

TEST_P(WagesPayrollApiTest, ImportWithBadRowsAnswers422WithTheReportAndImportsNothing) {
    const std::string target = "/api/v1/projects/P1/payrolls/import?employerId=E2&period=2026-02";
    std::string bad = "身份证号,姓名,出勤天数,应发,扣款,实发\n";
    bad += IdNumber(901) + ",张三,20,6000,0,6000\n";
    bad += IdNumber(903) + ",李四,20,6000.001,0,6000\n";
    bad += core::MakeIdNumber("370102", core::Date(1990, 1, 1), 999) + ",无名,20,100,0,100\n";
    auto r = client().Post(target, bad, sub_, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 422u) << r.body;
    EXPECT_EQ(r.json.at("error").at("code").as_string(), "unprocessable");
    const auto& errors = r.json.at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u) << r.body;
    EXPECT_EQ(errors[0].at("row").as_int64(), 3);
    EXPECT_EQ(errors[1].at("row").as_int64(), 4);
    EXPECT_NE(std::string(r.json.at("report").as_string()).find("行号"), std::string::npos);

    r = client().Post(target + "&report=csv", bad, sub_, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 422u);
    EXPECT_NE(r.Header("Content-Type").find("text/csv"), std::string::npos);
    EXPECT_NE(r.Header("Content-Disposition").find("attachment"), std::string::npos);
    EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM wages_payroll"), 0);

    std::string good = "身份证号,姓名,出勤天数,应发,扣款,实发\n";
    good += IdNumber(901) + ",张三,20,6000,0,6000\n" + IdNumber(903) + ",李四,20,6000.01,0.01,6000\n";
    r = client().Post(target, good, sub_, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 201u) << r.body;
    EXPECT_EQ(r.json.at("netTotal").as_int64(), 1200000);
    EXPECT_EQ(r.json.at("grossTotal").as_int64(), 1200001);
    // A second import for the same month is a duplicate.
    EXPECT_EQ(client().Post(target, good, sub_, {{"Content-Type", "text/csv"}}).status, 409u);
}

TEST_P(WagesPayrollApiTest, GatesPermissionsAndScopeOverHttp) {
    // Supervisors review but cannot create; an enterprise outside the project does not see it.
    auto r = client().Post("/api/v1/projects/P1/payrolls", json::value{{"employerId", "E2"}, {"period", "2026-02"}},
                           supervisor_);
    EXPECT_EQ(r.status, 403u);
    r = client().Post("/api/v1/projects/P1/payrolls", json::value{{"employerId", "E2"}, {"period", "2026-02"}}, sub_);
    ASSERT_EQ(r.status, 201u) << r.body;
    const std::string id = std::string(r.json.at("id").as_string());
    const json::array lines = r.json.at("lines").as_array();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].at("grossPay").as_int64(), 600000);
    EXPECT_EQ(client().Get("/api/v1/payrolls/" + id, other_).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/payrolls/" + id, supervisor_).status, 200u);

    // Negative and fractional amounts are refused at the edge.
    const std::string line = std::string(lines[0].at("id").as_string());
    EXPECT_EQ(client().Patch("/api/v1/payrolls/" + id + "/lines/" + line, json::value{{"basePay", -1}}, sub_).status,
              400u);
    EXPECT_EQ(client().Patch("/api/v1/payrolls/" + id + "/lines/" + line, json::value{{"basePay", 10.5}}, sub_).status,
              400u);

    // Approval before submission → 409; with unconfirmed lines → 422; then the full path.
    EXPECT_EQ(client().Post("/api/v1/payrolls/" + id + "/approval", "{}", gc_).status, 409u);
    ASSERT_EQ(client().Post("/api/v1/payrolls/" + id + "/submission", "{}", sub_).status, 200u);
    EXPECT_EQ(client().Post("/api/v1/payrolls/" + id + "/approval", "{}", gc_).status, 422u);
    for (const auto& l : lines) {
        r = client().Post("/api/v1/payrolls/" + id + "/lines/" + std::string(l.at("id").as_string()) + "/confirmation",
                          json::value{{"method", "sms"}}, sub_);
        ASSERT_EQ(r.status, 200u) << r.body;
    }
    ASSERT_EQ(client().Post("/api/v1/payrolls/" + id + "/approval", "{}", gc_).status, 200u);
    EXPECT_EQ(client().Post("/api/v1/payrolls/" + id + "/pay-batches", "{}", icbc_).status, 403u);
    r = client().Post("/api/v1/payrolls/" + id + "/pay-batches", "{}", sub_);
    ASSERT_EQ(r.status, 201u) << r.body;
    const std::string batch = std::string(r.json.at("id").as_string());
    EXPECT_EQ(client().Post("/api/v1/payrolls/" + id + "/pay-batches", "{}", sub_).status, 409u);

    // The bank file: CSV with BOM, as an attachment, never cached; only for the payer and its bank.
    r = client().Get("/api/v1/pay-batches/" + batch + "/file.csv", sub_);
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_NE(r.Header("Content-Type").find("text/csv"), std::string::npos);
    EXPECT_NE(r.Header("Content-Disposition").find("paybatch-2026-02-1.csv"), std::string::npos);
    EXPECT_EQ(r.Header("Cache-Control"), "no-store");
    EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(r.body.find("6222020000000000010"), std::string::npos);
    r = client().Get("/api/v1/pay-batches/" + batch + "/file.xlsx", icbc_);
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.body.substr(0, 2), "PK");
    EXPECT_EQ(client().Get("/api/v1/pay-batches/" + batch + "/file.csv", supervisor_).status, 403u);
    EXPECT_EQ(client().Get("/api/v1/pay-batches/" + batch + "/file.csv", boc_).status, 404u);

    // Bank lists: ICBC sees the batch, BOC nothing; only banks post returns.
    r = client().Get("/api/v1/pay-batches?status=issued", icbc_);
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(client().Get("/api/v1/pay-batches", boc_).json.at("items").as_array().size(), 0u);
    EXPECT_EQ(client().Post("/api/v1/pay-batches/" + batch + "/return", "参考号,状态,处理日期\n", sub_).status, 403u);
    // A return naming an unknown reference and missing both lines: 422 naming them, nothing written.
    r = client().Post("/api/v1/pay-batches/" + batch + "/return", "参考号,状态,处理日期,银行流水号\nX-1,成功,2026-03-01,B1\n",
                      icbc_, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 422u) << r.body;
    EXPECT_TRUE(r.json.at("error").at("fields").as_object().contains("X-1"));
    EXPECT_EQ(r.json.at("error").at("fields").as_object().size(), 3u);
    EXPECT_EQ(client().Get("/api/v1/pay-batches/" + batch, icbc_).json.at("status").as_string(), "issued");

    // Wage records: owed, nothing paid yet; outside scope nothing.
    r = client().Get("/api/v1/workers/" + workers_[0] + "/wages", supervisor_);
    ASSERT_EQ(r.status, 200u) << r.body;
    ASSERT_EQ(r.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(r.json.at("items").as_array()[0].at("outstanding").as_int64(), 600000);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/wages?period=2026-02", other_).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/wages?period=2026-2", supervisor_).status, 400u);
    // Issue 11: a worker outside scope is absent (it answered 200 with an empty list) …
    EXPECT_EQ(client().Get("/api/v1/workers/" + workers_[0] + "/wages", other_).status, 404u);
    // … and the bank holding P1's account reads its wages (it got 404); another bank does not.
    r = client().Get("/api/v1/projects/P1/wages?period=2026-02", icbc_);
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.json.at("items").as_array().size(), 2u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/wages", boc_).status, 404u);
}

INSTANTIATE_TEST_SUITE_P(Backends, WagesPayrollApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::wages
