// Test fixture for the payroll and pay-batch tests: a small registry inserted straight into the 0003
// tables, workers and contracts created through the registry services, counted attendance days and a
// dedicated account inserted directly (their own services are tested elsewhere), and the payroll-side
// services under test, on each test backend. The clock stands at 2026-03-02 09:00 (Shanghai).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/crypto.hpp"
#include "core/identifiers.hpp"
#include "core/principal.hpp"
#include "registry/workers.hpp"
#include "testing/test_database.hpp"
#include "wages/bank_adapter.hpp"
#include "wages/pay_batch_service.hpp"
#include "wages/payroll_service.hpp"
#include "wages/wage_record.hpp"
#include "testing/principals.hpp"
#include "testing/fixtures.hpp"

namespace anxin::wages::testing {

inline core::CallContext Ctx(const std::string& role, const std::string& region = "", const std::string& enterprise = "",
                             const std::string& bank = "") {
    return ::anxin::testing::As(role, {.region = region, .enterprise = enterprise, .bank = bank});
}
inline core::CallContext Enterprise(const std::string& enterprise) { return ::anxin::testing::EnterpriseUser(enterprise); }
using ::anxin::testing::Supervisor;
inline core::CallContext Bank(const std::string& bank, const std::string& region = "") {
    return ::anxin::testing::BankOperator(bank, region);
}

// P1 历下安置房 (370102, construction): GC E1 (009), labor subcontractor E2 (006); teams T1 (E2), T2 (E1);
// account A1 at ICBC. P2 市南道路 (370202): GC E3, no account. P3 历下环卫 (370102, service contract,
// is_construction = 0): employer E2 (999), account A3 at ICBC.
inline void SeedPayrollRegistry(storage::Database& db) {
    auto tx = db.Begin();
    ::anxin::testing::SeedTestDivisions(tx);
    tx.ExecuteScript(R"sql(
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E1', '91370100MA0000001A', 1, '总包一公司', '370102', 'general_contractor', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E2', '91370100MA0000002A', 1, '劳务二公司', '370102', 'labor_subcontractor', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E3', '91370200MA0000003A', 1, '青岛三公司', '370202', 'general_contractor', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, fence_kind, industry, investment_type,
  contract_start_on, status, status_on, public_token, general_contractor_id, created_at, updated_at)
  VALUES ('P1', 'XM-001', '历下安置房', '370102', 'none', 'housing', 'government',
  '2026-01-01', 'under_construction', '2026-01-01', 'tok-p1', 'E1', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, fence_kind, industry, investment_type,
  contract_start_on, status, status_on, public_token, general_contractor_id, created_at, updated_at)
  VALUES ('P2', 'XM-002', '市南道路', '370202', 'none', 'municipal', 'state_owned',
  '2026-02-01', 'under_construction', '2026-02-01', 'tok-p2', 'E3', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, fence_kind, industry, is_construction, investment_type,
  contract_start_on, status, status_on, public_token, created_at, updated_at)
  VALUES ('P3', 'HW-003', '历下环卫', '370102', 'none', 'sanitation', 0, 'government',
  '2026-01-01', 'under_construction', '2026-01-01', 'tok-p3', 0, 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E1', '009', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E2', '006', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P2', 'E3', '009', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P3', 'E2', '999', 0);
INSERT INTO registry_team (id, project_id, enterprise_id, name, created_at) VALUES ('T1', 'P1', 'E2', '钢筋班', 0);
INSERT INTO registry_team (id, project_id, enterprise_id, name, created_at) VALUES ('T2', 'P1', 'E1', '管理组', 0);
INSERT INTO wages_account (id, project_id, general_contractor_id, bank_code, bank_name, account_name,
  account_number_enc, account_number_mask, account_number_index, opened_on, status, created_at, updated_at)
  VALUES ('A1', 'P1', 'E1', 'ICBC', '中国工商银行', '历下安置房农民工工资专用账户', 'enc', '6222****0001', 'idx-1',
  '2026-01-05', 'open', 0, 0);
INSERT INTO wages_account (id, project_id, general_contractor_id, bank_code, bank_name, account_name,
  account_number_enc, account_number_mask, account_number_index, opened_on, status, created_at, updated_at)
  VALUES ('A3', 'P3', 'E2', 'ICBC', '中国工商银行', '历下环卫工资专用账户', 'enc', '6222****0003', 'idx-3',
  '2026-01-05', 'open', 0, 0);
)sql");
    tx.Commit();
}

class PayrollFixture : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        database_ = std::make_unique<anxin::testing::TestDatabase>(GetParam());
        cipher_ = std::make_unique<core::FieldCipher>(core::DataKey::Generate());
        SeedPayrollRegistry(db());
        workers_ = std::make_unique<registry::WorkerService>(db(), clock(), cipher_.get());
        contracts_ = std::make_unique<registry::ContractService>(db(), clock());
        payrolls_ = std::make_unique<PayrollService>(db(), clock(), *workers_);
        batches_ = std::make_unique<PayBatchService>(db(), clock(), cipher_.get(), adapters_);
        records_ = std::make_unique<WageRecordService>(db(), clock());
    }

    storage::Database& db() { return database_->db(); }
    core::ManualClock& clock() { return database_->clock(); }

    // A worker registered by E1 (a valid synthetic ID number per sequence).
    std::string AddWorker(const std::string& name, int sequence, std::optional<std::string> phone = "13800000000",
                          std::optional<std::string> card = std::nullopt) {
        registry::NewWorker w;
        w.name = name;
        w.id_number = IdNumberOf(sequence);
        w.phone = std::move(phone);
        if (card) {
            w.bank_card = *card;
            w.bank_name = "中国工商银行历下支行";
        }
        std::string id = workers_->Create(Enterprise("E1"), w).id;
        registered_[id] = w;
        return id;
    }
    static std::string IdNumberOf(int sequence) {
        return core::MakeIdNumber("370102", core::Date(1985, 6, 1), sequence);
    }

    std::string AddContract(const std::string& worker_id, const std::string& employer, std::optional<std::string> team,
                            const std::string& wage_type, core::Fen rate, core::Date start,
                            std::optional<core::Date> end = std::nullopt, const std::string& project = "P1") {
        registry::NewContract c;
        c.worker_id = worker_id;
        c.project_id = project;
        c.employer_id = employer;
        c.team_id = std::move(team);
        c.kind = "labor_contract";
        c.start_on = start;
        c.end_on = end;
        c.wage_type = wage_type;
        c.wage_rate = rate;
        c.signed_on = core::Date(2026, 1, 1);
        const std::string actor = project == "P3" ? "E2" : "E1";
        // Another enterprise than the registering one links the person first (it knows their name).
        if (actor != "E1" && registered_.contains(worker_id)) workers_->Create(Enterprise(actor), registered_[worker_id]);
        return contracts_->Create(Enterprise(actor), c).id;
    }

    // `days` consecutive attendance days from `from`, each with `minutes` (counted when > 240).
    void AddDays(const std::string& project, const std::string& worker_id, core::Date from, int days,
                 int minutes = 480) {
        auto tx = db().Begin();
        for (int i = 0; i < days; ++i) {
            tx.Execute(
                "INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted, punches) "
                "VALUES ($1, $2, $3, $4, $5, 2)",
                {project, worker_id, from.AddDays(i).ToString(), minutes, minutes > 240});
        }
        tx.Commit();
    }

    static NewPayroll February(const std::string& project = "P1", const std::string& employer = "E2",
                               std::optional<std::string> team = std::nullopt) {
        NewPayroll p;
        p.project_id = project;
        p.employer_id = employer;
        p.team_id = std::move(team);
        p.period = "2026-02";
        return p;
    }

    static const PayrollLine& LineOf(const Payroll& payroll, const std::string& worker_id) {
        for (const auto& l : payroll.lines)
            if (l.worker_id == worker_id) return l;
        throw std::runtime_error("no line for worker " + worker_id);
    }

    // Submit, confirm every line and approve, as E1 (the general contractor's labor-affairs officer).
    Payroll SubmitConfirmApprove(const std::string& payroll_id) {
        auto ctx = Enterprise("E1");
        Payroll p = payrolls_->Submit(ctx, payroll_id);
        for (const auto& l : p.lines) payrolls_->ConfirmLine(ctx, payroll_id, l.id, "signature");
        return payrolls_->Approve(ctx, payroll_id);
    }

    std::int64_t Count(const std::string& sql) { return db().Begin(storage::TxMode::kRead).QueryOne(sql).Int(0); }

    std::unique_ptr<anxin::testing::TestDatabase> database_;
    std::unique_ptr<core::FieldCipher> cipher_;
    std::map<std::string, registry::NewWorker> registered_;  // by worker id, as AddWorker registered them
    std::unique_ptr<registry::WorkerService> workers_;
    std::unique_ptr<registry::ContractService> contracts_;
    BankAdapterRegistry adapters_;
    std::unique_ptr<PayrollService> payrolls_;
    std::unique_ptr<PayBatchService> batches_;
    std::unique_ptr<WageRecordService> records_;
};

// Expects `statement` to throw anxin::Error with `code`; returns the error for further checks.
#define EXPECT_ANXIN_ERROR(statement, expected_code)                                              \
    [&]() -> ::anxin::Error {                                                                     \
        try {                                                                                     \
            statement;                                                                            \
        } catch (const ::anxin::Error& e) {                                                       \
            EXPECT_EQ(::anxin::ErrorCodeName(e.code()), ::anxin::ErrorCodeName(expected_code)) << e.what(); \
            return e;                                                                             \
        }                                                                                         \
        ADD_FAILURE() << "expected an anxin::Error from: " #statement;                            \
        return ::anxin::Error(::anxin::ErrorCode::kInternal, "none");                             \
    }()

}  // namespace anxin::wages::testing
