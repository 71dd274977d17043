// Payrolls: draft generation figures, import with its all-or-nothing error report, the REG 15
// completeness check, the confirmation and approval gates, and scope. Both backends.
#include <gtest/gtest.h>

#include <map>

#include "core/error.hpp"
#include "core/tabular.hpp"
#include "wages/payroll_test_support.hpp"

namespace anxin::wages {
namespace {

using testing::Enterprise;
using testing::PayrollFixture;
using testing::Supervisor;

class PayrollTest : public PayrollFixture {};

TEST(PayrollRulesTest, ContractPayFigures) {
    EXPECT_EQ(ContractPay("daily", 30000, 20, false), 600000);
    EXPECT_EQ(ContractPay("monthly", 600000, 3, true), 600000);  // whole month: the rate, whatever the days
    // 6000.00 × 10 / 21.75 = 2758.6206… → 2758.62
    EXPECT_EQ(ContractPay("monthly", 600000, 10, false), 275862);
    // 4350.00 × 1 / 21.75 = 200.00 exactly
    EXPECT_EQ(ContractPay("monthly", 435000, 1, false), 20000);
    EXPECT_EQ(ContractPay("monthly", 600000, 23, false), 600000);  // never above the monthly rate
    EXPECT_EQ(ContractPay("piece", 500, 20, true), 0);
    ASSERT_TRUE(ParsePeriod("2026-02"));
    EXPECT_EQ(ParsePeriod("2026-02")->last, core::Date(2026, 2, 28));
    EXPECT_EQ(ParsePeriod("2024-12")->last, core::Date(2024, 12, 31));
    EXPECT_FALSE(ParsePeriod("2026-13"));
    EXPECT_FALSE(ParsePeriod("2026-2"));
    EXPECT_FALSE(ParsePeriod("202602"));
}

TEST_P(PayrollTest, DraftFromAttendanceTimesContractRate) {
    const std::string daily = AddWorker("日薪工", 901);
    const std::string monthly_new = AddWorker("月薪新人", 903);
    const std::string monthly_full = AddWorker("月薪老人", 905);
    const std::string piece = AddWorker("计件工", 907);
    const std::string other_employer = AddWorker("总包员工", 909);
    const std::string left_in_january = AddWorker("一月离场", 911);
    AddContract(daily, "E2", "T1", "daily", 30000, core::Date(2026, 1, 1));
    AddContract(monthly_new, "E2", "T1", "monthly", 600000, core::Date(2026, 2, 16));
    AddContract(monthly_full, "E2", std::nullopt, "monthly", 600000, core::Date(2026, 1, 1));
    AddContract(piece, "E2", "T1", "piece", 500, core::Date(2026, 1, 1));
    AddContract(other_employer, "E1", "T2", "daily", 40000, core::Date(2026, 1, 1));
    AddContract(left_in_january, "E2", "T1", "daily", 30000, core::Date(2026, 1, 1), core::Date(2026, 1, 31));
    AddDays("P1", daily, core::Date(2026, 2, 2), 20);                  // 20 counted days
    AddDays("P1", daily, core::Date(2026, 2, 23), 2, /*minutes=*/180);  // short days: not counted
    AddDays("P1", daily, core::Date(2026, 1, 20), 5);                  // January: not this payroll
    AddDays("P1", monthly_new, core::Date(2026, 2, 16), 10);
    AddDays("P1", monthly_full, core::Date(2026, 2, 2), 18);

    Payroll p = payrolls_->Generate(Enterprise("E2"), February());
    EXPECT_EQ(p.status, "draft");
    EXPECT_EQ(p.source, "attendance");
    EXPECT_EQ(p.employer_name, "劳务二公司");
    EXPECT_EQ(p.pay_date, core::Date(2026, 3, 31));  // DOMAIN §2 default: end of the following month
    ASSERT_EQ(p.lines.size(), 4u);

    const auto& d = LineOf(p, daily);
    EXPECT_EQ(d.days, 20);
    EXPECT_EQ(d.minutes, 20 * 480 + 2 * 180);
    EXPECT_EQ(d.gross_pay, 600000);  // 20 × 300.00
    EXPECT_EQ(d.net_pay, 600000);
    EXPECT_EQ(d.wage_type, "daily");
    EXPECT_EQ(LineOf(p, monthly_new).gross_pay, 275862);  // 6000 × 10 / 21.75, contract from the 16th
    EXPECT_EQ(LineOf(p, monthly_new).days, 10);
    EXPECT_EQ(LineOf(p, monthly_full).gross_pay, 600000);  // whole month
    EXPECT_EQ(LineOf(p, piece).gross_pay, 0);
    EXPECT_EQ(LineOf(p, piece).note, kPieceRateNote);
    EXPECT_EQ(p.net_total, 600000 + 275862 + 600000);
    EXPECT_EQ(p.unpaid_total, p.net_total);

    // A team payroll takes only the team's contracts.
    Payroll team = payrolls_->Generate(Enterprise("E1"), February("P1", "E1", "T2"));
    ASSERT_EQ(team.lines.size(), 1u);
    EXPECT_EQ(team.lines[0].worker_id, other_employer);
}

TEST_P(PayrollTest, ServiceContractProjectsUseTheSameMachinery) {
    const std::string cleaner = AddWorker("环卫工", 913);
    AddContract(cleaner, "E2", std::nullopt, "monthly", 350000, core::Date(2026, 1, 1), std::nullopt, "P3");
    AddDays("P3", cleaner, core::Date(2026, 2, 1), 24);
    Payroll p = payrolls_->Generate(Enterprise("E2"), February("P3", "E2"));
    ASSERT_EQ(p.lines.size(), 1u);
    EXPECT_EQ(p.lines[0].gross_pay, 350000);
}

TEST_P(PayrollTest, DuplicatePayrollAndEmptyMonthAreRefused) {
    const std::string w = AddWorker("张三", 901);
    AddContract(w, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    payrolls_->Generate(Enterprise("E2"), February());
    // Same project, employer, period and no team: the NULL team must not let a second one in.
    EXPECT_ANXIN_ERROR(payrolls_->Generate(Enterprise("E2"), February()), ErrorCode::kConflict);
    NewPayroll december = February();
    december.period = "2025-12";  // before any contract
    EXPECT_ANXIN_ERROR(payrolls_->Generate(Enterprise("E2"), december), ErrorCode::kUnprocessable);
    NewPayroll bad = February();
    bad.period = "2026-2";
    auto e = EXPECT_ANXIN_ERROR(payrolls_->Generate(Enterprise("E2"), bad), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(e.fields().contains("period"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM wages_payroll"), 1);
}

TEST_P(PayrollTest, ImportWithBadRowsImportsNothingAndReportsEveryRow) {
    const std::string a = AddWorker("张三", 901);
    const std::string b = AddWorker("李四", 903);
    const std::string no_contract = AddWorker("王五", 905);
    AddContract(a, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    AddContract(b, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    const std::string unknown = core::MakeIdNumber("370102", core::Date(1990, 1, 1), 917);
    // Rows 2–8: good; negative; 3 decimals; net ≠ gross − deductions; unknown ID; no contract; same person twice.
    std::string csv = "身份证号,姓名,出勤天数,应发,扣款,实发,备注\n";
    csv += IdNumberOf(901) + ",张三,20,\"6,000.50\",100,5900.50,伙食费\n";
    csv += IdNumberOf(903) + ",李四,20,-100,0,-100,\n";
    csv += IdNumberOf(903) + ",李四,20,100.123,0,100.123,\n";
    csv += IdNumberOf(903) + ",李四,20,6000,100,6000,\n";
    csv += unknown + ",赵六,20,6000,0,6000,\n";
    csv += IdNumberOf(905) + ",王五,20,6000,0,6000,\n";
    csv += IdNumberOf(901) + ",张三,1,1,0,1,\n";

    PayrollImport result = payrolls_->Import(Enterprise("E2"), February(), csv);
    EXPECT_FALSE(result.payroll);
    EXPECT_EQ(result.rows, 7);
    std::map<std::int64_t, std::string> by_row;
    for (const auto& e : result.errors) by_row[e.row] += e.field + ":" + e.reason + ";";
    EXPECT_FALSE(by_row.contains(2)) << by_row[2];
    EXPECT_NE(by_row[3].find("不能为负数"), std::string::npos) << by_row[3];
    EXPECT_NE(by_row[4].find("金额格式不正确"), std::string::npos) << by_row[4];
    EXPECT_NE(by_row[5].find("实发应等于应发减扣款"), std::string::npos) << by_row[5];
    EXPECT_NE(by_row[6].find("未登记"), std::string::npos) << by_row[6];
    EXPECT_NE(by_row[7].find("没有劳动合同"), std::string::npos) << by_row[7];
    EXPECT_NE(by_row[8].find("第 2 行"), std::string::npos) << by_row[8];
    const std::string report = core::RowErrorsToCsv(result.errors);
    EXPECT_NE(report.find("行号"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM wages_payroll"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM wages_payroll_line"), 0);

    // The corrected file imports every row, amounts exact to the fen (yuan text or fen columns).
    std::string good = "身份证号,姓名,出勤天数,应发,扣款,实发,备注\n";
    good += IdNumberOf(901) + ",张三,20,\"6,000.50\",100,5900.50,伙食费\n";
    good += IdNumberOf(903) + ",李四,21,6300,0,6300.00,\n";
    result = payrolls_->Import(Enterprise("E2"), February(), good);
    ASSERT_TRUE(result.payroll);
    EXPECT_TRUE(result.errors.empty());
    EXPECT_EQ(result.payroll->source, "import");
    EXPECT_EQ(LineOf(*result.payroll, a).gross_pay, 600050);
    EXPECT_EQ(LineOf(*result.payroll, a).deductions, 10000);
    EXPECT_EQ(LineOf(*result.payroll, a).net_pay, 590050);
    EXPECT_EQ(LineOf(*result.payroll, a).deduction_note, "伙食费");
    EXPECT_EQ(LineOf(*result.payroll, b).days, 21);
    EXPECT_EQ(result.payroll->net_total, 590050 + 630000);

    std::string fen = "idNumber,name,grossFen,netFen\n" + IdNumberOf(901) + ",张三,123456,123456\n";
    result = payrolls_->Import(Enterprise("E2"), February("P1", "E2", "T1"), fen);
    EXPECT_FALSE(result.payroll);  // 张三's contract is not in team T1
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].reason.find("不属于本工资表"), std::string::npos);
}

TEST_P(PayrollTest, CompletenessNamesMissingElementsAndBlocksSubmission) {
    const std::string with_phone = AddWorker("张三", 901);
    const std::string without_phone = AddWorker("李四", 903, std::nullopt);
    AddContract(with_phone, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    AddContract(without_phone, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    AddDays("P1", with_phone, core::Date(2026, 2, 2), 20);
    AddDays("P1", without_phone, core::Date(2026, 2, 2), 20);
    Payroll p = payrolls_->Generate(Enterprise("E2"), February());
    const auto& line = LineOf(p, with_phone);
    payrolls_->UpdateLine(Enterprise("E2"), p.id, line.id, LineInput{.deductions = 5000});  // no note

    Completeness c = payrolls_->CheckCompleteness(Supervisor(), p.id);
    EXPECT_FALSE(c.complete);
    EXPECT_FALSE(c.submittable);
    bool contact_missing = false, deduction_missing = false, signature_listed = false;
    for (const auto& m : c.missing) {
        if (m.element == "联系方式") {
            EXPECT_EQ(m.worker_id, without_phone);
            contact_missing = true;
        }
        if (m.element == "扣减事项及数额") deduction_missing = m.worker_id == with_phone;
        if (m.element == "银行代发凭证或本人签字") {
            EXPECT_FALSE(m.blocks_submission);
            signature_listed = true;
        }
    }
    EXPECT_TRUE(contact_missing);
    EXPECT_TRUE(deduction_missing);
    EXPECT_TRUE(signature_listed);

    auto e = EXPECT_ANXIN_ERROR(payrolls_->Submit(Enterprise("E2"), p.id), ErrorCode::kUnprocessable);
    ASSERT_TRUE(e.fields().contains("联系方式"));
    EXPECT_NE(e.fields().at("联系方式").find("李四"), std::string::npos);
    EXPECT_EQ(payrolls_->Get(Enterprise("E2"), p.id).status, "draft");

    registry::WorkerPatch phone;
    phone.phone = "13900000001";
    workers_->Update(Enterprise("E1"), without_phone, phone);
    payrolls_->UpdateLine(Enterprise("E2"), p.id, line.id, LineInput{.deduction_note = "借支"});
    c = payrolls_->CheckCompleteness(Enterprise("E2"), p.id);
    EXPECT_TRUE(c.submittable);
    EXPECT_FALSE(c.complete);  // signatures still missing, which does not block submission
    EXPECT_EQ(payrolls_->Submit(Enterprise("E2"), p.id).status, "submitted");
}

TEST_P(PayrollTest, ConfirmationAndApprovalGates) {
    const std::string a = AddWorker("张三", 901);
    const std::string b = AddWorker("李四", 903);
    AddContract(a, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    AddContract(b, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    AddDays("P1", a, core::Date(2026, 2, 2), 20);
    AddDays("P1", b, core::Date(2026, 2, 2), 19);
    const auto ctx = Enterprise("E2");
    Payroll p = payrolls_->Generate(ctx, February());
    const std::string line_a = LineOf(p, a).id;
    const std::string line_b = LineOf(p, b).id;

    EXPECT_ANXIN_ERROR(payrolls_->ConfirmLine(ctx, p.id, line_a, "signature"), ErrorCode::kConflict);  // draft
    EXPECT_ANXIN_ERROR(payrolls_->Approve(ctx, p.id), ErrorCode::kConflict);                          // draft
    payrolls_->Submit(ctx, p.id);
    EXPECT_ANXIN_ERROR(payrolls_->UpdateLine(ctx, p.id, line_a, LineInput{.other_pay = 100}), ErrorCode::kConflict);
    EXPECT_ANXIN_ERROR(payrolls_->ConfirmLine(ctx, p.id, line_a, "fingerprint"), ErrorCode::kInvalidArgument);
    p = payrolls_->ConfirmLine(ctx, p.id, line_a, "signature");
    EXPECT_TRUE(LineOf(p, a).confirmed_at);
    EXPECT_EQ(LineOf(p, a).confirm_method, "signature");
    EXPECT_ANXIN_ERROR(payrolls_->ConfirmLine(ctx, p.id, line_a, "sms"), ErrorCode::kConflict);  // once

    auto e = EXPECT_ANXIN_ERROR(payrolls_->Approve(ctx, p.id), ErrorCode::kUnprocessable);
    ASSERT_TRUE(e.fields().contains("lines"));
    EXPECT_NE(e.fields().at("lines").find("李四"), std::string::npos);
    EXPECT_EQ(e.fields().at("lines").find("张三"), std::string::npos);

    payrolls_->ConfirmLine(ctx, p.id, line_b, "h5");
    p = payrolls_->Approve(Enterprise("E1"), p.id);  // the GC's labor-affairs officer
    EXPECT_EQ(p.status, "approved");
    EXPECT_TRUE(p.approved_at);
    EXPECT_ANXIN_ERROR(payrolls_->Submit(ctx, p.id), ErrorCode::kConflict);

    // Reopening (no batch yet) clears approval and confirmations.
    p = payrolls_->Reopen(ctx, p.id);
    EXPECT_EQ(p.status, "draft");
    EXPECT_FALSE(p.approved_at);
    EXPECT_FALSE(LineOf(p, a).confirmed_at);
}

TEST_P(PayrollTest, LineEditsAreValidatedInFen) {
    const std::string a = AddWorker("张三", 901);
    const std::string stranger = AddWorker("路人", 903);
    AddContract(a, "E2", std::nullopt, "piece", 500, core::Date(2026, 1, 1));
    AddDays("P1", a, core::Date(2026, 2, 2), 3);
    const auto ctx = Enterprise("E2");
    Payroll p = payrolls_->Generate(ctx, February());
    const std::string line = LineOf(p, a).id;

    EXPECT_ANXIN_ERROR(payrolls_->UpdateLine(ctx, p.id, line, LineInput{.base_pay = -1}), ErrorCode::kInvalidArgument);
    EXPECT_ANXIN_ERROR(payrolls_->UpdateLine(ctx, p.id, line, LineInput{.base_pay = 1000, .deductions = 1001}),
                       ErrorCode::kInvalidArgument);
    p = payrolls_->UpdateLine(ctx, p.id, line, LineInput{.base_pay = 450000, .overtime_pay = 12345, .other_pay = 1,
                                                         .deductions = 2346, .deduction_note = "水电"});
    const auto& l = LineOf(p, a);
    EXPECT_EQ(l.gross_pay, 462346);
    EXPECT_EQ(l.net_pay, 460000);
    EXPECT_EQ(l.note, "");  // the piece-rate reminder goes once filled in
    // Only workers with a contract of this employer on the project.
    EXPECT_ANXIN_ERROR(payrolls_->AddLine(ctx, p.id, LineInput{.worker_id = stranger, .base_pay = 100}),
                       ErrorCode::kInvalidArgument);
    EXPECT_ANXIN_ERROR(payrolls_->AddLine(ctx, p.id, LineInput{.worker_id = a, .base_pay = 100}), ErrorCode::kConflict);
}

TEST_P(PayrollTest, ScopedLikeProjects) {
    const std::string a = AddWorker("张三", 901);
    AddContract(a, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    AddDays("P1", a, core::Date(2026, 2, 2), 20);
    // E2 may not create a payroll in E1's name; E3 does not take part in P1 at all.
    EXPECT_ANXIN_ERROR(payrolls_->Generate(Enterprise("E2"), February("P1", "E1")), ErrorCode::kForbidden);
    EXPECT_ANXIN_ERROR(payrolls_->Generate(Enterprise("E3"), February()), ErrorCode::kNotFound);
    Payroll p = payrolls_->Generate(Enterprise("E1"), February());  // the GC for its subcontractor
    EXPECT_ANXIN_ERROR(payrolls_->Get(Enterprise("E3"), p.id), ErrorCode::kNotFound);
    EXPECT_ANXIN_ERROR(payrolls_->Get(Supervisor("3702"), p.id), ErrorCode::kNotFound);
    EXPECT_EQ(payrolls_->Get(Supervisor("370102"), p.id).id, p.id);
    EXPECT_EQ(payrolls_->List(Supervisor("37"), "P1", {}).size(), 1u);
    EXPECT_ANXIN_ERROR(payrolls_->List(Supervisor("3702"), "P1", {}), ErrorCode::kNotFound);
    // Supervisors review; they do not edit.
    EXPECT_ANXIN_ERROR(payrolls_->Submit(Supervisor("37"), p.id), ErrorCode::kForbidden);
    // A bank operator sees payrolls of projects whose account is at its bank.
    EXPECT_EQ(payrolls_->Get(testing::Bank("ICBC"), p.id).id, p.id);
    EXPECT_ANXIN_ERROR(payrolls_->Get(testing::Bank("BOC"), p.id), ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, PayrollTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::wages
