// The `anxin` command line in-process, on both backends: user add, audit verify before and after
// someone edits an audit row directly in the database.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/cli.hpp"
#include "storage/database.hpp"
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

// The single-host backup: a consistent copy of the live SQLite database, and a restore that brings it
// back whole — the later writes gone, the audit chain intact (issue 14).
TEST(BackupTest, ABackupRestoresTheDatabaseAsItWas) {
    const auto dir = std::filesystem::temp_directory_path() / ("anxin-backup-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string url = "sqlite://" + (dir / "anxin.db").string();
    const std::string backup = (dir / "anxin-backup.db").string();
    setenv("ANXIN_PASSWORD", "Adm1n-passw0rd", 1);
    auto add = [&](const std::string& name, const std::string& role) {
        return RunAnxin({"--db", url, "--log-level", "warn", "user", "add", "--username", name, "--role", role});
    };
    ASSERT_EQ(add("before1", "system-admin").exit_code, 0);
    auto made = RunAnxin({"--db", url, "backup", "--to", backup});
    ASSERT_EQ(made.exit_code, 0) << made.out;
    ASSERT_EQ(add("after1", "audit-admin").exit_code, 0);
    unsetenv("ANXIN_PASSWORD");
    auto users = [&] {
        auto db = storage::Open(url);
        auto tx = db->Begin(storage::TxMode::kRead);
        return tx.QueryOne("SELECT COUNT(*) FROM identity_user").Int(0);
    };
    EXPECT_EQ(users(), 2);
    // A broken file is refused and nothing changes.
    { std::ofstream((dir / "junk.db").string()) << "not a database"; }
    EXPECT_NE(RunAnxin({"--db", url, "restore", "--from", (dir / "junk.db").string()}).exit_code, 0);
    EXPECT_EQ(users(), 2);
    auto restored = RunAnxin({"--db", url, "restore", "--from", backup});
    ASSERT_EQ(restored.exit_code, 0) << restored.out;
    EXPECT_EQ(users(), 1);
    EXPECT_TRUE(std::filesystem::exists(dir / "anxin.db.before-restore"));
    auto verified = RunAnxin({"--db", url, "audit", "verify", "--checkpoints", ""});
    EXPECT_EQ(verified.exit_code, 0) << verified.out;
    std::filesystem::remove_all(dir);
}

// One configuration file for every setting, the environment over it, secrets never printed, and an
// unknown key refused by name (issue 14).
TEST(ConfigCheckTest, FileThenEnvironmentThenFlagsAndSecretsHidden) {
    const auto dir = std::filesystem::temp_directory_path() / ("anxin-config-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = (dir / "anxin.toml").string();
    {
        std::ofstream out(file);
        out << "db = \"postgresql://anxin:s3cret@db.internal/anxin\"\n[serve]\nlisten = \"0.0.0.0:8080\"\n"
               "public-base-url = \"https://anxin.jinan.gov.cn\"\nsms-gateway = \"https://u:pw@sms.example/send\"\n";
    }
    auto r = RunAnxin({"--config", file, "config", "check"});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("public-base-url = https://anxin.jinan.gov.cn    [配置文件]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("listen = 0.0.0.0:8080    [配置文件]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("db = postgresql://anxin:***@db.internal/anxin"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("s3cret"), std::string::npos);
    EXPECT_EQ(r.out.find("pw@"), std::string::npos);
    EXPECT_NE(r.out.find("warnings-every = 15    [默认值]"), std::string::npos) << r.out;

    setenv("ANXIN_LISTEN", "127.0.0.1:9090", 1);
    r = RunAnxin({"--config", file, "config", "check"});
    unsetenv("ANXIN_LISTEN");
    EXPECT_NE(r.out.find("listen = 127.0.0.1:9090    [环境变量 ANXIN_LISTEN]"), std::string::npos) << r.out;
    r = RunAnxin({"--config", file, "--db", "sqlite::memory:", "config", "check"});
    EXPECT_NE(r.out.find("db = sqlite::memory:    [命令行]"), std::string::npos) << r.out;

    { std::ofstream(file, std::ios::app) << "public_base_urll = \"x\"\n"; }
    EXPECT_EQ(RunAnxin({"--config", file, "config", "check"}).exit_code, 2);  // a misspelt key is not ignored
    {
        std::ofstream out(file);
        out << "[serve]\npublic-base-url = \"anxin.jinan.gov.cn\"\n";
    }
    r = RunAnxin({"--config", file, "config", "check"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("error: public-base-url"), std::string::npos) << r.out;
    std::filesystem::remove_all(dir);
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
