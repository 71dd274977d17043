// Workers, labor contracts, entry/exit and attendance as other modules see them (real-name management,
// REG 28 / RN; DOMAIN.md §5, §10, §12). Other modules include this header and call the services; they
// never read registry_worker / registry_contract / registry_punch / registry_attendance_day.
//
// Personal data (ID number, phone, bank card) is stored only sealed with core::FieldCipher plus a mask;
// the ID number also as a keyed blind index, so "find this person" never decrypts the table. Values
// returned by the services carry the masks unless the caller holds worker.unmask and asked to reveal
// (every such read is audited in the same transaction).
//
// Scope: a worker is visible when it has a contract on a project in the caller's scope
// (registry::ProjectScopeFilter), or — for enterprise users — when its enterprise registered it.
// Anything outside the scope reads as absent: kNotFound.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/project_changes.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::registry {

// ---- code tables ---------------------------------------------------------------------------------
struct WorkType {
    std::string_view code;
    std::string_view name;
};
// workType of the national platform's standard (DOMAIN.md §12; codes after 050 from a secondary copy [S]).
inline constexpr std::array<WorkType, 22> kWorkTypes = {{
    {"010", "砌筑工"},     {"020", "钢筋工"},     {"030", "架子工"},     {"040", "混凝土工"},
    {"050", "模板工"},     {"060", "机械设备安装工"}, {"070", "通风工"},   {"080", "安装起重工"},
    {"090", "安装钳工"},   {"100", "电气设备安装调试工"}, {"110", "管道工"}, {"120", "变电安装工"},
    {"130", "建筑电工"},       {"140", "司泵工"},     {"150", "挖掘铲运和桩工机械司机"}, {"160", "桩机操作工"},
    {"170", "起重信号工"}, {"180", "建筑起重机械安装拆卸工"}, {"190", "装饰装修工"}, {"200", "室内成套设施安装工"},
    {"210", "建筑门窗幕墙安装工"}, {"900", "管理人员"},
}};
std::optional<std::string_view> WorkTypeName(std::string_view code);

inline constexpr std::string_view kContractKinds[] = {"labor_contract", "employment_agreement"};
inline constexpr std::string_view kWageTypes[] = {"daily", "monthly", "piece"};

// ---- workers -------------------------------------------------------------------------------------
struct Worker {
    std::string id;
    std::string name;
    std::string id_card_type = "01";  // 居民身份证
    std::string id_number;            // masked unless revealed
    core::Date birth_date;
    char sex = 'M';                     // 'M' / 'F'
    std::string native_region_code;     // first 6 digits of the ID number
    bool over_age = false;              // above the configured age limit at registration (flag, not refusal)
    std::optional<std::string> phone;       // masked unless revealed
    std::optional<std::string> bank_card;   // masked unless revealed
    std::optional<std::string> bank_name;
    std::optional<std::string> work_type;   // code from kWorkTypes
    std::optional<std::string> photo_ref;
    bool revealed = false;  // true when id_number/phone/bank_card are the full values
    bool linked = false;    // Create: an existing person linked to the caller's enterprise, nothing new stored
    core::Timestamp created_at;
    core::Timestamp updated_at;
};

struct NewWorker {
    std::string name;       // 2–30 characters
    std::string id_number;  // 18-character 身份证号 (GB 11643)
    std::optional<std::string> phone;      // 11-digit mainland mobile
    std::optional<std::string> bank_card;  // 12–19 digits
    std::optional<std::string> bank_name;  // required with bank_card
    std::optional<std::string> work_type;
    std::optional<std::string> photo_ref;
};

// Absent fields are not changed; "" clears an optional one. The ID number cannot change.
struct WorkerPatch {
    std::optional<std::string> name;
    std::optional<std::string> phone;
    std::optional<std::string> bank_card;
    std::optional<std::string> bank_name;
    std::optional<std::string> work_type;
    std::optional<std::string> photo_ref;
};

struct WorkerQuery {
    std::optional<std::string> project_id;   // workers with a contract on that project
    std::optional<std::string> name_prefix;  // q
    std::optional<std::string> id_number;    // exact, through the blind index
    std::int64_t offset = 0;
    std::int64_t limit = 20;
};

struct WorkerPage {
    std::vector<Worker> items;  // masked
    std::int64_t total = 0;
};

struct WorkerOptions {
    int max_age = 60;  // DOMAIN §5: local policy; later a region parameter
    int min_age = 16;  // 《劳动法》15: refused below
};

// Thread-safe; holds references to the database, clock and cipher, which must outlive it. `cipher`
// may be null (app without a data key): every call touching personal data then throws kUnavailable.
// Errors: kInvalidArgument with JSON field names ("idNumber", "name", "phone", "bankCard", "bankName",
// "workType"), kNotFound (absent or out of scope), kForbidden (reveal without worker.unmask),
// kConflict for an ID number already registered (see Create).
class WorkerService {
public:
    WorkerService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                  WorkerOptions options = {});

    // One person across projects. A second registration of the same ID number:
    //  - the caller already sees that worker: kConflict {"idNumber", "existingWorkerId": <id>};
    //  - an enterprise user who gives the registered name: linked to the existing worker (Worker::linked,
    //    audited "link"), which it may then see and contract; what it sent is not stored;
    //  - otherwise kConflict naming only the field ("name" when the name differs), never the id.
    // A new person is audited ("create", "worker").
    Worker Create(const core::CallContext& ctx, const NewWorker& input);
    // reveal: full personal data (worker.unmask only); audited as "read_personal" with the fields.
    Worker Get(const core::CallContext& ctx, std::string_view id, bool reveal = false);
    WorkerPage List(const core::CallContext& ctx, const WorkerQuery& query) const;
    Worker Update(const core::CallContext& ctx, std::string_view id, const WorkerPatch& patch);
    // The same rules inside the caller's write transaction (imports commit many rows in one).
    Worker Create(storage::Transaction& tx, const core::CallContext& ctx, const NewWorker& input);
    Worker Update(storage::Transaction& tx, const core::CallContext& ctx, std::string_view id, const WorkerPatch& patch);
    // Links an existing worker whose registered name the caller has matched to the caller's enterprise
    // (enterprise users only; a no-op for others and when already linked). Audited ("link", "worker").
    void Link(storage::Transaction& tx, const core::CallContext& ctx, std::string_view worker_id);

    // For other modules (clues, complaints, wages): the worker id registered under an ID number,
    // without scope (the caller decides what it may show). Invalid ID numbers find nothing.
    std::optional<std::string> FindIdByIdNumber(storage::Transaction& tx, std::string_view id_number) const;

    const WorkerOptions& options() const { return options_; }

private:
    const core::FieldCipher& Cipher() const;

    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    WorkerOptions options_;
};

// The blind index of an ID number as stored in registry_worker.id_number_index (upper-cased X).
std::string IdNumberIndex(const core::FieldCipher& cipher, std::string_view normalized_id_number);

// ---- contracts and entry/exit (REG 28) -----------------------------------------------------------
struct Contract {
    std::string id;
    std::string worker_id;
    std::string project_id;
    std::string employer_id;
    std::optional<std::string> team_id;
    std::string kind;  // kContractKinds
    core::Date start_on;
    std::optional<core::Date> end_on;
    std::string wage_type;  // kWageTypes
    core::Fen wage_rate = 0;
    core::Date signed_on;
    std::optional<core::Date> entered_on;
    std::optional<core::Date> exited_on;
    core::Timestamp created_at;
    core::Timestamp updated_at;
};

struct NewContract {
    std::string worker_id;
    std::string project_id;
    std::string employer_id;
    std::optional<std::string> team_id;
    std::string kind;
    core::Date start_on;
    std::optional<core::Date> end_on;
    std::string wage_type;
    core::Fen wage_rate = 0;
    core::Date signed_on;
};

// Errors as WorkerService; fields "workerId", "employerId", "teamId", "startOn", "endOn", "signedOn",
// "onDate". The project must be in the caller's scope (else kNotFound); the employer must participate
// in the project and the team belong to it and to the employer. Enterprise users sign for their own
// enterprise (or any employer when their enterprise is the project's general contractor).
class ContractService {
public:
    ContractService(storage::Database& db, const core::Clock& clock, core::ProjectChangeSink* changes = nullptr)
        : db_(db), clock_(clock), changes_(changes) {}

    Contract Create(const core::CallContext& ctx, const NewContract& input);
    Contract Get(const core::CallContext& ctx, std::string_view id) const;
    std::vector<Contract> ListForProject(const core::CallContext& ctx, std::string_view project_id) const;
    // Contracts of the worker on projects in the caller's scope; kNotFound when the worker is not visible.
    std::vector<Contract> ListForWorker(const core::CallContext& ctx, std::string_view worker_id) const;

    // REG 28: entry exists only on a contract, not before its start, not after its end, not in the
    // future; once (kConflict when already entered). Exit: after entry, once.
    Contract RecordEntry(const core::CallContext& ctx, std::string_view contract_id, core::Date on_date);
    Contract RecordExit(const core::CallContext& ctx, std::string_view contract_id, core::Date on_date);
    // The same rules inside the caller's write transaction (imports); the caller tells the project
    // change sink after its commit.
    Contract Create(storage::Transaction& tx, const core::CallContext& ctx, const NewContract& input);
    Contract RecordEntry(storage::Transaction& tx, const core::CallContext& ctx, std::string_view contract_id,
                         core::Date on_date);

private:
    storage::Database& db_;
    const core::Clock& clock_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

// ---- attendance ----------------------------------------------------------------------------------
// One punch as a device or app reports it (STD WorkerAttendance). Text stays raw: the service
// validates every row and reports problems per row.
struct PunchInput {
    std::string device_id;
    std::string punch_id;
    std::string project_id;    // or project_code
    std::string project_code;
    std::string worker_id;     // or id_number
    std::string id_number;
    std::string time;          // RFC 3339
    std::string direction;     // "in" / "out" / "01" / "02"
    std::string channel;
    std::optional<double> lng;
    std::optional<double> lat;
};

struct PunchRejection {
    std::size_t index = 0;  // position in the batch
    std::string field;      // JSON name: "deviceId", "projectId", "workerId", "time", "direction", ...
    std::string reason;
};

struct PunchBatchResult {
    std::int64_t accepted = 0;    // new punches stored
    std::int64_t duplicates = 0;  // (deviceId, punchId) already stored (or repeated within the batch)
    // Punches in the batch of registered workers with no contract on the project: stored (once) and
    // flagged as evidence of a REG 28 breach (RN-01), not refused.
    std::int64_t without_contract = 0;
    std::vector<PunchRejection> rejected;
    std::int64_t days_recomputed = 0;  // (project, worker, day) summaries rewritten
};

struct AttendanceDay {
    std::string project_id;
    std::string worker_id;
    std::string worker_name;
    core::Date work_date;
    std::optional<core::Timestamp> first_in_at;
    std::optional<core::Timestamp> last_out_at;
    std::int64_t minutes = 0;
    bool counted = false;
    std::int64_t punches = 0;
    std::int64_t outside_fence = 0;
};

struct AttendanceSummary {  // one worker on one project over a month
    std::string worker_id;
    std::string worker_name;
    std::int64_t days_present = 0;
    std::int64_t days_counted = 0;
    std::int64_t minutes = 0;
    std::int64_t punches = 0;
    std::int64_t outside_fence = 0;
};

struct AttendanceOptions {
    int counted_threshold_minutes = 240;  // a day counts when minutes > this (DOMAIN §5; later a region parameter)
    std::size_t max_batch = 10000;
};

// Thread-safe. `cipher` may be null: punches identified by ID number are then rejected per row.
class AttendanceService {
public:
    AttendanceService(storage::Database& db, const core::Clock& clock, const core::FieldCipher* cipher,
                      AttendanceOptions options = {}, core::ProjectChangeSink* changes = nullptr)
        : db_(db), clock_(clock), cipher_(cipher), options_(options), changes_(changes) {}

    // One transaction: stores every valid new punch (idempotent by deviceId + punchId), reports the
    // others per row, recomputes the day summaries of every (project, worker, day) touched. More than
    // max_batch punches: Error(kPayloadTooLarge) on "punches", nothing written. Enterprise users may
    // submit only for projects their enterprise participates in (others are rejected per row).
    PunchBatchResult SubmitPunches(const core::CallContext& ctx, std::span<const PunchInput> punches);

    // month "YYYY-MM". kNotFound when the project is out of scope; kInvalidArgument on "month".
    std::vector<AttendanceDay> ListDays(const core::CallContext& ctx, std::string_view project_id,
                                        std::string_view month) const;
    std::vector<AttendanceSummary> Summaries(const core::CallContext& ctx, std::string_view project_id,
                                             std::string_view month) const;

    const AttendanceOptions& options() const { return options_; }

private:
    storage::Database& db_;
    const core::Clock& clock_;
    const core::FieldCipher* cipher_;
    AttendanceOptions options_;
    core::ProjectChangeSink* changes_;  // told the projects written, after commit (null: nobody)
};

}  // namespace anxin::registry
