// The `anxin` command line in-process, on both backends: user add, audit verify before and after
// someone edits an audit row directly in the database.
#include <gtest/gtest.h>

#include <cstdlib>

#include "app/cli.hpp"
#include "testing/test_database.hpp"

namespace anxin::app {
namespace {

struct CliResult {
    int exit_code = 0;
    std::string out;
};

CliResult RunAnxin(std::vector<std::string> args) {
    args.insert(args.begin(), "anxin");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    int code = RunCli(static_cast<int>(argv.size()), argv.data());
    return {code, ::testing::internal::GetCapturedStdout()};
}

class CliTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CliTest, AuditVerifyNamesTheFirstEditedEvent) {
    auto database = testing::TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    const std::string url = database->url();
    setenv("ANXIN_PASSWORD", "Adm1n-passw0rd", 1);
    for (const char* role : {"system-admin", "security-admin", "audit-admin"}) {
        auto r = RunAnxin({"--db", url, "--log-level", "warn", "user", "add", "--username", std::string(role) + "-1",
                      "--role", role});
        ASSERT_EQ(r.exit_code, 0) << r.out;
        EXPECT_NE(r.out.find("created user"), std::string::npos);
    }
    unsetenv("ANXIN_PASSWORD");

    auto intact = RunAnxin({"--db", url, "audit", "verify"});
    EXPECT_EQ(intact.exit_code, 0) << intact.out;
    EXPECT_NE(intact.out.find("3 events verified"), std::string::npos) << intact.out;

    {
        auto tx = database->db().Begin();
        tx.Execute("UPDATE audit_event SET actor_name = 'someone-else' WHERE seq = 2");
        tx.Commit();
    }
    auto broken = RunAnxin({"--db", url, "audit", "verify"});
    EXPECT_EQ(broken.exit_code, 2);
    EXPECT_NE(broken.out.find("BROKEN at event 2"), std::string::npos) << broken.out;
}

TEST_P(CliTest, MigrateIsIdempotent) {
    auto database = testing::TestDatabase::MultiConnection(GetParam(), /*migrate=*/false);
    auto first = RunAnxin({"--db", database->url(), "migrate"});
    ASSERT_EQ(first.exit_code, 0);
    EXPECT_NE(first.out.find("applied 0001_identity"), std::string::npos) << first.out;
    auto second = RunAnxin({"--db", database->url(), "migrate"});
    ASSERT_EQ(second.exit_code, 0);
    EXPECT_EQ(second.out.find("applied"), std::string::npos) << second.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTest, ::testing::ValuesIn(testing::TestBackends()), testing::BackendName());

}  // namespace
}  // namespace anxin::app
