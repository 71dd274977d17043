// Pay batches: issue from an approved payroll, the bank file, return files (failures, re-issue,
// mismatches, duplicates), reconciliation to the fen, scope for enterprise and bank users, and the
// wage records built on them. Both backends.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/error.hpp"
#include "core/tabular.hpp"
#include "wages/payroll_test_support.hpp"
#include "wages/wages.hpp"

namespace anxin::wages {
namespace {

using testing::Bank;
using testing::Enterprise;
using testing::PayrollFixture;
using testing::Supervisor;

const std::string kCards[] = {"6222020000000000011", "6222020000000000022", "6222020000000000033",
                              "6222020000000000044"};

class PayBatchTest : public PayrollFixture {
  protected:
    // Four workers with cards, 20 counted days at 300.00, 301.00, 302.00, 303.00 a day; an approved payroll.
    Payroll ApprovedPayroll() {
        for (int i = 0; i < 4; ++i) {
            workers.push_back(AddWorker("工人" + std::to_string(i + 1), 901 + 2 * i, "13800000000", kCards[i]));
            AddContract(workers.back(), "E2", std::nullopt, "daily", 30000 + 100 * i, core::Date(2026, 1, 1));
            AddDays("P1", workers.back(), core::Date(2026, 2, 2), 20);
        }
        Payroll p = payrolls_->Generate(Enterprise("E2"), February());
        // One deduction so gross ≠ net somewhere.
        payrolls_->UpdateLine(Enterprise("E2"), p.id, LineOf(p, workers[0]).id,
                              LineInput{.deductions = 1234, .deduction_note = "借支"});
        return SubmitConfirmApprove(p.id);
    }

    // A return file: every line paid except the references in `failed`.
    static std::string ReturnCsv(const PayBatch& batch, const std::set<std::string>& failed = {},
                                 bool with_amount = true) {
        std::string csv = with_amount ? "参考号,状态,失败原因,处理日期,银行流水号,金额\n" : "参考号,状态,失败原因,处理日期,银行流水号\n";
        int n = 0;
        for (const auto& l : batch.lines) {
            const bool fail = failed.contains(l.reference);
            csv += l.reference + (fail ? ",失败,户名与卡号不符," : ",成功,,") + "2026-03-02," +
                   (fail ? "" : "BK" + std::to_string(++n)) +
                   (with_amount ? "," + core::FormatYuan(l.amount) : "") + "\n";
        }
        return csv;
    }

    std::vector<std::string> workers;
};

TEST_P(PayBatchTest, TwoFailuresReissueEveryWorkerPaidReconciledToTheFen) {
    Payroll p = ApprovedPayroll();
    const core::Fen net_total = 600000 - 1234 + 602000 + 604000 + 606000;
    ASSERT_EQ(p.net_total, net_total);

    PayBatch first = batches_->Issue(Enterprise("E2"), p.id);
    EXPECT_EQ(first.sequence, 1);
    EXPECT_EQ(first.bank_code, "ICBC");
    EXPECT_EQ(first.status, "issued");
    ASSERT_EQ(first.lines.size(), 4u);
    EXPECT_EQ(first.total_amount, net_total);
    EXPECT_EQ(payrolls_->Get(Enterprise("E2"), p.id).status, "paying");
    // A second batch while the first is out is a duplicate.
    EXPECT_ANXIN_ERROR(batches_->Issue(Enterprise("E2"), p.id), ErrorCode::kConflict);

    // The bank file: BOM, the documented columns, full card numbers, yuan with 2 decimals.
    const std::string csv = batches_->File(Enterprise("E2"), first.id, BatchFileFormat::kCsv);
    ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    core::Table table = core::ReadTable(csv);
    ASSERT_EQ(table.header, (std::vector<std::string>{"序号", "参考号", "姓名", "银行卡号", "开户行", "金额", "用途"}));
    ASSERT_EQ(table.rows.size(), 4u);
    std::map<std::string, std::vector<std::string>> file_rows;
    for (const auto& row : table.rows) file_rows[row[1]] = row;
    for (const auto& l : first.lines) {
        const auto& row = file_rows.at(l.reference);
        EXPECT_EQ(row[5], core::FormatYuan(l.amount));
        EXPECT_EQ(row[6], "工资 2026-02");
        EXPECT_EQ(row[3].size(), 19u);
        EXPECT_EQ(row[3].substr(0, 15), "622202000000000");
    }
    EXPECT_EQ(file_rows.at(first.lines[0].reference)[0].empty(), false);

    // Return: two lines failed.
    const std::string fail_1 = first.lines[1].reference;
    const std::string fail_2 = first.lines[3].reference;
    PayBatch returned = batches_->ImportReturn(Bank("ICBC"), first.id, ReturnCsv(first, {fail_1, fail_2}));
    EXPECT_EQ(returned.status, "returned");
    EXPECT_EQ(returned.paid_amount + returned.failed_amount, returned.total_amount);
    const core::Fen failed_amount = first.lines[1].amount + first.lines[3].amount;
    EXPECT_EQ(returned.failed_amount, failed_amount);
    p = payrolls_->Get(Enterprise("E2"), p.id);
    EXPECT_EQ(p.status, "paying");
    EXPECT_EQ(p.paid_total, net_total - failed_amount);
    EXPECT_EQ(p.unpaid_total, failed_amount);
    EXPECT_EQ(p.net_total, p.paid_total + p.unpaid_total);
    // The same return again: already returned.
    EXPECT_ANXIN_ERROR(batches_->ImportReturn(Bank("ICBC"), first.id, ReturnCsv(first, {fail_1, fail_2})),
                       ErrorCode::kConflict);
    // Paid: no more edits or resubmission.
    EXPECT_ANXIN_ERROR(payrolls_->Submit(Enterprise("E2"), p.id), ErrorCode::kConflict);
    EXPECT_ANXIN_ERROR(payrolls_->UpdateLine(Enterprise("E2"), p.id, p.lines[0].id, LineInput{.other_pay = 1}),
                       ErrorCode::kConflict);
    EXPECT_ANXIN_ERROR(payrolls_->Reopen(Enterprise("E2"), p.id), ErrorCode::kConflict);

    // One worker's card is corrected; the re-issue carries only the two unpaid lines, with the new card.
    const std::string failed_worker = first.lines[1].worker_id;
    registry::WorkerPatch card;
    card.bank_card = "6217000000000000999";
    card.bank_name = "中国建设银行";
    workers_->Update(Enterprise("E1"), failed_worker, card);
    PayBatch second = batches_->Issue(Enterprise("E1"), p.id);
    EXPECT_EQ(second.sequence, 2);
    ASSERT_EQ(second.lines.size(), 2u);
    EXPECT_EQ(second.total_amount, failed_amount);
    const std::string second_csv = batches_->File(Enterprise("E2"), second.id, BatchFileFormat::kCsv);
    EXPECT_NE(second_csv.find("6217000000000000999"), std::string::npos);
    // The first batch's file still shows what was sent then.
    EXPECT_EQ(batches_->File(Enterprise("E2"), first.id, BatchFileFormat::kCsv).find("6217000000000000999"),
              std::string::npos);

    returned = batches_->ImportReturn(Bank("ICBC"), second.id, ReturnCsv(second));
    EXPECT_EQ(returned.paid_amount, failed_amount);
    EXPECT_EQ(returned.failed_amount, 0);
    p = payrolls_->Get(Supervisor(), p.id);
    EXPECT_EQ(p.status, "paid");
    EXPECT_EQ(p.paid_total, net_total);
    EXPECT_EQ(p.unpaid_total, 0);
    for (const auto& l : p.lines) {
        EXPECT_EQ(l.paid_amount, l.net_pay) << l.worker_name;
        EXPECT_TRUE(l.bank_reference) << l.worker_name;
        EXPECT_EQ(l.paid_on, core::Date(2026, 3, 2));
    }
    // Nothing left to pay.
    EXPECT_ANXIN_ERROR(batches_->Issue(Enterprise("E2"), p.id), ErrorCode::kConflict);
    // Batches reconcile: Σ batch paid = payroll paid.
    core::Fen batches_paid = 0;
    for (const auto& b : batches_->ListForPayroll(Enterprise("E2"), p.id)) {
        EXPECT_EQ(b.paid_amount + b.failed_amount, b.total_amount);
        batches_paid += b.paid_amount;
    }
    EXPECT_EQ(batches_paid, p.paid_total);

    // Wage records: owed = paid for everyone, with the bank references.
    auto records = records_->ForProject(Supervisor(), "P1", std::string("2026-02"));
    ASSERT_EQ(records.size(), 4u);
    for (const auto& r : records) {
        EXPECT_EQ(r.outstanding, 0);
        EXPECT_EQ(r.bank_references.size(), 1u);
    }
    auto standings = [&] {
        auto tx = db().Begin(storage::TxMode::kRead);
        return WageStandings(tx, WageStandingQuery{.worker_id = failed_worker});
    }();
    ASSERT_EQ(standings.size(), 1u);
    EXPECT_EQ(standings[0].owed, LineOf(p, failed_worker).net_pay);
    EXPECT_EQ(standings[0].paid, standings[0].owed);
}

TEST_P(PayBatchTest, MismatchedReturnIsRefusedNamingTheLinesAndWritesNothing) {
    Payroll p = ApprovedPayroll();
    PayBatch batch = batches_->Issue(Enterprise("E2"), p.id);
    const std::string good = ReturnCsv(batch);

    // Unknown reference, a line missing, an amount differing.
    std::string bad = "参考号,状态,失败原因,处理日期,银行流水号,金额\n";
    bad += batch.lines[0].reference + ",成功,,2026-03-02,BK1," + core::FormatYuan(batch.lines[0].amount) + "\n";
    bad += batch.lines[1].reference + ",成功,,2026-03-02,BK2," + core::FormatYuan(batch.lines[1].amount + 1) + "\n";
    bad += "NOT-A-REFERENCE,成功,,2026-03-02,BK3,100.00\n";
    // (lines[2] and lines[3] absent)
    auto e = EXPECT_ANXIN_ERROR(batches_->ImportReturn(Bank("ICBC"), batch.id, bad), ErrorCode::kUnprocessable);
    EXPECT_TRUE(e.fields().contains("NOT-A-REFERENCE"));
    EXPECT_TRUE(e.fields().contains(batch.lines[1].reference));
    EXPECT_NE(e.fields().at(batch.lines[1].reference).find("金额不符"), std::string::npos);
    EXPECT_TRUE(e.fields().contains(batch.lines[2].reference));
    EXPECT_TRUE(e.fields().contains(batch.lines[3].reference));
    EXPECT_FALSE(e.fields().contains(batch.lines[0].reference));

    // Malformed rows are refused too.
    EXPECT_ANXIN_ERROR(batches_->ImportReturn(Bank("ICBC"), batch.id, "参考号,状态,处理日期\nX,maybe,2026-13-01\n"),
                       ErrorCode::kInvalidArgument);
    // Nothing written.
    EXPECT_EQ(batches_->Get(Enterprise("E2"), batch.id).status, "issued");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM wages_pay_batch_line WHERE status <> 'pending'"), 0);
    EXPECT_EQ(Count("SELECT COALESCE(SUM(paid_amount), 0) FROM wages_payroll_line"), 0);

    // The right file then goes through, once.
    EXPECT_EQ(batches_->ImportReturn(Bank("ICBC"), batch.id, good).paid_amount, batch.total_amount);
    EXPECT_ANXIN_ERROR(batches_->ImportReturn(Bank("ICBC"), batch.id, good), ErrorCode::kConflict);
}

TEST_P(PayBatchTest, OnlyApprovedPayrollsWithCardsAndAnAccount) {
    const std::string w = AddWorker("无卡工", 901);
    AddContract(w, "E2", std::nullopt, "daily", 30000, core::Date(2026, 1, 1));
    AddDays("P1", w, core::Date(2026, 2, 2), 20);
    Payroll p = payrolls_->Generate(Enterprise("E2"), February());
    EXPECT_ANXIN_ERROR(batches_->Issue(Enterprise("E2"), p.id), ErrorCode::kConflict);  // draft
    SubmitConfirmApprove(p.id);
    // REG 31: the worker's own card, or no payment.
    auto e = EXPECT_ANXIN_ERROR(batches_->Issue(Enterprise("E2"), p.id), ErrorCode::kUnprocessable);
    EXPECT_NE(e.fields().at("bankCard").find("无卡工"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM wages_pay_batch"), 0);
    EXPECT_EQ(payrolls_->Get(Enterprise("E2"), p.id).status, "approved");
}

TEST_P(PayBatchTest, ScopeForEnterpriseAndBankUsers) {
    Payroll p = ApprovedPayroll();
    EXPECT_ANXIN_ERROR(batches_->Issue(Enterprise("E3"), p.id), ErrorCode::kNotFound);
    EXPECT_ANXIN_ERROR(batches_->Issue(Supervisor(), p.id), ErrorCode::kForbidden);
    PayBatch batch = batches_->Issue(Enterprise("E2"), p.id);

    // Bank operators: their bank's batches only.
    EXPECT_EQ(batches_->List(Bank("ICBC"), {}).size(), 1u);
    EXPECT_EQ(batches_->List(Bank("ICBC", "3702"), {}).size(), 0u);  // a Qingdao branch
    EXPECT_TRUE(batches_->List(Bank("BOC"), {}).empty());
    EXPECT_ANXIN_ERROR(batches_->Get(Bank("BOC"), batch.id), ErrorCode::kNotFound);
    EXPECT_ANXIN_ERROR(batches_->ImportReturn(Bank("BOC"), batch.id, ReturnCsv(batch)), ErrorCode::kNotFound);
    EXPECT_ANXIN_ERROR(batches_->File(Bank("BOC"), batch.id, BatchFileFormat::kCsv), ErrorCode::kNotFound);
    EXPECT_FALSE(batches_->File(Bank("ICBC"), batch.id, BatchFileFormat::kCsv).empty());
    // Only the bank returns a batch; supervisors review without the card file.
    EXPECT_ANXIN_ERROR(batches_->ImportReturn(Enterprise("E2"), batch.id, ReturnCsv(batch)), ErrorCode::kForbidden);
    EXPECT_EQ(batches_->Get(Supervisor("370102"), batch.id).id, batch.id);
    EXPECT_ANXIN_ERROR(batches_->File(Supervisor("37"), batch.id, BatchFileFormat::kCsv), ErrorCode::kForbidden);
    EXPECT_ANXIN_ERROR(batches_->Get(Supervisor("3702"), batch.id), ErrorCode::kNotFound);
    EXPECT_ANXIN_ERROR(batches_->Get(Enterprise("E3"), batch.id), ErrorCode::kNotFound);
    EXPECT_EQ(batches_->List(Enterprise("E3"), {}).size(), 0u);
    EXPECT_EQ(batches_->List(Enterprise("E1"), {}).size(), 1u);

    // Reading full card numbers is audited.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_event WHERE action = 'read_personal' AND entity = 'pay_batch'"), 1);
}

TEST_P(PayBatchTest, XlsxFileKeepsCardNumbersAsText) {
    Payroll p = ApprovedPayroll();
    PayBatch batch = batches_->Issue(Enterprise("E2"), p.id);
    const std::string xlsx = batches_->File(Enterprise("E2"), batch.id, BatchFileFormat::kXlsx);
    ASSERT_EQ(core::DetectFormat(xlsx), core::TableFormat::kXlsx);
    core::Table table = core::ReadTable(xlsx);
    ASSERT_EQ(table.rows.size(), 4u);
    std::set<std::string> cards;
    for (const auto& row : table.rows) cards.insert(row[3]);
    EXPECT_EQ(cards, (std::set<std::string>(std::begin(kCards), std::end(kCards))));
    // A return file in XLSX works the same as CSV: here, the standard layout read back from a CSV.
    EXPECT_EQ(batches_->ImportReturn(Bank("ICBC"), batch.id, ReturnCsv(batch, {}, /*with_amount=*/false)).status,
              "returned");
}

TEST_P(PayBatchTest, WageRecordsShowOwedPaidAndOutstanding) {
    Payroll p = ApprovedPayroll();
    const std::string w = workers[2];
    // Approved, not yet paid: owed, outstanding; a draft payroll elsewhere owes nothing.
    auto mine = records_->ForWorker(Supervisor(), w);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].owed, 604000);
    EXPECT_EQ(mine[0].paid, 0);
    EXPECT_EQ(mine[0].outstanding, 604000);
    EXPECT_EQ(mine[0].pay_date, core::Date(2026, 3, 31));
    EXPECT_FALSE(mine[0].overdue);
    clock().Advance(std::chrono::days(31));  // 2026-04-02: past the pay date
    EXPECT_TRUE(records_->ForWorker(Supervisor(), w)[0].overdue);

    PayBatch batch = batches_->Issue(Enterprise("E2"), p.id);
    batches_->ImportReturn(Bank("ICBC"), batch.id, ReturnCsv(batch));
    mine = records_->ForWorker(Enterprise("E2"), w);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].paid, 604000);
    EXPECT_EQ(mine[0].outstanding, 0);
    EXPECT_FALSE(mine[0].overdue);
    EXPECT_EQ(mine[0].last_paid_on, core::Date(2026, 3, 2));
    // Outside the scope: no rows (the worker exists); unknown worker: not found.
    EXPECT_ANXIN_ERROR(records_->ForWorker(Enterprise("E3"), w), ErrorCode::kNotFound);  // issue 11: not an empty 200
    EXPECT_ANXIN_ERROR(records_->ForWorker(Supervisor(), "NOPE"), ErrorCode::kNotFound);
    EXPECT_ANXIN_ERROR(records_->ForProject(Supervisor("3702"), "P1", std::nullopt), ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, PayBatchTest, ::testing::ValuesIn(anxin::testing::TestBackends()),
                         anxin::testing::BackendName());

}  // namespace
}  // namespace anxin::wages
