// Live warnings over HTTP on the whole app (issue #7): data written through the API (an attendance
// batch, a complaint and its rejection) raises or clears a warning once the collector's scheduler job
// has run — driven with the ManualClock, no sleeps; a project whose data breaks an indicator does not
// hold back the others and is reported; the list filters; bad parameters and dates are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "app/scheduler.hpp"
#include "storage/database.hpp"
#include "testing/api_fixture.hpp"
#include "warnings/change_collector.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;

class LiveWarningApiTest : public anxin::testing::ApiTest {
  protected:
    void Exec(const std::string& sql) {
        auto tx = app().db().Begin();
        tx.ExecuteScript(sql);
        tx.Commit();
    }
    std::int64_t Count(const std::string& sql) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }
    // P1 (370102001, general contractor E-GC) and P2 (370103001, E-X), both under construction since
    // 20 February with their labor-affairs officer; worker W1 contracted on P1 from 1 January.
    // The clock says 2026-03-02 09:00: neither project has had attendance for 6 working days (RN-02).
    void Seed() {
        SeedRegions();
        Exec("INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, "
             "updated_at) VALUES ('E-GC', 'CC1', 1, '总包', '370102', 'general_contractor', 1, 1), ('E-X', 'CC2', 1, "
             "'别家', '370103', 'general_contractor', 1, 1);"
             "INSERT INTO registry_project (id, code, name, region_code, industry, investment_type, contract_signed_on, "
             "contract_start_on, status, status_on, public_token, general_contractor_id, created_at, updated_at) VALUES "
             "('P1', 'C1', '项目一', '370102001', 'housing', 'private', '2025-12-20', '2026-01-01', "
             "'under_construction', '2026-02-20', 'T1', 'E-GC', 1, 1), "
             "('P2', 'C2', '项目二', '370103001', 'housing', 'private', '2025-12-20', '2026-01-01', "
             "'under_construction', '2026-02-20', 'T2', 'E-X', 1, 1);"
             "INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES "
             "('P1', 'E-GC', '009', 1), ('P2', 'E-X', '009', 1);"
             "INSERT INTO registry_project_staff (project_id, duty, name, updated_at) VALUES "
             "('P1', 'labor_affairs_officer', '张劳资', 1), ('P2', 'labor_affairs_officer', '李劳资', 1);"
             "INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex, "
             "native_region_code, created_at, updated_at) VALUES ('W1', '王小明', 'e', 'i', 'm', '1980-01-01', 'M', "
             "'370102', 1, 1);"
             "INSERT INTO registry_contract (id, worker_id, project_id, employer_id, kind, start_on, wage_type, "
             "wage_rate, signed_on, created_at, updated_at) VALUES ('C1', 'W1', 'P1', 'E-GC', 'labor_contract', "
             "'2026-01-01', 'daily', 30000, '2026-01-01', 1, 1)");
    }
    // The scheduler's tick: the collector's job is due every 15 s of the app's clock.
    void Tick() {
        clock().Advance(std::chrono::seconds(15));
        app().scheduler().RunDue();
    }
    json::value Punch(const std::string& id, const std::string& time) {
        return json::value{{"deviceId", "G1"}, {"punchId", id},  {"projectId", "P1"},
                           {"workerId", "W1"}, {"time", time},   {"direction", "in"}};
    }
    anxin::testing::Response PutParameter(const std::string& key, std::int64_t value, const std::string& token) {
        return client().Request("PUT", "/api/v1/parameters/" + key, json::serialize(json::value{{"value", value}}),
                                {{"Authorization", "Bearer " + token}});
    }
    // Active warnings of an indicator on a project, read through the API as a supervisor sees them.
    json::array Active(const std::string& token, const std::string& indicator, const std::string& project = "P1") {
        auto r = client().Get("/api/v1/warnings?status=active&indicator=" + indicator + "&projectId=" + project, token);
        EXPECT_EQ(r.status, 200u) << r.body;
        return r.json.at("items").as_array();
    }
};

TEST_P(LiveWarningApiTest, AttendanceBatchesClearAndRaiseWarningsWithinTheNextTick) {
    Seed();
    auto supervisor = LoginAs("sup", "supervisor", "37");
    auto enterprise = LoginAs("ent", "enterprise-user", "", "E-GC");
    ASSERT_EQ(client().Post("/api/v1/warnings/evaluate", json::value(json::object{}), supervisor).status, 200u);
    ASSERT_EQ(Active(supervisor, "RN-02").size(), 1u);  // no attendance since 20 February

    // Today's punch: the site reports attendance again. Nothing changes until the job runs.
    auto today = client().Post("/api/v1/attendance/punches",
                               json::value{{"punches", {Punch("p-1", "2026-03-02T07:30:00+08:00")}}}, enterprise);
    ASSERT_EQ(today.status, 200u) << today.body;
    ASSERT_EQ(today.json.at("accepted").as_int64(), 1);
    EXPECT_EQ(Active(supervisor, "RN-02").size(), 1u);
    EXPECT_EQ(app().warning_changes().pending(), 1u);
    Tick();
    EXPECT_EQ(Active(supervisor, "RN-02").size(), 0u);
    EXPECT_EQ(app().warning_changes().pending(), 0u);
    auto history = client().Get("/api/v1/projects/P1/warnings", supervisor);
    ASSERT_EQ(history.status, 200u);
    auto rn02 = std::find_if(history.json.at("items").as_array().begin(), history.json.at("items").as_array().end(),
                             [](const json::value& w) { return w.at("indicator").as_string() == "RN-02"; });
    ASSERT_NE(rn02, history.json.at("items").as_array().end());
    EXPECT_EQ(rn02->at("status").as_string(), "cleared");

    // January's attendance reported late: worked in January, no pay by the end of February (PAY-01, red).
    auto january = client().Post("/api/v1/attendance/punches",
                                 json::value{{"punches", {Punch("p-2", "2026-01-12T07:30:00+08:00")}}}, enterprise);
    ASSERT_EQ(january.status, 200u) << january.body;
    ASSERT_EQ(january.json.at("accepted").as_int64(), 1);
    EXPECT_EQ(Active(supervisor, "PAY-01").size(), 0u);
    Tick();
    auto pay01 = Active(supervisor, "PAY-01");
    ASSERT_EQ(pay01.size(), 1u);
    EXPECT_EQ(pay01[0].at("period").as_string(), "2026-01");
    EXPECT_EQ(pay01[0].at("level").as_string(), "red");
    // The other project was not touched by either batch.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_run WHERE kind = 'incremental' AND projects = 1"), 2);
}

TEST_P(LiveWarningApiTest, AComplaintRaisesAndItsRejectionClears) {
    Seed();
    auto supervisor = LoginAs("sup", "supervisor", "37");
    auto clue = client().Post("/api/v1/clues",
                              json::value{{"channel", "hotline_12345"},
                                          {"complainantName", "王五"},
                                          {"phone", "13812345678"},
                                          {"employerName", "总包"},
                                          {"projectId", "P1"},
                                          {"amount", 560000},
                                          {"description", "两个月工资未发"}},
                              supervisor);
    ASSERT_EQ(clue.status, 201u) << clue.body;
    EXPECT_EQ(Active(supervisor, "CPL-01").size(), 0u);
    Tick();
    auto cpl01 = Active(supervisor, "CPL-01");
    ASSERT_EQ(cpl01.size(), 1u);
    EXPECT_EQ(cpl01[0].at("level").as_string(), "yellow");
    EXPECT_EQ(cpl01[0].at("evidence").at("count").as_int64(), 1);

    std::string id(clue.json.at("id").as_string());
    auto rejected = client().Post("/api/v1/clues/" + id + "/acceptance",
                                  json::value{{"accepted", false}, {"reason", "经核实为重复反映"}}, supervisor);
    ASSERT_EQ(rejected.status, 200u) << rejected.body;
    Tick();
    EXPECT_EQ(Active(supervisor, "CPL-01").size(), 0u);
}

TEST_P(LiveWarningApiTest, AProjectWhoseDataBreaksAnIndicatorDoesNotHoldBackTheOthers) {
    Seed();
    Exec("DELETE FROM registry_project_staff WHERE project_id = 'P2'");  // RN-04 on P2
    auto supervisor = LoginAs("sup", "supervisor", "37");
    // A corrupt attendance day on P2 makes every attendance-based indicator fail when it is read.
    Exec("INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted) VALUES ('P2', "
         "'W1', '2026-02-3x', 1, 0)");
    std::vector<std::string> changed{"P1", "P2"};
    app().warning_changes().ProjectsChanged(changed);
    ChangeRunReport report = app().warning_changes().RunOnce();

    EXPECT_EQ(report.projects, 2);
    EXPECT_EQ(Active(supervisor, "RN-02", "P1").size(), 1u);  // P1 still got its attendance warning
    EXPECT_EQ(Active(supervisor, "RN-04", "P2").size(), 1u);  // P2's other indicators still ran
    bool p2_reported = std::any_of(report.failures.begin(), report.failures.end(), [](const RunFailure& f) {
        return f.indicator == "RN-02" && f.project_id == std::optional<std::string>("P2");
    });
    EXPECT_TRUE(p2_reported);
    bool p1_failed = std::any_of(report.failures.begin(), report.failures.end(),
                                 [](const RunFailure& f) { return f.project_id == std::optional<std::string>("P1"); });
    EXPECT_FALSE(p1_failed);
    // The run's record names the failing project and indicator.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_run WHERE failures LIKE '%RN-02%' AND failures LIKE '%P2%' AND "
                    "projects = 1"),
              1);
    // Indicator failures are not retried every tick: the data has to change (or the night run).
    EXPECT_TRUE(report.retry.empty());
    EXPECT_EQ(app().warning_changes().pending(), 0u);
}

TEST_P(LiveWarningApiTest, ListFiltersByRegionLevelIndicatorProjectAndEnterprise) {
    Seed();
    Exec("DELETE FROM registry_project_staff WHERE project_id = 'P2'");  // RN-04 on P2 only
    auto supervisor = LoginAs("sup", "supervisor", "37");
    ASSERT_EQ(client().Post("/api/v1/warnings/evaluate", json::value(json::object{}), supervisor).status, 200u);
    auto total = [&](const std::string& query) {
        auto r = client().Get("/api/v1/warnings?status=active&" + query, supervisor);
        EXPECT_EQ(r.status, 200u) << r.body;
        return r.json.at("total").as_int64();
    };
    auto everything = total("");
    ASSERT_GE(everything, 3);  // RN-02 on both, RN-04 on P2
    EXPECT_EQ(total("indicator=RN-02"), 2);
    EXPECT_EQ(total("regionCode=370103"), total("projectId=P2"));
    EXPECT_EQ(total("regionCode=370102") + total("regionCode=370103"), everything);
    EXPECT_EQ(total("regionCode=370103&indicator=RN-04"), 1);
    EXPECT_EQ(total("regionCode=370102&indicator=RN-04"), 0);
    EXPECT_EQ(total("enterpriseId=E-X"), total("projectId=P2"));
    EXPECT_EQ(total("enterpriseId=E-GC&indicator=RN-04"), 0);
    EXPECT_EQ(total("projectId=P1&indicator=RN-02"), 1);
    EXPECT_EQ(total("level=red") + total("level=yellow") + total("level=blue"), everything);
    EXPECT_EQ(total("indicator=RN-04&level=yellow"), 1);
    EXPECT_EQ(total("indicator=RN-04&level=red"), 0);
    EXPECT_EQ(client().Get("/api/v1/warnings?level=orange", supervisor).status, 400u);
    EXPECT_EQ(client().Get("/api/v1/warnings?regionCode=3701020010001", supervisor).status, 400u);
}

TEST_P(LiveWarningApiTest, OutOfRangeParametersUnknownCodesAndFutureDatesAreRefused) {
    Seed();
    auto admin = LoginAs("admin", "system-admin");
    auto supervisor = LoginAs("sup", "supervisor", "37");
    auto negative = PutParameter("warning.rn02_red_days", -1, admin);
    EXPECT_EQ(negative.status, 400u) << negative.body;
    EXPECT_TRUE(negative.json.at("error").at("fields").as_object().contains("value"));
    auto over = PutParameter("warning.lab02_floor_bp", 10001, admin);
    EXPECT_EQ(over.status, 400u) << over.body;
    EXPECT_TRUE(over.json.at("error").at("fields").as_object().contains("value"));
    EXPECT_EQ(PutParameter("warning.rn02_red_days", 5, admin).status, 200u);

    auto unknown = client().Get("/api/v1/warnings?indicator=ZZ-99", supervisor);
    EXPECT_EQ(unknown.status, 400u);
    EXPECT_TRUE(unknown.json.at("error").at("fields").as_object().contains("indicator"));
    auto future = client().Post("/api/v1/warnings/evaluate", json::value{{"asOf", "2026-03-03"}}, supervisor);
    EXPECT_EQ(future.status, 400u);
    EXPECT_TRUE(future.json.at("error").at("fields").as_object().contains("asOf"));
    json::array too_many;
    for (int i = 0; i < 1001; ++i) too_many.push_back(json::string("P" + std::to_string(i)));
    auto many = client().Post("/api/v1/warnings/evaluate", json::value{{"projectIds", too_many}}, supervisor);
    EXPECT_EQ(many.status, 400u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_run"), 0);  // nothing evaluated by refused requests
}

INSTANTIATE_TEST_SUITE_P(Backends, LiveWarningApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings
