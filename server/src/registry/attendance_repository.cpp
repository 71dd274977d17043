#include "registry/attendance_repository.hpp"

#include <algorithm>

namespace anxin::registry::repository {
namespace {

constexpr int kPunchColumns = 13;

// "($1, $2, ...), ($13, ...)" for `rows` rows of `columns` placeholders.
std::string ValuesList(std::size_t rows, int columns) {
    std::string sql;
    sql.reserve(rows * static_cast<std::size_t>(columns) * 6);
    int n = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        sql += r == 0 ? "(" : ", (";
        for (int c = 0; c < columns; ++c) {
            if (c > 0) sql += ", ";
            sql += "$" + std::to_string(++n);
        }
        sql += ")";
    }
    return sql;
}

std::string InsertPunchSql(std::size_t rows) {
    return "INSERT INTO registry_punch (device_id, punch_id, project_id, worker_id, punched_at, work_date, "
           "direction, channel, lng, lat, outside_fence, without_contract, received_at) VALUES " +
           ValuesList(rows, kPunchColumns) + " ON CONFLICT (device_id, punch_id) DO NOTHING";
}

// The keys arrive as a VALUES list (a CTE: SQLite has no column aliases on a derived table) joined to the punches through the (project, worker, day) index.
// CAST keeps PostgreSQL from guessing the parameter types of a bare VALUES list.
std::string RecomputeSql(std::size_t keys) {
    std::string values;
    int n = 1;  // $1 is the threshold
    for (std::size_t k = 0; k < keys; ++k) {
        values += k == 0 ? "(" : ", (";
        for (int c = 0; c < 3; ++c) {
            if (c > 0) values += ", ";
            values += "CAST($" + std::to_string(++n) + " AS TEXT)";
        }
        values += ")";
    }
    return "WITH k (project_id, worker_id, work_date) AS (VALUES " + values +
           ") INSERT INTO registry_attendance_day (project_id, worker_id, work_date, first_in_at, last_out_at, minutes, "
           "counted, punches, outside_fence) "
           "SELECT g.project_id, g.worker_id, g.work_date, g.first_in_at, g.last_out_at, g.minutes, "
           "CASE WHEN g.minutes > $1 THEN 1 ELSE 0 END, g.punches, g.outside_fence FROM ("
           "SELECT s.project_id, s.worker_id, s.work_date, s.first_in_at, s.last_out_at, s.punches, s.outside_fence, "
           "CASE WHEN s.first_in_at IS NOT NULL AND s.last_out_at IS NOT NULL AND s.last_out_at > s.first_in_at "
           "THEN (s.last_out_at - s.first_in_at) / 60000 ELSE 0 END AS minutes FROM ("
           "SELECT p.project_id, p.worker_id, p.work_date, "
           "MIN(CASE WHEN p.direction = 'in' THEN p.punched_at END) AS first_in_at, "
           "MAX(CASE WHEN p.direction = 'out' THEN p.punched_at END) AS last_out_at, "
           "COUNT(*) AS punches, SUM(p.outside_fence) AS outside_fence "
           "FROM k JOIN registry_punch p ON p.project_id = k.project_id AND p.worker_id = k.worker_id "
           "AND p.work_date = k.work_date "
           "GROUP BY p.project_id, p.worker_id, p.work_date) s) g WHERE true "
           "ON CONFLICT (project_id, worker_id, work_date) DO UPDATE SET first_in_at = excluded.first_in_at, "
           "last_out_at = excluded.last_out_at, minutes = excluded.minutes, counted = excluded.counted, "
           "punches = excluded.punches, outside_fence = excluded.outside_fence";
}

constexpr int kDayColumns = 9;

// The merged first in / last out of an existing day row and a delta (NULL when neither has one).
constexpr const char* kMergedFirstIn =
    "(CASE WHEN excluded.first_in_at IS NULL THEN registry_attendance_day.first_in_at "
    "WHEN registry_attendance_day.first_in_at IS NULL OR excluded.first_in_at < registry_attendance_day.first_in_at "
    "THEN excluded.first_in_at ELSE registry_attendance_day.first_in_at END)";
constexpr const char* kMergedLastOut =
    "(CASE WHEN excluded.last_out_at IS NULL THEN registry_attendance_day.last_out_at "
    "WHEN registry_attendance_day.last_out_at IS NULL OR excluded.last_out_at > registry_attendance_day.last_out_at "
    "THEN excluded.last_out_at ELSE registry_attendance_day.last_out_at END)";

std::string MergeSql(std::size_t rows) {
    // $1 is the threshold; each row binds its own minutes/counted for the insert case.
    std::string values;
    int n = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        values += r == 0 ? "(" : ", (";
        for (int c = 0; c < kDayColumns; ++c) {
            if (c > 0) values += ", ";
            values += "$" + std::to_string(++n);
        }
        values += ")";
    }
    const std::string first = kMergedFirstIn;
    const std::string last = kMergedLastOut;
    const std::string minutes = "(CASE WHEN " + first + " IS NOT NULL AND " + last + " IS NOT NULL AND " + last +
                                " > " + first + " THEN (" + last + " - " + first + ") / 60000 ELSE 0 END)";
    return "INSERT INTO registry_attendance_day (project_id, worker_id, work_date, first_in_at, last_out_at, minutes, "
           "counted, punches, outside_fence) VALUES " +
           values +
           " ON CONFLICT (project_id, worker_id, work_date) DO UPDATE SET first_in_at = " + first +
           ", last_out_at = " + last + ", minutes = " + minutes + ", counted = CASE WHEN " + minutes +
           " > $1 THEN 1 ELSE 0 END, punches = registry_attendance_day.punches + excluded.punches, "
           "outside_fence = registry_attendance_day.outside_fence + excluded.outside_fence";
}

std::optional<core::Timestamp> OptTime(const storage::Row& row, std::size_t i) {
    auto ms = row.OptInt(i);
    if (!ms) return std::nullopt;
    return core::FromMillis(*ms);
}

}  // namespace

std::optional<PunchProject> FindPunchProject(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional("SELECT id, code, contract_start_on FROM registry_project WHERE id = $1", {id});
    if (!row) return std::nullopt;
    return PunchProject{row->Text(0), row->Text(1), row->OptText(2)};
}

std::optional<PunchProject> FindPunchProjectByCode(storage::Transaction& tx, std::string_view code) {
    auto row = tx.QueryOptional("SELECT id, code, contract_start_on FROM registry_project WHERE code = $1", {code});
    if (!row) return std::nullopt;
    return PunchProject{row->Text(0), row->Text(1), row->OptText(2)};
}

std::vector<std::string> ContractedWorkerIds(storage::Transaction& tx, std::string_view project_id) {
    auto rows = tx.Query("SELECT DISTINCT worker_id FROM registry_contract WHERE project_id = $1", {project_id});
    std::vector<std::string> ids;
    ids.reserve(rows.size());
    for (const auto& row : rows) ids.push_back(row.Text(0));
    return ids;
}

std::int64_t InsertPunches(storage::Transaction& tx, std::span<const PunchRow> rows, std::int64_t received_at,
                           std::vector<char>* known_new) {
    std::int64_t inserted = 0;
    if (known_new) known_new->assign(rows.size(), 0);
    std::vector<storage::Param> params;
    params.reserve(kPunchInsertBatch * kPunchColumns);
    const std::string full_sql = InsertPunchSql(kPunchInsertBatch);
    for (std::size_t start = 0; start < rows.size(); start += kPunchInsertBatch) {
        auto chunk = rows.subspan(start, std::min(kPunchInsertBatch, rows.size() - start));
        params.clear();
        for (const PunchRow& r : chunk) {
            params.emplace_back(r.device_id);
            params.emplace_back(r.punch_id);
            params.emplace_back(r.project_id);
            params.emplace_back(r.worker_id);
            params.emplace_back(r.punched_at);
            params.emplace_back(r.work_date);
            params.emplace_back(r.direction);
            params.emplace_back(r.channel);
            params.emplace_back(r.lng);
            params.emplace_back(r.lat);
            params.emplace_back(r.outside_fence);
            params.emplace_back(r.without_contract);
            params.emplace_back(received_at);
        }
        const std::string sql = chunk.size() == kPunchInsertBatch ? std::string() : InsertPunchSql(chunk.size());
        const auto chunk_inserted =
            tx.Execute(chunk.size() == kPunchInsertBatch ? full_sql : sql, std::span<const storage::Param>(params));
        inserted += chunk_inserted;
        if (known_new && chunk_inserted == static_cast<std::int64_t>(chunk.size()))
            std::fill_n(known_new->begin() + static_cast<std::ptrdiff_t>(start), chunk.size(), 1);
    }
    return inserted;
}

std::int64_t MergeDays(storage::Transaction& tx, std::span<const DayDelta> deltas, int threshold_minutes) {
    std::int64_t written = 0;
    std::vector<storage::Param> params;
    params.reserve(1 + kDayMergeBatch * kDayColumns);
    const std::string full_sql = MergeSql(kDayMergeBatch);
    for (std::size_t start = 0; start < deltas.size(); start += kDayMergeBatch) {
        auto chunk = deltas.subspan(start, std::min(kDayMergeBatch, deltas.size() - start));
        params.clear();
        params.emplace_back(threshold_minutes);
        for (const DayDelta& d : chunk) {
            // A day without a row yet: its minutes and counted from the delta alone (same rule as the SQL).
            std::int64_t minutes = 0;
            if (d.first_in_at && d.last_out_at && *d.last_out_at > *d.first_in_at)
                minutes = (*d.last_out_at - *d.first_in_at) / 60000;
            params.emplace_back(d.key.project_id);
            params.emplace_back(d.key.worker_id);
            params.emplace_back(d.key.work_date);
            params.emplace_back(d.first_in_at);
            params.emplace_back(d.last_out_at);
            params.emplace_back(minutes);
            params.emplace_back(static_cast<std::int64_t>(minutes > threshold_minutes ? 1 : 0));
            params.emplace_back(d.punches);
            params.emplace_back(d.outside_fence);
        }
        written += tx.Execute(chunk.size() == kDayMergeBatch ? full_sql : MergeSql(chunk.size()),
                              std::span<const storage::Param>(params));
    }
    return written;
}

std::int64_t RecomputeDays(storage::Transaction& tx, std::span<const DayKey> keys, int threshold_minutes) {
    std::int64_t written = 0;
    std::vector<storage::Param> params;
    params.reserve(1 + kDayRecomputeBatch * 3);
    const std::string full_sql = RecomputeSql(kDayRecomputeBatch);
    for (std::size_t start = 0; start < keys.size(); start += kDayRecomputeBatch) {
        auto chunk = keys.subspan(start, std::min(kDayRecomputeBatch, keys.size() - start));
        params.clear();
        params.emplace_back(threshold_minutes);
        for (const DayKey& k : chunk) {
            params.emplace_back(k.project_id);
            params.emplace_back(k.worker_id);
            params.emplace_back(k.work_date);
        }
        if (chunk.size() == kDayRecomputeBatch) {
            written += tx.Execute(full_sql, std::span<const storage::Param>(params));
        } else {
            written += tx.Execute(RecomputeSql(chunk.size()), std::span<const storage::Param>(params));
        }
    }
    return written;
}

std::vector<AttendanceDay> ListAttendanceDays(storage::Transaction& tx, std::string_view project_id,
                                              std::string_view from, std::string_view to) {
    auto rows = tx.Query(
        "SELECT d.project_id, d.worker_id, w.name, d.work_date, d.first_in_at, d.last_out_at, d.minutes, d.counted, "
        "d.punches, d.outside_fence FROM registry_attendance_day d JOIN registry_worker w ON w.id = d.worker_id "
        "WHERE d.project_id = $1 AND d.work_date >= $2 AND d.work_date < $3 ORDER BY w.name, d.worker_id, d.work_date",
        {project_id, from, to});
    std::vector<AttendanceDay> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        AttendanceDay d;
        d.project_id = row.Text(0);
        d.worker_id = row.Text(1);
        d.worker_name = row.Text(2);
        d.work_date = row.Date(3);
        d.first_in_at = OptTime(row, 4);
        d.last_out_at = OptTime(row, 5);
        d.minutes = row.Int(6);
        d.counted = row.Bool(7);
        d.punches = row.Int(8);
        d.outside_fence = row.Int(9);
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<AttendanceSummary> SummarizeAttendance(storage::Transaction& tx, std::string_view project_id,
                                                   std::string_view from, std::string_view to) {
    auto rows = tx.Query(
        "SELECT d.worker_id, w.name, COUNT(*), SUM(d.counted), SUM(d.minutes), SUM(d.punches), SUM(d.outside_fence) "
        "FROM registry_attendance_day d JOIN registry_worker w ON w.id = d.worker_id "
        "WHERE d.project_id = $1 AND d.work_date >= $2 AND d.work_date < $3 "
        "GROUP BY d.worker_id, w.name ORDER BY w.name, d.worker_id",
        {project_id, from, to});
    std::vector<AttendanceSummary> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        out.push_back(AttendanceSummary{row.Text(0), row.Text(1), row.Int(2), row.Int(3), row.Int(4), row.Int(5),
                                        row.Int(6)});
    }
    return out;
}

}  // namespace anxin::registry::repository
