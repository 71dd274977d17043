// The wage funds chain end to end, on the real app and its services: a project with its general
// contractor and labor subcontractor → the dedicated account → a labor-cost allocation → attendance
// punches → the payroll draft → workers' confirmations → the bank file → a return with two failures →
// a corrected card and a re-issue → every worker paid, figures reconciled to the fen.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/identifiers.hpp"
#include "core/money.hpp"
#include "core/tabular.hpp"
#include "registry/enterprises.hpp"
#include "registry/projects.hpp"
#include "registry/workers.hpp"
#include "testing/api_fixture.hpp"

namespace anxin {
namespace {

namespace json = boost::json;

core::CallContext Ctx(const std::string& role, const std::string& region, const std::string& enterprise = "") {
    core::CallContext ctx;
    ctx.principal.user_id = "scenario-" + role;
    ctx.principal.username = ctx.principal.user_id;
    ctx.principal.role = role;
    ctx.principal.region_code = region;
    ctx.principal.enterprise_id = enterprise;
    ctx.request_id = "scenario";
    return ctx;
}

class WagesScenario : public testing::ApiTest {};

TEST_P(WagesScenario, ProjectToEveryWorkerPaid) {
    SeedRegions();
    auto& app = this->app();
    const auto supervisor = Ctx("supervisor", "370102");

    // Enterprises and the project (registry services).
    auto enterprise = [&](const std::string& body, const std::string& name, const std::string& kind) {
        registry::NewEnterprise e;
        e.credit_code = core::MakeCreditCode(body);
        e.name = name;
        e.region_code = "370102";
        e.kind = kind;
        return app.enterprises().Create(supervisor, e).id;
    };
    const std::string gc = enterprise("91370100MA0000001", "总包一公司", "general_contractor");
    const std::string sub = enterprise("91370100MA0000002", "劳务二公司", "labor_subcontractor");
    const std::string owner = enterprise("91370100MA0000003", "历下城投", "construction_unit");
    registry::NewProject np;
    np.fields.code = "XM-2026-001";
    np.fields.name = "历下安置房二期";
    np.fields.region_code = "370102";
    np.fields.industry = "housing";
    np.fields.investment_type = "government";
    np.fields.contract_price = 50'000'000'00;
    np.fields.contract_signed_on = core::Date(2026, 1, 2);
    np.fields.contract_start_on = core::Date(2026, 1, 5);
    np.fields.labor_cost_day = 25;
    np.fields.labor_cost_ratio_bp = 2500;
    np.approved_on = core::Date(2026, 1, 2);
    const std::string project = app.projects().Create(supervisor, np).id;
    app.projects().SetParticipants(supervisor, project,
                                   {registry::Participant{gc, "009", std::nullopt, std::nullopt, "", ""},
                                    registry::Participant{sub, "006", std::nullopt, std::nullopt, "", ""},
                                    registry::Participant{owner, "008", std::nullopt, std::nullopt, "", ""}});

    const std::string gc_token = LoginAs("gc-officer", "enterprise-user", "", gc);
    const std::string sub_token = LoginAs("sub-officer", "enterprise-user", "", sub);
    const std::string owner_token = LoginAs("owner-officer", "enterprise-user", "", owner);
    const std::string bank_token = LoginAs("icbc-operator", "bank-operator", "", "ICBC");
    const std::string boc_token = LoginAs("boc-operator", "bank-operator", "", "BOC");
    const std::string sup_token = LoginAs("lixia-supervisor", "supervisor", "370102");

    // The dedicated account and February's labor-cost allocation (wages account services over HTTP).
    auto r = client().Post("/api/v1/projects/" + project + "/account",
                           json::value{{"bankCode", "ICBC"},
                                       {"bankName", "中国工商银行"},
                                       {"branchName", "历下支行"},
                                       {"accountName", "历下安置房二期农民工工资专用账户"},
                                       {"accountNumber", "1602000000000000123"},
                                       {"openedOn", "2026-01-10"}},
                           gc_token);
    ASSERT_EQ(r.status, 201u) << r.body;
    r = client().Post("/api/v1/projects/" + project + "/allocations",
                      json::value{{"period", "2026-02"}, {"amount", 3'000'000}, {"allocatedOn", "2026-02-25"}},
                      owner_token);
    ASSERT_EQ(r.status, 201u) << r.body;

    // Five workers of the subcontractor with cards, daily wages, and attendance punches.
    const auto sub_ctx = Ctx("enterprise-user", "", sub);
    std::vector<std::string> workers;
    std::vector<registry::PunchInput> punches;
    for (int i = 0; i < 5; ++i) {
        registry::NewWorker w;
        w.name = "工人" + std::to_string(i + 1);
        w.id_number = core::MakeIdNumber("370102", core::Date(1980 + i, 3, 1), 901 + 2 * i);
        w.phone = "1380000000" + std::to_string(i);
        w.bank_card = "62220200000000001" + std::to_string(10 + i);
        w.bank_name = "中国工商银行历下支行";
        workers.push_back(app.workers().Create(sub_ctx, w).id);
        registry::NewContract c;
        c.worker_id = workers.back();
        c.project_id = project;
        c.employer_id = sub;
        c.kind = "labor_contract";
        c.start_on = core::Date(2026, 1, 5);
        c.wage_type = "daily";
        c.wage_rate = 35000 + 500 * i;  // 350.00 … 370.00 a day
        c.signed_on = core::Date(2026, 1, 5);
        app.contracts().Create(sub_ctx, c);
        // 10 + i working days in February, 07:30–17:30.
        for (int d = 0; d < 10 + i; ++d) {
            const std::string day = core::Date(2026, 2, 2).AddDays(d).ToString();
            for (const char* dir : {"in", "out"}) {
                registry::PunchInput p;
                p.device_id = "gate-1";
                p.punch_id = workers.back() + "-" + day + "-" + dir;
                p.project_id = project;
                p.worker_id = workers.back();
                p.time = day + (std::string(dir) == "in" ? "T07:30:00+08:00" : "T17:30:00+08:00");
                p.direction = dir;
                p.channel = "face";
                punches.push_back(p);
            }
        }
    }
    auto punched = app.attendance().SubmitPunches(sub_ctx, punches);
    ASSERT_TRUE(punched.rejected.empty()) << punched.rejected[0].field << ": " << punched.rejected[0].reason;

    // Payroll draft from attendance × rate.
    r = client().Post("/api/v1/projects/" + project + "/payrolls",
                      json::value{{"employerId", sub}, {"period", "2026-02"}, {"payDate", "2026-03-15"}}, sub_token);
    ASSERT_EQ(r.status, 201u) << r.body;
    const std::string payroll = std::string(r.json.at("id").as_string());
    core::Fen expected_total = 0;
    for (int i = 0; i < 5; ++i) expected_total += (35000 + 500 * i) * (10 + i);
    EXPECT_EQ(r.json.at("netTotal").as_int64(), expected_total);
    std::map<std::string, std::string> line_of;  // worker → line
    for (const auto& l : r.json.at("lines").as_array()) {
        line_of[std::string(l.at("workerId").as_string())] = std::string(l.at("id").as_string());
        const auto i = std::find(workers.begin(), workers.end(), std::string(l.at("workerId").as_string())) -
                       workers.begin();
        EXPECT_EQ(l.at("days").as_int64(), 10 + i);
        EXPECT_EQ(l.at("grossPay").as_int64(), (35000 + 500 * i) * (10 + i));
    }
    ASSERT_EQ(line_of.size(), 5u);

    // Submit, the workers' confirmations, the labor-affairs officer's approval.
    r = client().Post("/api/v1/payrolls/" + payroll + "/submission", "{}", sub_token);
    ASSERT_EQ(r.status, 200u) << r.body;
    for (const auto& [worker, line] : line_of) {
        r = client().Post("/api/v1/payrolls/" + payroll + "/lines/" + line + "/confirmation",
                          json::value{{"method", "signature"}}, sub_token);
        ASSERT_EQ(r.status, 200u) << r.body;
    }
    r = client().Post("/api/v1/payrolls/" + payroll + "/approval", "{}", gc_token);
    ASSERT_EQ(r.status, 200u) << r.body;
    r = client().Get("/api/v1/payrolls/" + payroll + "/completeness", gc_token);
    EXPECT_TRUE(r.json.at("complete").as_bool()) << r.body;

    // Batch 1 and its file for the bank.
    r = client().Post("/api/v1/payrolls/" + payroll + "/pay-batches", "{}", gc_token);
    ASSERT_EQ(r.status, 201u) << r.body;
    const std::string batch1 = std::string(r.json.at("id").as_string());
    EXPECT_EQ(r.json.at("totalAmount").as_int64(), expected_total);
    r = client().Get("/api/v1/pay-batches/" + batch1 + "/file.csv", bank_token);
    ASSERT_EQ(r.status, 200u) << r.body;
    core::Table file = core::ReadTable(r.body);
    ASSERT_EQ(file.rows.size(), 5u);
    EXPECT_EQ(client().Get("/api/v1/pay-batches/" + batch1 + "/file.csv", boc_token).status, 404u);

    // The bank's return: two failures.
    std::string ret = "参考号,状态,失败原因,处理日期,银行流水号,金额\n";
    std::set<std::string> failed_workers;
    core::Fen failed_amount = 0;
    for (size_t i = 0; i < file.rows.size(); ++i) {
        const auto& row = file.rows[i];
        const bool fail = i == 1 || i == 3;
        ret += row[1] + (fail ? ",失败,账户已销户,2026-03-02,," : ",成功,,2026-03-02,ICBC" + std::to_string(i) + ",") +
               row[5] + "\n";
        if (fail) failed_amount += *core::ParseYuan(row[5]);
    }
    r = client().Get("/api/v1/pay-batches/" + batch1, bank_token);
    for (const auto& l : r.json.at("lines").as_array()) {
        for (size_t i : {1u, 3u})
            if (l.at("reference").as_string() == file.rows[i][1]) failed_workers.insert(std::string(l.at("workerId").as_string()));
    }
    r = client().Post("/api/v1/pay-batches/" + batch1 + "/return", ret, boc_token, {{"Content-Type", "text/csv"}});
    EXPECT_EQ(r.status, 404u) << r.body;  // another bank's operator
    r = client().Post("/api/v1/pay-batches/" + batch1 + "/return", ret, bank_token, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.json.at("failedAmount").as_int64(), failed_amount);
    EXPECT_EQ(r.json.at("paidAmount").as_int64() + failed_amount, expected_total);
    r = client().Post("/api/v1/pay-batches/" + batch1 + "/return", ret, bank_token, {{"Content-Type", "text/csv"}});
    EXPECT_EQ(r.status, 409u) << r.body;

    r = client().Get("/api/v1/payrolls/" + payroll, gc_token);
    EXPECT_EQ(r.json.at("status").as_string(), "paying");
    EXPECT_EQ(r.json.at("unpaidTotal").as_int64(), failed_amount);
    EXPECT_EQ(r.json.at("paidTotal").as_int64() + r.json.at("unpaidTotal").as_int64(), expected_total);

    // Cards corrected, batch 2 with only the unpaid lines, all paid.
    int n = 0;
    for (const auto& w : failed_workers) {
        registry::WorkerPatch patch;
        patch.bank_card = "621700000000000090" + std::to_string(n++);
        patch.bank_name = "中国建设银行";
        app.workers().Update(sub_ctx, w, patch);
    }
    r = client().Post("/api/v1/payrolls/" + payroll + "/pay-batches", "{}", gc_token);
    ASSERT_EQ(r.status, 201u) << r.body;
    const std::string batch2 = std::string(r.json.at("id").as_string());
    EXPECT_EQ(r.json.at("sequence").as_int64(), 2);
    EXPECT_EQ(r.json.at("lineCount").as_int64(), 2);
    EXPECT_EQ(r.json.at("totalAmount").as_int64(), failed_amount);
    r = client().Get("/api/v1/pay-batches/" + batch2 + "/file.csv", gc_token);
    ASSERT_EQ(r.status, 200u);
    EXPECT_NE(r.body.find("6217000000000000900"), std::string::npos);
    file = core::ReadTable(r.body);
    ret = "参考号,状态,失败原因,处理日期,银行流水号,金额\n";
    for (const auto& row : file.rows) ret += row[1] + ",成功,,2026-03-02,ICBC-R" + row[0] + "," + row[5] + "\n";
    r = client().Post("/api/v1/pay-batches/" + batch2 + "/return", ret, bank_token, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 200u) << r.body;

    // Every worker paid; the figures reconcile to the fen.
    r = client().Get("/api/v1/payrolls/" + payroll, sup_token);
    EXPECT_EQ(r.json.at("status").as_string(), "paid");
    EXPECT_EQ(r.json.at("paidTotal").as_int64(), expected_total);
    EXPECT_EQ(r.json.at("unpaidTotal").as_int64(), 0);
    r = client().Get("/api/v1/projects/" + project + "/wages?period=2026-02", sup_token);
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.json.at("items").as_array().size(), 5u);
    EXPECT_EQ(r.json.at("owed").as_int64(), expected_total);
    EXPECT_EQ(r.json.at("paid").as_int64(), expected_total);
    EXPECT_EQ(r.json.at("outstanding").as_int64(), 0);
    for (const auto& w : failed_workers) {
        r = client().Get("/api/v1/workers/" + w + "/wages", sub_token);
        ASSERT_EQ(r.json.at("items").as_array().size(), 1u) << r.body;
        const auto& rec = r.json.at("items").as_array()[0];
        EXPECT_EQ(rec.at("outstanding").as_int64(), 0);
        EXPECT_EQ(std::string(rec.at("bankReferences").as_array()[0].as_string()).substr(0, 6), "ICBC-R");
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, WagesScenario, ::testing::ValuesIn(testing::TestBackends()),
                         testing::BackendName());

}  // namespace
}  // namespace anxin
