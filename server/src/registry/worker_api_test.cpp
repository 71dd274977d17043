// Workers, contracts and attendance over real HTTP on both backends: status codes, the error
// envelope, masking by role with the audited reveal, REG 28 through the API, per-row punch errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "registry/worker_test_support.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::registry {
namespace {

using boost::json::value;

class WorkerApiTest : public anxin::testing::ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        registry::testing::SeedRegistry(app().db());  // the same small tree SeedRegions() would add, plus projects
        supervisor_ = LoginAs("lixia", "supervisor", "370102");
        labor_ = LoginAs("labor2", "enterprise-user", "", "E2");
        stranger_ = LoginAs("qingdao3", "enterprise-user", "", "E3");
    }
    std::int64_t Count(const std::string& sql) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }
    value WorkerBody(const std::string& id_number) {
        return value{{"name", "孙七"},        {"idNumber", id_number},  {"phone", "13712345678"},
                     {"bankCard", "6217001234567890"}, {"bankName", "建设银行"}, {"workType", "010"}};
    }

    std::string supervisor_, labor_, stranger_;
};

TEST_P(WorkerApiTest, RegisterSignEnterPunchAndRead) {
    const std::string id_number = registry::testing::IdNumber(core::Date(1992, 6, 1));
    auto created = client().Post("/api/v1/workers", WorkerBody(id_number), labor_);
    ASSERT_EQ(created.status, 201u) << created.body;
    std::string worker_id(created.json.at("id").as_string());
    EXPECT_EQ(created.json.at("idNumber").as_string(), core::MaskIdNumber(id_number));
    EXPECT_EQ(created.json.at("phone").as_string(), "137****5678");
    EXPECT_EQ(created.json.at("workTypeName").as_string(), "砌筑工");

    // The same person again, by the employer who sees them: 409 naming the existing worker.
    auto again = client().Post("/api/v1/workers", WorkerBody(id_number), labor_);
    ASSERT_EQ(again.status, 409u) << again.body;
    EXPECT_EQ(again.json.at("error").at("fields").at("existingWorkerId").as_string(), worker_id);
    // By another employer with the registered name: linked (200), seeing nothing the first entered.
    auto linked = client().Post("/api/v1/workers", WorkerBody(id_number), stranger_);
    ASSERT_EQ(linked.status, 200u) << linked.body;
    EXPECT_TRUE(linked.json.at("linked").as_bool());
    EXPECT_TRUE(linked.json.at("phone").is_null());
    EXPECT_TRUE(linked.json.at("bankCard").is_null());

    // No contract yet: the punch is the evidence of a REG 28 breach, kept and flagged (issue 11).
    value punch{{"deviceId", "G1"}, {"punchId", "p-1"}, {"projectId", "P1"}, {"workerId", worker_id},
                {"time", "2026-03-02T07:30:00+08:00"}, {"direction", "01"}, {"channel", "face"},
                {"lng", 117.0}, {"lat", 36.65}};
    auto flagged = client().Post("/api/v1/attendance/punches", value{{"punches", {punch}}}, labor_);
    ASSERT_EQ(flagged.status, 200u) << flagged.body;
    EXPECT_EQ(flagged.json.at("accepted").as_int64(), 1);
    EXPECT_EQ(flagged.json.at("withoutContract").as_int64(), 1);
    EXPECT_TRUE(flagged.json.at("rejected").as_array().empty());

    auto contract = client().Post("/api/v1/projects/P1/contracts",
                                  value{{"workerId", worker_id}, {"employerId", "E2"}, {"teamId", "T1"},
                                        {"kind", "labor_contract"}, {"startOn", "2026-03-01"},
                                        {"wageType", "daily"}, {"wageRate", 32000}, {"signedOn", "2026-02-27"}},
                                  labor_);
    ASSERT_EQ(contract.status, 201u) << contract.body;
    std::string contract_id(contract.json.at("id").as_string());
    auto early = client().Post("/api/v1/contracts/" + contract_id + "/entry", value{{"onDate", "2026-02-28"}}, labor_);
    EXPECT_EQ(early.status, 400u);
    EXPECT_TRUE(early.json.at("error").at("fields").as_object().contains("onDate"));
    auto entry = client().Post("/api/v1/contracts/" + contract_id + "/entry", value{{"onDate", "2026-03-01"}}, labor_);
    ASSERT_EQ(entry.status, 200u) << entry.body;
    EXPECT_EQ(entry.json.at("enteredOn").as_string(), "2026-03-01");
    EXPECT_EQ(client().Get("/api/v1/projects/P1/contracts", supervisor_).json.at("items").as_array().size(), 1u);
    EXPECT_EQ(client().Get("/api/v1/workers/" + worker_id + "/contracts", labor_).json.at("items").as_array().size(),
              1u);

    value out = punch;
    out.as_object()["punchId"] = "p-2";
    out.as_object()["time"] = "2026-03-02T08:45:00+08:00";
    out.as_object()["direction"] = "02";
    auto stored = client().Post("/api/v1/attendance/punches", value{{"punches", {punch, out}}}, labor_);
    ASSERT_EQ(stored.status, 200u) << stored.body;
    EXPECT_EQ(stored.json.at("accepted").as_int64(), 1);  // the in was kept the first time
    EXPECT_EQ(stored.json.at("duplicates").as_int64(), 1);
    auto repeated = client().Post("/api/v1/attendance/punches", value{{"punches", {punch, out}}}, labor_);
    EXPECT_EQ(repeated.json.at("duplicates").as_int64(), 2);

    auto month = client().Get("/api/v1/projects/P1/attendance?month=2026-03", supervisor_);
    ASSERT_EQ(month.status, 200u) << month.body;
    ASSERT_EQ(month.json.at("items").as_array().size(), 1u);
    EXPECT_EQ(month.json.at("items").at(0).at("minutes").as_int64(), 75);
    EXPECT_FALSE(month.json.at("items").at(0).at("counted").as_bool());
    auto summary = client().Get("/api/v1/projects/P1/attendance/summary?month=2026-03", labor_);
    ASSERT_EQ(summary.status, 200u) << summary.body;
    EXPECT_EQ(summary.json.at("items").at(0).at("punches").as_int64(), 2);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/attendance?month=2026-03", stranger_).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/projects/P1/attendance?month=March", supervisor_).status, 400u);
    // Supervisors read attendance but do not submit it.
    EXPECT_EQ(client().Post("/api/v1/attendance/punches", value{{"punches", {punch}}}, supervisor_).status, 403u);
}

TEST_P(WorkerApiTest, RevealIsForSupervisorsAndAudited) {
    const std::string id_number = registry::testing::IdNumber(core::Date(1979, 11, 30), 911);
    auto created = client().Post("/api/v1/workers", WorkerBody(id_number), labor_);
    ASSERT_EQ(created.status, 201u) << created.body;
    std::string worker_id(created.json.at("id").as_string());
    ASSERT_EQ(client()
                  .Post("/api/v1/projects/P1/contracts",
                        value{{"workerId", worker_id}, {"employerId", "E2"}, {"kind", "employment_agreement"},
                              {"startOn", "2026-02-01"}, {"wageType", "monthly"}, {"wageRate", 800000},
                              {"signedOn", "2026-02-01"}},
                        labor_)
                  .status,
              201u);

    EXPECT_EQ(client().Get("/api/v1/workers/" + worker_id + "?reveal=true", labor_).status, 403u);
    auto masked = client().Get("/api/v1/workers/" + worker_id, supervisor_);
    ASSERT_EQ(masked.status, 200u);
    EXPECT_FALSE(masked.json.at("revealed").as_bool());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'read_personal'"), 0);
    auto full = client().Get("/api/v1/workers/" + worker_id + "?reveal=true", supervisor_);
    ASSERT_EQ(full.status, 200u) << full.body;
    EXPECT_EQ(full.json.at("idNumber").as_string(), id_number);
    EXPECT_EQ(full.json.at("bankCard").as_string(), "6217001234567890");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'read_personal' AND entity_id = '" + worker_id +
                    "'"),
              1);
    EXPECT_EQ(client().Get("/api/v1/workers/" + worker_id, stranger_).status, 404u);

    auto list = client().Get("/api/v1/workers?projectId=P1&q=%E5%AD%99", supervisor_);  // q=孙
    ASSERT_EQ(list.status, 200u) << list.body;
    EXPECT_EQ(list.json.at("total").as_int64(), 1);
    auto by_id = client().Get("/api/v1/workers?idNumber=" + id_number, supervisor_);
    EXPECT_EQ(by_id.json.at("total").as_int64(), 1);

    auto patched = client().Patch("/api/v1/workers/" + worker_id, value{{"phone", "13600001234"}}, labor_);
    ASSERT_EQ(patched.status, 200u) << patched.body;
    EXPECT_EQ(patched.json.at("phone").as_string(), "136****1234");
}

TEST_P(WorkerApiTest, BadInputIsNamedAndWritesNothing) {
    auto bad = client().Post("/api/v1/workers",
                             value{{"name", "孙"}, {"idNumber", "110105194912310021"}, {"phone", "123"},
                                   {"workType", "777"}},
                             labor_);
    ASSERT_EQ(bad.status, 400u) << bad.body;
    const auto& fields = bad.json.at("error").at("fields").as_object();
    EXPECT_TRUE(fields.contains("name"));
    EXPECT_TRUE(fields.contains("idNumber"));
    EXPECT_TRUE(fields.contains("phone"));
    EXPECT_TRUE(fields.contains("workType"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 0);

    EXPECT_EQ(client().Post("/api/v1/attendance/punches", value{{"rows", 1}}, labor_).status, 400u);
    boost::json::array many;
    for (int i = 0; i < 10001; ++i) many.push_back(value{{"deviceId", "G"}, {"punchId", std::to_string(i)}});
    auto too_many = client().Post("/api/v1/attendance/punches", value{{"punches", many}}, labor_);
    EXPECT_EQ(too_many.status, 413u) << too_many.body;
    EXPECT_TRUE(too_many.json.at("error").at("fields").as_object().contains("punches"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
