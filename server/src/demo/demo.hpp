// The demo province (`anxin demo`): a deterministic synthetic province on the real division codes of
// Shandong (37) for `make demo`, the browser tests and benchmarks. Everything is generated through
// the real services (enterprises, projects, workers, contracts, attendance, accounts, allocations,
// bank feed, payrolls, pay batches, deposits, logins), acting with realistic principals, so the data
// obeys every rule and is audited like real data. README.md lists what the province contains.
//
// Determinism: the same seed and scale give the same province (project codes, names, ID numbers,
// amounts, dates relative to "today"); ids, timestamps and ciphertexts differ between runs.
// Synthetic ID numbers use native region codes 379901–379999, a prefecture block GB/T 2260 leaves
// unassigned in Shandong, so they can never be a real person's.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "identity/password.hpp"

namespace anxin::files {
class FileService;
}
#include "storage/database.hpp"

namespace anxin::demo {

struct DemoOptions {
    // Multiplies enterprises, projects and workers (benchmarks: 10). Tests use small values (0.02).
    double scale = 1.0;
    std::uint64_t seed = 20260101;
    // Explicit counts override scale × the scale-1 figures (tests).
    std::optional<int> enterprises;
    std::optional<int> projects;
    std::optional<int> workers;
    // One login per role (admin, secadmin, auditor, jinan, lixia, jiefanglu, zhujian, laowu, bank).
    bool create_logins = true;
    std::string password = "Sx8#Kp3-Vn";
    identity::PasswordCost password_cost = identity::PasswordCost::kInteractive;
    // SQLite: synchronous=NORMAL on the generating connection while it runs (WAL stays consistent; a
    // power cut may lose the last transactions of an unfinished demo, which is then refused anyway).
    // Needs the database opened with one connection (pool_size 1) to cover every transaction.
    bool relax_durability = false;
    // The file store for the evidence of the manual credit anomaly records (a supervisor's record needs
    // an attachment); without one the demo has only the records raised from the platform's facts.
    files::FileService* files = nullptr;
    // Progress lines ("workers: 20000 in 12.3 s"); none when empty.
    std::function<void(const std::string&)> progress;
};

struct DemoLogin {
    std::string username;
    std::string role;
    std::string scope;        // region / industry / enterprise / bank, readable
    std::string description;  // Chinese
};

struct DemoSummary {
    std::uint64_t seed = 0;
    double scale = 1.0;
    std::vector<std::string> months;  // the three attendance / payroll months, "YYYY-MM"
    std::map<std::string, std::int64_t> counts;  // stable keys, see README.md
    std::map<std::string, std::int64_t> projects_by_status;
    std::vector<std::pair<std::string, double>> phase_seconds;
    double seconds = 0;
    std::vector<DemoLogin> logins;
    // Order-independent digest of what the seed decides (project codes and names, worker names and ID
    // numbers, enterprise credit codes): equal for equal seeds and scales.
    std::string fingerprint;

    std::int64_t Count(std::string_view key) const;
    std::string Describe() const;  // multi-line, for the CLI
};

// True when a demo has been generated (or started) on this database.
bool DemoGenerated(storage::Database& db);

// Generates the province. Requires the divisions of Shandong imported (Error kUnprocessable
// otherwise: run `anxin regions import`) and refuses a second run on the same database
// (Error kConflict, also when a previous run did not finish). "Today" is the clock's Shanghai date:
// attendance and payrolls cover the three full months before the current one.
DemoSummary GenerateDemo(storage::Database& db, const core::Clock& clock, const core::FieldCipher& cipher,
                         const DemoOptions& options);

}  // namespace anxin::demo
