// Credit anomaly records, the yearly grades and the quarterly publication over HTTP, with the
// injected clock and the loaded calendar: records raised once from the platform's facts, the
// objection period on its last day and the day after, the correction, the expiry; the grades computed
// with their rules, adjusted, published and read as of a day, the incentive list, CRD-02's yellow
// level for a C-grade participant and CRD-03; the publication once its quarter has ended.
#include <gtest/gtest.h>

#include "core/identifiers.hpp"
#include "credit/credit.hpp"
#include "credit/credit_test_support.hpp"
#include "credit/listing_rules.hpp"
#include "deposits/deposit_test_support.hpp"
#include "registry/enterprises.hpp"
#include "testing/api_fixture.hpp"
#include "testing/principals.hpp"
#include "warnings/warnings.hpp"

namespace anxin::credit {
namespace {

using boost::json::value;

class CreditRecordApiTest : public testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        SeedRegions();
        hengda_ = app().enterprises().Create(testing::Supervisor("37"), fixtures::Hengda()).id;
        deposits::testing::Seed seed(app().db());
        for (const char* e : {"E-A", "E-B", "E-C", "E-D"}) seed.Enterprise(e);
        // One project of 历下区 with every firm on it; one of 青岛 (another department's).
        seed.Project({.id = "P-LIXIA", .region = "370102001", .gc = hengda_});
        for (const char* e : {"E-A", "E-B", "E-C", "E-D"}) seed.Participant("P-LIXIA", e, "001");  // 专业分包
        seed.Project({.id = "P-QINGDAO", .region = "370202", .gc = std::string("E-A")});
        SetToday(core::Date(2026, 9, 21));  // a Monday before National Day
    }

    void SetToday(core::Date day) {
        clock().Set(day.StartInShanghai() + std::chrono::hours(10));
        staff_ = LoginAs("lixia" + std::to_string(++logins_), "supervisor", "370102");
        firm_ = LoginAs("hengda" + std::to_string(logins_), "enterprise-user", "370102", hengda_);
    }
    core::Date Today() { return clock().TodayInShanghai(); }
    const core::WorkingCalendar& Calendar() { return core::WorkingCalendar::Embedded(); }

    void Exec(const std::string& sql, std::initializer_list<storage::Param> params = {}) {
        auto tx = app().db().Begin();
        tx.Execute(sql, params);
        tx.Commit();
    }
    std::int64_t Count(const std::string& sql) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }
    // A case of the employer on P-LIXIA in the ordered stage, its pay-by day given.
    void OrderedCase(const std::string& id, const std::string& employer, const std::string& pay_by, std::int64_t owed) {
        Exec("INSERT INTO cases_case (id, number, project_id, employer_id, employer_name, region_code, county_code, state, "
             "claimed_amount, recovered_amount, pay_by_on, last_progress_at, opened_at, deadline_base_on, created_at, updated_at) "
             "VALUES ($1, $2, 'P-LIXIA', $3, '企业', '370102001', '370102', 'ordered', $4, 0, $5, 1, $6, '2026-08-01', 1, 1)",
             {id, "AJ-" + id, employer, owed, pay_by, core::ToMillis(core::Date(2026, 8, 1).StartInShanghai())});
    }
    void PoliceTransfer(const std::string& case_id, core::Date on) {
        Exec("INSERT INTO cases_step (id, case_id, seq, kind, actor_id, actor_name, at) VALUES ($1, $2, 99, 'police_transfer', "
             "'u', '历下区人社局', $3)",
             {"S-" + case_id, case_id, core::ToMillis(on.StartInShanghai() + std::chrono::hours(15))});
    }
    // A red warning of the indicator on P-LIXIA, turned red on `on`, the firm responsible.
    void RedWarning(const std::string& id, const std::string& indicator, const std::string& enterprise, core::Date on) {
        Exec("INSERT INTO warnings_warning (id, indicator, subject_kind, subject_id, project_id, enterprise_id, region_code, "
             "industry, level, status, explanation, first_seen_at, last_seen_at, level_changed_at, raised_on, deadline_on, "
             "responsible_kind, responsible_id, updated_at) VALUES ($1, $2, 'project', $1, 'P-LIXIA', $3, '370102001', "
             "'housing', 'red', 'open', '2026-08 有考勤无发放', $4, $4, $4, $5, $5, 'enterprise', $3, $4)",
             {id, indicator, enterprise, core::ToMillis(on.StartInShanghai() + std::chrono::hours(3)), on.ToString()});
    }
    testing::Response Post(const std::string& path, value body, const std::string& token) {
        return client().Post(path, body, token);
    }
    static std::string Field(const testing::Response& r, const std::string& field) {
        const auto* fields = r.json.at("error").as_object().if_contains("fields");
        if (!fields || !fields->as_object().contains(field)) return "";
        return std::string(fields->as_object().at(field).as_string());
    }
    std::string Evidence(const std::string& token) {
        std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        auto up = client().Post("/api/v1/files?purpose=credit_evidence", std::string_view(pdf), token,
                                testing::Headers{{"Content-Type", "application/octet-stream"},
                                                             {"X-File-Name", "evidence.pdf"}});
        EXPECT_EQ(up.status, 201u) << up.body;
        return std::string(up.json.at("id").as_string());
    }

    std::string hengda_, staff_, firm_;
    int logins_ = 0;
};

// Facts become records once: a red PAY-01 warning and a missed order to pay (the firm's), a police
// transfer; raising again adds nothing. Each record carries its source, evidence and dates.
TEST_P(CreditRecordApiTest, RecordsAreRaisedOnceFromTheFactsWithTheirDates) {
    RedWarning("W-PAY", "PAY-01", hengda_, core::Date(2026, 9, 15));
    RedWarning("W-LAB-Y", "LAB-01", hengda_, core::Date(2026, 9, 15));
    Exec("UPDATE warnings_warning SET level = 'yellow' WHERE id = 'W-LAB-Y'");  // yellow: not a record
    OrderedCase("K-1", hengda_, "2026-09-18", 800000);
    OrderedCase("K-2", "E-D", "2026-10-30", 800000);  // its deadline has not passed
    PoliceTransfer("K-2", core::Date(2026, 9, 20));

    EXPECT_EQ(app().credit_anomalies().RaiseFromFacts(Today()), 3);
    EXPECT_EQ(app().credit_anomalies().RaiseFromFacts(Today()), 0);

    auto list = client().Get("/api/v1/credit/anomalies?enterpriseId=" + hengda_, staff_);
    ASSERT_EQ(list.status, 200u) << list.body;
    ASSERT_EQ(list.json.at("total").as_int64(), 2);
    std::map<std::string, boost::json::object> by_source;
    for (const auto& a : list.json.at("items").as_array()) by_source[std::string(a.at("source").as_string())] = a.as_object();
    const auto& wages = by_source.at("wages_overdue");
    EXPECT_EQ(wages.at("category").as_string(), "violation");
    EXPECT_EQ(wages.at("occurredOn").as_string(), "2026-09-15");
    EXPECT_EQ(wages.at("expiresOn").as_string(), "2027-09-15");  // 12 months (credit.anomaly_months)
    EXPECT_EQ(wages.at("objectionDue").as_string(), Calendar().AddWorkingDays(Today(), 15).ToString());
    EXPECT_EQ(wages.at("evidence").at("warningId").as_string(), "W-PAY");
    EXPECT_EQ(wages.at("recordedBy").as_string(), "系统");
    const auto& order = by_source.at("pay_order_ignored");
    EXPECT_EQ(order.at("category").as_string(), "order_refused");
    EXPECT_EQ(order.at("occurredOn").as_string(), "2026-09-19");  // the day after the deadline
    EXPECT_NE(order.at("summary").as_string().find("AJ-K-1"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_anomaly WHERE enterprise_id = 'E-D' AND source = 'police_transfer' AND "
                    "category = 'criminal'"),
              1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'credit_anomaly' AND action = 'record'"), 3);

    // The enterprise sees its own records, not another firm's; another region's department sees none.
    auto own = client().Get("/api/v1/credit/anomalies", firm_);
    EXPECT_EQ(own.json.at("total").as_int64(), 2);
    const std::string other_id = std::string(
        client().Get("/api/v1/credit/anomalies?source=police_transfer", staff_).json.at("items").at(0).at("id").as_string());
    EXPECT_EQ(client().Get("/api/v1/credit/anomalies/" + other_id, firm_).status, 404u);
    const std::string qingdao = LoginAs("qingdao", "supervisor", "3702");
    EXPECT_EQ(client().Get("/api/v1/credit/anomalies/" + other_id, qingdao).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/credit/anomalies", qingdao).json.at("total").as_int64(), 0);
}

// 异议 within the period (its last day included), refused the day after with the date; the
// supervisor's correction revokes or upholds; the record expires on its day.
TEST_P(CreditRecordApiTest, ObjectionPeriodCorrectionAndExpiry) {
    RedWarning("W-1", "PAY-01", hengda_, core::Date(2026, 9, 15));
    RedWarning("W-2", "CPL-01", hengda_, core::Date(2026, 9, 16));
    ASSERT_EQ(app().credit_anomalies().RaiseFromFacts(Today()), 2);
    auto items = client().Get("/api/v1/credit/anomalies", firm_).json.at("items").as_array();
    const std::string first(items.at(0).at("id").as_string()), second(items.at(1).at("id").as_string());
    const core::Date due = Calendar().AddWorkingDays(Today(), 15);

    SetToday(due);
    auto objected = Post("/api/v1/credit/anomalies/" + first + "/objection", value{{"objection", "当月工资已通过现金发放，附签收单"}}, firm_);
    ASSERT_EQ(objected.status, 200u) << objected.body;
    EXPECT_EQ(objected.json.at("state").as_string(), "objected");
    EXPECT_EQ(Post("/api/v1/credit/anomalies/" + first + "/objection", value{{"objection", "再次异议"}}, firm_).status, 409u);
    // A department cannot object for the firm.
    EXPECT_EQ(Post("/api/v1/credit/anomalies/" + second + "/objection", value{{"objection", "代为异议"}}, staff_).status, 403u);

    SetToday(due.AddDays(1));
    auto late = Post("/api/v1/credit/anomalies/" + second + "/objection", value{{"objection", "逾期异议"}}, firm_);
    EXPECT_EQ(late.status, 422u);
    EXPECT_NE(Field(late, "objection").find(due.ToString()), std::string::npos) << late.body;

    auto revoked = Post("/api/v1/credit/anomalies/" + first + "/correction", value{{"outcome", "revoke"}, {"reason", "核实现金发放属实"}}, staff_);
    ASSERT_EQ(revoked.status, 200u) << revoked.body;
    EXPECT_EQ(revoked.json.at("state").as_string(), "revoked");
    EXPECT_EQ(revoked.json.at("correctionReason").as_string(), "核实现金发放属实");
    EXPECT_EQ(Post("/api/v1/credit/anomalies/" + first + "/correction", value{{"outcome", "uphold"}, {"reason", "再议"}}, staff_).status, 409u);
    // Upheld on review: the firm's objection would come too late for anything (409 naming the review).
    auto upheld = Post("/api/v1/credit/anomalies/" + second + "/correction", value{{"outcome", "uphold"}, {"reason", "复核维持"}}, staff_);
    EXPECT_EQ(upheld.json.at("state").as_string(), "active");
    EXPECT_EQ(Post("/api/v1/credit/anomalies/" + second + "/objection", value{{"objection", "异议"}}, firm_).status, 409u);
    EXPECT_EQ(Post("/api/v1/credit/anomalies/" + second + "/correction", value{{"outcome", "uphold"}}, staff_).status, 400u);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'credit_anomaly' AND action IN ('object', 'revoke')"), 2);

    // Expiry (the second occurred 2026-09-15; 12 months): the day before active, on expiresOn expired.
    SetToday(core::Date(2027, 9, 14));
    EXPECT_EQ(client().Get("/api/v1/credit/anomalies/" + second, staff_).json.at("state").as_string(), "active");
    SetToday(core::Date(2027, 9, 15));
    EXPECT_EQ(client().Get("/api/v1/credit/anomalies/" + second, staff_).json.at("state").as_string(), "expired");
    EXPECT_EQ(client().Get("/api/v1/credit/anomalies?state=expired", staff_).json.at("total").as_int64(), 1);
}

// A supervisor records by hand: reason and evidence required, the enterprise one the caller sees.
TEST_P(CreditRecordApiTest, AManualRecordNeedsAReasonAndEvidence) {
    const std::string file = Evidence(staff_);
    value body{{"enterpriseId", "E-B"}, {"category", "obstruction"}, {"occurredOn", "2026-09-18"},
               {"summary", "检查时拒绝提供工资支付台账，阻挠劳动保障监察"}, {"fileId", file}};
    auto created = Post("/api/v1/credit/anomalies", body, staff_);
    ASSERT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(created.json.at("source").as_string(), "manual");
    EXPECT_EQ(created.json.at("fileId").as_string(), file);
    EXPECT_EQ(created.json.at("recordedBy").as_string().size() > 0, true);

    value no_file = body;
    no_file.as_object().erase("fileId");
    EXPECT_EQ(Field(Post("/api/v1/credit/anomalies", no_file, staff_), "fileId"), "必填");
    value unknown_file = body;
    unknown_file.as_object()["fileId"] = "F-NOPE";
    EXPECT_EQ(Post("/api/v1/credit/anomalies", unknown_file, staff_).status, 404u);
    value future = body;
    future.as_object()["occurredOn"] = "2026-09-30";
    EXPECT_EQ(Field(Post("/api/v1/credit/anomalies", future, staff_), "occurredOn"), "不能晚于今天");
    value bad_category = body;
    bad_category.as_object()["category"] = "murder";
    EXPECT_FALSE(Field(Post("/api/v1/credit/anomalies", bad_category, staff_), "category").empty());
    // An enterprise user may not record.
    EXPECT_EQ(Post("/api/v1/credit/anomalies", body, firm_).status, 403u);
}

// The year's grades: A without records, B with one or two, C at three and with a C condition; the
// rule beside each; adjusted with a reason; published; read back as of a day; a new version later.
TEST_P(CreditRecordApiTest, GradesAreComputedAdjustedPublishedAndKept) {
    RedWarning("W-B", "PAY-01", "E-B", core::Date(2026, 3, 10));
    RedWarning("W-C1", "PAY-01", "E-C", core::Date(2026, 3, 10));
    RedWarning("W-C2", "DEP-01", "E-C", core::Date(2026, 4, 10));
    RedWarning("W-C3", "CPL-01", "E-C", core::Date(2026, 5, 10));
    OrderedCase("K-D", "E-D", "2026-10-30", 100);
    PoliceTransfer("K-D", core::Date(2026, 9, 1));
    ASSERT_EQ(app().credit_anomalies().RaiseFromFacts(Today(), 366), 5);

    auto run = Post("/api/v1/credit/grade-runs", value{{"year", 2026}}, staff_);
    ASSERT_EQ(run.status, 201u) << run.body;
    EXPECT_EQ(run.json.at("state").as_string(), "draft");
    std::map<std::string, boost::json::object> grade;
    for (const auto& g : run.json.at("grades").as_array()) grade[std::string(g.at("enterpriseId").as_string())] = g.as_object();
    ASSERT_EQ(grade.size(), 5u);  // the four firms and the general contractor of P-LIXIA; not 青岛's
    EXPECT_EQ(grade.at("E-A").at("grade").as_string(), "A");
    EXPECT_TRUE(grade.at("E-A").at("incentive").as_bool());
    EXPECT_EQ(grade.at("E-B").at("grade").as_string(), "B");
    EXPECT_EQ(grade.at("E-C").at("grade").as_string(), "C");
    EXPECT_NE(grade.at("E-C").at("rule").as_string().find("3 次"), std::string::npos);
    EXPECT_EQ(grade.at("E-D").at("grade").as_string(), "C");
    EXPECT_NE(grade.at("E-D").at("rule").as_string().find("刑事责任"), std::string::npos);
    const std::string run_id(run.json.at("id").as_string());

    // Adjusted with a reason (required); the computed grade and its rule stay beside it.
    EXPECT_EQ(Post("/api/v1/credit/grade-runs/" + run_id + "/adjustments", value{{"enterpriseId", "E-B"}, {"grade", "A"}}, staff_).status, 400u);
    auto adjusted = Post("/api/v1/credit/grade-runs/" + run_id + "/adjustments",
                         value{{"enterpriseId", "E-B"}, {"grade", "A"}, {"reason", "该预警经复核为银行系统原因，已补发"}}, staff_);
    ASSERT_EQ(adjusted.status, 200u) << adjusted.body;
    for (const auto& g : adjusted.json.at("grades").as_array())
        if (g.at("enterpriseId").as_string() == "E-B") {
            EXPECT_EQ(g.at("grade").as_string(), "A");
            EXPECT_EQ(g.at("computedGrade").as_string(), "B");
            EXPECT_FALSE(g.at("incentive").as_bool());  // it had a record: no incentive
        }
    // Not in force before it is published.
    {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        EXPECT_FALSE(GradeOf(tx, "E-C", Today()).has_value());
    }
    const core::Date published_on = Calendar().AddWorkingDays(Today(), 1);
    SetToday(published_on);
    auto published = Post("/api/v1/credit/grade-runs/" + run_id + "/publish", value(boost::json::object{}), staff_);
    ASSERT_EQ(published.status, 200u) << published.body;
    EXPECT_EQ(published.json.at("counts").at("C").as_int64(), 2);
    EXPECT_EQ(Post("/api/v1/credit/grade-runs/" + run_id + "/adjustments",
                   value{{"enterpriseId", "E-C"}, {"grade", "B"}, {"reason", "发布后调整"}}, staff_).status, 409u);
    {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        EXPECT_EQ(GradeOf(tx, "E-C", published_on)->grade, "C");
        EXPECT_FALSE(GradeOf(tx, "E-C", published_on.AddDays(-1)).has_value());
        EXPECT_EQ(GradeCEnterprises(tx, published_on).size(), 2u);
    }
    auto incentives = client().Get("/api/v1/credit/incentives", staff_);
    ASSERT_EQ(incentives.json.at("items").as_array().size(), 2u);  // E-A and the general contractor
    EXPECT_EQ(client().Get("/api/v1/credit/incentives?on=" + published_on.AddDays(-1).ToString(), staff_)
                  .json.at("items").as_array().size(), 0u);

    // The enterprise sees its grade and why; the C-grade firm on a project raises CRD-02 (yellow).
    auto profile = client().Get("/api/v1/credit/profiles/" + hengda_, firm_);
    ASSERT_EQ(profile.status, 200u) << profile.body;
    EXPECT_EQ(profile.json.at("grade").at("grade").as_string(), "A");
    EXPECT_EQ(client().Get("/api/v1/credit/profiles/E-C", firm_).status, 404u);
    // As of any day: before the publication no grade was in force.
    auto c_file = client().Get("/api/v1/credit/profiles/E-C", staff_);
    EXPECT_EQ(c_file.json.at("grade").at("grade").as_string(), "C");
    EXPECT_TRUE(client().Get("/api/v1/credit/profiles/E-C?on=" + published_on.AddDays(-1).ToString(), staff_).json.at("grade").is_null());
    EXPECT_EQ(client().Get("/api/v1/credit/profiles/E-C?on=2026-02-30", staff_).status, 400u);
    app().warnings().EvaluateAll(published_on);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'CRD-02' AND level = 'yellow' AND subject_id IN "
                    "('P-LIXIA/E-C', 'P-LIXIA/E-D')"),
              2);

    // Evaluating the year again makes version 2; version 1 stays as published.
    auto again = Post("/api/v1/credit/grade-runs", value{{"year", 2026}}, staff_);
    ASSERT_EQ(again.status, 201u);
    EXPECT_EQ(again.json.at("version").as_int64(), 2);
    EXPECT_EQ(client().Get("/api/v1/credit/grade-runs", staff_).json.at("items").as_array().size(), 2u);
    EXPECT_EQ(Post("/api/v1/credit/grade-runs", value{{"year", 2027}}, staff_).status, 400u);

    // The export carries the published grades and the records, with a stable cursor.
    const std::string exporter = LoginAs("export", "supervisor", "370102");
    auto grades = client().Get("/api/v1/credit/export?kind=grades", exporter);
    ASSERT_EQ(grades.status, 200u) << grades.body;
    EXPECT_EQ(grades.json.at("items").as_array().size(), 5u);
    auto tail = client().Get("/api/v1/credit/export?kind=grades&since=" + std::string(grades.json.at("nextCursor").as_string()), exporter);
    EXPECT_EQ(tail.json.at("items").as_array().size(), 0u);
    auto anomalies = client().Get("/api/v1/credit/export?kind=anomalies&limit=2", exporter);
    EXPECT_EQ(anomalies.json.at("items").as_array().size(), 2u);
    auto rest = client().Get("/api/v1/credit/export?kind=anomalies&since=" + std::string(anomalies.json.at("nextCursor").as_string()), exporter);
    EXPECT_EQ(rest.json.at("items").as_array().size(), 3u);
}

// CRD-03: the order ignored with arrears at the threshold → red until the case goes to the police.
TEST_P(CreditRecordApiTest, Crd03FiresUntilTheCaseIsTransferredToThePolice) {
    OrderedCase("K-BIG", hengda_, "2026-09-18", 3'000'000);
    OrderedCase("K-SMALL", "E-B", "2026-09-18", 2'999'999);
    app().warnings().EvaluateAll(Today());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'CRD-03' AND level = 'red' AND subject_id = 'K-BIG' "
                    "AND status <> 'cleared'"),
              1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'CRD-03' AND subject_id = 'K-SMALL'"), 0);
    PoliceTransfer("K-BIG", Today());
    app().warnings().EvaluateAll(Today());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'CRD-03' AND subject_id = 'K-BIG' AND status = 'cleared'"), 1);
}

// The quarterly publication: not before the quarter ends; drafted from the major violations; once.
TEST_P(CreditRecordApiTest, TheQuarterIsPublishedOnceAfterItEnds) {
    OrderedCase("K-D", "E-D", "2026-10-30", 100);
    PoliceTransfer("K-D", core::Date(2026, 9, 1));
    RedWarning("W-B", "PAY-01", "E-B", core::Date(2026, 8, 10));  // an ordinary violation: not published
    ASSERT_EQ(app().credit_anomalies().RaiseFromFacts(Today(), 90), 2);

    auto early = client().Get("/api/v1/credit/publication?year=2026&quarter=3", staff_);
    EXPECT_EQ(early.status, 400u);
    EXPECT_NE(Field(early, "quarter").find("2026-10-01 起可公布"), std::string::npos) << early.body;

    SetToday(core::Date(2026, 10, 9));
    auto draft = client().Get("/api/v1/credit/publication?year=2026&quarter=3", staff_);
    ASSERT_EQ(draft.status, 200u) << draft.body;
    EXPECT_TRUE(draft.json.at("id").is_null());
    ASSERT_EQ(draft.json.at("items").as_array().size(), 1u);
    EXPECT_NE(draft.json.at("items").at(0).at("handling").as_string().find("移送公安机关"), std::string::npos);
    auto published = Post("/api/v1/credit/publications", value{{"year", 2026}, {"quarter", 3}}, staff_);
    ASSERT_EQ(published.status, 201u) << published.body;
    EXPECT_EQ(Post("/api/v1/credit/publications", value{{"year", 2026}, {"quarter", 3}}, staff_).status, 409u);
    auto pub = client().Get("/api/v1/public/credit/publications");
    ASSERT_EQ(pub.status, 200u);
    ASSERT_EQ(pub.json.at("items").as_array().size(), 1u);
    auto detail = client().Get("/api/v1/public/credit/publications/" + std::string(published.json.at("id").as_string()));
    EXPECT_EQ(detail.json.at("items").at(0).at("enterpriseName").as_string(), "企业E-D");
    auto xlsx = client().Get("/api/v1/credit/publication?year=2026&quarter=3&format=xlsx", staff_);
    EXPECT_EQ(xlsx.status, 200u);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

// The pre-contract query shows the grade in force and the open records.
TEST_P(CreditRecordApiTest, ThePreContractQueryShowsGradeAndRecords) {
    RedWarning("W-1", "PAY-01", hengda_, core::Date(2026, 9, 15));
    ASSERT_EQ(app().credit_anomalies().RaiseFromFacts(Today()), 1);
    const std::string run(Post("/api/v1/credit/grade-runs", value{{"year", 2026}}, staff_).json.at("id").as_string());
    ASSERT_EQ(Post("/api/v1/credit/grade-runs/" + run + "/publish", value(boost::json::object{}), staff_).status, 200u);
    const std::string builder = LoginAs("jianshe", "enterprise-user", "370102", "E-A");
    auto record = Post("/api/v1/credit/queries", value{{"enterpriseId", hengda_}}, builder);
    ASSERT_EQ(record.status, 201u) << record.body;
    EXPECT_EQ(record.json.at("result").at("grade").at("grade").as_string(), "B");
    EXPECT_EQ(record.json.at("result").at("anomalies").as_array().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditRecordApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace anxin::credit
