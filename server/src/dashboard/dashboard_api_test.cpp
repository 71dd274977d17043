// The dashboard over HTTP on the whole app, both backends: every figure equals what the seeded rows
// imply (projects, attendance today, paid batch lines, allocations, clues, cases with cards, warnings
// cleared in and after their deadline), per child region, and the scope rules (a county cannot ask for
// another county or its city, a town sees its town, an industry officer only its industry).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "testing/api_fixture.hpp"

namespace anxin::dashboard {
namespace {

namespace json = boost::json;

// Shanghai wall-clock "YYYY-MM-DD HH:MM" as epoch milliseconds.
std::int64_t At(const char* text) { return core::ToMillis(*core::ParseTimestamp(text)); }

class DashboardApiTest : public anxin::testing::ApiTest {
  protected:
    void Exec(const std::string& sql) {
        auto tx = app().db().Begin();
        tx.ExecuteScript(sql);
        tx.Commit();
    }
    static std::string Ms(const char* text) { return std::to_string(At(text)); }

    // The clock stands at 2026-03-02 09:00 (Shanghai): trends run 2025-04 … 2026-03, the allocation KPI
    // is for 2026-02.
    void Seed() {
        SeedRegions();
        Exec("INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, "
             "updated_at) VALUES ('E-GC', 'CC1', 1, '总包', '370102', 'general_contractor', 1, 1)");
        // P1 历下/解放路 housing, P2 历下 (no town) transport, P3 市中/大观园 housing, P4 青岛 housing,
        // P5 解放路 finished (not under construction).
        auto project = [&](const char* id, const char* region, const char* industry, const char* status,
                           const char* start) {
            Exec(std::string("INSERT INTO registry_project (id, code, name, region_code, industry, investment_type, "
                             "contract_start_on, status, status_on, public_token, general_contractor_id, created_at, "
                             "updated_at) VALUES ('") + id + "', 'C-" + id + "', '项目" + id + "', '" + region + "', '" +
                 industry + "', 'private', '" + start + "', '" + status + "', '" + start + "', 'T-" + id +
                 "', 'E-GC', 1, 1)");
            Exec(std::string("INSERT INTO wages_account (id, project_id, general_contractor_id, bank_code, bank_name, "
                             "account_name, account_number_enc, account_number_mask, account_number_index, opened_on, "
                             "status, created_at, updated_at) VALUES ('A-") + id + "', '" + id + "', 'E-GC', 'ICBC', "
                 "'工商银行', '专户', 'e', 'm', 'i-" + id + "', '" + start + "', 'open', 1, 1)");
        };
        project("P1", "370102001", "housing", "under_construction", "2025-12-01");
        project("P2", "370102", "transport", "under_construction", "2026-02-10");
        project("P3", "370103001", "housing", "under_construction", "2025-01-01");
        project("P4", "370202", "housing", "under_construction", "2025-06-01");
        project("P5", "370102001", "housing", "finished", "2024-01-01");
        std::string workers;
        for (const char* w : {"W1", "W2", "W3", "W4"}) {
            Exec(std::string("INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, "
                             "birth_date, sex, native_region_code, created_at, updated_at) VALUES ('") + w +
                 "', '工人', 'e', 'i-" + w + "', 'm', '1980-01-01', 'M', '370102', 1, 1)");
        }
        // Today: W1 and W2 on P1, W1 also on P2 (one person), W3 on P3, W4 in 青岛; W2 on P3 yesterday.
        Exec("INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted) VALUES "
             "('P1', 'W1', '2026-03-02', 120, 0), ('P1', 'W2', '2026-03-02', 60, 0), ('P2', 'W1', '2026-03-02', 30, 0), "
             "('P3', 'W3', '2026-03-02', 480, 1), ('P4', 'W4', '2026-03-02', 480, 1), "
             "('P3', 'W2', '2026-03-01', 480, 1)");
        // Pay batches: P1 paid ¥5,000 on 03-01 and ¥3,000 on 02-15; P3 paid ¥2,000 on 03-02 and one line failed.
        Exec("INSERT INTO wages_payroll (id, project_id, employer_id, period, pay_date, source, status, created_at, "
             "updated_at) VALUES ('R1', 'P1', 'E-GC', '2026-01', '2026-02-15', 'import', 'paid', 1, 1), "
             "('R3', 'P3', 'E-GC', '2026-02', '2026-03-02', 'import', 'paying', 1, 1);"
             "INSERT INTO wages_payroll_line (id, payroll_id, worker_id, gross_pay, net_pay, created_at, updated_at) "
             "VALUES ('L1', 'R1', 'W1', 500000, 500000, 1, 1), ('L2', 'R1', 'W2', 300000, 300000, 1, 1), "
             "('L3', 'R3', 'W3', 200000, 200000, 1, 1), ('L4', 'R3', 'W2', 100000, 100000, 1, 1);"
             "INSERT INTO wages_pay_batch (id, payroll_id, account_id, bank_code, sequence, status, line_count, "
             "total_amount, issued_at) VALUES ('B1', 'R1', 'A-P1', 'ICBC', 1, 'returned', 2, 800000, 1), "
             "('B3', 'R3', 'A-P3', 'ICBC', 1, 'returned', 2, 300000, 1);"
             "INSERT INTO wages_pay_batch_line (batch_id, payroll_line_id, reference, worker_id, amount, status, "
             "settled_on) VALUES ('B1', 'L1', 'r1', 'W1', 500000, 'paid', '2026-03-01'), "
             "('B1', 'L2', 'r2', 'W2', 300000, 'paid', '2026-02-15'), "
             "('B3', 'L3', 'r3', 'W3', 200000, 'paid', '2026-03-02'), "
             "('B3', 'L4', 'r4', 'W2', 100000, 'failed', '2026-03-02')");
        // Allocations: P1 for 2026-02, P3 for 2026-01 (P2 started 2026-02 and has none).
        Exec("INSERT INTO wages_allocation (id, project_id, account_id, period, amount, allocated_on, created_at) VALUES "
             "('AL1', 'P1', 'A-P1', '2026-02', 900000, '2026-02-25', 1), "
             "('AL3', 'P3', 'A-P3', '2026-01', 900000, '2026-01-25', 1)");
        // Clues: open red key clue in 解放路, open ordinary clue in 大观园, an accepted one, a 青岛 one, a merged one.
        auto clue = [&](const char* id, const char* region, const char* status, const char* grade, const char* at) {
            Exec(std::string("INSERT INTO clues_clue (id, tracking_code, channel, complainant_name, "
                             "complainant_phone_enc, complainant_phone_mask, complainant_phone_index, employer_name, "
                             "region_code, county_code, industry, amount, description, key_grade, status, received_at, "
                             "created_by, created_at, updated_at) VALUES ('") + id + "', 'TC-" + id +
                 "', 'web', '张三', 'e', 'm', 'i', '总包', '" + region + "', '" + std::string(region).substr(0, 6) +
                 "', 'housing', 100000, '欠薪', " + (grade[0] ? "'" + std::string(grade) + "'" : "NULL") + ", '" +
                 status + "', " + Ms(at) + ", 'public', 1, 1)");
        };
        clue("C1", "370102001", "received", "red", "2026-03-01 10:00");
        clue("C2", "370103001", "received", "", "2026-02-10 10:00");
        clue("C3", "370102001", "accepted", "", "2026-02-11 10:00");
        clue("C4", "370202", "received", "", "2026-03-01 10:00");
        clue("C5", "370102001", "merged", "", "2026-03-01 11:00");
        // Cases: K1 open red card overdue (解放路), K2 open yellow (大观园), K3 closed on its deadline day,
        // K4 closed a day late (历下, transport), K5 open in 青岛, K6 closed in 2024 (outside the window).
        auto kase = [&](const char* id, const char* region, const char* industry, const char* state, const char* card,
                        const char* deadline, const char* closed_at) {
            Exec(std::string("INSERT INTO cases_case (id, number, employer_name, region_code, county_code, industry, "
                             "state, card, close_deadline_on, last_progress_at, opened_at, closed_at, deadline_base_on, "
                             "created_at, updated_at) VALUES ('") + id + "', 'N-" + id + "', '总包', '" + region + "', '" +
                 std::string(region).substr(0, 6) + "', '" + industry + "', '" + state + "', " +
                 (card[0] ? "'" + std::string(card) + "'" : "NULL") + ", '" + deadline + "', 1, 1, " +
                 (closed_at[0] ? Ms(closed_at) : "NULL") + ", '2026-01-05', 1, 1)");
        };
        kase("K1", "370102001", "housing", "verifying", "red", "2026-02-20", "");
        kase("K2", "370103001", "housing", "accepted", "yellow", "2026-03-20", "");
        kase("K3", "370102001", "housing", "closed", "", "2026-02-10", "2026-02-10 23:30");
        kase("K4", "370102", "transport", "closed", "", "2026-02-11", "2026-02-12 00:10");
        kase("K5", "370202", "housing", "contacted", "", "2026-03-20", "");
        kase("K6", "370102001", "housing", "closed", "", "2024-05-01", "2024-05-01 10:00");
        // Warnings: Wa red overdue (解放路), Wb yellow (大观园), Wc cleared before its deadline, Wd cleared
        // after it, We dismissed red, Wf red in 青岛.
        auto warning = [&](const char* id, const char* region, const char* level, const char* status,
                           const char* raised, const char* deadline, const char* cleared_at) {
            Exec(std::string("INSERT INTO warnings_warning (id, indicator, subject_kind, subject_id, region_code, "
                             "industry, level, status, explanation, first_seen_at, last_seen_at, level_changed_at, "
                             "raised_on, deadline_on, responsible_kind, cleared_at, updated_at) VALUES ('") + id +
                 "', 'LAB-01', 'project', '" + id + "', '" + region + "', 'housing', '" + level + "', '" + status +
                 "', '说明', 1, 1, 1, '" + raised + "', '" + deadline + "', 'enterprise', " +
                 (cleared_at[0] ? Ms(cleared_at) : "NULL") + ", 1)");
        };
        warning("Wa", "370102001", "red", "open", "2026-02-20", "2026-02-27", "");
        warning("Wb", "370103001", "yellow", "acknowledged", "2026-03-01", "2026-03-10", "");
        warning("Wc", "370102001", "yellow", "cleared", "2026-02-02", "2026-02-06", "2026-02-05 16:00");
        warning("Wd", "370103001", "blue", "cleared", "2026-02-03", "2026-02-12", "2026-02-20 09:00");
        warning("We", "370102001", "red", "dismissed", "2026-02-05", "2026-02-10", "");
        warning("Wf", "370202", "red", "open", "2026-02-20", "2026-02-27", "");
    }

    json::value Get(const std::string& path, const std::string& token) {
        auto r = client().Get(path, token);
        EXPECT_EQ(r.status, 200u) << path << " " << r.body;
        return r.json;
    }
    static const json::value& Child(const json::value& d, const char* code) {
        for (const auto& c : d.at("children").as_array())
            if (c.at("code").as_string() == code) return c;
        throw std::runtime_error(std::string("no child ") + code);
    }
    static std::int64_t I(const json::value& v) { return v.as_int64(); }
};

TEST_P(DashboardApiTest, CityFiguresEqualTheData) {
    Seed();
    auto jinan = LoginAs("jinan", "supervisor", "3701");
    auto d = Get("/api/v1/dashboard", jinan);
    EXPECT_EQ(d.at("region").at("code").as_string(), "3701");
    EXPECT_TRUE(d.at("parent").is_null());  // 山东省 is above the caller's scope
    EXPECT_EQ(d.at("asOf").as_string(), "2026-03-02");
    const auto& k = d.at("kpis");
    EXPECT_EQ(I(k.at("projectsInConstruction")), 3);  // P1 P2 P3; P4 is in 青岛, P5 finished
    EXPECT_EQ(I(k.at("workersOnSiteToday")), 3);      // W1 (twice), W2, W3; not W4 in 青岛
    EXPECT_EQ(I(k.at("wagesPaidThisMonth")), 700000);  // ¥5,000 + ¥2,000; the failed line not
    EXPECT_EQ(k.at("allocation").at("period").as_string(), "2026-02");
    EXPECT_EQ(I(k.at("allocation").at("due")), 3);  // P1, P2 (started 2026-02), P3
    EXPECT_EQ(I(k.at("allocation").at("allocated")), 1);
    EXPECT_NEAR(k.at("allocation").at("rate").as_double(), 1.0 / 3, 1e-9);
    EXPECT_EQ(I(k.at("clues").at("open")), 2);
    EXPECT_EQ(I(k.at("clues").at("byGrade").at("red")), 1);
    EXPECT_EQ(I(k.at("clues").at("byGrade").at("none")), 1);
    EXPECT_EQ(I(k.at("cases").at("open")), 2);
    EXPECT_EQ(I(k.at("cases").at("byCard").at("red")), 1);
    EXPECT_EQ(I(k.at("cases").at("byCard").at("yellow")), 1);
    EXPECT_EQ(I(k.at("cases").at("closed")), 2);        // K3, K4; K6 closed before the window
    EXPECT_EQ(I(k.at("cases").at("closedOnTime")), 1);  // K3 at 23:30 on its deadline day
    EXPECT_EQ(I(k.at("cases").at("overdueOpen")), 1);   // K1
    EXPECT_NEAR(k.at("cases").at("closureRate").as_double(), 1.0 / 3, 1e-9);
    EXPECT_EQ(I(k.at("warnings").at("active")), 2);
    EXPECT_EQ(I(k.at("warnings").at("byLevel").at("red")), 1);
    EXPECT_EQ(I(k.at("warnings").at("byLevel").at("yellow")), 1);
    EXPECT_EQ(I(k.at("warnings").at("cleared")), 2);
    EXPECT_EQ(I(k.at("warnings").at("clearedOnTime")), 1);
    EXPECT_EQ(I(k.at("warnings").at("overdueActive")), 1);
    EXPECT_NEAR(k.at("warnings").at("clearanceRate").as_double(), 1.0 / 3, 1e-9);

    // The map: the counties of 济南 (both of the seeded tree), with their figures.
    ASSERT_EQ(d.at("children").as_array().size(), 2u);
    const auto& lixia = Child(d, "370102");
    EXPECT_EQ(lixia.at("name").as_string(), "历下区");
    EXPECT_EQ(I(lixia.at("openCases")), 1);
    EXPECT_EQ(I(lixia.at("openRedWarnings")), 1);
    EXPECT_EQ(I(lixia.at("projectsInConstruction")), 2);
    EXPECT_EQ(I(lixia.at("openClues")), 1);
    const auto& shizhong = Child(d, "370103");
    EXPECT_EQ(I(shizhong.at("openCases")), 1);
    EXPECT_EQ(I(shizhong.at("openRedWarnings")), 0);
    EXPECT_EQ(I(shizhong.at("activeWarnings")), 1);
    EXPECT_EQ(I(d.at("unplaced").at("projectsInConstruction")), 0);

    // Trends: 12 months ending with the current one.
    const auto& s = d.at("series");
    ASSERT_EQ(s.at("months").as_array().size(), 12u);
    EXPECT_EQ(s.at("months").as_array().front().as_string(), "2025-04");
    EXPECT_EQ(s.at("months").as_array().back().as_string(), "2026-03");
    auto at = [&](const char* series, size_t i) { return I(s.at(series).as_array().at(i)); };
    EXPECT_EQ(at("wagesPaid", 10), 300000);
    EXPECT_EQ(at("wagesPaid", 11), 700000);
    EXPECT_EQ(at("newClues", 10), 2);  // C2, C3
    EXPECT_EQ(at("newClues", 11), 1);  // C1; C5 was merged
    EXPECT_EQ(at("closedCases", 10), 2);
    EXPECT_EQ(at("warningsRaised", 10), 4);  // Wa Wc Wd We
    EXPECT_EQ(at("warningsRaised", 11), 1);
    EXPECT_EQ(at("warningsCleared", 10), 2);
    EXPECT_EQ(at("allocationDue", 9), 2);  // 2026-01: P1, P3
    EXPECT_EQ(at("allocationDone", 9), 1);
    EXPECT_NEAR(s.at("allocationRate").as_array().at(9).as_double(), 0.5, 1e-9);
    EXPECT_EQ(s.at("allocationRate").as_array().at(0).as_double(), 0.0);  // 2025-04: P3 due, nothing allocated
}

TEST_P(DashboardApiTest, ScopeByRegionAndIndustry) {
    Seed();
    auto lixia = LoginAs("lixia", "supervisor", "370102");
    EXPECT_EQ(client().Get("/api/v1/dashboard?region=370103", lixia).status, 404u);  // the neighbour county
    EXPECT_EQ(client().Get("/api/v1/dashboard?region=3701", lixia).status, 404u);    // its own city
    EXPECT_EQ(client().Get("/api/v1/dashboard?region=370102999", lixia).status, 404u);  // no such town
    auto bad = client().Get("/api/v1/dashboard?region=37a", lixia);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_TRUE(bad.json.at("error").at("fields").as_object().contains("region"));

    auto county = Get("/api/v1/dashboard", lixia);
    EXPECT_EQ(I(county.at("kpis").at("projectsInConstruction")), 2);
    EXPECT_EQ(I(county.at("kpis").at("workersOnSiteToday")), 2);  // W1, W2
    EXPECT_EQ(I(county.at("kpis").at("wagesPaidThisMonth")), 500000);
    ASSERT_EQ(county.at("children").as_array().size(), 1u);  // the towns of 历下
    EXPECT_EQ(I(Child(county, "370102001").at("projectsInConstruction")), 1);
    EXPECT_EQ(I(county.at("unplaced").at("projectsInConstruction")), 1);  // P2, registered at county level
    EXPECT_EQ(I(county.at("unplaced").at("openCases")), 0);
    // 2025-04: neither P1 (2025-12) nor P2 (2026-02) had started: no rate rather than 0 % or 100 %.
    EXPECT_TRUE(county.at("series").at("allocationRate").as_array().at(0).is_null());

    auto town = LoginAs("jiefanglu", "supervisor", "370102001");
    auto t = Get("/api/v1/dashboard", town);
    EXPECT_EQ(t.at("region").at("name").as_string(), "解放路街道");
    EXPECT_EQ(t.at("children").as_array().size(), 0u);
    EXPECT_EQ(I(t.at("kpis").at("projectsInConstruction")), 1);
    EXPECT_EQ(I(t.at("kpis").at("cases").at("open")), 1);
    EXPECT_EQ(I(t.at("kpis").at("clues").at("open")), 1);
    EXPECT_EQ(client().Get("/api/v1/dashboard?region=370102", town).status, 404u);

    auto province = LoginAs("shandong", "supervisor", "37");
    auto p = Get("/api/v1/dashboard?region=3701", province);
    EXPECT_EQ(p.at("parent").at("code").as_string(), "37");
    auto whole = Get("/api/v1/dashboard", province);
    EXPECT_EQ(whole.at("children").as_array().size(), 2u);  // 济南, 青岛
    EXPECT_EQ(I(Child(whole, "3702").at("openRedWarnings")), 1);
    EXPECT_EQ(I(whole.at("kpis").at("projectsInConstruction")), 4);

    // 住建 officer of 济南: housing only (P2 and K4 are transport).
    auto housing = LoginAs("zhujian", "industry-officer", "3701", "housing");
    auto h = Get("/api/v1/dashboard", housing);
    EXPECT_EQ(h.at("industry").as_string(), "housing");
    EXPECT_EQ(I(h.at("kpis").at("projectsInConstruction")), 2);
    EXPECT_EQ(I(h.at("kpis").at("cases").at("closed")), 1);
    EXPECT_NEAR(h.at("kpis").at("cases").at("closureRate").as_double(), 0.5, 1e-9);

    EXPECT_EQ(client().Get("/api/v1/dashboard", LoginAs("ent", "enterprise-user", "", "E-GC")).status, 403u);
    EXPECT_EQ(client().Get("/api/v1/dashboard", LoginAs("admin", "system-admin")).status, 403u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DashboardApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::dashboard
