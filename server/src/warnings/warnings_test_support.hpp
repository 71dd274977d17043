// Test support for the warnings module: a fresh database per backend, the real working-day
// calendar, a fixed data key, and rows written straight into the documented tables (migrations
// 0003–0007) so each indicator test controls exactly the data its rule reads.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/error.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"
#include "cases/warning_hooks.hpp"  // ComplaintFactsReader: the complaint side as the app wires it
#include "testing/test_database.hpp"
#include "warnings/warning_repository.hpp"
#include "warnings/warnings.hpp"
#include "testing/errors.hpp"
#include "testing/principals.hpp"

namespace anxin::warnings::testing {

inline constexpr std::int64_t kNow = 1772413200000;  // 2026-03-02T09:00+08:00
inline core::Date D(const char* text) { return *core::Date::Parse(text); }
inline std::int64_t Millis(const char* date) { return core::ToMillis(D(date).StartInShanghai()) + 9 * 3600 * 1000; }

using ::anxin::testing::EnterpriseUser;
using ::anxin::testing::Supervisor;
using ::anxin::testing::ErrorOf;

struct ProjectSpec {
    std::string id = "P1";
    std::string region = "370102001";
    std::string status = "under_construction";
    std::string status_on = "2026-01-01";
    std::string investment = "private";
    std::optional<std::string> signed_on = "2025-12-01";
    std::optional<std::string> start_on = "2026-01-01";
    std::optional<std::string> end_on = "2027-12-31";
    std::optional<std::string> permit_on = "2025-12-20";
    std::optional<std::int64_t> labor_cost_day = 25;
    std::optional<std::int64_t> ratio_bp = 2500;
    bool construction = true;
};

struct WorkerSpec {
    std::string id;
    std::string name;
    std::string birth = "1985-05-01";
    std::string registered = "2025-12-01";
    std::optional<std::string> work_type = "010";
    bool phone = true;
    std::optional<std::string> card;
};

struct LineSpec {
    std::int64_t gross = 600000;
    std::int64_t paid = -1;  // -1: paid in full
    std::int64_t days = 20;
    bool contract = true;
    bool confirmed = true;
    bool bank_reference = true;
};

class WarningsTest : public ::testing::TestWithParam<std::string> {
  public:
    WarningsTest()
        : database_(GetParam()),
          key_(core::DataKey::FromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")),
          cipher_(key_),
          parameters_(db(), clock()) {
        Wire();
    }

    // (Re)builds the engine with these collaborators; complaints are always cases' reader.
    void Wire(CaseOpener* case_opener = nullptr, WarningNotifier* notifier = nullptr) {
        service_.emplace(db(), clock(), parameters_, core::WorkingCalendar::Embedded(), &cipher_,
                         WarningService::Collaborators{case_opener, notifier, &complaints_});
    }

    storage::Database& db() { return database_.db(); }
    core::ManualClock& clock() { return database_.clock(); }

    // ---- data ------------------------------------------------------------------------------------
    void Exec(const std::string& sql, std::initializer_list<storage::Param> params = {}) {
        auto tx = db().Begin();
        tx.Execute(sql, params);
        tx.Commit();
    }
    std::int64_t Count(const std::string& sql, std::initializer_list<storage::Param> params = {}) {
        auto tx = db().Begin(storage::TxMode::kRead);
        return tx.QueryOne(sql, params).Int(0);
    }
    void Regions() {
        Exec("INSERT INTO region_division (code, name, level, parent_code) VALUES ('37', '山东省', 1, NULL), "
             "('3701', '济南市', 2, '37'), ('370102', '历下区', 3, '3701'), ('370102001', '解放路街道', 4, '370102'), "
             "('370103', '市中区', 3, '3701'), ('370103001', '大观园街道', 4, '370103')");
    }
    void Enterprise(const std::string& id, const std::string& kind = "general_contractor", bool code_valid = true,
                    const std::string& credit_code = "", const std::string& qualification = "施工总承包二级") {
        Exec("INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, "
             "qualification, created_at, updated_at) VALUES ($1, $2, $3, $4, '370102', $5, $6, $7, $7)",
             {id, credit_code.empty() ? "CC-" + id : credit_code, code_valid, "企业" + id, kind, qualification, kNow});
    }
    void Project(const ProjectSpec& p = {}) {
        Exec("INSERT INTO registry_project (id, code, name, region_code, industry, is_construction, investment_type, "
             "contract_price, contract_signed_on, contract_start_on, contract_end_on, labor_cost_day, labor_cost_ratio_bp, "
             "permit_on, status, status_on, public_token, construction_unit_id, general_contractor_id, created_at, "
             "updated_at) VALUES ($1, $2, $3, $4, 'housing', $5, $6, 1000000000, $7, $8, $9, $10, $11, $12, $13, $14, "
             "$15, 'E-CU', 'E-GC', $16, $16)",
             {p.id, "CODE-" + p.id, "项目" + p.id, p.region, p.construction, p.investment, p.signed_on, p.start_on,
              p.end_on, p.labor_cost_day, p.ratio_bp, p.permit_on, p.status, p.status_on, "TOKEN-" + p.id, kNow});
        Participant(p.id, "E-CU", "008");
        Participant(p.id, "E-GC", "009");
        Staff(p.id, "labor_affairs_officer");
    }
    void Participant(const std::string& project, const std::string& enterprise, const std::string& role) {
        Exec("INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) VALUES ($1, $2, $3, $4)",
             {project, enterprise, role, kNow});
    }
    void Staff(const std::string& project, const std::string& duty, const std::string& phone = "") {
        Exec("INSERT INTO registry_project_staff (project_id, duty, name, phone_enc, phone_mask, updated_at) VALUES "
             "($1, $2, '张劳资', $3, $4, $5)",
             {project, duty, phone.empty() ? storage::Param(nullptr) : storage::Param(cipher_.Seal(phone, "registry_project_staff.phone")),
              phone.empty() ? storage::Param(nullptr) : storage::Param("138****0000"), kNow});
    }
    void Worker(const WorkerSpec& w) {
        Exec("INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex, "
             "native_region_code, phone_enc, phone_mask, bank_card_enc, bank_card_mask, bank_name, work_type, "
             "created_at, updated_at) VALUES ($1, $2, 'enc', $3, '1101**********002X', $4, 'M', '110105', $5, $6, $7, "
             "$8, $9, $10, $11, $11)",
             {w.id, w.name.empty() ? "工人" + w.id : w.name, "IDX-" + w.id, w.birth, w.phone ? storage::Param("enc") : nullptr,
              w.phone ? storage::Param("138****1234") : nullptr,
              w.card ? storage::Param(cipher_.Seal(*w.card, "registry_worker.bank_card")) : nullptr,
              w.card ? storage::Param("6222**********1234") : nullptr, w.card ? storage::Param("工商银行") : nullptr,
              w.work_type, Millis(w.registered.c_str())});
    }
    void Contract(const std::string& worker, const std::string& project = "P1", const std::string& employer = "E-GC",
                  std::optional<std::string> team = std::nullopt, const std::string& start = "2026-01-01",
                  std::optional<std::string> exited = std::nullopt, std::optional<std::string> entered = std::nullopt) {
        Exec("INSERT INTO registry_contract (id, worker_id, project_id, employer_id, team_id, kind, start_on, wage_type, "
             "wage_rate, signed_on, entered_on, exited_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
             "'labor_contract', $6, 'daily', 30000, $6, $7, $8, $9, $9)",
             {"C-" + worker + "-" + project, worker, project, employer, team, start, entered, exited, kNow});
    }
    void Team(const std::string& id, const std::string& project = "P1", const std::string& employer = "E-GC") {
        Exec("INSERT INTO registry_team (id, project_id, enterprise_id, name, created_at) VALUES ($1, $2, $3, $4, $5)",
             {id, project, employer, "班组" + id, kNow});
    }
    // Attendance on each day in [from, to] (calendar days).
    void Attend(const std::string& worker, const char* from, const char* to, const std::string& project = "P1") {
        auto tx = db().Begin();
        for (core::Date d = D(from); d <= D(to); d = d.AddDays(1))
            tx.Execute("INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted, punches) "
                       "VALUES ($1, $2, $3, 480, 1, 2)",
                       {project, worker, d.ToString()});
        tx.Commit();
    }
    void Account(const std::string& project = "P1", const std::string& opened = "2026-01-05",
                 std::optional<std::string> filed = "2026-01-10", std::optional<std::string> agreement = "AG-1") {
        Exec("INSERT INTO wages_account (id, project_id, general_contractor_id, bank_code, bank_name, account_name, "
             "account_number_enc, account_number_mask, account_number_index, opened_on, agreement_ref, filed_on, status, "
             "created_at, updated_at) VALUES ($1, $2, 'E-GC', 'ICBC', '工商银行', '专户', 'enc', '6222****', $3, $4, $5, "
             "$6, 'open', $7, $7)",
             {"A-" + project, project, "IDX-A-" + project, opened, agreement, filed, kNow});
    }
    void Allocation(const std::string& period, const std::string& on, std::int64_t amount = 10000000,
                    const std::string& project = "P1") {
        Exec("INSERT INTO wages_allocation (id, project_id, account_id, period, amount, allocated_on, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7)",
             {"AL-" + project + "-" + period + "-" + on, project, "A-" + project, period, amount, on, kNow});
    }
    void Txn(const std::string& id, const std::string& direction, std::int64_t amount, const std::string& on,
             bool flagged = false, const std::string& project = "P1") {
        Exec("INSERT INTO wages_account_txn (account_id, bank_txn_id, direction, amount, booked_on, counterparty_name, "
             "flagged, flag_reason, created_at) VALUES ($1, $2, $3, $4, $5, '某建材公司', $6, $7, $8)",
             {"A-" + project, id, direction, amount, on, flagged, flagged ? storage::Param("非本项目登记工人账户") : nullptr,
              kNow});
    }
    void Output(const std::string& period, std::int64_t value, std::optional<std::int64_t> progress,
                const std::string& project = "P1") {
        Exec("INSERT INTO wages_output_value (project_id, period, output_value, progress_payment, settled_on, updated_at) "
             "VALUES ($1, $2, $3, $4, $5, $6)",
             {project, period, value, progress, period + "-28", kNow});
    }
    void Payroll(const std::string& id, const std::string& period, const std::string& status = "paid",
                 const std::string& pay_date = "", std::optional<std::string> team = std::nullopt,
                 const std::string& project = "P1", const std::string& employer = "E-GC") {
        Exec("INSERT INTO wages_payroll (id, project_id, employer_id, team_id, period, pay_date, source, status, "
             "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'manual', $7, $8, $8)",
             {id, project, employer, team, period, pay_date.empty() ? period + "-28" : pay_date, status, kNow});
    }
    void Line(const std::string& payroll, const std::string& worker, const LineSpec& l = {}) {
        std::int64_t paid = l.paid < 0 ? l.gross : l.paid;
        Exec("INSERT INTO wages_payroll_line (id, payroll_id, worker_id, contract_id, days, minutes, base_pay, gross_pay, "
             "deductions, net_pay, confirmed_at, paid_amount, paid_on, bank_reference, created_at, updated_at) VALUES ($1, "
             "$2, $3, $4, $5, $6, $7, $7, 0, $7, $8, $9, $10, $11, $12, $12)",
             {"L-" + payroll + "-" + worker, payroll, worker, l.contract ? storage::Param("C-" + worker) : nullptr, l.days,
              l.days * 480, l.gross, l.confirmed ? storage::Param(kNow) : nullptr, paid,
              paid > 0 ? storage::Param("2026-01-01") : nullptr, l.bank_reference && paid > 0 ? storage::Param("BR") : nullptr,
              kNow});
    }

    void Clue(const std::string& id, const char* received_on, const std::string& status = "accepted",
              std::int64_t workers = 1, std::optional<std::string> worker = std::nullopt,
              std::optional<std::string> case_id = std::nullopt, const std::string& project = "P1") {
        Exec("INSERT INTO clues_clue (id, tracking_code, channel, complainant_name, complainant_phone_enc, "
             "complainant_phone_mask, complainant_phone_index, employer_name, region_code, county_code, amount, "
             "worker_count, description, status, received_at, created_by, created_at, updated_at, worker_id, project_id, "
             "case_id) VALUES ($1, $2, 'hotline_12345', '李四', 'enc', '138****0000', $3, '企业E-GC', '370102001', "
             "'370102', 1000000, $4, '拖欠工资', $5, $6, 'test', $6, $6, $7, $8, $9)",
             {id, "TRK-" + id, "PHONE-" + id, workers, status, Millis(received_on), worker, project, case_id});
    }
    void Batch(const std::string& id, const std::string& payroll, const std::string& payroll_line,
               const std::string& worker, const std::string& status, const std::string& settled_on) {
        Exec("INSERT INTO wages_pay_batch (id, payroll_id, account_id, bank_code, sequence, status, line_count, "
             "total_amount, issued_at, returned_at) VALUES ($1, $2, 'A-P1', 'ICBC', 1, 'returned', 1, 600000, $3, $3)",
             {id, payroll, kNow});
        Exec("INSERT INTO wages_pay_batch_line (batch_id, payroll_line_id, reference, worker_id, amount, status, "
             "failure_reason, settled_on) VALUES ($1, $2, $3, $4, 600000, $5, '账户已销户', $6)",
             {id, payroll_line, "REF-" + id, worker, status, settled_on});
    }

    // ---- evaluation -------------------------------------------------------------------------------
    RunSummary Run(const char* as_of) { return service_->EvaluateAll(D(as_of)); }
    RunSummary RunOn(core::Date as_of) { return service_->EvaluateAll(as_of); }
    const core::WorkingCalendar& Calendar() { return core::WorkingCalendar::Embedded(); }
    void Instrument(const std::string& id, const std::string& form, std::int64_t balance,
                    std::optional<std::string> valid_from = std::nullopt, std::optional<std::string> valid_to = std::nullopt,
                    const std::string& project = "P1") {
        Exec("INSERT INTO deposits_instrument (id, project_id, form, issuer, number, amount, lodged_on, valid_from, "
             "valid_to, status, balance, created_at, updated_at) VALUES ($1, $2, $3, '工商银行', $4, $5, '2026-01-20', $6, "
             "$7, 'active', $5, $8, $8)",
             {id, project, form, "NO-" + id, balance, valid_from, valid_to, kNow});
    }
    RunSummary RunProject(const char* as_of, const std::string& project = "P1") {
        std::vector<std::string> ids{project};
        return service_->EvaluateProjects(ids, D(as_of));
    }
    // The warning of (indicator, subject, period); nullopt when never raised.
    std::optional<Warning> Find(const std::string& indicator, const std::string& period = "",
                                const std::string& subject = "P1", const std::string& subject_kind = "project") {
        auto tx = db().Begin(storage::TxMode::kRead);
        auto row = tx.QueryOptional(std::string("SELECT ") + repository::kColumns +
                                        " FROM warnings_warning w WHERE w.indicator = $1 AND w.subject_kind = $2 AND "
                                        "w.subject_id = $3 AND w.period = $4",
                                    {indicator, subject_kind, subject, period});
        if (!row) return std::nullopt;
        return repository::Map(*row);
    }
    // The level of an active (not cleared/dismissed) warning, "" when none.
    std::string Level(const std::string& indicator, const std::string& period = "", const std::string& subject = "P1",
                      const std::string& subject_kind = "project") {
        auto w = Find(indicator, period, subject, subject_kind);
        if (!w || w->status == "cleared" || w->status == "dismissed") return "";
        return w->level;
    }
    std::int64_t ActiveCount(const std::string& indicator) {
        return Count("SELECT COUNT(*) FROM warnings_warning WHERE indicator = $1 AND status NOT IN ('cleared', "
                     "'dismissed')",
                     {indicator});
    }
    // The evidence array `field` of the warning, as worker ids.
    std::vector<std::string> WorkerIds(const Warning& w, const std::string& field = "workers") {
        std::vector<std::string> ids;
        for (const auto& row : w.evidence.at(field).as_array()) ids.emplace_back(row.at("workerId").as_string());
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    // A standard healthy project P1 with its enterprises and account.
    void Standard(const ProjectSpec& spec = {}) {
        Regions();
        Enterprise("E-GC");
        Enterprise("E-CU", "construction_unit");
        Project(spec);
    }

    anxin::testing::TestDatabase database_;
    core::DataKey key_;
    core::FieldCipher cipher_;
    region::ParameterService parameters_;
    cases::ComplaintFactsReader complaints_;
    std::optional<WarningService> service_;
};

}  // namespace anxin::warnings::testing
