// Test support for the deposits module: registry rows written directly (so these tests do not
// depend on the registry services' rules), a supervisor context and ErrorOf.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"
#include "testing/errors.hpp"
#include "testing/principals.hpp"

namespace anxin::deposits::testing {

inline constexpr std::int64_t kNow = 1772413200000;  // 2026-03-02T09:00+08:00

inline core::Timestamp At(core::Date d, int hour = 9) { return d.StartInShanghai() + std::chrono::hours(hour); }

class Seed {
  public:
    explicit Seed(storage::Database& db) : db_(db) {}

    void Regions() {
        Exec(
            "INSERT INTO region_division (code, name, level, parent_code) VALUES "
            "('37', '山东省', 1, NULL), ('3701', '济南市', 2, '37'), ('370102', '历下区', 3, '3701'), "
            "('370102001', '解放路街道', 4, '370102'), ('370102002', '趵突泉街道', 4, '370102'), "
            "('3702', '青岛市', 2, '37'), ('370202', '市南区', 3, '3702')");
    }
    void Enterprise(const std::string& id, const std::string& kind = "general_contractor") {
        Exec1(
            "INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, "
            "created_at, updated_at) VALUES ($1, $2, 1, $3, '370102', $4, $5, $5)",
            {id, "CC" + id, "企业" + id, kind, kNow});
    }
    struct ProjectSpec {
        std::string id;
        std::string region = "370102001";
        std::string status = "under_construction";
        std::int64_t price = 1000000000;  // ¥10,000,000
        std::optional<std::string> gc = "E-GC";
        std::optional<std::string> permit_on = "2026-01-05";
        std::optional<std::string> contract_end_on = "2027-12-31";
        std::optional<std::string> signed_on = "2025-12-20";
        bool construction = true;
    };
    void Project(const ProjectSpec& p) {
        Exec1(
            "INSERT INTO registry_project (id, code, name, region_code, industry, is_construction, investment_type, "
            "contract_price, contract_signed_on, contract_end_on, permit_on, status, status_on, public_token, "
            "general_contractor_id, created_at, updated_at) VALUES ($1, $2, $3, $4, 'housing', $5, 'private', $6, $7, "
            "$8, $9, $10, '2026-01-05', $11, $12, $13, $13)",
            {p.id, "CODE-" + p.id, "项目" + p.id, p.region, p.construction, p.price, p.signed_on, p.contract_end_on,
             p.permit_on, p.status, "TOKEN-" + p.id, p.gc, kNow});
        if (p.gc)
            Exec1(
                "INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) "
                "VALUES ($1, $2, '009', $3)",
                {p.id, *p.gc, kNow});
    }
    void Participant(const std::string& project, const std::string& enterprise, const std::string& role) {
        Exec1(
            "INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ($1, $2, $3, "
            "$4)",
            {project, enterprise, role, kNow});
    }
    void SetStatus(const std::string& project, const std::string& status) {
        Exec1("UPDATE registry_project SET status = $2 WHERE id = $1", {project, status});
    }
    // A worker with a labor contract on the project (employer: the GC).
    void Worker(const std::string& id, const std::string& project, const std::string& employer = "E-GC") {
        Exec1(
            "INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex, "
            "native_region_code, created_at, updated_at) VALUES ($1, $2, 'enc', $3, '1101**********002X', "
            "'1980-01-01', 'M', '110105', $4, $4)",
            {id, "工人" + id, "IDX-" + id, kNow});
        Exec1(
            "INSERT INTO registry_contract (id, worker_id, project_id, employer_id, kind, start_on, wage_type, "
            "wage_rate, signed_on, created_at, updated_at) VALUES ($1, $2, $3, $4, 'labor_contract', '2026-01-10', "
            "'daily', 30000, '2026-01-10', $5, $5)",
            {"C-" + id + "-" + project, id, project, employer, kNow});
    }
    void History(const std::string& enterprise, int year, bool had_arrears, bool real_name = true) {
        Exec1(
            "INSERT INTO deposits_history (enterprise_id, year, had_arrears, real_name_and_account, declared_by, "
            "declared_at) VALUES ($1, $2, $3, $4, 'test', $5)",
            {enterprise, year, had_arrears, real_name, kNow});
    }
    std::int64_t Count(const std::string& sql) {
        auto tx = db_.Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql).Int(0);
    }

  private:
    void Exec(const std::string& sql) {
        auto tx = db_.Begin();
        tx.Execute(sql);
        tx.Commit();
    }
    void Exec1(const std::string& sql, std::initializer_list<storage::Param> params) {
        auto tx = db_.Begin();
        tx.Execute(sql, params);
        tx.Commit();
    }
    storage::Database& db_;
};

using ::anxin::testing::EnterpriseUser;
using ::anxin::testing::Supervisor;
using ::anxin::testing::ErrorOf;

}  // namespace anxin::deposits::testing
