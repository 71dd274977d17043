// Warning engine speed on a synthetic province in a file-backed SQLite database, or in PostgreSQL
// when ANXIN_BENCH_POSTGRES holds a libpq URL of an empty database (run_warnings_bench.sh does both):
// 1,000 projects, 100,000 workers, three months of attendance (Jan–Mar 2026, about six million
// worker-days), two months of payrolls and bank transactions. Measured in the same process and run:
//   ScanBaseline       one plain SELECT … GROUP BY over each of registry_attendance_day,
//                      wages_payroll_line and wages_account_txn (what reading the data costs)
//   FullEvaluation     WarningService::EvaluateAll as of 2026-03-31 (steady state: warnings exist)
//   IncrementalOneDay  one project's new day of attendance, told to the ChangedProjectCollector as the
//                      attendance service does after its commit, then the collector's job (RunOnce:
//                      the incremental evaluation of that project as of that day)
// and prints FullEvaluation ÷ ScanBaseline (target ≤ 3) and the incremental time (target < 50 ms),
// each the fastest of its iterations.
// The ratio is what to compare across machines: both figures come from the same process minutes apart.
//
// Size with ANXIN_BENCH_PROJECTS (default 1000) and ANXIN_BENCH_WORKERS_PER_PROJECT (default 100).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "core/calendar.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"
#include "storage/migrator.hpp"
#include "warnings/change_collector.hpp"
#include "warnings/warnings.hpp"

namespace {

using namespace anxin;

int EnvInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

struct Bench {
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<core::ManualClock> clock;
    std::unique_ptr<region::ParameterService> parameters;
    std::unique_ptr<warnings::WarningService> service;
    std::unique_ptr<warnings::ChangedProjectCollector> changes;
    std::string dir;
    int projects = 0;
    int workers_per_project = 0;
    double baseline_ms = 0;
    double full_ms = 0;
    double incremental_ms = 0;
    int next_day = 0;
};

// The least disturbed of a benchmark's iterations (the machine may be shared).
void KeepMin(double& slot, double ms) { slot = slot == 0 ? ms : std::min(slot, ms); }

Bench& State() {
    static Bench bench;
    return bench;
}

void Exec(storage::Transaction& tx, const std::string& sql) { tx.Execute(sql); }

// Multi-row INSERTs of generated literal rows, 500 per statement.
template <class RowFn>
void InsertRows(storage::Transaction& tx, const std::string& head, long count, RowFn row) {
    std::string sql;
    for (long i = 0; i < count; ++i) {
        if (sql.empty()) sql = head + " VALUES ";
        else sql += ", ";
        sql += row(i);
        if ((i + 1) % 500 == 0 || i + 1 == count) {
            tx.Execute(sql);
            sql.clear();
        }
    }
}

std::string P(int p) { return "'P" + std::to_string(p) + "'"; }
std::string W(long w) { return "'W" + std::to_string(w) + "'"; }

void Generate(Bench& b) {
    auto started = std::chrono::steady_clock::now();
    auto tx = b.db->Begin();
    const int counties = 10, towns_per_county = 5;
    InsertRows(tx, "INSERT INTO region_division (code, name, level, parent_code)", 2, [](long i) {
        return i == 0 ? std::string("('37', '山东省', 1, NULL)") : std::string("('3701', '济南市', 2, '37')");
    });
    InsertRows(tx, "INSERT INTO region_division (code, name, level, parent_code)", counties, [](long c) {
        return "('3701" + std::to_string(10 + c) + "', '区', 3, '3701')";
    });
    InsertRows(tx, "INSERT INTO region_division (code, name, level, parent_code)", counties * towns_per_county,
               [](long t) {
                   std::string county = "3701" + std::to_string(10 + t / 5);
                   return "('" + county + "00" + std::to_string(1 + t % 5) + "', '街道', 4, '" + county + "')";
               });
    const int enterprises = b.projects / 5 + 1;
    InsertRows(tx,
               "INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, "
               "qualification, created_at, updated_at)",
               enterprises * 2, [&](long e) {
                   bool cu = e >= enterprises;
                   return "('E" + std::to_string(e) + "', 'CC" + std::to_string(e) + "', 1, '企业" + std::to_string(e) +
                          "', '370110', '" + (cu ? "construction_unit" : "general_contractor") + "', '二级', 1, 1)";
               });
    InsertRows(tx,
               "INSERT INTO registry_project (id, code, name, region_code, industry, is_construction, investment_type, "
               "contract_price, contract_signed_on, contract_start_on, contract_end_on, labor_cost_day, "
               "labor_cost_ratio_bp, permit_on, status, status_on, public_token, construction_unit_id, "
               "general_contractor_id, created_at, updated_at)",
               b.projects, [&](long p) {
                   std::string town = "3701" + std::to_string(10 + (p % 50) / 5) + "00" + std::to_string(1 + p % 5);
                   std::string gc = "'E" + std::to_string(p % enterprises) + "'";
                   std::string cu = "'E" + std::to_string(enterprises + p % enterprises) + "'";
                   return "(" + P(p) + ", 'C" + std::to_string(p) + "', '项目" + std::to_string(p) + "', '" + town +
                          "', 'housing', 1, " + (p % 10 == 0 ? "'government'" : "'private'") +
                          ", 1000000000, '2025-12-01', '2026-01-01', '2027-12-31', 25, 2500, '2025-12-10', "
                          "'under_construction', '2026-01-01', 'T" +
                          std::to_string(p) + "', " + cu + ", " + gc + ", 1, 1)";
               });
    InsertRows(tx, "INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at)", b.projects * 2L,
               [&](long i) {
                   long p = i / 2;
                   return "(" + P(static_cast<int>(p)) + ", 'E" +
                          std::to_string(i % 2 ? enterprises + p % enterprises : p % enterprises) + "', '" +
                          (i % 2 ? "008" : "009") + "', 1)";
               });
    // Every project but each 50th has its labor-affairs officer.
    InsertRows(tx, "INSERT INTO registry_project_staff (project_id, duty, name, updated_at)", b.projects, [&](long p) {
        return "(" + P(static_cast<int>(p)) + ", '" + (p % 50 == 7 ? "project_manager" : "labor_affairs_officer") +
               "', '张三', 1)";
    });
    const long workers = static_cast<long>(b.projects) * b.workers_per_project;
    InsertRows(tx,
               "INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, birth_date, sex, "
               "native_region_code, phone_enc, work_type, created_at, updated_at)",
               workers, [&](long w) {
                   return "(" + W(w) + ", '工人" + std::to_string(w) + "', 'enc', 'IX" + std::to_string(w) +
                          "', 'mask', '1980-01-01', 'M', '370102', 'enc', '" + (w % 100 == 0 ? "900" : "010") +
                          "', 1735660800000, 1735660800000)";
               });
    InsertRows(tx,
               "INSERT INTO registry_contract (id, worker_id, project_id, employer_id, kind, start_on, wage_type, "
               "wage_rate, signed_on, created_at, updated_at)",
               workers, [&](long w) {
                   int p = static_cast<int>(w / b.workers_per_project);
                   return "('C" + std::to_string(w) + "', " + W(w) + ", " + P(p) + ", 'E" +
                          std::to_string(p % enterprises) +
                          "', 'labor_contract', '2026-01-01', 'daily', 30000, '2026-01-01', 1, 1)";
               });
    // Attendance: every working day of Jan–Mar 2026 (holidays and weekends off), 95% presence.
    Exec(tx, "CREATE TEMP TABLE bench_day (d TEXT PRIMARY KEY)");
    const auto& calendar = core::WorkingCalendar::Embedded();
    std::vector<std::string> days;
    for (core::Date d(2026, 1, 1); d <= core::Date(2026, 3, 31); d = d.AddDays(1))
        if (calendar.IsWorkingDay(d)) days.push_back(d.ToString());
    InsertRows(tx, "INSERT INTO bench_day (d)", static_cast<long>(days.size()),
               [&](long i) { return "('" + days[static_cast<size_t>(i)] + "')"; });
    Exec(tx,
         "INSERT INTO registry_attendance_day (project_id, worker_id, work_date, first_in_at, last_out_at, minutes, "
         "counted, punches) SELECT c.project_id, c.worker_id, d.d, 1, 2, 540, 1, 2 FROM registry_contract c CROSS JOIN "
         "bench_day d WHERE (CAST(substr(c.worker_id, 2) AS INTEGER) * 13 + CAST(substr(d.d, 6, 2) AS INTEGER) * 101 + "
         "CAST(substr(d.d, 9, 2) AS INTEGER) * 17) % 20 <> 0 ORDER BY c.project_id, c.worker_id, d.d");
    // Accounts, allocations, payrolls for January and February (paid), bank feed.
    InsertRows(tx,
               "INSERT INTO wages_account (id, project_id, general_contractor_id, bank_code, bank_name, account_name, "
               "account_number_enc, account_number_mask, account_number_index, opened_on, agreement_ref, filed_on, "
               "status, created_at, updated_at)",
               b.projects, [&](long p) {
                   return "('A" + std::to_string(p) + "', " + P(static_cast<int>(p)) + ", 'E" +
                          std::to_string(p % enterprises) + "', 'ICBC', '工商银行', '专户', 'enc', 'mask', 'AX" +
                          std::to_string(p) + "', '2026-01-05', 'AG', '2026-01-10', 'open', 1, 1)";
               });
    for (const char* month : {"2026-01", "2026-02"}) {
        std::string m(month);
        InsertRows(tx,
                   "INSERT INTO wages_allocation (id, project_id, account_id, period, amount, allocated_on, created_at)",
                   b.projects, [&](long p) {
                       return "('AL" + m + std::to_string(p) + "', " + P(static_cast<int>(p)) + ", 'A" +
                              std::to_string(p) + "', '" + m + "', 80000000, '" + m + "-25', 1)";
                   });
        InsertRows(tx,
                   "INSERT INTO wages_payroll (id, project_id, employer_id, period, pay_date, source, status, "
                   "created_at, updated_at)",
                   b.projects, [&](long p) {
                       return "('PR" + m + std::to_string(p) + "', " + P(static_cast<int>(p)) + ", 'E" +
                              std::to_string(p % enterprises) + "', '" + m + "', '" + m +
                              "-28', 'attendance', 'paid', 1, 1)";
                   });
        // Workers of each 100th project go unpaid in February (PAY-01, PAY-02 fire there).
        InsertRows(tx,
                   "INSERT INTO wages_payroll_line (id, payroll_id, worker_id, contract_id, days, minutes, base_pay, "
                   "gross_pay, net_pay, confirmed_at, paid_amount, paid_on, bank_reference, created_at, updated_at)",
                   workers, [&](long w) {
                       long p = w / b.workers_per_project;
                       bool unpaid = m == "2026-02" && p % 100 == 3;
                       return "('L" + m + std::to_string(w) + "', 'PR" + m + std::to_string(p) + "', " + W(w) + ", 'C" +
                              std::to_string(w) + "', 20, 10800, 600000, 600000, 600000, 1, " +
                              (unpaid ? "0, NULL, NULL" : "600000, '" + m + "-28', 'BR'") + ", 1, 1)";
                   });
        InsertRows(tx,
                   "INSERT INTO wages_account_txn (account_id, bank_txn_id, direction, amount, booked_on, worker_id, "
                   "flagged, created_at)",
                   workers + b.projects, [&](long i) {
                       if (i < b.projects)
                           return "('A" + std::to_string(i) + "', 'CR" + m + std::to_string(i) + "', 'credit', 80000000, '" +
                                  m + "-25', NULL, 0, 1)";
                       long w = i - b.projects;
                       long p = w / b.workers_per_project;
                       return "('A" + std::to_string(p) + "', 'DB" + m + std::to_string(w) + "', 'debit', 600000, '" + m +
                              "-28', " + W(w) + ", 0, 1)";
                   });
    }
    Exec(tx, "DROP TABLE bench_day");
    tx.Commit();
    auto count = [&](const char* table) {
        auto t = b.db->Begin(storage::TxMode::kRead);
        return t.QueryOne(std::string("SELECT COUNT(*) FROM ") + table).Int(0);
    };
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("generated %d projects, %ld workers, %lld attendance days, %lld payroll lines, %lld bank transactions "
                "in %.1f s\n",
                b.projects, workers, static_cast<long long>(count("registry_attendance_day")),
                static_cast<long long>(count("wages_payroll_line")), static_cast<long long>(count("wages_account_txn")),
                seconds);
    {
        auto t = b.db->Begin();
        t.Execute("ANALYZE");
        t.Commit();
    }
}

void BM_ScanBaseline(benchmark::State& state) {
    auto& b = State();
    for (auto _ : state) {
        auto start = std::chrono::steady_clock::now();
        auto tx = b.db->Begin(storage::TxMode::kRead);
        std::size_t rows = 0;
        rows += tx.Query("SELECT project_id, worker_id, substr(work_date, 1, 7), COUNT(*), SUM(counted) FROM "
                         "registry_attendance_day GROUP BY project_id, worker_id, substr(work_date, 1, 7)")
                    .size();
        rows += tx.Query("SELECT payroll_id, worker_id, SUM(net_pay), SUM(paid_amount) FROM wages_payroll_line GROUP BY "
                         "payroll_id, worker_id")
                    .size();
        rows += tx.Query("SELECT account_id, direction, SUM(amount), COUNT(*) FROM wages_account_txn GROUP BY account_id, "
                         "direction")
                    .size();
        benchmark::DoNotOptimize(rows);
        KeepMin(b.baseline_ms,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
}

void BM_FullEvaluation(benchmark::State& state) {
    auto& b = State();
    for (auto _ : state) {
        auto start = std::chrono::steady_clock::now();
        auto run = b.service->EvaluateAll(core::Date(2026, 3, 31));
        KeepMin(b.full_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        state.counters["raised"] = static_cast<double>(run.raised);
        state.counters["failures"] = static_cast<double>(run.failures.size());
    }
}

void BM_IncrementalOneDay(benchmark::State& state) {
    auto& b = State();
    for (auto _ : state) {
        state.PauseTiming();
        // One project's new day of attendance (a Saturday in April: outside the earlier data).
        core::Date day = core::Date(2026, 3, 31).AddDays(++b.next_day);
        {
            auto tx = b.db->Begin();
            std::string sql =
                "INSERT INTO registry_attendance_day (project_id, worker_id, work_date, minutes, counted, punches) "
                "SELECT project_id, worker_id, '" +
                day.ToString() + "', 540, 1, 2 FROM registry_contract WHERE project_id = 'P42'";
            tx.Execute(sql);
            tx.Commit();
        }
        b.clock->Set(day.StartInShanghai() + std::chrono::hours(18));  // that evening: "today" for the job
        state.ResumeTiming();
        auto start = std::chrono::steady_clock::now();
        std::vector<std::string> ids{"P42"};
        b.changes->ProjectsChanged(ids);
        auto report = b.changes->RunOnce();
        KeepMin(b.incremental_ms,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        state.counters["runs"] = static_cast<double>(report.runs);
        state.counters["failures"] = static_cast<double>(report.failures.size());
    }
}

}  // namespace

int main(int argc, char** argv) {
    auto& b = State();
    b.projects = EnvInt("ANXIN_BENCH_PROJECTS", 1000);
    b.workers_per_project = EnvInt("ANXIN_BENCH_WORKERS_PER_PROJECT", 100);
    std::string url;
    if (const char* pg = std::getenv("ANXIN_BENCH_POSTGRES"); pg && *pg) url = pg;
    if (url.empty()) {
        b.dir = (std::filesystem::temp_directory_path() / ("anxin_warnings_bench_" + std::to_string(::getpid()))).string();
        std::filesystem::create_directories(b.dir);
        url = "sqlite://" + b.dir + "/bench.db";
    }
    b.clock = std::make_unique<core::ManualClock>(core::Date(2026, 4, 30).StartInShanghai());
    b.db = storage::Open(url);
    storage::Migrate(*b.db, *b.clock);
    std::printf("database: %s\n", b.db->Describe().c_str());
    Generate(b);
    b.parameters = std::make_unique<region::ParameterService>(*b.db, *b.clock);
    b.service = std::make_unique<warnings::WarningService>(*b.db, *b.clock, *b.parameters,
                                                           core::WorkingCalendar::Embedded(), nullptr);
    b.changes = std::make_unique<warnings::ChangedProjectCollector>(*b.service, *b.clock);
    {
        auto start = std::chrono::steady_clock::now();
        auto first = b.service->EvaluateAll(core::Date(2026, 3, 31));
        std::printf("first full evaluation (raises): %.0f ms, %lld raised, %zu failures\n",
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
                    static_cast<long long>(first.raised), first.failures.size());
        for (const auto& f : first.failures) std::printf("  failure %s: %s\n", f.indicator.c_str(), f.error.c_str());
    }

    benchmark::RegisterBenchmark("ScanBaseline", BM_ScanBaseline)->Unit(benchmark::kMillisecond)->Iterations(3);
    benchmark::RegisterBenchmark("FullEvaluation", BM_FullEvaluation)->Unit(benchmark::kMillisecond)->Iterations(3);
    benchmark::RegisterBenchmark("IncrementalOneDay", BM_IncrementalOneDay)->Unit(benchmark::kMillisecond)->Iterations(5);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    const std::string backend(storage::BackendName(b.db->backend()));
    std::printf("\n[%s] full evaluation / scan baseline = %.0f ms / %.0f ms = %.2fx (target <= 3x)\n", backend.c_str(),
                b.full_ms, b.baseline_ms, b.full_ms / b.baseline_ms);
    std::printf("[%s] incremental evaluation of one project's new day: %.1f ms (target < 50 ms)\n", backend.c_str(),
                b.incremental_ms);
    b.changes.reset();
    b.service.reset();
    b.db.reset();
    if (!b.dir.empty()) std::filesystem::remove_all(b.dir);
    return 0;
}
