#include "warnings/warning_repository.hpp"

#include <boost/json.hpp>

#include "core/ids.hpp"

namespace anxin::warnings::repository {

namespace json = boost::json;
using storage::Param;

const char* const kColumns =
    "w.id, w.indicator, w.subject_kind, w.subject_id, w.period, w.project_id, w.enterprise_id, w.region_code, "
    "w.industry, w.level, w.status, w.evidence, w.explanation, w.first_seen_at, w.last_seen_at, w.level_changed_at, "
    "w.raised_on, w.deadline_on, w.deadline_reminded_on, w.responsible_kind, w.responsible_id, w.case_id, "
    "w.cleared_at, w.dismissed_reason, w.dismissed_by, w.updated_at";

namespace {

core::Date DateOf(const std::string& text) { return core::Date::Parse(text).value_or(core::Date()); }

}  // namespace

std::string IdentityKey(const std::string& indicator, const std::string& subject_kind, const std::string& subject_id,
                        const std::string& period) {
    return indicator + '|' + subject_kind + '|' + subject_id + '|' + period;
}

Warning Map(const storage::Row& r) {
    Warning w;
    w.id = r.Text(0);
    w.indicator = r.Text(1);
    w.subject_kind = r.Text(2);
    w.subject_id = r.Text(3);
    w.period = r.Text(4);
    w.project_id = r.OptText(5);
    w.enterprise_id = r.OptText(6);
    w.region_code = r.Text(7);
    w.industry = r.Text(8);
    w.level = r.Text(9);
    w.status = r.Text(10);
    w.evidence = json::parse(r.Text(11));
    w.explanation = r.Text(12);
    w.first_seen_at = r.Time(13);
    w.last_seen_at = r.Time(14);
    w.level_changed_at = r.Time(15);
    w.raised_on = DateOf(r.Text(16));
    w.deadline_on = DateOf(r.Text(17));
    if (auto d = r.OptText(18)) w.deadline_reminded_on = core::Date::Parse(*d);
    w.responsible_kind = r.Text(19);
    w.responsible_id = r.OptText(20);
    w.case_id = r.OptText(21);
    w.cleared_at = r.OptTime(22);
    w.dismissed_reason = r.OptText(23);
    w.dismissed_by = r.OptText(24);
    w.updated_at = r.Time(25);
    return w;
}

std::vector<Warning> LoadForProjects(storage::Transaction& tx, const std::optional<std::vector<std::string>>& project_ids) {
    std::vector<Param> params;
    std::string sql = std::string("SELECT ") + kColumns + " FROM warnings_warning w";
    if (project_ids) {
        if (project_ids->empty()) return {};
        sql += " WHERE w.project_id IN (";
        for (size_t i = 0; i < project_ids->size(); ++i) {
            params.emplace_back(std::string_view((*project_ids)[i]));
            sql += (i ? ", $" : "$") + std::to_string(params.size());
        }
        sql += ")";
    }
    std::vector<Warning> out;
    for (const auto& row : tx.Query(sql, params)) out.push_back(Map(row));
    return out;
}

std::optional<Warning> Find(storage::Transaction& tx, const std::string& id) {
    auto row = tx.QueryOptional(std::string("SELECT ") + kColumns + " FROM warnings_warning w WHERE w.id = $1", {id});
    if (!row) return std::nullopt;
    return Map(*row);
}

void Insert(storage::Transaction& tx, const Warning& w) {
    tx.Execute(
        "INSERT INTO warnings_warning (id, indicator, subject_kind, subject_id, period, project_id, enterprise_id, "
        "region_code, industry, level, status, evidence, explanation, first_seen_at, last_seen_at, level_changed_at, "
        "raised_on, deadline_on, deadline_reminded_on, responsible_kind, responsible_id, case_id, cleared_at, "
        "dismissed_reason, dismissed_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)",
        {w.id, w.indicator, w.subject_kind, w.subject_id, w.period, w.project_id, w.enterprise_id, w.region_code,
         w.industry, w.level, w.status, json::serialize(w.evidence), w.explanation, core::ToMillis(w.first_seen_at),
         core::ToMillis(w.last_seen_at), core::ToMillis(w.level_changed_at), w.raised_on.ToString(),
         w.deadline_on.ToString(), w.deadline_reminded_on, w.responsible_kind, w.responsible_id,
         w.case_id, w.cleared_at, w.dismissed_reason, w.dismissed_by, core::ToMillis(w.updated_at)});
}

void Update(storage::Transaction& tx, const Warning& w) {
    tx.Execute(
        "UPDATE warnings_warning SET level = $2, status = $3, evidence = $4, explanation = $5, last_seen_at = $6, "
        "level_changed_at = $7, raised_on = $8, deadline_on = $9, deadline_reminded_on = $10, responsible_kind = $11, "
        "responsible_id = $12, case_id = $13, cleared_at = $14, dismissed_reason = $15, dismissed_by = $16, "
        "updated_at = $17, enterprise_id = $18, region_code = $19, industry = $20 WHERE id = $1",
        {w.id, w.level, w.status, json::serialize(w.evidence), w.explanation, core::ToMillis(w.last_seen_at),
         core::ToMillis(w.level_changed_at), w.raised_on.ToString(), w.deadline_on.ToString(),
         w.deadline_reminded_on, w.responsible_kind, w.responsible_id, w.case_id, w.cleared_at,
         w.dismissed_reason, w.dismissed_by, core::ToMillis(w.updated_at), w.enterprise_id, w.region_code, w.industry});
}

void Touch(storage::Transaction& tx, std::span<const std::string> ids, core::Timestamp at) {
    constexpr size_t kChunk = 500;
    for (size_t start = 0; start < ids.size(); start += kChunk) {
        std::vector<Param> params{core::ToMillis(at)};
        std::string sql = "UPDATE warnings_warning SET last_seen_at = $1 WHERE id IN (";
        for (size_t i = start; i < std::min(ids.size(), start + kChunk); ++i) {
            params.emplace_back(std::string_view(ids[i]));
            sql += (i > start ? ", $" : "$") + std::to_string(params.size());
        }
        tx.Execute(sql + ")", params);
    }
}

void AddEvent(storage::Transaction& tx, const std::string& warning_id, std::string_view kind, core::Timestamp at,
              const std::string& actor, const json::value& detail) {
    tx.Execute("INSERT INTO warnings_event (id, warning_id, seq, kind, at, actor, detail) VALUES ($1, $2, (SELECT "
               "COALESCE(MAX(seq), 0) + 1 FROM warnings_event WHERE warning_id = $2), $3, $4, $5, $6)",
               {core::NewId(at), warning_id, kind, core::ToMillis(at), actor, json::serialize(detail)});
}

std::vector<WarningEvent> Events(storage::Transaction& tx, const std::string& warning_id) {
    std::vector<WarningEvent> out;
    for (const auto& r : tx.Query("SELECT id, warning_id, kind, at, actor, detail FROM warnings_event WHERE "
                                  "warning_id = $1 ORDER BY seq",
                                  {warning_id})) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Time(3), r.Text(4), json::parse(r.Text(5))});
    }
    return out;
}

void InsertRun(storage::Transaction& tx, const RunSummary& run, const std::string& actor) {
    json::array failures;
    for (const auto& f : run.failures) {
        failures.push_back(json::object{{"indicator", f.indicator},
                                        {"projectId", f.project_id ? json::value(*f.project_id) : json::value(nullptr)},
                                        {"error", f.error}});
    }
    tx.Execute(
        "INSERT INTO warnings_run (id, as_of, kind, started_at, finished_at, projects, raised, updated, cleared, "
        "failures, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {run.id, run.as_of.ToString(), run.kind, core::ToMillis(run.started_at), core::ToMillis(run.finished_at),
         run.projects, run.raised, run.updated, run.cleared, json::serialize(failures), actor});
}

}  // namespace anxin::warnings::repository
