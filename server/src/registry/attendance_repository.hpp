// SQL for registry_punch and registry_attendance_day: the batch insert, the day recompute and the
// calendar reads. Runs in the caller's transaction; no business decisions beyond the SQL itself.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "registry/workers.hpp"
#include "storage/database.hpp"

namespace anxin::registry::repository {

// What a punch batch needs to know about a project.
struct PunchProject {
    std::string id;
    std::string code;
    std::optional<std::string> contract_start_on;  // YYYY-MM-DD
};
std::optional<PunchProject> FindPunchProject(storage::Transaction& tx, std::string_view id);
std::optional<PunchProject> FindPunchProjectByCode(storage::Transaction& tx, std::string_view code);
// Ids of the workers holding any contract on the project.
std::vector<std::string> ContractedWorkerIds(storage::Transaction& tx, std::string_view project_id);

// One validated punch; the views point into the caller's batch and must outlive the call.
struct PunchRow {
    std::string_view device_id;
    std::string_view punch_id;
    std::string_view project_id;
    std::string_view worker_id;
    std::int64_t punched_at = 0;
    std::string_view work_date;
    std::string_view direction;  // "in" / "out"
    std::string_view channel;
    std::optional<double> lng;
    std::optional<double> lat;
    bool outside_fence = false;
    bool without_contract = false;  // REG 28 breach kept as evidence
};

// Multi-row INSERT ... ON CONFLICT (device_id, punch_id) DO NOTHING, kPunchInsertBatch rows per
// statement (one cached prepared statement for every full chunk). Returns the rows inserted. When
// `known_new` is given it gets one flag per row: true when the row's whole chunk was inserted, so the
// row is certainly new (a chunk with a conflict cannot tell which of its rows were skipped).
inline constexpr std::size_t kPunchInsertBatch = 128;  // 1,536 parameters; binding is linear (the $N map is built at prepare time)
std::int64_t InsertPunches(storage::Transaction& tx, std::span<const PunchRow> rows, std::int64_t received_at,
                           std::vector<char>* known_new = nullptr);

struct DayKey {
    std::string_view project_id;
    std::string_view worker_id;
    std::string_view work_date;
};
// Rewrites registry_attendance_day for each key from its punches: first in, last out, minutes
// (first in → last out, 0 without both or when out precedes in), counted = minutes > threshold,
// punches, outside-fence punches. One INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO UPDATE per
// kDayRecomputeBatch keys. Returns the rows written.
inline constexpr std::size_t kDayRecomputeBatch = 128;
std::int64_t RecomputeDays(storage::Transaction& tx, std::span<const DayKey> keys, int threshold_minutes);

// What a batch's new punches add to one day: their first in, last out, count and outside-fence count.
struct DayDelta {
    DayKey key;
    std::optional<std::int64_t> first_in_at;
    std::optional<std::int64_t> last_out_at;
    std::int64_t punches = 0;
    std::int64_t outside_fence = 0;
};
// Folds new punches into their days without reading the punches again: first in = the earlier,
// last out = the later, counts added, minutes and counted derived from the merged times (the same
// rule as RecomputeDays). Only for punches known to be new — a day is right when its row was right
// before. kDayMergeBatch days per INSERT ... ON CONFLICT DO UPDATE. Returns the rows written.
inline constexpr std::size_t kDayMergeBatch = 256;
std::int64_t MergeDays(storage::Transaction& tx, std::span<const DayDelta> deltas, int threshold_minutes);

// Days of the project with from ≤ work_date < to, ordered by worker name, worker id, date.
std::vector<AttendanceDay> ListAttendanceDays(storage::Transaction& tx, std::string_view project_id,
                                              std::string_view from, std::string_view to);
// Per worker over the same range, ordered by worker name, worker id.
std::vector<AttendanceSummary> SummarizeAttendance(storage::Transaction& tx, std::string_view project_id,
                                                   std::string_view from, std::string_view to);

}  // namespace anxin::registry::repository
