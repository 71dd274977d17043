// Punch ingest benchmark (the requirement: ≥ 200,000 punches/s through the service layer into
// SQLite, within 3× of the sqlite3 CLI importing the same rows from CSV into a bare table).
//
// Setup (not timed): a file-backed SQLite database (WAL, synchronous=FULL, as in production) with
// ANXIN_BENCH_PROJECTS projects (default 200) × ANXIN_BENCH_WORKERS workers each (default 500), every
// worker under contract. Each iteration ingests one day of attendance for everyone (an in and an out
// punch per worker: 200,000 punches by default) through AttendanceService::SubmitPunches in batches of
// 10,000 — validation, resolution, fence check, insert and day recompute included. After the runs the
// same rows are written to CSV and imported with `sqlite3` (.mode csv / .import) into a bare table in
// a fresh file; the ratio of the two rates is printed.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "registry/workers.hpp"
#include "storage/database.hpp"
#include "storage/migrator.hpp"

namespace {

namespace fs = std::filesystem;
using namespace anxin;

int EnvInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

struct Fixture {
    fs::path dir;
    std::unique_ptr<storage::Database> db;
    core::ManualClock clock{core::Date(2026, 3, 2).StartInShanghai() + std::chrono::hours(9)};
    core::FieldCipher cipher{core::DataKey::Generate()};
    int projects = EnvInt("ANXIN_BENCH_PROJECTS", 200);
    int workers_per_project = EnvInt("ANXIN_BENCH_WORKERS", 500);
    std::vector<std::string> project_ids;
    std::vector<std::vector<std::string>> worker_ids;  // per project

    Fixture() {
        dir = fs::temp_directory_path() / ("anxin-bench-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        db = storage::Open("sqlite://" + (dir / "bench.db").string());
        storage::Migrate(*db, clock);
        Seed();
    }
    ~Fixture() { fs::remove_all(dir); }

    void Seed() {
        auto tx = db->Begin();
        tx.ExecuteScript(
            "INSERT INTO region_division (code, name, level, parent_code) VALUES ('37', '山东省', 1, NULL);"
            "INSERT INTO region_division (code, name, level, parent_code) VALUES ('3701', '济南市', 2, '37');"
            "INSERT INTO region_division (code, name, level, parent_code) VALUES ('370102', '历下区', 3, '3701');"
            "INSERT INTO registry_enterprise (id, credit_code, credit_code_valid, name, region_code, kind, "
            "created_at, updated_at) VALUES ('E1', '91370100MA0000001A', 1, '总包', '370102', "
            "'general_contractor', 0, 0);");
        for (int p = 0; p < projects; ++p) {
            std::string id = "P" + std::to_string(p);
            project_ids.push_back(id);
            tx.Execute(
                "INSERT INTO registry_project (id, code, name, region_code, lng, lat, fence_kind, fence_radius_m, "
                "industry, investment_type, contract_start_on, status, status_on, public_token, created_at, "
                "updated_at) VALUES ($1, $2, $3, '370102', 117.0, 36.65, 'circle', 800, 'housing', 'government', "
                "'2020-01-01', 'under_construction', '2020-01-01', $4, 0, 0)",
                {id, "XM-" + id, "项目" + id, "tok-" + id});
            tx.Execute("INSERT INTO registry_participant (project_id, enterprise_id, role_code, created_at) "
                       "VALUES ($1, 'E1', '009', 0)",
                       {id});
            auto& ids = worker_ids.emplace_back();
            for (int w = 0; w < workers_per_project; ++w) {
                std::string wid = id + "-W" + std::to_string(w);
                ids.push_back(wid);
                tx.Execute(
                    "INSERT INTO registry_worker (id, name, id_number_enc, id_number_index, id_number_mask, "
                    "birth_date, sex, native_region_code, created_at, updated_at) "
                    "VALUES ($1, $2, 'x', $1, 'm', '1990-01-01', 'M', '370102', 0, 0)",
                    {wid, "工人" + wid});
                tx.Execute(
                    "INSERT INTO registry_contract (id, worker_id, project_id, employer_id, kind, start_on, "
                    "wage_type, wage_rate, signed_on, created_at, updated_at) "
                    "VALUES ($1, $2, $3, 'E1', 'labor_contract', '2020-01-01', 'daily', 30000, '2020-01-01', 0, 0)",
                    {"C-" + wid, wid, id});
            }
        }
        tx.Commit();
    }

    // One day of attendance for everyone: an in and an out per worker. `day` counts back from 2026-03-01.
    std::vector<registry::PunchInput> Day(int day) const {
        core::Date date = core::Date(2026, 3, 1).AddDays(-day);
        std::string d = date.ToString();
        std::vector<registry::PunchInput> punches;
        punches.reserve(static_cast<std::size_t>(projects * workers_per_project * 2));
        for (int p = 0; p < projects; ++p) {
            for (int w = 0; w < workers_per_project; ++w) {
                for (int dir = 0; dir < 2; ++dir) {
                    registry::PunchInput in;
                    in.device_id = "GATE-" + project_ids[static_cast<std::size_t>(p)];
                    in.punch_id = d + "-" + std::to_string(w) + (dir == 0 ? "-in" : "-out");
                    in.project_id = project_ids[static_cast<std::size_t>(p)];
                    in.worker_id = worker_ids[static_cast<std::size_t>(p)][static_cast<std::size_t>(w)];
                    char time[40];
                    std::snprintf(time, sizeof time, "%sT%02d:%02d:00+08:00", d.c_str(), dir == 0 ? 7 : 17,
                                  (w * 7) % 60);
                    in.time = time;
                    in.direction = dir == 0 ? "in" : "out";
                    in.channel = "face";
                    in.lng = 117.0 + (w % 10) * 0.001;
                    in.lat = 36.65;
                    punches.push_back(std::move(in));
                }
            }
        }
        return punches;
    }
};

Fixture& Shared() {
    static Fixture fixture;
    return fixture;
}

double g_service_rate = 0;
std::vector<registry::PunchInput> g_last_day;

void BM_IngestPunches(benchmark::State& state) {
    Fixture& f = Shared();
    registry::AttendanceService service(*f.db, f.clock, &f.cipher);
    const auto ctx = core::SystemContext("bench");
    constexpr std::size_t kBatch = 10'000;
    int day = 0;
    std::int64_t total = 0;
    double seconds = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto punches = f.Day(day++);
        state.ResumeTiming();
        auto start = std::chrono::steady_clock::now();
        std::int64_t accepted = 0;
        for (std::size_t i = 0; i < punches.size(); i += kBatch) {
            auto n = std::min(kBatch, punches.size() - i);
            auto result = service.SubmitPunches(ctx, std::span<const registry::PunchInput>(punches.data() + i, n));
            accepted += result.accepted;
            if (!result.rejected.empty()) {
                state.SkipWithError(("rejected: " + result.rejected[0].field + " " + result.rejected[0].reason).c_str());
                return;
            }
        }
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (accepted != static_cast<std::int64_t>(punches.size())) state.SkipWithError("not every punch was stored");
        total += accepted;
        state.PauseTiming();
        g_last_day = std::move(punches);
        state.ResumeTiming();
    }
    state.counters["punches"] = benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
    g_service_rate = seconds > 0 ? static_cast<double>(total) / seconds : 0;
}
BENCHMARK(BM_IngestPunches)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// The same rows as registry_punch would hold them, as CSV, imported by the sqlite3 CLI.
double MeasureCli(const std::vector<registry::PunchInput>& punches) {
    Fixture& f = Shared();
    fs::path csv = f.dir / "punches.csv";
    fs::path db = f.dir / "cli.db";
    {
        std::ofstream out(csv);
        const auto received = core::ToMillis(f.clock.Now());
        for (const auto& p : punches) {
            auto at = core::ToMillis(*core::ParseTimestamp(p.time));
            out << p.device_id << ',' << p.punch_id << ',' << p.project_id << ',' << p.worker_id << ',' << at << ','
                << p.time.substr(0, 10) << ',' << p.direction << ',' << p.channel << ',' << *p.lng << ',' << *p.lat
                << ",0," << received << '\n';
        }
    }
    std::string create =
        "CREATE TABLE punch_bare (device_id TEXT, punch_id TEXT, project_id TEXT, worker_id TEXT, punched_at "
        "BIGINT, work_date TEXT, direction TEXT, channel TEXT, lng DOUBLE PRECISION, lat DOUBLE PRECISION, "
        "outside_fence INTEGER, received_at BIGINT);";
    std::string command = "sqlite3 '" + db.string() + "' \"" + create + "\" '.mode csv' '.import " + csv.string() +
                          " punch_bare'";
    auto start = std::chrono::steady_clock::now();
    int rc = std::system(command.c_str());
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (rc != 0) {
        std::cerr << "sqlite3 CLI failed (" << rc << "): is /usr/bin/sqlite3 installed?\n";
        return 0;
    }
    return static_cast<double>(punches.size()) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    if (!g_last_day.empty()) {
        double cli = MeasureCli(g_last_day);
        std::printf("\nservice ingest : %10.0f punches/s (%zu punches per iteration, batches of 10,000)\n",
                    g_service_rate, g_last_day.size());
        std::printf("sqlite3 CLI    : %10.0f rows/s    (.import CSV into a bare table)\n", cli);
        if (g_service_rate > 0 && cli > 0) {
            double ratio = cli / g_service_rate;
            std::printf("ratio CLI/service: %.2f (requirement: <= 3.00; service >= 200,000/s) -> %s\n", ratio,
                        ratio <= 3.0 && g_service_rate >= 200'000 ? "OK" : "NOT MET");
        }
    }
    benchmark::Shutdown();
    return 0;
}
