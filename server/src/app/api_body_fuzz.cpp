// Fuzz target: every write route's body through its reader and its service, as the platform's
// people and systems call it. The whole App runs in-process on an in-memory SQLite database holding a
// small demo province (real ids for the path parameters). An input is
//   [route byte] [caller byte] [one byte per path parameter] [body …]
// choosing a POST/PUT/PATCH route (the module's body readers: registry, wages, deposits, clues,
// cases, warnings, credit, identity, files …), a demo login whose role holds the route's permission,
// and an existing id of the right kind for each parameter (or an unknown one). The body goes in as
// sent. Any outcome but a response, an anxin::Error or a uniqueness / reference conflict is a bug —
// a CHECK or NOT NULL violation means a reader let bad input through to the database.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/error.hpp"
#include "demo/demo.hpp"
#include "identity/permissions.hpp"
#include "region/region_import.hpp"
#include "storage/database.hpp"

namespace {

using namespace anxin;

struct World {
    core::ManualClock clock{core::Date(2026, 11, 16).StartInShanghai() + std::chrono::hours(10)};
    std::unique_ptr<app::App> app;
    std::vector<const http::Route*> routes;              // the write routes
    std::vector<core::Principal> callers;                // the demo's logins
    std::map<std::string, std::vector<std::string>> ids;  // path parameter → existing ids
};

World& TheWorld() {
    static World* world = [] {
        auto* w = new World;
        app::Config config;
        config.database_url = "sqlite::memory:";
        config.database_pool_size = 1;
        config.run_scheduler = false;
        config.password_cost = identity::PasswordCost::kFast;
        config.data_key = core::DataKey::Generate();
        config.files_dir = "/tmp/anxin-api-body-fuzz-files";
        w->app = std::make_unique<app::App>(config, w->clock);
        storage::Database& db = w->app->db();
        region::ImportEmbeddedDivisions(db);
        demo::DemoOptions options;
        options.scale = 0.02;
        options.password_cost = identity::PasswordCost::kFast;
        options.files = &w->app->files();
        demo::GenerateDemo(db, w->clock, w->app->cipher(), options);
        for (const auto& r : w->app->router().routes())
            if (r.method == http::Method::kPost || r.method == http::Method::kPut || r.method == http::Method::kPatch)
                w->routes.push_back(&r);
        // By "METHOD pattern", so a seed keeps its route when routes are added elsewhere in the list.
        std::sort(w->routes.begin(), w->routes.end(), [](const http::Route* a, const http::Route* b) {
            return std::string(http::MethodName(a->method)) + " " + a->pattern <
                   std::string(http::MethodName(b->method)) + " " + b->pattern;
        });
        auto tx = db.Begin(storage::TxMode::kRead);
        for (const auto& u : tx.Query("SELECT id, username, role, region_code, industry, enterprise_id, bank_code FROM identity_user "
                                      "ORDER BY username")) {
            core::Principal p;
            p.user_id = u.Text(0);
            p.username = u.Text(1);
            p.role = u.Text(2);
            p.region_code = u.Text(3);
            p.industry = u.OptText(4).value_or("");
            p.enterprise_id = u.OptText(5).value_or("");
            p.bank_code = u.OptText(6).value_or("");
            p.display_name = p.username;
            w->callers.push_back(p);
        }
        const std::map<std::string, std::string> sources = {
            {"projectId", "SELECT id FROM registry_project"},     {"workerId", "SELECT id FROM registry_worker"},
            {"enterpriseId", "SELECT id FROM registry_enterprise"}, {"contractId", "SELECT id FROM registry_contract"},
            {"caseId", "SELECT id FROM cases_case"},               {"clueId", "SELECT id FROM clues_clue"},
            {"warningId", "SELECT id FROM warnings_warning"},      {"payrollId", "SELECT id FROM wages_payroll"},
            {"batchId", "SELECT id FROM wages_pay_batch"},         {"accountId", "SELECT id FROM wages_account"},
            {"userId", "SELECT id FROM identity_user"},            {"departmentId", "SELECT id FROM region_department"},
            {"listingId", "SELECT id FROM credit_listing"},        {"anomalyId", "SELECT id FROM credit_anomaly"},
            {"runId", "SELECT id FROM credit_grade_run"},          {"fileId", "SELECT id FROM files_file"},
        };
        for (const auto& [param, sql] : sources)
            for (const auto& r : tx.Query(sql + " ORDER BY id LIMIT 16")) w->ids[param].push_back(r.Text(0));
        return w;
    }();
    return *world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    World& w = TheWorld();
    if (size < 2) return 0;
    const http::Route& route = *w.routes[data[0] % w.routes.size()];
    const core::Principal& caller = w.callers[data[1] % w.callers.size()];
    if (route.permission != http::kPublic && !identity::RoleHasPermission(caller.role, route.permission)) return 0;
    std::size_t at = 2;
    http::Request request;
    request.method = route.method;
    request.route = route.pattern;
    request.request_id = "fuzz";
    request.remote_address = "127.0.0.1";
    // Path parameters from the pattern, each an existing id of its kind chosen by a byte (or unknown).
    std::string path;
    for (std::size_t i = 0; i < route.pattern.size();) {
        const std::size_t open = route.pattern.find('{', i);
        if (open == std::string::npos) {
            path += route.pattern.substr(i);
            break;
        }
        const std::size_t close = route.pattern.find('}', open);
        path += route.pattern.substr(i, open - i);
        const std::string name = route.pattern.substr(open + 1, close - open - 1);
        const std::uint8_t pick = at < size ? data[at++] : 0;
        const auto& known = w.ids[name];
        std::string value = known.empty() || pick >= known.size() * 2 ? "01UNKNOWN" + std::to_string(pick) : known[pick % known.size()];
        request.path_params[name] = value;
        path += value;
        i = close + 1;
    }
    request.path = request.target = path;
    request.body.assign(reinterpret_cast<const char*>(data) + at, size - at);
    request.headers.emplace_back("content-type", "application/json");
    request.headers.emplace_back("x-file-name", "upload.pdf");
    if (route.permission != http::kPublic) request.principal = caller;
    try {
        (void)route.handler(request);
    } catch (const Error&) {
    } catch (const storage::UniqueViolation&) {  // 409 记录已存在: a duplicate the database refuses
    } catch (const storage::ForeignKeyViolation&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s %s as %s: %s\n", http::MethodName(route.method).data(), route.pattern.c_str(),
                     caller.username.c_str(), e.what());
        std::abort();
    }
    return 0;
}
