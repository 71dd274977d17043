// Bulk imports over real HTTP on both backends: template download, upload → 202 and polling to the
// result, the error report as CSV and XLSX, wrong headers (422, no job), permissions and scope, the
// same file twice.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <boost/json.hpp>

#include "core/tabular.hpp"
#include "registry/worker_test_support.hpp"
#include "testing/api_fixture.hpp"

namespace anxin::registry {
namespace {

using boost::json::value;

const std::string kHeader =
    "姓名,身份证号,项目编码,用工单位信用代码,班组,合同开始日期,计薪方式,工资标准（元）,签订日期,进场日期\r\n";

std::string Row(const std::string& name, const std::string& id_number, const std::string& start = "2026-03-01") {
    return name + "," + id_number + ",XM-001,91370100MA0000002A,钢筋班," + start + ",按日,320.50,2026-02-26," + start +
           "\r\n";
}

class ImportApiTest : public anxin::testing::ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        registry::testing::SeedRegistry(app().db());
        supervisor_ = LoginAs("lixia", "supervisor", "370102");
        labor_ = LoginAs("labor2", "enterprise-user", "", "E2");
        stranger_ = LoginAs("qingdao3", "enterprise-user", "", "E3");
    }
    // Uploads and polls the job as the console does, until it is no longer queued or running.
    value Import(const std::string& kind, const std::string& body, const std::string& token) {
        auto posted = client().Post("/api/v1/imports?kind=" + kind + "&fileName=%E5%B7%A5%E4%BA%BA.csv", std::string_view(body),
                                    token, {{"Content-Type", "text/csv"}});
        EXPECT_EQ(posted.status, 202u) << posted.body;
        const std::string id(posted.json.at("id").as_string());
        for (int i = 0; i < 500; ++i) {
            auto job = client().Get("/api/v1/imports/" + id, token);
            EXPECT_EQ(job.status, 200u) << job.body;
            const auto status = job.json.at("status").as_string();
            if (status != "queued" && status != "running") return job.json;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "import did not finish";
        return nullptr;
    }
    std::string supervisor_, labor_, stranger_;
};

TEST_P(ImportApiTest, UploadPollReportAndTheSameFileAgain) {
    const std::string good1 = registry::testing::IdNumber(core::Date(1985, 1, 1), 901);
    const std::string good2 = registry::testing::IdNumber(core::Date(1986, 1, 1), 903);
    const std::string child = registry::testing::IdNumber(core::Date(2012, 1, 1), 905);
    const std::string file = kHeader + Row("甲工", good1) + Row("乙童", child) + Row("丙工", good2);

    value job = Import("workers", file, labor_);
    EXPECT_EQ(job.at("status").as_string(), "done");
    EXPECT_EQ(job.at("fileName").as_string(), "工人.csv");
    EXPECT_EQ(job.at("rowsTotal").as_int64(), 3);
    EXPECT_EQ(job.at("rowsDone").as_int64(), 3);
    EXPECT_EQ(job.at("created").as_int64(), 2);
    EXPECT_EQ(job.at("failed").as_int64(), 1);
    const std::string id(job.at("id").as_string());

    auto workers = client().Get("/api/v1/workers?projectId=P1", labor_);
    EXPECT_EQ(workers.json.at("total").as_int64(), 2);
    auto contracts = client().Get("/api/v1/projects/P1/contracts", labor_);
    ASSERT_EQ(contracts.json.at("items").as_array().size(), 2u);
    EXPECT_EQ(contracts.json.at("items").at(0).at("wageRate").as_int64(), 32050);
    EXPECT_EQ(contracts.json.at("items").at(0).at("enteredOn").as_string(), "2026-03-01");

    auto errors = client().Get("/api/v1/imports/" + id + "/errors", labor_);
    ASSERT_EQ(errors.status, 200u);
    EXPECT_EQ(errors.json.at("items").at(0), (value{{"row", 3}, {"field", "身份证号"}, {"reason", "未满 16 周岁，不得招用"}}));
    auto csv = client().Get("/api/v1/imports/" + id + "/errors?format=csv", labor_);
    EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(csv.Header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_EQ(csv.body, "\xEF\xBB\xBF行号,字段,原因\r\n3,身份证号,未满 16 周岁，不得招用\r\n");
    auto xlsx = client().Get("/api/v1/imports/" + id + "/errors?format=xlsx", labor_);
    ASSERT_EQ(xlsx.status, 200u);
    core::Table report = core::ReadTable(xlsx.body);
    ASSERT_EQ(report.rows.size(), 1u);
    EXPECT_EQ(report.rows[0][0], "3");
    EXPECT_EQ(client().Get("/api/v1/imports/" + id + "/errors?format=pdf", labor_).status, 400u);

    clock().Set(clock().Now() + std::chrono::minutes(1));  // the list is newest first
    value again = Import("workers", file, labor_);
    EXPECT_EQ(again.at("unchanged").as_int64(), 2);
    EXPECT_EQ(again.at("created").as_int64(), 0);
    EXPECT_EQ(again.at("updated").as_int64(), 0);
    EXPECT_EQ(again.at("failed").as_int64(), 1);
    EXPECT_EQ(again.at("fileSha256"), job.at("fileSha256"));

    auto list = client().Get("/api/v1/imports", labor_);
    EXPECT_EQ(list.json.at("total").as_int64(), 2);
    EXPECT_EQ(list.json.at("items").at(0).at("id"), again.at("id"));  // newest first
    // Another enterprise neither lists nor reads it.
    EXPECT_EQ(client().Get("/api/v1/imports", stranger_).json.at("total").as_int64(), 0);
    EXPECT_EQ(client().Get("/api/v1/imports/" + id, stranger_).status, 404u);
    EXPECT_EQ(client().Get("/api/v1/imports/" + id + "/errors?format=csv", stranger_).status, 404u);
}

TEST_P(ImportApiTest, WrongHeadersKindAndPermissionAreRefusedBeforeAnyJob) {
    auto wrong = client().Post("/api/v1/imports?kind=workers", std::string_view("名字,证件\r\n张三,1\r\n"), labor_);
    ASSERT_EQ(wrong.status, 422u) << wrong.body;
    EXPECT_EQ(wrong.json.at("error").at("fields").at("file").as_string(),
              "缺少必需的列：姓名、身份证号；无法识别的列：名字、证件（请使用导入模板）");
    EXPECT_EQ(client().Post("/api/v1/imports?kind=people", std::string_view(kHeader), labor_).status, 400u);
    EXPECT_EQ(client().Post("/api/v1/imports", std::string_view(kHeader), labor_).status, 400u);
    // Enterprise users do not register enterprises; bank operators import nothing.
    auto enterprises = client().Post("/api/v1/imports?kind=enterprises",
                                     std::string_view("统一社会信用代码,企业名称,企业类型,注册地区划代码\r\n"), labor_);
    EXPECT_EQ(enterprises.status, 403u);
    const std::string bank = LoginAs("bank1", "bank-operator", "", "ICBC");
    EXPECT_EQ(client().Post("/api/v1/imports?kind=workers", std::string_view(kHeader), bank).status, 403u);
    EXPECT_EQ(client().Get("/api/v1/imports", supervisor_).json.at("total").as_int64(), 0);
}

TEST_P(ImportApiTest, TemplatesAreXlsxWithTheDocumentedHeaders) {
    auto t = client().Get("/api/v1/imports/templates/attendance", labor_);
    ASSERT_EQ(t.status, 200u);
    EXPECT_EQ(t.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    core::Table table = core::ReadTable(t.body);
    EXPECT_EQ(table.header, (std::vector<std::string>{"项目编码", "身份证号", "考勤时间", "进出方向", "设备编号",
                                                      "记录编号", "考勤方式", "经度", "纬度"}));
    EXPECT_EQ(client().Get("/api/v1/imports/templates/nothing", labor_).status, 400u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportApiTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::registry
