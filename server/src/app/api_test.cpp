// The foundation's API over real HTTP on a loopback port, on both backends: health, sessions,
// deny-by-default, scope, bad input, idempotency and the audit trail.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/scheduler.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::app {
namespace {

using boost::json::value;

class FoundationApiTest : public testing::ApiTest {};

std::int64_t CountRows(storage::Database& db, const std::string& table) {
    auto tx = db.Begin(storage::TxMode::kRead);
    return tx.QueryOne("SELECT COUNT(*) FROM " + table).Int(0);
}

// For the load balancer: live while the process answers; ready only with the database reachable and
// carrying every migration this binary has (a half-upgraded cluster does not take traffic).
TEST_P(FoundationApiTest, LiveAndReadyHealthChecks) {
    EXPECT_EQ(client().Get("/api/v1/health/live").status, 200u);
    auto ready = client().Get("/api/v1/health/ready");
    ASSERT_EQ(ready.status, 200u) << ready.body;
    EXPECT_GT(ready.json.at("schemaVersion").as_int64(), 20);
    {
        auto tx = app().db().Begin();
        tx.Execute("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)");
        tx.Commit();
    }
    auto behind = client().Get("/api/v1/health/ready");
    EXPECT_EQ(behind.status, 503u);
    EXPECT_NE(behind.body.find("数据库结构版本"), std::string::npos) << behind.body;
    EXPECT_EQ(client().Get("/api/v1/health/live").status, 200u);
}

TEST_P(FoundationApiTest, HealthReportsVersionAndBackend) {
    auto r = client().Get("/api/v1/health");
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.json.at("status").as_string(), "ok");
    EXPECT_EQ(r.json.at("version").as_string(), ANXIN_VERSION);
    EXPECT_EQ(r.json.at("database").as_string(), GetParam());
    EXPECT_FALSE(r.Header("x-request-id").empty());
}

TEST_P(FoundationApiTest, NoSessionIs401AndMissingPermissionIs403) {
    SeedRegions();
    auto r = client().Get("/api/v1/auth/me");
    EXPECT_EQ(r.status, 401u);
    EXPECT_EQ(r.json.at("error").at("code").as_string(), "unauthenticated");
    EXPECT_EQ(client().Get("/api/v1/departments", std::string(64, 'a')).status, 401u);

    auto supervisor = LoginAs("lixia", "supervisor", "370102");
    auto me = client().Get("/api/v1/auth/me", supervisor);
    ASSERT_EQ(me.status, 200u) << me.body;
    EXPECT_EQ(me.json.at("user").at("regionCode").as_string(), "370102");
    EXPECT_EQ(client().Get("/api/v1/audit", supervisor).status, 403u);
    EXPECT_EQ(client().Get("/api/v1/users", supervisor).status, 403u);
    EXPECT_EQ(client().Post("/api/v1/departments", value{{"regionCode", "370102"}}, supervisor).status, 403u);
}

TEST_P(FoundationApiTest, ARecordOfAnotherCountyAnswers404) {
    SeedRegions();
    auto admin = LoginAs("sysadmin", "system-admin", "37");
    auto created = client().Post(
        "/api/v1/departments", value{{"regionCode", "370103"}, {"kind", "housing"}, {"name", "市中区住房和城乡建设局"}},
        admin);
    ASSERT_EQ(created.status, 201u) << created.body;
    std::string other_county = std::string(created.json.at("id").as_string());
    auto own = client().Post(
        "/api/v1/departments", value{{"regionCode", "370102"}, {"kind", "hrss"}, {"name", "历下区人力资源和社会保障局"}},
        admin);
    ASSERT_EQ(own.status, 201u) << own.body;

    auto county = LoginAs("lixia-supervisor", "supervisor", "370102");
    EXPECT_EQ(client().Get("/api/v1/departments/" + std::string(own.json.at("id").as_string()), county).status, 200u);
    auto hidden = client().Get("/api/v1/departments/" + other_county, county);
    EXPECT_EQ(hidden.status, 404u);
    EXPECT_EQ(hidden.json.at("error").at("code").as_string(), "not_found");
    // Indistinguishable from an id that never existed.
    auto missing = client().Get("/api/v1/departments/01ZZZZZZZZZZZZZZZZZZZZZZZZ", county);
    EXPECT_EQ(missing.status, 404u);
    EXPECT_EQ(missing.json.at("error").at("message"), hidden.json.at("error").at("message"));
    auto list = client().Get("/api/v1/departments", county);
    ASSERT_EQ(list.status, 200u);
    EXPECT_EQ(list.json.at("total").as_int64(), 1);
}

TEST_P(FoundationApiTest, BadInputNamesTheFieldAndWritesNothing) {
    SeedRegions();
    auto admin = LoginAs("sysadmin", "system-admin", "37");
    auto before = CountRows(app().db(), "region_department");

    auto malformed = client().Post("/api/v1/departments", std::string_view("{\"regionCode\": "), admin);
    EXPECT_EQ(malformed.status, 400u);
    EXPECT_TRUE(malformed.json.at("error").at("fields").as_object().contains("body"));

    auto wrong = client().Post("/api/v1/departments",
                               value{{"regionCode", 370102}, {"kind", "police"}, {"name", std::string(101, 'x')}},
                               admin);
    ASSERT_EQ(wrong.status, 400u);
    const auto& fields = wrong.json.at("error").at("fields").as_object();
    EXPECT_TRUE(fields.contains("regionCode"));
    EXPECT_TRUE(fields.contains("kind"));
    EXPECT_TRUE(fields.contains("name"));

    auto unknown_region = client().Post(
        "/api/v1/departments", value{{"regionCode", "379999"}, {"kind", "housing"}, {"name", "不存在的局"}}, admin);
    ASSERT_EQ(unknown_region.status, 400u);
    EXPECT_TRUE(unknown_region.json.at("error").at("fields").as_object().contains("regionCode"));

    auto missing = client().Post("/api/v1/departments", value{{"kind", "housing"}}, admin);
    ASSERT_EQ(missing.status, 400u);
    EXPECT_TRUE(missing.json.at("error").at("fields").as_object().contains("regionCode"));
    EXPECT_TRUE(missing.json.at("error").at("fields").as_object().contains("name"));

    EXPECT_EQ(CountRows(app().db(), "region_department"), before);
}

TEST_P(FoundationApiTest, OversizedBodyIs413) {
    // The server answers from the Content-Length alone, before reading the 11 MiB.
    auto reply = testing::SendRaw(port(),
                                  "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 11534336\r\n\r\n{\"username\":");
    EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 413") << reply;
    EXPECT_NE(reply.find("payload_too_large"), std::string::npos);
}

TEST_P(FoundationApiTest, IdempotencyKeyReplaysTheFirstResult) {
    SeedRegions();
    auto admin = LoginAs("sysadmin", "system-admin", "37");
    value body{{"regionCode", "3701"}, {"kind", "water"}, {"name", "济南市水务局"}};
    testing::Headers key{{"Idempotency-Key", "create-water-bureau-1"}};
    auto first = client().Post("/api/v1/departments", body, admin, key);
    ASSERT_EQ(first.status, 201u) << first.body;
    auto audit_before = CountRows(app().db(), "audit_event");
    auto retry = client().Post("/api/v1/departments", body, admin, key);
    EXPECT_EQ(retry.status, 201u);
    EXPECT_EQ(retry.json.at("id"), first.json.at("id"));
    EXPECT_EQ(CountRows(app().db(), "region_department"), 1);
    EXPECT_EQ(CountRows(app().db(), "audit_event"), audit_before);
    // The same key for a different request is refused rather than replayed.
    value other{{"regionCode", "3701"}, {"kind", "finance"}, {"name", "济南市财政局"}};
    EXPECT_EQ(client().Post("/api/v1/departments", other, admin, key).status, 422u);
}

TEST_P(FoundationApiTest, IdempotencyKeysAreForgottenAfterADay) {
    SeedRegions();
    auto admin = LoginAs("sysadmin", "system-admin", "37");
    // The key is scoped per user; each check logs the same user in again (sessions idle out).
    auto relogin = [&] {
        auto login = client().Post("/api/v1/auth/login", value{{"username", "sysadmin"}, {"password", kPassword}});
        EXPECT_EQ(login.status, 200u) << login.body;
        return std::string(login.json.at("token").as_string());
    };
    testing::Headers key{{"Idempotency-Key", "nightly-1"}};
    value water{{"regionCode", "3701"}, {"kind", "water"}, {"name", "济南市水务局"}};
    ASSERT_EQ(client().Post("/api/v1/departments", water, admin, key).status, 201u);
    // The night after, the key is still inside its day: a different body under it is still refused.
    value finance{{"regionCode", "3701"}, {"kind", "finance"}, {"name", "济南市财政局"}};
    clock().Advance(std::chrono::hours(20));
    app().scheduler().RunDue();
    EXPECT_EQ(client().Post("/api/v1/departments", finance, relogin(), key).status, 422u);
    // A day later the nightly job has dropped it: the key names a new request again.
    clock().Advance(std::chrono::hours(24));
    app().scheduler().RunDue();
    auto reused = client().Post("/api/v1/departments", finance, relogin(), key);
    EXPECT_EQ(reused.status, 201u) << reused.body;
    EXPECT_EQ(CountRows(app().db(), "region_department"), 2);
}

TEST_P(FoundationApiTest, LockoutAfterFiveFailuresAndItsExpiry) {
    SeedRegions();
    LoginAs("wang", "supervisor", "3701");
    value bad{{"username", "wang"}, {"password", "Wrong-pass1"}};
    std::string first;
    for (int i = 0; i < 5; ++i) {
        auto r = client().Post("/api/v1/auth/login", bad);
        EXPECT_EQ(r.status, 401u);
        if (i == 0) first = std::string(r.json.at("error").at("message").as_string());
    }
    // Locked for this address: the right password gets the same answer as a wrong one (issue 11).
    value good{{"username", "wang"}, {"password", kPassword}};
    auto locked = client().Post("/api/v1/auth/login", good);
    EXPECT_EQ(locked.status, 401u);
    EXPECT_EQ(std::string(locked.json.at("error").at("message").as_string()), first);
    value unknown{{"username", "nobody"}, {"password", "Wrong-pass1"}};
    EXPECT_EQ(std::string(client().Post("/api/v1/auth/login", unknown).json.at("error").at("message").as_string()),
              first);
    clock().Advance(std::chrono::minutes(15));
    EXPECT_EQ(client().Post("/api/v1/auth/login", good).status, 200u);
}

// Issue 11: a flood of failures from one address gets 429 with Retry-After before any hashing.
TEST_P(FoundationApiTest, OneAddressIsLimitedWith429AndRetryAfter) {
    SeedRegions();
    for (int i = 0; i < 20; ++i) {
        value guess{{"username", "guess" + std::to_string(i)}, {"password", "Wrong-pass1"}};
        EXPECT_EQ(client().Post("/api/v1/auth/login", guess).status, 401u);
    }
    auto limited = client().Post("/api/v1/auth/login", value{{"username", "guess"}, {"password", "Wrong-pass1"}});
    EXPECT_EQ(limited.status, 429u) << limited.body;
    EXPECT_FALSE(limited.Header("retry-after").empty());
}

TEST_P(FoundationApiTest, LogoutRevokesTheSession) {
    SeedRegions();
    auto token = LoginAs("lisi", "supervisor", "37");
    EXPECT_EQ(client().Post("/api/v1/auth/logout", std::string_view(""), token).status, 204u);
    EXPECT_EQ(client().Get("/api/v1/auth/me", token).status, 401u);
}

TEST_P(FoundationApiTest, AuditTrailIsReadableByTheAuditAdministratorOnly) {
    SeedRegions();
    auto admin = LoginAs("sysadmin", "system-admin", "37");
    auto created = client().Post("/api/v1/users",
                                 value{{"username", "zhang"}, {"displayName", "张三"}, {"password", "Rb6@nWq1-Ty"},
                                       {"role", "supervisor"}, {"regionCode", "370102"}},
                                 admin);
    ASSERT_EQ(created.status, 201u) << created.body;
    auto auditor = LoginAs("auditor", "audit-admin", "37");
    auto trail = client().Get("/api/v1/audit?entity=user&entityId=" + std::string(created.json.at("id").as_string()),
                              auditor);
    ASSERT_EQ(trail.status, 200u) << trail.body;
    ASSERT_EQ(trail.json.at("total").as_int64(), 1);
    const auto& event = trail.json.at("items").at(0);
    EXPECT_EQ(event.at("action").as_string(), "create");
    EXPECT_EQ(event.at("actorName").as_string(), "sysadmin");
    EXPECT_EQ(event.at("requestId").as_string(), created.Header("x-request-id"));
    EXPECT_EQ(client().Get("/api/v1/audit", admin).status, 403u);
}

TEST_P(FoundationApiTest, RegionsListChildren) {
    SeedRegions();
    auto token = LoginAs("lisi", "supervisor", "37");
    auto r = client().Get("/api/v1/regions?parent=3701", token);
    ASSERT_EQ(r.status, 200u) << r.body;
    const auto& items = r.json.at("items").as_array();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].at("code").as_string(), "370102");
    EXPECT_EQ(items[0].at("name").as_string(), "历下区");
    EXPECT_EQ(client().Get("/api/v1/regions?parent=9999", token).status, 404u);
}

INSTANTIATE_TEST_SUITE_P(Backends, FoundationApiTest, ::testing::ValuesIn(testing::TestBackends()),
                         testing::BackendName());

// Prometheus metrics for the operator: requests by route pattern (never an id), the outbox backlog,
// warnings by level, the scheduler's runs; served to this machine, or to a scraper with the token —
// behind a trusted proxy, X-Forwarded-For says who is asking (issue 14).
class MetricsApiTest : public anxin::testing::ApiTest {
  protected:
    void Configure(app::Config& config) const override {
        config.server.trusted_proxies = {"127.0.0.1"};
        config.metrics_token = "scrape-secret";
    }
};

TEST_P(MetricsApiTest, RequestsByRoutePatternAndTheBacklogForLocalOrTokenScrapers) {
    SeedRegions();
    const std::string jinan = LoginAs("jinan", "supervisor", "3701");
    client().Get("/api/v1/health");
    client().Get("/api/v1/cases/01SECRETCASEID00000000000", jinan);  // a 404, counted under the pattern
    auto local = client().Get("/metrics");
    ASSERT_EQ(local.status, 200u) << local.body;
    EXPECT_EQ(local.Header("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
    EXPECT_NE(local.body.find("anxin_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"} 1"),
              std::string::npos) << local.body.substr(0, 2000);
    EXPECT_NE(local.body.find("route=\"/api/v1/cases/{caseId}\",status=\"404\""), std::string::npos);
    EXPECT_EQ(local.body.find("01SECRETCASEID"), std::string::npos);
    EXPECT_NE(local.body.find("anxin_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/health\",le=\"+Inf\"}"),
              std::string::npos);
    EXPECT_NE(local.body.find("# TYPE anxin_outbox_messages gauge"), std::string::npos);
    EXPECT_NE(local.body.find("# TYPE anxin_warnings_active gauge"), std::string::npos);

    // From elsewhere (the proxy says so): not there, unless the scraper brings the token.
    const anxin::testing::Headers remote{{"X-Forwarded-For", "203.0.113.9"}};
    EXPECT_EQ(client().Get("/metrics", "", remote).status, 404u);
    EXPECT_EQ(client().Get("/metrics", "wrong", remote).status, 404u);
    EXPECT_EQ(client().Get("/metrics", "scrape-secret", remote).status, 200u);
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::app
