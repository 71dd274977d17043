// The engine and the lifecycle: identity and no duplicates, escalation, deadlines → cases (through a
// CaseOpener double), clearing and reopening with history, people's transitions, failures that do
// not stop the run, incremental runs, scope, summary, masking, notifications, and the projects'
// open-warning summary behind the project list.
#include <algorithm>
#include <map>

#include "registry/projects.hpp"
#include "warnings/warning_json.hpp"
#include "warnings/warnings_test_support.hpp"

namespace anxin::warnings::testing {
namespace {

class RecordingCaseOpener : public CaseOpener {
  public:
    std::string OpenCaseForWarning(storage::Transaction&, const Warning& w) override {
        std::string id = "CASE-" + w.indicator + "-" + std::to_string(++opened[w.indicator]);
        return id;
    }
    void WarningCleared(storage::Transaction&, const Warning& w) override { cleared.push_back(*w.case_id); }
    std::map<std::string, int> opened;  // indicator → cases opened
    std::vector<std::string> cleared;
};

class RecordingNotifier : public WarningNotifier {
  public:
    void Notify(storage::Transaction&, const Warning& w, std::string_view template_name, const boost::json::object&,
                const std::string& dedupe_key) override {
        sent.push_back(std::string(template_name) + " " + w.indicator);
        keys.push_back(dedupe_key);
    }
    std::vector<std::string> sent;
    std::vector<std::string> keys;
};

using Engine = WarningsTest;

std::vector<std::string> EventKinds(WarningsTest& t, const std::string& id) {
    std::vector<std::string> kinds;
    auto tx = t.db().Begin(storage::TxMode::kRead);
    for (const auto& e : repository::Events(tx, id)) kinds.push_back(e.kind);
    return kinds;
}

TEST_P(Engine, ReEvaluationUpdatesAndNeverDuplicates) {
    Standard();
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    auto first = *Find("RN-04");
    clock().Advance(std::chrono::hours(24));
    auto summary = Run("2026-03-03");
    Run("2026-03-04");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = 'RN-04'"), 1);
    auto again = *Find("RN-04");
    EXPECT_EQ(again.id, first.id);
    EXPECT_EQ(again.first_seen_at, first.first_seen_at);
    EXPECT_GT(again.last_seen_at, first.last_seen_at);
    EXPECT_EQ(summary.raised, 0);
    EXPECT_EQ(EventKinds(*this, first.id), std::vector<std::string>{"raised"});
    EXPECT_EQ(Count("SELECT COUNT(*) FROM warnings_run"), 3);
}

TEST_P(Engine, DeadlineByLevelInWorkingDaysAndEscalationShortensIt) {
    ProjectSpec spec;
    spec.signed_on = "2026-01-01";
    Standard(spec);
    Run("2026-02-02");  // ACC-01 yellow: 5 WD
    auto w = *Find("ACC-01");
    EXPECT_EQ(w.deadline_on, Calendar().AddWorkingDays(D("2026-02-02"), 5));
    EXPECT_EQ(w.raised_on, D("2026-02-02"));
    // Escalated to red: a new stage with the red time limit, 3 WD from the escalation.
    Exec("UPDATE registry_project SET contract_signed_on = '2025-12-01'");
    Run("2026-02-03");
    w = *Find("ACC-01");
    EXPECT_EQ(w.level, "red");
    EXPECT_EQ(w.deadline_on, Calendar().AddWorkingDays(D("2026-02-03"), 3));
    EXPECT_EQ(EventKinds(*this, w.id), (std::vector<std::string>{"raised", "escalated"}));
}

TEST_P(Engine, NotClearedByDeadlineBecomesACaseAndTheCaseHearsWhenItClears) {
    RecordingCaseOpener cases;
    Wire(&cases);
    Standard();
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    auto w = *Find("RN-04");
    RunOn(w.deadline_on);
    EXPECT_EQ(Find("RN-04")->status, "open");
    auto summary = RunOn(w.deadline_on.AddDays(1));
    EXPECT_GE(summary.escalated_to_case, 1);
    w = *Find("RN-04");
    EXPECT_EQ(w.status, "escalated");
    EXPECT_EQ(w.case_id, "CASE-RN-04-1");
    RunOn(w.deadline_on.AddDays(2));  // still escalated: no second case
    EXPECT_EQ(cases.opened["RN-04"], 1);
    Staff("P1", "labor_affairs_officer");
    RunOn(w.deadline_on.AddDays(3));
    EXPECT_EQ(Find("RN-04")->status, "cleared");
    EXPECT_EQ(std::count(cases.cleared.begin(), cases.cleared.end(), "CASE-RN-04-1"), 1);
    EXPECT_EQ(EventKinds(*this, w.id), (std::vector<std::string>{"raised", "escalated_to_case", "cleared"}));
}

TEST_P(Engine, WithoutCaseOpenerTheWarningIsEscalatedWithoutCase) {
    Standard();
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    RunOn(Find("RN-04")->deadline_on.AddDays(1));
    EXPECT_EQ(Find("RN-04")->status, "escalated");
    EXPECT_FALSE(Find("RN-04")->case_id.has_value());
}

TEST_P(Engine, ClearedWarningReopensWithHistory) {
    Standard();
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    Staff("P1", "labor_affairs_officer");
    Run("2026-03-03");
    EXPECT_EQ(Find("RN-04")->status, "cleared");
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-10");
    auto w = *Find("RN-04");
    EXPECT_EQ(w.status, "open");
    EXPECT_EQ(w.raised_on, D("2026-03-10"));
    EXPECT_FALSE(w.cleared_at.has_value());
    EXPECT_EQ(EventKinds(*this, w.id), (std::vector<std::string>{"raised", "cleared", "reopened"}));
}

TEST_P(Engine, PeopleAcknowledgeHandleAndDismissWithReason) {
    Standard();
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    auto id = Find("RN-04")->id;
    auto sup = Supervisor();
    EXPECT_EQ(service_->Acknowledge(sup, id, "已知悉").status, "acknowledged");
    EXPECT_EQ(ErrorOf([&] { service_->Acknowledge(sup, id, ""); }).code(), ErrorCode::kConflict);
    EXPECT_EQ(service_->StartHandling(sup, id, "").status, "handling");
    EXPECT_EQ(ErrorOf([&] { service_->Dismiss(sup, id, "x"); }).fields().count("reason"), 1u);
    auto dismissed = service_->Dismiss(sup, id, "劳资专管员已在线下备案");
    EXPECT_EQ(dismissed.status, "dismissed");
    EXPECT_EQ(dismissed.dismissed_by, Supervisor().principal.user_id);
    // A dismissed warning stays dismissed while the condition persists, and is never made a case.
    RunOn(Calendar().AddWorkingDays(D("2026-03-02"), 20));
    EXPECT_EQ(Find("RN-04")->status, "dismissed");
    EXPECT_EQ(EventKinds(*this, id), (std::vector<std::string>{"raised", "acknowledged", "handling", "dismissed"}));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'warning'"), 3);
}

TEST_P(Engine, ScopeHidesOtherRegionsAndOtherEnterprises) {
    Standard();
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    auto id = Find("RN-04")->id;
    WarningQuery rn04;
    rn04.indicator = "RN-04";
    EXPECT_EQ(service_->List(Supervisor("370102"), rn04).total, 1);
    EXPECT_EQ(service_->List(Supervisor("370103"), {}).total, 0);
    EXPECT_EQ(ErrorOf([&] { service_->Get(Supervisor("370103"), id); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(service_->List(EnterpriseUser("E-GC"), rn04).total, 1);
    Enterprise("E-OTHER");
    EXPECT_EQ(service_->List(EnterpriseUser("E-OTHER"), {}).total, 0);
    EXPECT_EQ(ErrorOf([&] { service_->Acknowledge(EnterpriseUser("E-OTHER"), id, ""); }).code(), ErrorCode::kNotFound);
    WarningQuery q;
    q.indicator = "XX-99";
    EXPECT_EQ(ErrorOf([&] { service_->List(Supervisor(), q); }).fields().count("indicator"), 1u);
    q.indicator.reset();
    q.level = "orange";
    EXPECT_EQ(ErrorOf([&] { service_->List(Supervisor(), q); }).fields().count("level"), 1u);
}

TEST_P(Engine, AsOfInTheFutureIsRefused) {
    Standard();
    EvaluationRequest request;
    request.as_of = D("2026-03-03");  // the clock says 2 March
    auto e = ErrorOf([&] { service_->Evaluate(Supervisor(), request); });
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.fields().count("asOf"), 1u);
    request.as_of = D("2026-03-02");
    EXPECT_EQ(service_->Evaluate(Supervisor(), request).kind, "full");
}

TEST_P(Engine, AFailingIndicatorIsReportedAndTheOthersStillRun) {
    ProjectSpec spec;
    spec.signed_on = "2026-01-01";
    Standard(spec);
    Worker({.id = "W0"});
    Contract("W0");
    Attend("W0", "2026-01-05", "2026-01-06");
    Run("2026-03-02");
    ASSERT_EQ(Level("PAY-01", "2026-01"), "red");
    // A corrupt attendance row makes every attendance-based indicator fail.
    Exec("INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted) VALUES ('P1', "
         "'W0', '2026-02-3x', 1, 0)");
    auto summary = Run("2026-03-03");
    EXPECT_FALSE(summary.failures.empty());
    bool pay01_failed = false;
    for (const auto& f : summary.failures) pay01_failed |= f.indicator == "PAY-01";
    EXPECT_TRUE(pay01_failed);
    EXPECT_EQ(Level("PAY-01", "2026-01"), "red");  // not cleared by a failed evaluation
    EXPECT_EQ(Level("ACC-01"), "red");             // the others ran
    EXPECT_NE(Count("SELECT COUNT(*) FROM warnings_run WHERE failures LIKE '%PAY-01%'"), 0);
}

TEST_P(Engine, IncrementalRunTouchesOnlyTheGivenProjects) {
    Standard();
    ProjectSpec p2;
    p2.id = "P2";
    Project(p2);
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    EXPECT_EQ(ActiveCount("RN-04"), 2);
    Staff("P1", "labor_affairs_officer");
    Staff("P2", "labor_affairs_officer");
    auto summary = RunProject("2026-03-03", "P1");
    EXPECT_EQ(summary.kind, "incremental");
    EXPECT_EQ(summary.projects, 1);
    EXPECT_EQ(Find("RN-04", "", "P1")->status, "cleared");
    EXPECT_EQ(Find("RN-04", "", "P2")->status, "open");
}

// The project list (registry) filters on each project's open warnings: the engine and the lifecycle
// keep that summary in step with the warnings, in their own transactions.
TEST_P(Engine, ProjectListFollowsOpenWarnings) {
    ProjectSpec spec;
    spec.signed_on = "2026-01-01";
    Standard(spec);
    ProjectSpec quiet;
    quiet.id = "P2";
    Project(quiet);  // never evaluated here: no warnings
    Exec("DELETE FROM registry_project_staff WHERE project_id = 'P1'");
    registry::ProjectService projects(db(), clock(), &cipher_);
    auto sup = Supervisor();
    using Ids = std::vector<std::string>;
    auto listed = [&](const char* warning) {
        registry::ProjectQuery q;
        q.warning = warning;
        Ids ids;
        for (const auto& p : projects.List(sup, q).items) ids.push_back(p.id);
        return ids;
    };
    auto shown = [&] {
        auto p = projects.Get(sup, "P1");
        return std::make_pair(p.open_warning_level.value_or("-"), p.open_warnings);
    };
    EXPECT_EQ(listed("none"), (Ids{"P1", "P2"}));

    auto active = [&](const std::string& project) {
        WarningQuery q;
        q.project_id = project;
        q.status = "active";
        q.limit = 100;
        return service_->List(sup, q);
    };

    // The bare project (no account, deposit, staff …) raises several warnings, a red one among them.
    RunProject("2026-02-02");
    ASSERT_GT(active("P1").total, 2);
    EXPECT_EQ(active("P1").items.front().level, "red");  // the list puts red first
    EXPECT_EQ(shown(), std::make_pair(std::string("red"), active("P1").total));
    EXPECT_EQ(listed("red"), Ids{"P1"});
    EXPECT_EQ(listed("any"), Ids{"P1"});
    EXPECT_EQ(listed("yellow"), Ids{});
    EXPECT_EQ(listed("none"), Ids{"P2"});

    // Dismissed: only ACC-01 and RN-04 stay open, both yellow.
    for (const auto& w : active("P1").items)
        if (w.indicator != "ACC-01" && w.indicator != "RN-04") service_->Dismiss(sup, w.id, "已核实，另行处理");
    EXPECT_EQ(shown(), std::make_pair(std::string("yellow"), std::int64_t{2}));
    EXPECT_EQ(listed("yellow"), Ids{"P1"});
    EXPECT_EQ(listed("red"), Ids{});

    Exec("UPDATE registry_project SET contract_signed_on = '2025-12-01' WHERE id = 'P1'");
    RunProject("2026-02-03");  // ACC-01 escalates to red
    EXPECT_EQ(Level("ACC-01"), "red");
    EXPECT_EQ(shown(), std::make_pair(std::string("red"), std::int64_t{2}));
    EXPECT_EQ(listed("red"), Ids{"P1"});
    EXPECT_EQ(listed("yellow"), Ids{});

    service_->Acknowledge(sup, Find("RN-04")->id, "");  // still open: nothing changes
    EXPECT_EQ(shown(), std::make_pair(std::string("red"), std::int64_t{2}));
    service_->Dismiss(sup, Find("ACC-01")->id, "专户已在他行开设，待备案");
    EXPECT_EQ(shown(), std::make_pair(std::string("yellow"), std::int64_t{1}));
    EXPECT_EQ(listed("red"), Ids{});
    EXPECT_EQ(listed("yellow"), Ids{"P1"});
    EXPECT_EQ(listed("blue"), Ids{});

    Staff("P1", "labor_affairs_officer");
    Run("2026-02-04");  // a full run clears RN-04 (P2 now has its own warnings)
    EXPECT_EQ(Find("RN-04")->status, "cleared");
    EXPECT_EQ(shown(), std::make_pair(std::string("-"), std::int64_t{0}));
    Ids none = listed("none");
    EXPECT_TRUE(std::ranges::find(none, "P1") != none.end());
    // Every project's summary is the count the warnings list shows.
    for (const char* id : {"P1", "P2"}) {
        auto page = active(id);
        auto p = projects.Get(sup, id);
        EXPECT_EQ(p.open_warnings, page.total) << id;
        EXPECT_EQ(p.open_warning_level, page.items.empty() ? std::nullopt : std::optional(page.items.front().level))
            << id;
    }
    EXPECT_EQ(ErrorOf([&] {
                  registry::ProjectQuery bad;
                  bad.warning = "purple";
                  projects.List(sup, bad);
              })
                  .fields()
                  .count("warning"),
              1u);
}

TEST_P(Engine, NotificationsOnRaiseEscalationAndBeforeTheDeadline) {
    RecordingNotifier notifier;
    Wire(nullptr, &notifier);
    ProjectSpec spec;
    spec.signed_on = "2026-01-01";
    Standard(spec);
    Run("2026-02-02");  // ACC-01 yellow (+ others)
    auto w = *Find("ACC-01");
    auto count = [&](const std::string& text) { return std::count(notifier.sent.begin(), notifier.sent.end(), text); };
    EXPECT_EQ(count("warning.raised ACC-01"), 1);
    RunOn(Calendar().AddWorkingDays(w.deadline_on, -1));
    EXPECT_EQ(count("warning.deadline_soon ACC-01"), 1);
    RunOn(w.deadline_on);
    EXPECT_EQ(count("warning.deadline_soon ACC-01"), 1);  // once per deadline
    Exec("UPDATE registry_project SET contract_signed_on = '2025-12-01'");
    RunOn(w.deadline_on);
    EXPECT_EQ(count("warning.escalated ACC-01"), 1);
    EXPECT_EQ(notifier.keys.size(), notifier.sent.size());
}

TEST_P(Engine, SummaryCountsAndClearanceRate) {
    Standard();
    ProjectSpec p2;
    p2.id = "P2";
    p2.region = "370103001";
    Project(p2);
    Exec("DELETE FROM registry_project_staff");
    Run("2026-03-02");
    Staff("P1", "labor_affairs_officer");
    Run("2026-03-03");  // P1's RN-04 cleared within its deadline
    auto s = service_->Summarize(Supervisor("37"), "");
    EXPECT_EQ(s.closed, Count("SELECT COUNT(*) FROM warnings_warning WHERE status = 'cleared'"));
    EXPECT_GE(s.cleared_within_deadline, 1);
    bool both_counties = s.by_county.size() == 2;
    EXPECT_TRUE(both_counties);
    auto only = service_->Summarize(Supervisor("37"), "370103");
    ASSERT_EQ(only.by_county.size(), 1u);
    EXPECT_EQ(only.by_county[0].county_code, "370103");
}

TEST_P(Engine, WorkerNamesAreMaskedForEveryoneButSupervisors) {
    EXPECT_EQ(MaskName("王小明"), "王**");
    EXPECT_EQ(MaskName("李"), "李*");
    Standard();
    Worker({.id = "W0", .name = "王小明"});
    Attend("W0", "2026-03-02", "2026-03-02");  // RN-01: no contract
    Run("2026-03-03");
    auto w = *Find("RN-01", "2026-03");
    auto masked = WarningJson(w, false);
    EXPECT_EQ(masked.at("evidence").at("workers").as_array()[0].at("workerName").as_string(), "王**");
    auto full = WarningJson(w, true);
    EXPECT_EQ(full.at("evidence").at("workers").as_array()[0].at("workerName").as_string(), "王小明");
}

TEST(IndicatorCatalogTest, EveryCatalogCodeIsImplementedOrReserved) {
    std::size_t evaluated = 0;
    for (const auto& info : IndicatorCatalog()) {
        if (info.evaluated) ++evaluated;
        if (!info.evaluated) {
            EXPECT_FALSE(info.not_evaluated.empty()) << info.code;
        }
    }
    EXPECT_GE(evaluated, 32u);
    EXPECT_TRUE(FindIndicator("CRD-01")->evaluated);
    EXPECT_TRUE(FindIndicator("CRD-03")->evaluated);  // the asset-transfer sign read from ACC-04 (not_evaluated says so)
    EXPECT_FALSE(FindIndicator("CRD-03")->not_evaluated.empty());
    EXPECT_EQ(FindIndicator("NOPE"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Backends, Engine, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::warnings::testing
