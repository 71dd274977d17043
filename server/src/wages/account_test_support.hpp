// Test fixtures for the account, allocation and bank-feed tests: a small registry inserted straight
// into the 0003 tables, and principals of each role.
//
// Regions 37 → 3701 → 370102 (历下区), 3702 → 370202 (市南区).
// Enterprises: E1 general contractor, E2 construction unit, E3 general contractor (Qingdao),
// E4 construction unit (Qingdao), E5 labor subcontractor.
// P1 (370102, government, contract signed 2026-01-10, fixed labor cost ¥50,000/month due on the 20th):
//    CU E2, GC E1, subcontractor E5; worker W1 (card 6222020200001234567) and W2 (no card) contracted.
// P2 (370202, private, contract signed 2026-01-01, 25% of the progress payment, due on the 25th): CU E4, GC E3.
// P3 (370102, no general contractor, no contract date).
#pragma once

#include <string>

#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "registry/workers.hpp"
#include "storage/database.hpp"
#include "testing/principals.hpp"
#include "testing/fixtures.hpp"
#include "registry/sealed_contexts.hpp"  // seeds and checks sealed rows as registry does

namespace anxin::wages::testing {

inline constexpr const char* kW1Card = "6222020200001234567";

inline void SeedRegistry(storage::Database& db, const core::FieldCipher& cipher, bool with_regions = true) {
    auto tx = db.Begin();
    if (with_regions) ::anxin::testing::SeedTestDivisions(tx);
    tx.ExecuteScript(R"sql(
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E1', '91370100MA0000001A', 1, '总包一公司', '370102', 'general_contractor', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E2', '91370100MA0000002A', 1, '建设二公司', '370102', 'construction_unit', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E3', '91370200MA0000003A', 1, '青岛三公司', '370202', 'general_contractor', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E4', '91370200MA0000004A', 1, '青岛建设四公司', '370202', 'construction_unit', 0, 0);
INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, created_at, updated_at)
  VALUES ('E5', '91370100MA0000005A', 1, '劳务五公司', '370102', 'labor_subcontractor', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, industry, investment_type, contract_signed_on,
  labor_cost_day, labor_cost_amount, status, status_on, public_token, construction_unit_id, general_contractor_id,
  created_at, updated_at)
  VALUES ('P1', 'XM-001', '历下安置房', '370102', 'housing', 'government', '2026-01-10', 20, 5000000,
  'under_construction', '2026-01-15', 'tok-p1', 'E2', 'E1', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, industry, investment_type, contract_signed_on,
  labor_cost_day, labor_cost_ratio_bp, status, status_on, public_token, construction_unit_id, general_contractor_id,
  created_at, updated_at)
  VALUES ('P2', 'XM-002', '市南道路', '370202', 'municipal', 'private', '2026-01-01', 25, 2500,
  'under_construction', '2026-01-05', 'tok-p2', 'E4', 'E3', 0, 0);
INSERT INTO registry_project (id, code, name, region_code, industry, investment_type, status, status_on,
  public_token, created_at, updated_at)
  VALUES ('P3', 'XM-003', '无总包项目', '370102', 'housing', 'private', 'approved', '2026-01-05', 'tok-p3', 0, 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E1', '009', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E2', '008', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P1', 'E5', '006', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P2', 'E3', '009', 0);
INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ('P2', 'E4', '008', 0);
)sql");
    auto add_worker = [&](const std::string& id, const std::string& id_number, const char* card) {
        tx.Execute(
            "INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex, "
            "native_region_code, bank_card_enc, bank_card_mask, bank_name, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, '1980-01-01', 'M', '370102', $6, $7, $8, 0, 0)",
            {id, "工人" + id, cipher.Seal(id_number, registry::kIdNumberContext),
             cipher.BlindIndex(id_number, registry::kIdNumberContext), core::MaskIdNumber(id_number),
             card ? storage::Param(cipher.Seal(card, registry::kBankCardContext)) : storage::Param(nullptr),
             card ? storage::Param(core::MaskBankCard(card)) : storage::Param(nullptr),
             card ? storage::Param("工商银行") : storage::Param(nullptr)});
        tx.Execute(
            "INSERT INTO registry_contract (id, worker_id, project_id, employer_id, kind, start_on, wage_type, "
            "wage_rate, signed_on, created_at, updated_at) VALUES ($1, $2, 'P1', 'E5', 'labor_contract', "
            "'2026-01-15', 'daily', 30000, '2026-01-15', 0, 0)",
            {"C-" + id, id});
    };
    add_worker("W1", "370102198001010011", kW1Card);
    add_worker("W2", "370102198001010038", nullptr);
    tx.Commit();
}

inline core::CallContext Ctx(const std::string& role, const std::string& region = "", const std::string& enterprise = "",
                             const std::string& bank = "") {
    return ::anxin::testing::As(role, {.region = region, .enterprise = enterprise, .bank = bank});
}
inline core::CallContext Enterprise(const std::string& enterprise) { return ::anxin::testing::EnterpriseUser(enterprise); }
using ::anxin::testing::Supervisor;
inline core::CallContext Bank(const std::string& bank, const std::string& region = "") {
    return ::anxin::testing::BankOperator(bank, region);
}

inline void SetProjectStatus(storage::Database& db, const std::string& project_id, const std::string& status) {
    auto tx = db.Begin();
    tx.Execute("UPDATE registry_project SET status = $2 WHERE id = $1", {project_id, status});
    tx.Commit();
}

}  // namespace anxin::wages::testing
