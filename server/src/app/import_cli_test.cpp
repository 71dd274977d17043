// `anxin import` in-process on both backends: as an enterprise user, a workers file with one bad row
// exits 1 with the summary and writes the error report; the same file again changes nothing; a clean
// file exits 0; progress lines go to stderr when it is not a terminal.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/cli.hpp"
#include "core/tabular.hpp"
#include "registry/worker_test_support.hpp"
#include "testing/test_database.hpp"

namespace anxin::app {
namespace {

struct CliRun {
    int exit_code = 0;
    std::string out;
    std::string err;
};

CliRun Anxin(std::vector<std::string> args) {
    args.insert(args.begin(), "anxin");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    int code = RunCli(static_cast<int>(argv.size()), argv.data());
    std::string err = ::testing::internal::GetCapturedStderr();
    return {code, ::testing::internal::GetCapturedStdout(), err};
}

std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class ImportCliTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportCliTest, ImportsAsAUserWithProgressSummaryReportAndExitCode) {
    auto database = testing::TestDatabase::MultiConnection(GetParam());
    registry::testing::SeedRegistry(database->db());
    const std::string url = database->url();
    setenv("ANXIN_DATA_KEY", std::string(64, 'a').c_str(), 1);
    setenv("ANXIN_PASSWORD", "Labor-passw0rd", 1);
    auto user = Anxin({"--db", url, "--log-level", "warn", "user", "add", "--username", "labor2", "--role",
                       "enterprise-user", "--enterprise", "E2"});
    ASSERT_EQ(user.exit_code, 0) << user.out << user.err;
    unsetenv("ANXIN_PASSWORD");

    const std::string header = "姓名,身份证号,项目编码,用工单位信用代码,合同开始日期,计薪方式,工资标准（元）,签订日期\n";
    auto row = [](const std::string& name, const std::string& id) {
        return name + "," + id + ",XM-001,91370100MA0000002A,2026-03-01,按月,6500,2026-02-20\n";
    };
    const std::string file = WriteFile(
        "cli-workers-" + GetParam() + ".csv",
        header + row("甲工", registry::testing::IdNumber(core::Date(1980, 1, 1), 901)) +
            row("乙童", registry::testing::IdNumber(core::Date(2013, 1, 1), 903)));
    const std::string report = ::testing::TempDir() + "cli-report-" + GetParam() + ".csv";

    auto first = Anxin({"--db", url, "--log-level", "warn", "import", "--kind", "workers", file, "--as", "labor2",
                        "--errors", report});
    EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
    EXPECT_NE(first.out.find(": done, 2 rows: 1 created, 0 updated, 0 unchanged, 1 failed"), std::string::npos)
        << first.out;
    EXPECT_NE(first.err.find("import: 2/2 rows (100%), 1 failed"), std::string::npos) << first.err;
    EXPECT_EQ(ReadFile(report), "\xEF\xBB\xBF行号,字段,原因\r\n3,身份证号,未满 16 周岁，不得招用\r\n");

    auto again = Anxin({"--db", url, "--log-level", "warn", "import", "--kind", "workers", file, "--as", "labor2"});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.out.find("0 created, 0 updated, 1 unchanged, 1 failed"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("row 3 身份证号: 未满 16 周岁，不得招用"), std::string::npos) << again.out;

    const std::string clean = WriteFile("cli-clean-" + GetParam() + ".csv",
                                        header + row("丙工", registry::testing::IdNumber(core::Date(1981, 1, 1), 905)));
    auto ok = Anxin({"--db", url, "--log-level", "warn", "import", "--kind", "workers", clean, "--as", "labor2"});
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;

    // Wrong headers: one clear line, nothing imported; an unknown user is refused.
    const std::string wrong = WriteFile("cli-wrong-" + GetParam() + ".csv", "名字\n张三\n");
    auto bad = Anxin({"--db", url, "--log-level", "warn", "import", "--kind", "workers", wrong, "--as", "labor2"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("缺少必需的列：姓名、身份证号"), std::string::npos) << bad.err;
    auto nobody = Anxin({"--db", url, "--log-level", "warn", "import", "--kind", "workers", clean, "--as", "nobody"});
    EXPECT_EQ(nobody.exit_code, 1);
    EXPECT_NE(nobody.err.find("no user named nobody"), std::string::npos) << nobody.err;
    unsetenv("ANXIN_DATA_KEY");

    auto tx = database->db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM registry_worker").Int(0), 2);
    EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM registry_contract WHERE wage_type = 'monthly' AND wage_rate = 650000")
                  .Int(0),
              2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportCliTest, ::testing::ValuesIn(testing::TestBackends()), testing::BackendName());

}  // namespace
}  // namespace anxin::app
