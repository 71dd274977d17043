// Bulk import of enterprises, workers with their contracts, and attendance from CSV (UTF-8 or GBK, as
// Excel saves it) or XLSX files (issue #3 item 6). Every row obeys exactly the rules of the API: rows
// go through EnterpriseService, WorkerService, ContractService and AttendanceService.
//
// A file becomes a job (registry_import_job). Its header is checked before anything is written:
// missing or unknown columns → Error(kUnprocessable, field "file") naming them, no job. Rows are then
// committed in batches (ImportOptions::batch_size per transaction, each row inside a savepoint so a bad
// row never loses the others); the job's counters and per-row errors are written in the same
// transaction as the batch, so after a crash the job tells exactly what is stored. The same file twice
// changes nothing: rows already stored read "unchanged" and write no audit event.
//
// Column names (Chinese headers of the templates, English aliases from the data standard) are in
// import_service.cpp and documented in README.md.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "core/project_changes.hpp"
#include "core/tabular.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::registry {

class EnterpriseService;
class WorkerService;
class ContractService;
class AttendanceService;

enum class ImportKind { kEnterprises, kWorkers, kAttendance };
std::optional<ImportKind> ParseImportKind(std::string_view text);  // "enterprises" | "workers" | "attendance"
std::string_view ImportKindName(ImportKind kind);

struct ImportJob {
    std::string id;
    std::string kind;
    std::string file_name;
    std::string file_sha256;
    std::int64_t file_size = 0;
    std::string status;  // queued | running | done | failed
    std::optional<std::string> message;
    std::int64_t rows_total = 0;
    std::int64_t rows_done = 0;
    std::int64_t rows_created = 0;
    std::int64_t rows_updated = 0;
    std::int64_t rows_unchanged = 0;
    std::int64_t rows_failed = 0;
    std::string created_by;
    std::string created_by_name;
    std::string region_code;
    std::optional<std::string> enterprise_id;
    core::Timestamp created_at;
    std::optional<core::Timestamp> started_at;
    std::optional<core::Timestamp> finished_at;
};

struct ImportJobPage {
    std::vector<ImportJob> items;
    std::int64_t total = 0;
};

struct ImportOptions {
    std::size_t batch_size = 500;  // rows per transaction
    std::size_t max_rows = 100000;
    // A runner holds a queued job under a lease renewed after every batch; a job whose lease ran out
    // (its instance stopped) is taken over by another runner. The runner looks for work this often
    // besides being woken by its own instance's uploads.
    std::chrono::milliseconds lease{std::chrono::minutes(2)};
    std::chrono::milliseconds poll{std::chrono::seconds(2)};
    // Called on the runner after each committed batch of a queued job (tests stop a runner mid-job).
    std::function<void(const std::string& job_id)> after_batch;
};

// Called on the importing thread after each committed batch (and once at the end).
using ImportProgress = std::function<void(const ImportJob&)>;

// Thread-safe. Submit queues a job in the database (registry_import_payload: the file and the
// submitter); one runner thread per instance (started by Start() or the first Submit) leases queued
// jobs of any instance one after another, so an upload is imported once whichever instance received
// it and whichever instances are running. Stop() (and the destructor) lets the running batch commit,
// gives the job back to the queue and joins: another instance, or this one after a restart, goes on
// from the first row not committed. The services, database and clock must outlive it.
//
// Who may import: enterprises — supervisors and industry officers; workers — holders of worker.write;
// attendance — holders of attendance.write; the system principal (CLI) everything. Others: kForbidden.
// A job is visible to its creator, to users of the creator's enterprise, to officers whose region
// covers the creator's (jobs of officers), and to the system principal; others read kNotFound.
class ImportService {
  public:
    ImportService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                  EnterpriseService& enterprises, WorkerService& workers, ContractService& contracts,
                  AttendanceService& attendance, ImportOptions options = {},
                  core::ProjectChangeSink* changes = nullptr);
    ~ImportService();
    ImportService(const ImportService&) = delete;
    ImportService& operator=(const ImportService&) = delete;


    // Starts the runner (jobs queued by any instance, or left by a stopped one, are taken up).
    void Start();
    // Checks permission and header, records the job and its file (queued), wakes the runner; returns at once.
    ImportJob Submit(const core::CallContext& ctx, ImportKind kind, std::string file_name, std::string bytes);
    // The same on the calling thread (CLI); `progress` after every batch. Returns the finished job.
    ImportJob Run(const core::CallContext& ctx, ImportKind kind, std::string file_name, std::string_view bytes,
                  const ImportProgress& progress = {});

    ImportJob Get(const core::CallContext& ctx, std::string_view id) const;
    ImportJobPage List(const core::CallContext& ctx, std::int64_t offset, std::int64_t limit) const;
    // The job's per-row problems in file order (row 0: the whole file).
    std::vector<core::RowError> Errors(const core::CallContext& ctx, std::string_view id) const;

    // Jobs run by a CLI process that stopped (no queued file, no progress for `stale_after`) are
    // marked failed, so nobody waits for them; re-importing the file completes them. Returns how many.
    std::int64_t FailInterrupted(std::chrono::milliseconds stale_after);
    // Blocks until no job is queued or running (tests); returns at once when the runner is not running.
    void WaitIdle();
    // Asks the runner to stop after its current batch, without waiting (safe from the runner itself).
    void RequestStop();
    void Stop();

    // The XLSX template of a kind: the Chinese headers, an example row, a sheet explaining each column.
    static std::string Template(ImportKind kind);
    // The error report as XLSX (行号, 字段, 原因); CSV is core::RowErrorsToCsv.
    static std::string ErrorsXlsx(const std::vector<core::RowError>& errors);

  private:
    struct Prepared;
    Prepared Prepare(const core::CallContext& ctx, ImportKind kind, std::string_view bytes) const;
    // `queue`: also store the file for a runner (Submit); the CLI's Run works it on its own thread.
    ImportJob CreateJob(const core::CallContext& ctx, ImportKind kind, const std::string& file_name,
                        std::string_view bytes, std::int64_t rows, bool queue);
    // From row `resume_from` (rows committed before); `leased`: renew this runner's lease per batch.
    void Execute(const core::CallContext& ctx, ImportKind kind, const std::string& job_id, std::string_view bytes,
                 const ImportProgress& progress, std::int64_t resume_from = 0, bool leased = false);
    // Rows [begin, end) of the table: data, the job's counters and its row errors in one commit.
    void ProcessBatch(const core::CallContext& ctx, ImportKind kind, const std::string& job_id,
                      const core::Table& table, const core::ColumnMap& columns, std::size_t begin, std::size_t end);
    void RunnerLoop();
    void EnsureRunner();  // REQUIRES(mutex_)

    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    EnterpriseService& enterprises_;
    WorkerService& workers_;
    ContractService& contracts_;
    AttendanceService& attendance_;
    ImportOptions options_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)

    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    const std::string runner_id_;  // this instance's runner, in the leases it takes
    std::uint64_t wakeups_ = 0;    // GUARDED_BY(mutex_): uploads since the runner last looked
    bool busy_ = false;            // GUARDED_BY(mutex_): the runner is working a job
    bool stopping_ = false;        // GUARDED_BY(mutex_)
    std::thread runner_;           // started by Start() or the first Submit
};

}  // namespace anxin::registry
