// The warnings API over HTTP on the whole app: permissions per role, evaluate (and its bad input),
// list / detail with events, project history, summary, the lifecycle routes, masking by role.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "storage/database.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;

class WarningApiTest : public anxin::testing::ApiTest {
  protected:
    void Exec(const std::string& sql) {
        auto tx = app().db().Begin();
        tx.ExecuteScript(sql);
        tx.Commit();
    }
    // P1 in 370102001 without a labor-affairs officer (RN-04) and with an uncontracted worker (RN-01).
    void Seed() {
        SeedRegions();
        Exec("INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, "
             "updated_at) VALUES ('E-GC', 'CC1', 1, '总包', '370102', 'general_contractor', 1, 1), ('E-X', 'CC2', 1, "
             "'别家', '370102', 'general_contractor', 1, 1);"
             "INSERT INTO registry_project (id, code, name, region_code, industry, investment_type, contract_signed_on, "
             "status, status_on, public_token, general_contractor_id, created_at, updated_at) VALUES ('P1', 'C1', '项目一', "
             "'370102001', 'housing', 'private', '2026-02-20', 'under_construction', '2026-02-20', 'T1', 'E-GC', 1, 1);"
             "INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E-GC', "
             "'009', 1);"
             "INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex, "
             "native_region_code, created_at, updated_at) VALUES ('W1', '王小明', 'e', 'i', 'm', '1980-01-01', 'M', "
             "'370102', 1, 1);"
             "INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted) VALUES ('P1', "
             "'W1', '2026-03-01', 480, 1)");
    }
};

TEST_P(WarningApiTest, EvaluateListDetailHandleAndSummary) {
    Seed();
    auto supervisor = LoginAs("sup", "supervisor", "37");
    auto enterprise = LoginAs("ent", "enterprise-user", "", "E-GC");
    auto admin = LoginAs("admin", "system-admin");

    auto bad = client().Post("/api/v1/warnings/evaluate", json::value(json::object{{"asOf", "2026-03-03"}}), supervisor);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_TRUE(bad.json.at("error").at("fields").as_object().contains("asOf"));
    EXPECT_EQ(client().Post("/api/v1/warnings/evaluate", json::value(json::object{}), enterprise).status, 403u);
    auto run = client().Post("/api/v1/warnings/evaluate",
                             json::value(json::object{{"asOf", "2026-03-02"}, {"projectIds", json::array{"P1"}}}), admin);
    ASSERT_EQ(run.status, 200u) << run.body;
    EXPECT_EQ(run.json.at("kind").as_string(), "incremental");
    EXPECT_GE(run.json.at("raised").as_int64(), 2);

    auto list = client().Get("/api/v1/warnings?indicator=RN-01&level=red", supervisor);
    ASSERT_EQ(list.status, 200u) << list.body;
    ASSERT_EQ(list.json.at("total").as_int64(), 1);
    std::string id(list.json.at("items").as_array()[0].at("id").as_string());
    EXPECT_EQ(client().Get("/api/v1/warnings?indicator=ZZ-01", supervisor).status, 400u);
    EXPECT_EQ(client().Get("/api/v1/warnings?status=nope", supervisor).status, 400u);

    auto detail = client().Get("/api/v1/warnings/" + id, supervisor);
    ASSERT_EQ(detail.status, 200u);
    EXPECT_EQ(detail.json.at("evidence").at("workers").as_array()[0].at("workerName").as_string(), "王小明");
    EXPECT_EQ(detail.json.at("events").as_array()[0].at("kind").as_string(), "raised");
    auto masked = client().Get("/api/v1/warnings/" + id, enterprise);
    ASSERT_EQ(masked.status, 200u);
    EXPECT_EQ(masked.json.at("evidence").at("workers").as_array()[0].at("workerName").as_string(), "王**");

    EXPECT_EQ(client().Post("/api/v1/warnings/" + id + "/acknowledge", "", enterprise).status, 200u);
    EXPECT_EQ(client().Post("/api/v1/warnings/" + id + "/handling", json::value(json::object{{"note", "整改中"}}), enterprise)
                  .status,
              200u);
    EXPECT_EQ(client().Post("/api/v1/warnings/" + id + "/dismiss", json::value(json::object{{"reason", "误报"}}), enterprise)
                  .status,
              403u);
    auto dismissed =
        client().Post("/api/v1/warnings/" + id + "/dismiss", json::value(json::object{{"reason", "已核实为误报"}}), supervisor);
    ASSERT_EQ(dismissed.status, 200u) << dismissed.body;
    EXPECT_EQ(dismissed.json.at("status").as_string(), "dismissed");
    EXPECT_EQ(client().Post("/api/v1/warnings/" + id + "/acknowledge", "", supervisor).status, 409u);

    auto history = client().Get("/api/v1/projects/P1/warnings", enterprise);
    ASSERT_EQ(history.status, 200u);
    EXPECT_GE(history.json.at("items").as_array().size(), 2u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/warnings", LoginAs("other", "enterprise-user", "", "E-X")).status, 404u);

    auto summary = client().Get("/api/v1/warnings/summary?regionCode=370102", supervisor);
    ASSERT_EQ(summary.status, 200u) << summary.body;
    EXPECT_EQ(summary.json.at("byCounty").as_array()[0].at("countyCode").as_string(), "370102");
    EXPECT_EQ(summary.json.at("byStatus").at("dismissed").as_int64(), 1);
    auto indicators = client().Get("/api/v1/warnings/indicators", supervisor);
    ASSERT_EQ(indicators.status, 200u);
    EXPECT_GE(indicators.json.at("items").as_array().size(), 40u);
}

INSTANTIATE_TEST_SUITE_P(Backends, WarningApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings
