// Every route × every scoped role × an object outside the caller's scope (issue 11). The route list
// comes from the app's router, so a route added later is walked too; a path parameter this test
// does not know fails it until someone says which object it names. On a small demo province
// (real divisions), each demo login of a scoped role — county, town and city supervisors, the
// city's housing officer, an enterprise's labor officer, a bank — calls each route with the ids of
// objects of a project outside its scope (another city, another bank, not its enterprise's):
// nothing may come back (no 2xx, no name or code of that project's in any answer) and nothing may
// be written (the audit trail does not grow). Inside its own scope the county supervisor's reads
// are not 404, so the ids are the right kind.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "demo/demo.hpp"
#include "region/region_import.hpp"
#include "region/region_test_support.hpp"
#include "testing/api_fixture.hpp"

namespace anxin {
namespace {

namespace json = boost::json;

// Parameters that name a scoped object, and how the walk finds one (ObjectsOf and the test body).
const std::set<std::string> kScoped = {"projectId", "contractId", "workerId",   "payrollId",    "lineId",
                                       "batchId",   "accountId",  "caseId",     "clueId",       "warningId",
                                       "enterpriseId", "departmentId", "userId", "importId", "useId",
                                       "returnId",  "outboxId", "fileId", "messageId", "listingId", "queryId",
                                       "anomalyId", "runId"};
// Parameters that name no scoped object: reference data, template kinds, months, public tokens.
const std::map<std::string, std::string> kUnscoped = {
    {"code", "370102"}, {"kind", "workers"}, {"period", "2026-01"}, {"key", "case.close_working_days"}, {"token", "x"},
    {"publicationId", "x"}};  // the quarterly publications are public

class ScopeWalkTest : public testing::ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        region::ImportDivisions(app().db(), region::test::ChinaDivisionDir());
        demo::DemoOptions options;
        options.seed = 11;
        options.enterprises = 24;
        options.projects = 16;
        options.workers = 200;
        options.password_cost = identity::PasswordCost::kFast;
        demo::GenerateDemo(app().db(), clock(), app().cipher(), options);
    }

    std::optional<std::string> One(const std::string& sql, std::vector<storage::Param> params = {}) {
        auto tx = app().db().Begin(storage::TxMode::kRead);
        auto rows = tx.Query(sql, std::span<const storage::Param>(params));  // the first row, if any
        if (rows.empty()) return std::nullopt;
        return rows.front().Text(0);
    }
    std::int64_t AuditEvents() {
        return app().db().Begin(storage::TxMode::kRead).QueryOne("SELECT COUNT(*) FROM audit_event").Int(0);
    }
    std::string Login(const std::string& username) {
        auto r = client().Post("/api/v1/auth/login", json::value{{"username", username}, {"password", "Sx8#Kp3-Vn"}});
        EXPECT_EQ(r.status, 200u) << username << ": " << r.body;
        return std::string(r.json.at("token").as_string());
    }

    // The ids of the objects hanging off `project`, by path parameter name.
    std::map<std::string, std::string> ObjectsOf(const std::string& project) {
        std::map<std::string, std::string> ids{{"projectId", project}};
        auto put = [&](const char* param, const std::string& sql) {
            if (auto id = One(sql, {project})) ids[param] = *id;
        };
        put("contractId", "SELECT id FROM registry_contract WHERE project_id = $1 ORDER BY id");
        // A worker whose every contract is on this project.
        put("workerId",
            "SELECT c.worker_id FROM registry_contract c WHERE c.project_id = $1 AND NOT EXISTS (SELECT 1 FROM "
            "registry_contract o WHERE o.worker_id = c.worker_id AND o.project_id <> $1) ORDER BY c.worker_id");
        put("payrollId", "SELECT id FROM wages_payroll WHERE project_id = $1 ORDER BY id");
        put("lineId",
            "SELECT l.id FROM wages_payroll_line l JOIN wages_payroll w ON w.id = l.payroll_id "
            "WHERE w.project_id = $1 AND w.id = (SELECT MIN(id) FROM wages_payroll WHERE project_id = $1) ORDER BY l.id");
        put("batchId",
            "SELECT b.id FROM wages_pay_batch b JOIN wages_payroll w ON w.id = b.payroll_id WHERE w.project_id = $1 "
            "ORDER BY b.id");
        put("accountId", "SELECT id FROM wages_account WHERE project_id = $1");
        put("caseId", "SELECT id FROM cases_case WHERE project_id = $1 ORDER BY id");
        put("clueId", "SELECT id FROM clues_clue WHERE project_id = $1 ORDER BY id");
        put("warningId", "SELECT id FROM warnings_warning WHERE project_id = $1 ORDER BY id");
        put("useId", "SELECT id FROM deposits_use WHERE project_id = $1 ORDER BY id");
        put("returnId", "SELECT id FROM deposits_return WHERE project_id = $1 ORDER BY id");
        // An attachment of the project (the demo uploads none: the walk files one, metadata only).
        {
            auto tx = app().db().Begin();
            const std::string id = "01FILE" + project.substr(project.size() - 20);
            tx.Execute("INSERT INTO files_file (id, file_name, content_type, size_bytes, sha256, purpose, personal, "
                       "region_code, project_id, uploaded_by, uploaded_by_name, created_at) SELECT $1, 'scan.pdf', "
                       "'application/pdf', 1, '00', 'case_attachment', 0, region_code, id, 'u', 'u', 0 "
                       "FROM registry_project WHERE id = $2",
                       {id, project});
            tx.Commit();
            ids["fileId"] = id;
        }
        // An enterprise taking part only in this project.
        put("enterpriseId",
            "SELECT p.enterprise_id FROM registry_participant p WHERE p.project_id = $1 AND NOT EXISTS (SELECT 1 FROM "
            "registry_participant o WHERE o.enterprise_id = p.enterprise_id AND o.project_id <> $1) "
            "ORDER BY p.enterprise_id");
        return ids;
    }
};

TEST_P(ScopeWalkTest, NoRouteAnswersWithDataOutsideTheCallersScope) {
    // The scoped logins of the demo: all in 济南 (3701) but the bank, which is ICBC province-wide.
    const std::vector<std::string> logins = {"lixia", "jiefanglu", "jinan", "zhujian", "laowu", "bank"};
    const std::string laowu_enterprise = *One("SELECT enterprise_id FROM identity_user WHERE username = 'laowu'");

    // A project outside every one of them: not in 济南, its account not at ICBC, laowu's enterprise
    // not on it; with the most objects hanging off it.
    auto outside = One(
        "SELECT p.id FROM registry_project p WHERE substr(p.region_code, 1, 4) <> '3701' "
        "AND NOT EXISTS (SELECT 1 FROM wages_account a WHERE a.project_id = p.id AND a.bank_code = 'ICBC') "
        "AND NOT EXISTS (SELECT 1 FROM registry_participant r WHERE r.project_id = p.id AND r.enterprise_id = $1) "
        "ORDER BY (SELECT COUNT(*) FROM wages_payroll w WHERE w.project_id = p.id) DESC, "
        "(SELECT COUNT(*) FROM cases_case c WHERE c.project_id = p.id) DESC, p.id",
        {laowu_enterprise});
    ASSERT_TRUE(outside) << "the demo has no project outside 济南 and ICBC";
    auto out = ObjectsOf(*outside);
    // Objects not tied to a project: a department and a user outside 济南, an import nobody here ran.
    out["departmentId"] = One("SELECT id FROM region_department WHERE substr(region_code, 1, 4) <> '3701' ORDER BY id")
                              .value_or("01NODEPARTMENTOUTSIDE0000");
    out["userId"] = *One("SELECT id FROM identity_user WHERE region_code = '37' AND role <> 'bank-operator' ORDER BY id");
    out["importId"] = "01NOSUCHIMPORT00000000000";
    out["outboxId"] = One("SELECT id FROM notify_outbox ORDER BY id").value_or("01NOSUCHMESSAGE0000000000");
    // An internal message to officials outside 济南.
    out["messageId"] = One("SELECT id FROM notify_outbox WHERE channel = 'internal' AND internal_to NOT LIKE '%3701%' "
                           "AND internal_to NOT LIKE 'user:%' ORDER BY id")
                           .value_or("01NOSUCHMESSAGE0000000000");
    // A joint-punishment procedure of another city (none in the demo yet: an id that does not exist).
    out["listingId"] = One("SELECT id FROM credit_listing WHERE substr(region_code, 1, 4) <> '3701' ORDER BY id")
                           .value_or("01NOSUCHLISTING0000000000");
    // A pre-contract query a Qingdao department ran: no Jinan login's unit.
    out["queryId"] = One("SELECT id FROM credit_query WHERE asked_by_unit LIKE 'region:3702%' ORDER BY id")
                         .value_or("01NOSUCHQUERY000000000000");
    // A credit anomaly record and a grade evaluation of another city.
    out["anomalyId"] = One("SELECT id FROM credit_anomaly WHERE substr(region_code, 1, 4) <> '3701' ORDER BY id")
                           .value_or("01NOSUCHANOMALY0000000000");
    out["runId"] = One("SELECT id FROM credit_grade_run WHERE substr(region_code, 1, 4) <> '3701' ORDER BY id")
                       .value_or("01NOSUCHGRADERUN000000000");
    for (const char* required : {"projectId", "contractId", "workerId", "payrollId", "lineId", "accountId"})
        ASSERT_TRUE(out.contains(required)) << "no " << required << " on the outside project " << *outside;

    // What must never appear in an answer to these callers.
    std::vector<std::string> secrets = {
        *One("SELECT name FROM registry_project WHERE id = $1", {*outside}),
        *One("SELECT code FROM registry_project WHERE id = $1", {*outside}),
        *One("SELECT name FROM registry_worker WHERE id = $1", {out["workerId"]}),
    };

    // Inside 历下区: the county supervisor's own objects, to show the ids are of the right kind.
    auto inside_project = One(
        "SELECT p.id FROM registry_project p WHERE substr(p.region_code, 1, 6) = '370102' "
        "ORDER BY (SELECT COUNT(*) FROM wages_payroll w WHERE w.project_id = p.id) DESC, p.id");
    ASSERT_TRUE(inside_project);
    auto in = ObjectsOf(*inside_project);
    in["userId"] = *One("SELECT id FROM identity_user WHERE username = 'lixia'");

    std::map<std::string, std::string> tokens;
    for (const auto& login : logins) tokens[login] = Login(login);
    const auto audit_before = AuditEvents();

    std::vector<std::string> leaks, unmapped, inside_misses;
    int calls = 0;
    for (const auto& route : app().router().routes()) {
        if (route.permission == http::kPublic || route.pattern.find('{') == std::string::npos) continue;
        // Fill the pattern's parameters; an unknown name fails the walk.
        auto fill = [&](const std::map<std::string, std::string>& ids) -> std::optional<std::string> {
            std::string path;
            bool scoped = false;
            for (std::size_t i = 0; i < route.pattern.size();) {
                if (route.pattern[i] != '{') {
                    path += route.pattern[i++];
                    continue;
                }
                auto end = route.pattern.find('}', i);
                std::string name = route.pattern.substr(i + 1, end - i - 1);
                i = end + 1;
                if (auto u = kUnscoped.find(name); u != kUnscoped.end()) {
                    path += u->second;
                } else if (auto id = ids.find(name); id != ids.end()) {
                    path += id->second;
                    scoped = true;
                } else if (!kScoped.contains(name)) {  // a parameter of a kind this test does not know
                    unmapped.push_back(route.pattern + " {" + name + "}");
                    return std::nullopt;
                } else {
                    return std::nullopt;  // no such object on this project in the demo
                }
            }
            if (!scoped) return std::nullopt;
            return path;
        };
        const std::string method(http::MethodName(route.method));
        if (auto path = fill(out)) {
            for (const auto& [login, token] : tokens) {
                ++calls;
                auto r = route.method == http::Method::kGet
                             ? client().Get(*path, token)
                             : client().Request(method, *path, "{}", {{"Authorization", "Bearer " + token}});
                bool leaked = r.status >= 200 && r.status < 300;
                for (const auto& secret : secrets) leaked = leaked || r.body.find(secret) != std::string::npos;
                if (leaked) leaks.push_back(login + " " + method + " " + *path + " → " + std::to_string(r.status));
            }
        }
        if (route.method == http::Method::kGet) {
            if (auto path = fill(in)) {
                auto r = client().Get(*path, tokens["lixia"]);
                if (r.status == 404) inside_misses.push_back(*path + ": " + r.body.substr(0, 120));
            }
        }
    }
    std::sort(unmapped.begin(), unmapped.end());
    unmapped.erase(std::unique(unmapped.begin(), unmapped.end()), unmapped.end());
    EXPECT_TRUE(unmapped.empty()) << "routes with parameters this walk does not know:\n"
                                  << [&] {
                                         std::string s;
                                         for (const auto& u : unmapped) s += "  " + u + "\n";
                                         return s;
                                     }();
    std::string leak_list;
    for (const auto& l : leaks) leak_list += "  " + l + "\n";
    EXPECT_TRUE(leaks.empty()) << leaks.size() << " answers outside scope:\n" << leak_list;
    std::string miss_list;
    for (const auto& m : inside_misses) miss_list += "  " + m + "\n";
    EXPECT_TRUE(inside_misses.empty()) << "the county supervisor's own objects answered 404:\n" << miss_list;
    EXPECT_EQ(AuditEvents(), audit_before) << "a call outside scope wrote something";
    EXPECT_GT(calls, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScopeWalkTest, ::testing::ValuesIn(testing::TestBackends()),
                         testing::BackendName());

}  // namespace
}  // namespace anxin
