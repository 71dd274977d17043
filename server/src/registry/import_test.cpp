// ImportService on both backends: each kind from CSV UTF-8, CSV GBK and XLSX; every bad-row kind
// reported with row, field and reason while the valid rows land; wrong headers; the second run of a
// file changes nothing; scope; the report; batches (a bad row never loses the others, a crash after
// a committed batch is completed by a re-run without duplicates); the background runner.
#include <gtest/gtest.h>

#include <future>
#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/tabular.hpp"
#include "registry/enterprises.hpp"
#include "registry/import_service.hpp"
#include "registry/import_repository.hpp"
#include "registry/worker_test_support.hpp"
#include "registry/workers.hpp"
#include "testing/test_database.hpp"
#include "testing/errors.hpp"

namespace anxin::registry {
namespace {

using namespace registry::testing;
using Rows = std::vector<std::vector<std::string>>;

enum class Format { kUtf8, kGbk, kXlsx };

std::string Csv(const Rows& rows) {
    std::string out;
    for (const auto& r : rows) out += core::CsvLine(r);
    return out;
}

std::string ToGbk(const std::string& utf8) {
    iconv_t cd = iconv_open("GBK", "UTF-8");
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size();
    char* o = out.data();
    size_t out_left = out.size();
    EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::string Xlsx(const Rows& rows) {
    static int counter = 0;
    const std::string path =
        ::testing::TempDir() + "anxin_import_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".xlsx";
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    for (lxw_row_t r = 0; r < rows.size(); ++r)
        for (lxw_col_t c = 0; c < rows[r].size(); ++c) worksheet_write_string(ws, r, c, rows[r][c].c_str(), nullptr);
    EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::remove(path.c_str());
    return bytes.str();
}

std::string Encode(Format f, const Rows& rows) {
    switch (f) {
        case Format::kUtf8: return "\xEF\xBB\xBF" + Csv(rows);
        case Format::kGbk: return ToGbk(Csv(rows));
        case Format::kXlsx: return Xlsx(rows);
    }
    return "";
}

const std::vector<std::string> kWorkerHeader = {"姓名",     "身份证号",     "手机号",       "工种",
                                                "项目编码", "用工单位信用代码", "班组",     "合同类型",
                                                "合同开始日期", "合同结束日期", "计薪方式", "工资标准（元）",
                                                "签订日期", "进场日期"};
const std::string kE2Code = "91370100MA0000002A";  // 劳务二公司, labor subcontractor on P1

class ImportTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        SeedRegistry(db());
        cipher_ = std::make_unique<core::FieldCipher>(core::DataKey::Generate());
        enterprises_ = std::make_unique<EnterpriseService>(db(), clock(), cipher_.get());
        workers_ = std::make_unique<WorkerService>(db(), clock(), cipher_.get());
        contracts_ = std::make_unique<ContractService>(db(), clock());
        attendance_ = std::make_unique<AttendanceService>(db(), clock(), cipher_.get());
        MakeImports({});
    }
    void MakeImports(ImportOptions options) {
        imports_.reset();
        imports_ = std::make_unique<ImportService>(db(), clock(), cipher_.get(), *enterprises_, *workers_, *contracts_,
                                                   *attendance_, options);
    }
    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }
    std::int64_t Count(const std::string& sql) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }
    ImportJob Run(const core::CallContext& ctx, ImportKind kind, const std::string& bytes,
                  const ImportProgress& progress = {}) {
        return imports_->Run(ctx, kind, "test-file", bytes, progress);
    }
    static Error Catch(const std::function<void()>& f) { return ::anxin::testing::ErrorOf(f); }
    // A worker row with a contract on P1 with E2 (team 钢筋班), entered on 2026-03-01.
    static std::vector<std::string> WorkerRow(const std::string& name, const std::string& id_number) {
        return {name,       id_number,  "13912345678", "钢筋工", "XM-001", kE2Code,      "钢筋班",
                "劳动合同", "2026-03-01", "2026-12-31", "按日",   "350",    "2026-02-25", "2026-03-01"};
    }
    // The report lines "row|field|reason".
    std::vector<std::string> Report(const core::CallContext& ctx, const ImportJob& job) {
        std::vector<std::string> out;
        for (const auto& e : imports_->Errors(ctx, job.id))
            out.push_back(std::to_string(e.row) + "|" + e.field + "|" + e.reason);
        return out;
    }

    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<core::FieldCipher> cipher_;
    std::unique_ptr<EnterpriseService> enterprises_;
    std::unique_ptr<WorkerService> workers_;
    std::unique_ptr<ContractService> contracts_;
    std::unique_ptr<AttendanceService> attendance_;
    std::unique_ptr<ImportService> imports_;
};

// ---- each kind, each format, and the idempotent second run ----------------------------------------

TEST_P(ImportTest, EnterprisesFromEachFormatThenUnchangedOnSecondRun) {
    const auto sup = Supervisor("37");
    const std::vector<std::string> header = {"统一社会信用代码", "企业名称", "企业类型", "注册地区划代码", "联系电话"};
    const std::vector<Format> formats = {Format::kUtf8, Format::kGbk, Format::kXlsx};
    std::vector<std::string> files;
    for (int i = 0; i < 3; ++i) {
        const std::string code = core::MakeCreditCode("9137010200000000" + std::to_string(i));
        files.push_back(Encode(formats[i], {header, {code, "导入劳务" + std::to_string(i) + "公司", "劳务分包", "370102",
                                                     "1380000000" + std::to_string(i)}}));
        ImportJob job = Run(sup, ImportKind::kEnterprises, files.back());
        EXPECT_EQ(job.status, "done");
        EXPECT_EQ(job.rows_total, 1);
        EXPECT_EQ(job.rows_created, 1) << i;
        EXPECT_EQ(job.rows_failed, 0) << i;
        auto tx = db().Begin(storage::TxMode::kRead);
        auto row = tx.QueryOne("SELECT name, kind, contact_phone_mask FROM registry_enterprise WHERE credit_code = $1",
                               {code});
        EXPECT_EQ(row.Text(0), "导入劳务" + std::to_string(i) + "公司");  // GBK decoded to the same text
        EXPECT_EQ(row.Text(1), "labor_subcontractor");
        EXPECT_EQ(row.Text(2), "138****000" + std::to_string(i));
    }
    const auto audits = Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'enterprise'");
    EXPECT_EQ(audits, 3);
    for (const auto& file : files) {
        ImportJob again = Run(sup, ImportKind::kEnterprises, file);
        EXPECT_EQ(again.rows_unchanged, 1);
        EXPECT_EQ(again.rows_created + again.rows_updated + again.rows_failed, 0);
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'enterprise'"), audits);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_enterprise"), 6);

    // A changed cell updates that enterprise, audited once.
    const std::string code = core::MakeCreditCode("91370102000000000");
    ImportJob changed = Run(sup, ImportKind::kEnterprises,
                            Csv({header, {code, "导入劳务0公司（更名）", "劳务分包", "370102", "13800000000"}}));
    EXPECT_EQ(changed.rows_updated, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'enterprise' AND action = 'update'"), 1);
}

TEST_P(ImportTest, WorkersWithContractsFromEachFormatThenUnchangedOnSecondRun) {
    const auto labor = EnterpriseUser("E2");
    const std::vector<Format> formats = {Format::kUtf8, Format::kGbk, Format::kXlsx};
    std::vector<std::string> files, id_numbers;
    for (int i = 0; i < 3; ++i) {
        id_numbers.push_back(IdNumber(core::Date(1980 + i, 5, 5), 911 + 2 * i));
        files.push_back(Encode(formats[i], {kWorkerHeader, WorkerRow("导入工人" + std::to_string(i), id_numbers.back())}));
        ImportJob job = Run(labor, ImportKind::kWorkers, files.back());
        EXPECT_EQ(job.rows_created, 1) << i << " " << ::testing::PrintToString(Report(labor, job));
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_contract WHERE project_id = 'P1' AND employer_id = 'E2' AND "
                    "team_id = 'T1' AND wage_rate = 35000 AND wage_type = 'daily' AND entered_on = '2026-03-01'"),
              3);
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(tx.QueryOne("SELECT name FROM registry_worker WHERE id_number_index = $1",
                          {IdNumberIndex(*cipher_, id_numbers[1])})
                  .Text(0),
              "导入工人1");  // from the GBK file
    tx.Commit();
    const auto audits = Count("SELECT COUNT(*) FROM audit_event");
    const auto data_audits = Count("SELECT COUNT(*) FROM audit_event WHERE entity <> 'import_job'");
    for (const auto& file : files) {
        ImportJob again = Run(labor, ImportKind::kWorkers, file);
        EXPECT_EQ(again.rows_unchanged, 1);
        EXPECT_EQ(again.rows_created + again.rows_updated + again.rows_failed, 0);
    }
    // Only the jobs' own events (create + finish per job), none for data rows.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event"), audits + 6);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity <> 'import_job'"), data_audits);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_contract"), 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_entry_exit"), 3);
}

TEST_P(ImportTest, AttendanceFromEachFormatThenUnchangedOnSecondRun) {
    const auto labor = EnterpriseUser("E2");
    const std::string id_number = IdNumber(core::Date(1990, 1, 1), 931);
    Run(labor, ImportKind::kWorkers, Csv({kWorkerHeader, WorkerRow("考勤工人", id_number)}));
    const std::vector<std::string> header = {"项目编码", "身份证号", "考勤时间", "进出方向", "经度", "纬度"};
    const std::vector<Format> formats = {Format::kUtf8, Format::kGbk, Format::kXlsx};
    std::vector<std::string> files;
    for (int i = 0; i < 3; ++i) {
        const std::string day = std::vector<std::string>{"2026-02-28", "2026-03-01", "2026-03-02"}[i];
        // No device or punch ids: the same record gets the same generated id.
        files.push_back(Encode(formats[i], {header,
                                            {"XM-001", id_number, day + " 07:30:00", "进", "117.0001", "36.6501"},
                                            {"XM-001", id_number, day + " 08:50", "出", "117.0001", "36.6501"}}));
        ImportJob job = Run(labor, ImportKind::kAttendance, files.back());
        EXPECT_EQ(job.rows_created, 2) << i << " " << ::testing::PrintToString(Report(labor, job));
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch"), 6);
    // 2026-03-02 07:30–08:50: 80 minutes, not a counted day.
    EXPECT_EQ(Count("SELECT minutes FROM registry_attendance_day WHERE work_date = '2026-03-02'"), 80);
    const auto audits = Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'punch_batch'");
    for (const auto& file : files) {
        ImportJob again = Run(labor, ImportKind::kAttendance, file);
        EXPECT_EQ(again.rows_unchanged, 2);
        EXPECT_EQ(again.rows_created + again.rows_failed, 0);
    }
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch"), 6);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE entity = 'punch_batch'"), audits);
}

// ---- bad rows -------------------------------------------------------------------------------------

TEST_P(ImportTest, EveryBadWorkerRowIsReportedWhileValidRowsLand) {
    const auto labor = EnterpriseUser("E2");
    const std::string known = IdNumber(core::Date(1985, 2, 2), 951);
    Run(labor, ImportKind::kWorkers, Csv({kWorkerHeader, WorkerRow("老张", known)}));

    std::string bad_check = IdNumber(core::Date(1986, 3, 3), 953);
    bad_check.back() = bad_check.back() == '1' ? '2' : '1';
    auto row = [](std::vector<std::string> r, std::size_t col, std::string value) {
        r[col] = std::move(value);
        return r;
    };
    const auto ok1 = WorkerRow("新一", IdNumber(core::Date(1987, 4, 4), 955));
    const auto ok2 = WorkerRow("新二", IdNumber(core::Date(1988, 5, 5), 957));
    Rows rows = {kWorkerHeader,
                 ok1,                                                                        // row 2
                 WorkerRow("少年", IdNumber(core::Date(2011, 1, 1), 959)),                  // 3: under 16
                 WorkerRow("错号", bad_check),                                               // 4: GB 11643
                 WorkerRow("冒名", known),                                                   // 5: name differs
                 row(WorkerRow("早进", IdNumber(core::Date(1989, 6, 6), 961)), 13, "2026-02-27"),  // 6: entry before start
                 row(WorkerRow("无项", IdNumber(core::Date(1990, 7, 7), 963)), 4, "XM-404"),       // 7: unknown project
                 row(WorkerRow("外企", IdNumber(core::Date(1991, 8, 8), 965)), 5,
                     "91370200MA0000003A"),                                                  // 8: not a participant
                 row(WorkerRow("未来", IdNumber(core::Date(1992, 9, 9), 967)), 12, "2026-03-09"),  // 9: signed in the future
                 row(WorkerRow("乱薪", IdNumber(core::Date(1993, 10, 10), 969)), 10, "按年"),      // 10: wage type
                 row(WorkerRow("乱日", IdNumber(core::Date(1994, 11, 11), 971)), 8, "2026-13-01"),  // 11: date
                 ok2,                                                                        // 12
                 row(WorkerRow("坏手机", IdNumber(core::Date(1995, 12, 12), 973)), 2, "12345")};  // 13: phone
    ImportJob job = Run(labor, ImportKind::kWorkers, Csv(rows));
    EXPECT_EQ(job.status, "done");
    EXPECT_EQ(job.rows_total, 12);
    EXPECT_EQ(job.rows_created, 2);
    EXPECT_EQ(job.rows_failed, 10);
    const auto report = Report(labor, job);
    const std::vector<std::string> expected = {
        "3|身份证号|未满 16 周岁，不得招用",
        "5|姓名|与该身份证号已登记的姓名不符",
        "6|进场日期|不能早于合同开始日期 2026-03-01",
        "7|项目编码|项目不存在或不在您的范围内",
        "8|用工单位信用代码|该单位未参建此项目",
        "9|签订日期|不能晚于今天",
        "10|计薪方式|应为 按日、按月 或 计件",
        "11|合同开始日期|日期格式应为 YYYY-MM-DD",
        "13|手机号|应为 11 位手机号码",
    };
    for (const auto& line : expected)
        EXPECT_NE(std::find(report.begin(), report.end(), line), report.end()) << line << "\n"
                                                                                << ::testing::PrintToString(report);
    // Row 4: the check character, in the service's words.
    EXPECT_TRUE(std::any_of(report.begin(), report.end(), [](const auto& l) { return l.rfind("4|身份证号|", 0) == 0; }))
        << ::testing::PrintToString(report);
    // Nothing half-written: a refused row leaves no worker, contract or entry behind.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_contract"), 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_entry_exit"), 3);
}

TEST_P(ImportTest, EveryBadEnterpriseRowIsReported) {
    const auto sup = Supervisor("370102");
    const std::vector<std::string> header = {"统一社会信用代码", "企业名称", "企业类型", "注册地区划代码"};
    std::string pilot = core::MakeCreditCode("91370102000000077");
    pilot.back() = pilot.back() == '1' ? '2' : '1';  // wrong check character: stored, flagged
    ImportJob job = Run(sup, ImportKind::kEnterprises,
                        Csv({header,
                             {pilot, "试点企业", "施工总承包", "370102"},
                             {"ABC", "短码企业", "劳务分包", "370102"},
                             {core::MakeCreditCode("91370102000000088"), "外地企业", "劳务分包", "370202"},
                             {core::MakeCreditCode("91370102000000099"), "怪类企业", "包工头", "370102"},
                             {core::MakeCreditCode("91370102000000066"), "", "劳务分包", "370102"}}));
    EXPECT_EQ(job.rows_created, 1);
    EXPECT_EQ(job.rows_failed, 4);
    const auto report = Report(sup, job);
    ASSERT_EQ(report.size(), 4u) << ::testing::PrintToString(report);
    EXPECT_EQ(report[0].rfind("3|统一社会信用代码|", 0), 0u) << report[0];
    EXPECT_EQ(report[1], "4|注册地区划代码|不在您的管辖范围内");
    EXPECT_EQ(report[2], "5|企业类型|取值无效，可选：建设单位、施工总承包、专业分包、劳务分包、其他用工单位");
    EXPECT_EQ(report[3], "6|企业名称|必填");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_enterprise WHERE credit_code_valid = 0 AND name = '试点企业'"), 1);
}

TEST_P(ImportTest, EveryBadAttendanceRowIsReported) {
    const auto labor = EnterpriseUser("E2");
    const std::string worker = IdNumber(core::Date(1990, 1, 1), 981);
    const std::string stranger = IdNumber(core::Date(1990, 2, 2), 983);
    Run(labor, ImportKind::kWorkers, Csv({kWorkerHeader, WorkerRow("打卡甲", worker)}));
    NewWorker w;
    w.name = "无合同";
    w.id_number = stranger;
    workers_->Create(labor, w);
    const std::vector<std::string> header = {"项目编码", "身份证号", "考勤时间", "进出方向", "经度", "纬度"};
    ImportJob job = Run(labor, ImportKind::kAttendance,
                        Csv({header,
                             {"XM-001", worker, "2026-03-02 07:30", "进", "117.0001", "36.6501"},     // 2 ok
                             {"XM-001", worker, "2026-03-02 10:00", "出", "", ""},                    // 3 future
                             {"XM-001", IdNumber(core::Date(1970, 1, 1), 985), "2026-03-01 07:00", "进", "", ""},  // 4
                             {"XM-001", stranger, "2026-03-01 07:00", "进", "", ""},                  // 5 no contract: kept
                             {"XM-001", worker, "2026-03-01 07:00", "进出", "", ""},                  // 6 direction
                             {"XM-001", worker, "昨天", "进", "", ""},                                // 7 time
                             {"XM-002", worker, "2026-03-01 07:00", "进", "", ""},                    // 8 scope
                             {"XM-001", worker, "2025-12-31 07:00", "进", "", ""},                    // 9 before start
                             {"XM-001", worker, "2026-03-01 18:00", "出", "118.5", "36.6501"}}));     // 10 outside
    EXPECT_EQ(job.rows_created, 3);
    EXPECT_EQ(job.rows_failed, 6);
    const std::vector<std::string> expected = {
        "3|考勤时间|晚于当前时间",
        "4|身份证号|未登记的人员",
        "6|进出方向|应为 进 或 出（in/out、01/02）",
        "7|考勤时间|应为 YYYY-MM-DD HH:MM:SS（北京时间）",
        "8|项目编码|项目不存在或不在您的范围内",
        "9|考勤时间|早于项目合同开工日期",
    };
    EXPECT_EQ(Report(labor, job), expected);
    // Outside the fence, and on site without a contract (REG 28 evidence, issue 11): stored and flagged.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch WHERE outside_fence = 1"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_punch WHERE without_contract = 1"), 1);
}

TEST_P(ImportTest, WrongHeadersFailAtOnceNamingTheColumnsAndWriteNothing) {
    const auto labor = EnterpriseUser("E2");
    Error e = Catch([&] {
        Run(labor, ImportKind::kWorkers, Csv({{"姓名", "身份证", "备注"}, {"张三", "x", "y"}}));
    });
    EXPECT_EQ(e.code(), ErrorCode::kUnprocessable);
    EXPECT_EQ(e.fields().at("file"), "缺少必需的列：身份证号；无法识别的列：身份证、备注（请使用导入模板）");
    // English names of the data standard are accepted.
    Error english = Catch([&] { Run(labor, ImportKind::kAttendance, Csv({{"projectCode", "idCardNumber", "date"}, {"a", "b", "c"}})); });
    EXPECT_EQ(english.fields().at("file"), "缺少必需的列：进出方向（请使用导入模板）");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_import_job"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event"), 0);
    // An empty file and a header without rows.
    EXPECT_EQ(Catch([&] { Run(labor, ImportKind::kWorkers, ""); }).fields().count("file"), 1u);
    EXPECT_EQ(Catch([&] { Run(labor, ImportKind::kWorkers, Csv({kWorkerHeader})); }).fields().at("file"), "没有数据行");
}

// ---- scope ----------------------------------------------------------------------------------------

TEST_P(ImportTest, ScopeDecidesWhoMayImportWhatAndWhoSeesTheJob) {
    const auto labor = EnterpriseUser("E2");
    const auto qingdao = EnterpriseUser("E3");
    const std::string enterprise_file = Csv({{"统一社会信用代码", "企业名称", "企业类型", "注册地区划代码"},
                                             {core::MakeCreditCode("91370102000000055"), "某公司", "劳务分包", "370102"}});
    EXPECT_EQ(Catch([&] { Run(labor, ImportKind::kEnterprises, enterprise_file); }).code(), ErrorCode::kForbidden);
    EXPECT_EQ(Catch([&] { Run(Ctx("industry-officer", "37"), ImportKind::kAttendance, "x"); }).code(),
              ErrorCode::kForbidden);

    // E3 is not on P1: its rows for P1 are refused per row; the worker itself is not written either.
    ImportJob job = Run(qingdao, ImportKind::kWorkers,
                        Csv({kWorkerHeader, WorkerRow("越界", IdNumber(core::Date(1984, 4, 4), 991))}));
    EXPECT_EQ(job.rows_failed, 1);
    EXPECT_EQ(Report(qingdao, job), std::vector<std::string>{"2|项目编码|项目不存在或不在您的范围内"});
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 0);

    ImportJob mine = Run(labor, ImportKind::kWorkers,
                         Csv({kWorkerHeader, WorkerRow("本单位", IdNumber(core::Date(1984, 5, 5), 993))}));
    EXPECT_EQ(imports_->Get(labor, mine.id).rows_created, 1);
    auto colleague = EnterpriseUser("E2");
    colleague.principal.user_id = "U-colleague";
    EXPECT_EQ(imports_->Get(colleague, mine.id).id, mine.id);
    EXPECT_EQ(Catch([&] { imports_->Get(qingdao, mine.id); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(Catch([&] { imports_->Errors(qingdao, mine.id); }).code(), ErrorCode::kNotFound);
    EXPECT_EQ(imports_->List(labor, 0, 20).total, 1);
    EXPECT_EQ(imports_->List(qingdao, 0, 20).total, 1);
    // Officers see officers' jobs in their region, not enterprises'.
    ImportJob officer = Run(Supervisor("370102"), ImportKind::kEnterprises, enterprise_file);
    EXPECT_EQ(imports_->List(Supervisor("37"), 0, 20).items.at(0).id, officer.id);
    EXPECT_EQ(imports_->List(Supervisor("37"), 0, 20).total, 1);
    EXPECT_EQ(Catch([&] { imports_->Get(Supervisor("3702"), officer.id); }).code(), ErrorCode::kNotFound);
}

// ---- report ---------------------------------------------------------------------------------------

TEST_P(ImportTest, ReportAsCsvAndXlsxNamesRowFieldReason) {
    const auto labor = EnterpriseUser("E2");
    ImportJob job = Run(labor, ImportKind::kWorkers,
                        Csv({kWorkerHeader, WorkerRow("少年", IdNumber(core::Date(2012, 1, 1), 901))}));
    const auto errors = imports_->Errors(labor, job.id);
    EXPECT_EQ(core::RowErrorsToCsv(errors), "\xEF\xBB\xBF行号,字段,原因\r\n2,身份证号,未满 16 周岁，不得招用\r\n");
    core::Table table = core::ReadTable(ImportService::ErrorsXlsx(errors));
    EXPECT_EQ(table.header, (std::vector<std::string>{"行号", "字段", "原因"}));
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.rows[0], (std::vector<std::string>{"2", "身份证号", "未满 16 周岁，不得招用"}));
    // The report never holds the ID number.
    EXPECT_EQ(core::RowErrorsToCsv(errors).find(IdNumber(core::Date(2012, 1, 1), 901)), std::string::npos);
}

TEST_P(ImportTest, TemplatesReadBackAsValidHeaders) {
    for (auto kind : {ImportKind::kEnterprises, ImportKind::kWorkers, ImportKind::kAttendance}) {
        core::Table table = core::ReadTable(ImportService::Template(kind));
        EXPECT_FALSE(table.header.empty());
        EXPECT_EQ(table.rows.size(), 1u);  // the example row
    }
    core::Table workers = core::ReadTable(ImportService::Template(ImportKind::kWorkers));
    EXPECT_EQ(workers.header,
              (std::vector<std::string>{"姓名", "身份证号", "手机号", "工资卡号", "开户银行", "工种", "项目编码",
                                        "用工单位信用代码", "班组", "合同类型", "合同开始日期", "合同结束日期",
                                        "计薪方式", "工资标准（元）", "签订日期", "进场日期"}));
    // The template as uploaded (example row and all) imports: its header is exactly what is expected.
    const auto labor = EnterpriseUser("E2");
    ImportJob job = Run(labor, ImportKind::kWorkers, ImportService::Template(ImportKind::kWorkers));
    EXPECT_EQ(job.rows_total, 1);
}

// ---- batches --------------------------------------------------------------------------------------

TEST_P(ImportTest, BatchesCommitSeparatelyAndAReRunAfterACrashCompletesWithoutDuplicates) {
    ImportOptions options;
    options.batch_size = 2;
    MakeImports(options);
    const auto labor = EnterpriseUser("E2");
    Rows rows = {kWorkerHeader};
    for (int i = 0; i < 5; ++i) rows.push_back(WorkerRow("批量" + std::to_string(i), IdNumber(core::Date(1980, 1, 1 + i), 901 + 2 * i)));
    rows[2][1] = IdNumber(core::Date(2015, 1, 1), 999);  // row 3 (first batch): under 16
    const std::string file = Csv(rows);

    // The process "dies" right after the first batch committed.
    std::vector<std::int64_t> seen;
    EXPECT_THROW(Run(labor, ImportKind::kWorkers, file,
                     [&](const ImportJob& j) {
                         seen.push_back(j.rows_done);
                         throw std::runtime_error("killed");
                     }),
                 std::runtime_error);
    EXPECT_EQ(seen, std::vector<std::int64_t>{2});
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 1);  // row 2 landed, row 3 refused
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_import_job WHERE status = 'running' AND rows_done = 2 AND "
                    "rows_created = 1 AND rows_failed = 1"),
              1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_import_error"), 1);
    // At the next start the stale job reads failed, with what to do.
    clock().Set(clock().Now() + std::chrono::minutes(11));
    EXPECT_EQ(imports_->FailInterrupted(std::chrono::minutes(10)), 1);
    EXPECT_EQ(imports_->List(labor, 0, 1).items.at(0).status, "failed");

    std::vector<std::int64_t> progress;
    ImportJob rerun = Run(labor, ImportKind::kWorkers, file, [&](const ImportJob& j) { progress.push_back(j.rows_done); });
    EXPECT_EQ(progress, (std::vector<std::int64_t>{2, 4, 5, 5}));
    EXPECT_EQ(rerun.status, "done");
    EXPECT_EQ(rerun.rows_unchanged, 1);
    EXPECT_EQ(rerun.rows_created, 3);
    EXPECT_EQ(rerun.rows_failed, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 4);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_contract"), 4);
}

TEST_P(ImportTest, TheRunnerWorksSubmittedJobsInTheBackground) {
    const auto labor = EnterpriseUser("E2");
    ImportJob queued = imports_->Submit(labor, ImportKind::kWorkers, "工人.csv",
                                        Csv({kWorkerHeader, WorkerRow("后台", IdNumber(core::Date(1983, 3, 3), 901))}));
    EXPECT_EQ(queued.status, "queued");
    EXPECT_EQ(queued.file_name, "工人.csv");
    imports_->WaitIdle();
    ImportJob done = imports_->Get(labor, queued.id);
    EXPECT_EQ(done.status, "done");
    EXPECT_EQ(done.rows_created, 1);
    EXPECT_TRUE(done.finished_at.has_value());
    // Wrong headers are refused before a job exists.
    EXPECT_EQ(Catch([&] { imports_->Submit(labor, ImportKind::kWorkers, "x.csv", "a,b\n1,2\n"); }).code(),
              ErrorCode::kUnprocessable);
    imports_->Stop();
    EXPECT_EQ(Catch([&] { imports_->Submit(labor, ImportKind::kWorkers, "y.csv", Csv({kWorkerHeader, WorkerRow("晚", IdNumber(core::Date(1983, 4, 4), 903))})); }).code(),
              ErrorCode::kUnavailable);
}

// Several instances (issue 14): an upload waits in the database, not in one process. A runner that
// stops mid-job gives it back; one that dies holds it until its lease runs out; either way another
// instance goes on from the first row not committed, and nothing is imported twice.
TEST_P(ImportTest, AQueuedJobIsTakenOverByAnotherInstanceFromTheFirstUncommittedRow) {
    const auto labor = EnterpriseUser("E2");
    ImportOptions options;
    options.batch_size = 2;
    options.poll = std::chrono::milliseconds(10);
    ImportService* first_ptr = nullptr;
    std::promise<void> first_batch;
    options.after_batch = [&](const std::string&) {  // stops after one batch
        first_ptr->RequestStop();
        first_batch.set_value();
    };
    auto first = std::make_unique<ImportService>(db(), clock(), cipher_.get(), *enterprises_, *workers_, *contracts_,
                                                 *attendance_, options);
    first_ptr = first.get();
    Rows rows = {kWorkerHeader};
    for (int i = 0; i < 5; ++i) rows.push_back(WorkerRow("接续" + std::to_string(i), IdNumber(core::Date(1981, 2, 1 + i), 911 + 2 * i)));
    ImportJob job = first->Submit(labor, ImportKind::kWorkers, "工人.csv", Csv(rows));
    first_batch.get_future().wait();
    first->Stop();  // joins the runner, which stopped after the first batch and gave the job back
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 2);
    EXPECT_EQ(Count("SELECT rows_done FROM registry_import_job WHERE id = '" + job.id + "'"), 2);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_import_payload WHERE runner IS NULL AND lease_until IS NULL"), 1);

    // Now as if a runner had taken it and died: its lease holds the job for two minutes.
    const auto now = core::ToMillis(clock().Now());
    {
        auto tx = db().Begin(storage::TxMode::kWrite);
        tx.Execute("UPDATE registry_import_payload SET runner = 'gone', lease_until = $1", {now + 120000});
        EXPECT_FALSE(import_repo::LeaseNext(tx, "other", now, now + 120000).has_value());  // not while it holds
        tx.Commit();
    }
    clock().Set(clock().Now() + std::chrono::minutes(3));
    ImportOptions second_options;
    second_options.batch_size = 2;
    second_options.poll = std::chrono::milliseconds(10);
    ImportService second(db(), clock(), cipher_.get(), *enterprises_, *workers_, *contracts_, *attendance_, second_options);
    second.Start();
    second.WaitIdle();
    ImportJob done = second.Get(labor, job.id);
    EXPECT_EQ(done.status, "done");
    EXPECT_EQ(done.rows_done, 5);
    EXPECT_EQ(done.rows_created, 5);
    EXPECT_EQ(done.rows_unchanged, 0);  // rows 1-2 were not read again
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_worker"), 5);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_import_payload"), 0);  // the file leaves with the job
}

// A queued job whose file cannot be read fails once and leaves the queue (no retry every lease).
TEST_P(ImportTest, AnUnreadableQueuedFileFailsTheJobOnce) {
    const auto labor = EnterpriseUser("E2");
    ImportOptions options;
    options.poll = std::chrono::milliseconds(10);
    MakeImports(options);
    ImportJob job = imports_->Submit(labor, ImportKind::kWorkers, "工人.csv",
                                     Csv({kWorkerHeader, WorkerRow("坏文件", IdNumber(core::Date(1984, 4, 4), 921))}));
    imports_->WaitIdle();
    imports_->Stop();
    {  // as if the stored file had been damaged before a runner took it
        auto tx = db().Begin(storage::TxMode::kWrite);
        tx.Execute("UPDATE registry_import_job SET status = 'queued', rows_done = 0 WHERE id = $1", {job.id});
        tx.Execute("INSERT INTO registry_import_payload (job_id, content_b64, principal, request_id) VALUES ($1, '%%%', "
                   "'{}', 'r')",
                   {job.id});
        tx.Commit();
    }
    MakeImports(options);
    imports_->Start();
    imports_->WaitIdle();
    EXPECT_EQ(imports_->Get(labor, job.id).status, "failed");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM registry_import_payload"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace anxin::registry
