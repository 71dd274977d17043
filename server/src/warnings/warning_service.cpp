// The engine (evaluate → apply) and the warning lifecycle, queries and summary.
//
// A run has two phases so a full evaluation never holds the write lock while it reads: (1) a read
// transaction in which every indicator evaluates (each inside a savepoint: a failing indicator is
// rolled back to it and reported, the others go on); (2) one write transaction that applies the
// findings to warnings_warning (raise, update, escalate, reopen, clear), writes events, messages
// and cases, and records the run.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "registry/project_scope.hpp"
#include "registry/projects.hpp"
#include "warnings/indicator.hpp"
#include "warnings/warning_repository.hpp"
#include "warnings/warning_stats.hpp"
#include "warnings/warnings.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;

constexpr std::string_view kSystemActor = "system";
constexpr std::size_t kMaxProjectIds = 1000;

bool BeforeDeadlineStatus(std::string_view status) {
    return status == "open" || status == "acknowledged" || status == "handling";
}

std::string ResponsibleId(std::string_view kind, const ProjectInfo* p) {
    if (!p) return {};
    if (kind == "construction_unit") return p->construction_unit_id.value_or("");
    if (kind == "enterprise") return p->general_contractor_id.value_or("");
    if (kind == "department") return p->region_code;
    return {};
}

std::optional<std::string> NonEmpty(std::string s) {
    if (s.empty()) return std::nullopt;
    return s;
}

// Rewrites the open-warning summary the project list filters on (registry) for these projects (all
// when nullopt) from warnings_warning as it now stands, in the caller's transaction. Every write to
// the table is the live state whatever the as-of date of the run, so every run and every
// lifecycle change ends here.
void StoreOpenWarnings(storage::Transaction& tx, const std::optional<std::vector<std::string>>& project_ids) {
    std::vector<Param> params;
    std::string sql =
        "SELECT w.project_id, w.level, COUNT(*) FROM warnings_warning w WHERE w.project_id IS NOT NULL AND " +
        std::string(kActiveWarningSql);
    if (project_ids) {
        if (project_ids->empty()) return;
        sql += " AND w.project_id IN (";
        for (const auto& id : *project_ids) {
            params.emplace_back(std::string_view(id));
            sql += (params.size() > 1 ? ", $" : "$") + std::to_string(params.size());
        }
        sql += ")";
    }
    std::map<std::string, registry::OpenWarnings> summaries;
    for (const auto& r : tx.Query(sql + " GROUP BY w.project_id, w.level", params)) {
        auto& s = summaries[r.Text(0)];
        s.count += r.Int(2);
        auto level = ParseLevel(r.Text(1));
        if (level && (!s.level || *level > ParseLevel(*s.level).value_or(Level::kBlue)))
            s.level = std::string(LevelName(*level));
    }
    registry::ProjectService::StoreOpenWarnings(tx, project_ids, summaries);
}

struct Evaluated {
    std::vector<Finding> findings;
    std::map<std::string, ProjectInfo> projects;
    std::vector<RunFailure> failures;
    std::set<std::string> failed_indicators;
    std::set<std::pair<std::string, std::string>> failed_projects;  // (indicator, project)
    std::string window_start_month;
};

class Applier {
  public:
    Applier(storage::Transaction& tx, const core::Clock& clock, const region::ParameterService& parameters,
            const core::WorkingCalendar& calendar, CaseOpener* opener, WarningNotifier* notifier, core::Date as_of,
            RunSummary& summary)
        : tx_(tx),
          parameters_(parameters),
          calendar_(calendar),
          opener_(opener),
          notifier_(notifier),
          as_of_(as_of),
          now_(clock.Now()),
          summary_(summary) {}

    void Apply(Evaluated& ev, const std::optional<std::vector<std::string>>& project_ids) {
        std::unordered_map<std::string, Warning> existing;
        for (auto& w : repository::LoadForProjects(tx_, project_ids))
            existing.emplace(repository::IdentityKey(w.indicator, w.subject_kind, w.subject_id, w.period), std::move(w));
        std::unordered_set<std::string> found;
        std::vector<std::string> touched;
        for (auto& f : ev.findings) {
            std::string key = repository::IdentityKey(f.indicator, f.subject_kind, f.subject_id, f.period);
            if (!found.insert(key).second) continue;
            const ProjectInfo* p = nullptr;
            if (auto it = ev.projects.find(f.project_id); it != ev.projects.end()) p = &it->second;
            auto it = existing.find(key);
            if (it == existing.end()) {
                Raise(f, p);
            } else if (!Refresh(it->second, f, p)) {
                touched.push_back(it->second.id);
            }
        }
        repository::Touch(tx_, touched, now_);
        std::map<std::string, bool> monthly;
        for (const auto& ind : Indicators()) monthly[std::string(ind.info->code)] = ind.monthly;
        for (auto& [key, w] : existing) {
            if (found.contains(key) || w.status == "cleared") continue;
            auto m = monthly.find(w.indicator);
            if (m == monthly.end()) continue;  // reserved or retired indicator: not ours to clear
            if (ev.failed_indicators.contains(w.indicator)) continue;
            if (w.project_id && ev.failed_projects.contains({w.indicator, *w.project_id})) continue;
            if (m->second && !w.period.empty() && w.period < ev.window_start_month) continue;
            Clear(w);
        }
    }

  private:
    core::Date Deadline(Level level, const std::string& region_code) {
        std::string key = "warning." + std::string(LevelName(level)) + "_deadline_working_days";
        auto cache_key = region_code + '|' + key;
        auto it = deadline_days_.find(cache_key);
        if (it == deadline_days_.end())
            it = deadline_days_.emplace(cache_key, parameters_.GetInt(tx_, region_code, key)).first;
        return calendar_.AddWorkingDays(as_of_, static_cast<int>(it->second));
    }

    void Notify(const Warning& w, std::string_view template_name, const std::string& dedupe) {
        if (!notifier_) return;
        const IndicatorInfo* info = FindIndicator(w.indicator);
        json::object params{{"warningId", w.id},
                            {"indicator", w.indicator},
                            {"indicatorName", info ? info->name : ""},
                            {"level", w.level},
                            {"explanation", w.explanation},
                            {"deadlineOn", w.deadline_on.ToString()},
                            {"projectId", w.project_id ? json::value(*w.project_id) : json::value(nullptr)}};
        // A message that cannot be written (bad template data, a sealed phone that does not open) must
        // not lose the run: it is rolled back to the savepoint and logged.
        tx_.Execute("SAVEPOINT warnings_notify");
        try {
            notifier_->Notify(tx_, w, template_name, params, dedupe);
            tx_.Execute("RELEASE SAVEPOINT warnings_notify");
        } catch (const std::exception& e) {
            tx_.Execute("ROLLBACK TO SAVEPOINT warnings_notify");
            tx_.Execute("RELEASE SAVEPOINT warnings_notify");
            spdlog::error("warning {} message {} not written: {}", w.id, template_name, e.what());
        }
    }

    // The case side may refuse (or fail); the warning then stays escalated without a case and the
    // next run tries again.
    std::optional<std::string> OpenCase(const Warning& w) {
        // A warning about a case (CRD-01: its order missed) goes on with that case, not a second one.
        if (w.subject_kind == "case") return w.subject_id;
        if (const auto* info = FindIndicator(w.indicator); info && !info->opens_case) return std::nullopt;
        if (!opener_) return std::nullopt;
        tx_.Execute("SAVEPOINT warnings_case");
        try {
            std::string id = opener_->OpenCaseForWarning(tx_, w);
            tx_.Execute("RELEASE SAVEPOINT warnings_case");
            return id;
        } catch (const std::exception& e) {
            tx_.Execute("ROLLBACK TO SAVEPOINT warnings_case");
            tx_.Execute("RELEASE SAVEPOINT warnings_case");
            spdlog::error("no case opened for warning {}: {}", w.id, e.what());
            return std::nullopt;
        }
    }

    void Raise(const Finding& f, const ProjectInfo* p) {
        const IndicatorInfo& info = Info(f.indicator);
        Warning w;
        w.id = core::NewId(now_);
        w.indicator = f.indicator;
        w.subject_kind = f.subject_kind;
        w.subject_id = f.subject_id;
        w.period = f.period;
        w.project_id = f.project_id;
        w.enterprise_id = p ? p->general_contractor_id : std::nullopt;
        w.region_code = p ? p->region_code : "";
        w.industry = p ? p->industry : "";
        w.level = std::string(LevelName(f.level));
        w.status = "open";
        w.evidence = f.evidence;
        w.explanation = f.explanation;
        w.first_seen_at = w.last_seen_at = w.level_changed_at = w.updated_at = now_;
        w.raised_on = as_of_;
        w.deadline_on = Deadline(f.level, w.region_code);
        w.responsible_kind = std::string(info.responsible);
        w.responsible_id = NonEmpty(ResponsibleId(info.responsible, p));
        repository::Insert(tx_, w);
        repository::AddEvent(tx_, w.id, "raised", now_, std::string(kSystemActor),
                             json::object{{"level", w.level}, {"asOf", as_of_.ToString()}, {"deadlineOn", w.deadline_on.ToString()}});
        Notify(w, "warning.raised", "warning:" + w.id + ":raised:" + as_of_.ToString());
        ++summary_.raised;
        RemindIfDue(w, true);
    }

    // Returns true when the row was written (else the caller only touches last_seen_at).
    bool Refresh(Warning& w, const Finding& f, const ProjectInfo* p) {
        bool changed = false;
        Level new_level = f.level;
        Level old_level = ParseLevel(w.level).value_or(Level::kBlue);
        if (w.status == "cleared") {
            std::optional<std::string> previous_case = w.case_id;
            w.status = "open";
            w.level = std::string(LevelName(new_level));
            w.level_changed_at = now_;
            w.raised_on = as_of_;
            w.deadline_on = Deadline(new_level, w.region_code);
            w.deadline_reminded_on.reset();
            w.cleared_at.reset();
            w.case_id.reset();
            w.dismissed_reason.reset();
            w.dismissed_by.reset();
            w.evidence = f.evidence;
            w.explanation = f.explanation;
            repository::AddEvent(tx_, w.id, "reopened", now_, std::string(kSystemActor),
                                 json::object{{"level", w.level},
                                              {"asOf", as_of_.ToString()},
                                              {"deadlineOn", w.deadline_on.ToString()},
                                              {"previousCaseId", previous_case ? json::value(*previous_case) : json::value(nullptr)}});
            Notify(w, "warning.raised", "warning:" + w.id + ":raised:" + as_of_.ToString());
            ++summary_.raised;
            changed = true;
        } else {
            if (new_level > old_level) {
                w.level = std::string(LevelName(new_level));
                w.level_changed_at = now_;
                // A new level is a new stage with its own time limit (red: 3 WD from now), unless a
                // case already handles it.
                if (BeforeDeadlineStatus(w.status)) {
                    w.deadline_on = Deadline(new_level, w.region_code);
                    w.deadline_reminded_on.reset();
                }
                repository::AddEvent(tx_, w.id, "escalated", now_, std::string(kSystemActor),
                                     json::object{{"from", LevelName(old_level)},
                                                  {"to", w.level},
                                                  {"asOf", as_of_.ToString()},
                                                  {"deadlineOn", w.deadline_on.ToString()}});
                Notify(w, "warning.escalated", "warning:" + w.id + ":escalated:" + w.level);
                changed = true;
            }
            if (w.evidence != json::value(f.evidence) || w.explanation != f.explanation) {
                w.evidence = f.evidence;
                w.explanation = f.explanation;
                changed = true;
            }
            if (changed) ++summary_.updated;
            if (w.status == "escalated" && !w.case_id && opener_) {
                w.case_id = OpenCase(w);  // a case the last run could not open
                changed = changed || w.case_id.has_value();
            }
            if (BeforeDeadlineStatus(w.status) && as_of_ > w.deadline_on) {
                w.status = "escalated";
                w.case_id = OpenCase(w);
                repository::AddEvent(tx_, w.id, "escalated_to_case", now_, std::string(kSystemActor),
                                     json::object{{"deadlineOn", w.deadline_on.ToString()},
                                                  {"asOf", as_of_.ToString()},
                                                  {"caseId", w.case_id ? json::value(*w.case_id) : json::value(nullptr)}});
                ++summary_.escalated_to_case;
                changed = true;
            }
        }
        if (p) {  // the project may have moved region or changed contractor
            w.region_code = p->region_code;
            w.industry = p->industry;
            w.enterprise_id = p->general_contractor_id;
        }
        if (RemindIfDue(w, false)) changed = true;
        if (!changed) return false;
        w.last_seen_at = w.updated_at = now_;
        repository::Update(tx_, w);
        return true;
    }

    // "Deadline soon" once per deadline. `write` for a freshly inserted row (it updates itself).
    bool RemindIfDue(Warning& w, bool write) {
        if (!notifier_ || !BeforeDeadlineStatus(w.status) || w.deadline_reminded_on == w.deadline_on) return false;
        auto cached = remind_days_.find(w.region_code);
        if (cached == remind_days_.end())
            cached = remind_days_
                         .emplace(w.region_code,
                                  parameters_.GetInt(tx_, w.region_code, "warning.deadline_soon_working_days"))
                         .first;
        auto n = cached->second;
        if (n <= 0 || as_of_ > w.deadline_on || as_of_ < calendar_.AddWorkingDays(w.deadline_on, -static_cast<int>(n)))
            return false;
        Notify(w, "warning.deadline_soon", "warning:" + w.id + ":deadline_soon:" + w.deadline_on.ToString());
        w.deadline_reminded_on = w.deadline_on;
        if (write) repository::Update(tx_, w);
        return true;
    }

    void Clear(Warning& w) {
        std::string previous = w.status;
        w.status = "cleared";
        w.cleared_at = now_;
        w.updated_at = now_;
        repository::Update(tx_, w);
        repository::AddEvent(tx_, w.id, "cleared", now_, std::string(kSystemActor),
                             json::object{{"previousStatus", previous},
                                          {"asOf", as_of_.ToString()},
                                          {"caseId", w.case_id ? json::value(*w.case_id) : json::value(nullptr)}});
        if (w.case_id && opener_) opener_->WarningCleared(tx_, w);
        ++summary_.cleared;
    }

    storage::Transaction& tx_;
    const region::ParameterService& parameters_;
    const core::WorkingCalendar& calendar_;
    CaseOpener* opener_;
    WarningNotifier* notifier_;
    core::Date as_of_;
    core::Timestamp now_;
    RunSummary& summary_;
    std::unordered_map<std::string, std::int64_t> deadline_days_;
    std::unordered_map<std::string, std::int64_t> remind_days_;
};

}  // namespace

WarningService::WarningService(storage::Database& db, const core::Clock& clock,
                               const region::ParameterService& parameters, const core::WorkingCalendar& calendar,
                               const core::FieldCipher* cipher, Collaborators collaborators)
    : db_(db),
      clock_(clock),
      parameters_(parameters),
      calendar_(calendar),
      cipher_(cipher),
      case_opener_(collaborators.case_opener),
      notifier_(collaborators.notifier),
      complaints_(collaborators.complaints) {}

RunSummary WarningService::EvaluateAll(std::optional<core::Date> as_of) {
    return Run(std::nullopt, as_of.value_or(clock_.TodayInShanghai()), std::string(kSystemActor));
}

RunSummary WarningService::EvaluateProjects(std::span<const std::string> project_ids, std::optional<core::Date> as_of) {
    return Run(std::vector<std::string>(project_ids.begin(), project_ids.end()),
               as_of.value_or(clock_.TodayInShanghai()), std::string(kSystemActor));
}

RunSummary WarningService::Evaluate(const core::CallContext& ctx, const EvaluationRequest& request) {
    core::Date today = clock_.TodayInShanghai();
    core::Date as_of = request.as_of.value_or(today);
    if (as_of > today) ThrowInvalidField("asOf", "评估日期不能晚于今天（" + today.ToString() + "）");
    if (request.project_ids) {
        if (request.project_ids->size() > kMaxProjectIds)
            ThrowInvalidField("projectIds", "一次最多评估 " + std::to_string(kMaxProjectIds) + " 个项目");
        for (const auto& id : *request.project_ids)
            if (id.empty() || id.size() > 64) ThrowInvalidField("projectIds", "项目编号无效");
    }
    RunSummary summary = Run(request.project_ids, as_of, ctx.principal.user_id);
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        audit::RecordAudit(tx, clock_, ctx, "evaluate", "warning_run", summary.id,
                           json::object{{"asOf", as_of.ToString()},
                                        {"kind", summary.kind},
                                        {"projects", summary.projects},
                                        {"raised", summary.raised},
                                        {"cleared", summary.cleared}});
    });
    return summary;
}

RunSummary WarningService::Run(std::optional<std::vector<std::string>> project_ids, core::Date as_of,
                               const std::string& actor) {
    std::lock_guard run_lock(run_mutex_);
    RunSummary summary;
    summary.started_at = clock_.Now();
    summary.id = core::NewId(summary.started_at);
    summary.as_of = as_of;
    summary.kind = project_ids ? "incremental" : "full";

    Evaluated ev;
    {
        auto tx = db_.Begin(storage::TxMode::kRead);
        EvalContext ctx(tx, as_of, project_ids, parameters_, calendar_, cipher_, complaints_);
        ev.window_start_month = ctx.WindowStartMonth();
        ev.projects = ctx.Projects();
        for (const auto& indicator : Indicators()) {
            std::string code(indicator.info->code);
            Findings found;
            std::size_t failures_before = ctx.failures().size();
            tx.Execute("SAVEPOINT warnings_indicator");
            try {
                indicator.evaluate(ctx, found);
                tx.Execute("RELEASE SAVEPOINT warnings_indicator");
            } catch (const std::exception& e) {
                tx.Execute("ROLLBACK TO SAVEPOINT warnings_indicator");
                tx.Execute("RELEASE SAVEPOINT warnings_indicator");
                spdlog::error("warning indicator {} failed (as of {}): {}", code, as_of.ToString(), e.what());
                // A run for one project names it: the failure is that project's.
                std::optional<std::string> only;
                if (project_ids && project_ids->size() == 1) only = project_ids->front();
                ev.failures.push_back({code, only, e.what()});
                ev.failed_indicators.insert(code);
                continue;
            }
            for (std::size_t i = failures_before; i < ctx.failures().size(); ++i) {
                const auto& f = ctx.failures()[i];
                spdlog::warn("warning indicator {} failed for project {}: {}", f.indicator,
                             f.project_id.value_or("-"), f.error);
                if (f.project_id) ev.failed_projects.insert({f.indicator, *f.project_id});
            }
            for (auto& f : found) ev.findings.push_back(std::move(f));
        }
        for (auto& f : ctx.failures()) ev.failures.push_back(std::move(f));
    }
    summary.projects = 0;
    for (const auto& [id, p] : ev.projects)
        if (p.status != "closed") ++summary.projects;
    summary.failures = ev.failures;

    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        RunSummary attempt = summary;
        Applier applier(tx, clock_, parameters_, calendar_, case_opener_, notifier_, as_of, attempt);
        applier.Apply(ev, project_ids);
        StoreOpenWarnings(tx, project_ids);
        attempt.finished_at = clock_.Now();
        repository::InsertRun(tx, attempt, actor);
        summary = attempt;
    });
    return summary;
}

// ---- people: lifecycle ------------------------------------------------------------------------------

namespace {

std::optional<Warning> FindInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view id) {
    auto scope = registry::ProjectScopeFilter(principal, "p", 2);
    std::vector<Param> params{std::string(id)};
    for (auto& p : scope.params) params.push_back(std::move(p));
    auto row = tx.QueryOptional(std::string("SELECT ") + repository::kColumns +
                                    " FROM warnings_warning w JOIN registry_project p ON p.id = w.project_id WHERE "
                                    "w.id = $1 AND " +
                                    scope.condition,
                                params);
    if (!row) return std::nullopt;
    return repository::Map(*row);
}

}  // namespace

Warning WarningService::Transition(const core::CallContext& ctx, std::string_view id, std::string_view kind,
                                   std::string_view detail_text) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto found = FindInScope(tx, ctx.principal, id);
        if (!found) ThrowNotFound("预警");
        Warning w = std::move(*found);
        auto refuse = [&] {
            ThrowConflict("预警当前状态为 " + w.status + "，不能执行该操作", {{"status", w.status}});
        };
        json::object detail{{"previousStatus", w.status}};
        if (kind == "acknowledged") {
            if (w.status != "open") refuse();
            w.status = "acknowledged";
            detail["note"] = detail_text;
        } else if (kind == "handling") {
            if (w.status != "open" && w.status != "acknowledged") refuse();
            w.status = "handling";
            detail["note"] = detail_text;
        } else {  // dismissed
            if (w.status == "cleared" || w.status == "dismissed") refuse();
            w.status = "dismissed";
            w.dismissed_reason = std::string(detail_text);
            w.dismissed_by = ctx.principal.user_id;
            detail["reason"] = detail_text;
        }
        auto now = clock_.Now();
        w.updated_at = now;
        repository::Update(tx, w);
        repository::AddEvent(tx, w.id, kind, now, ctx.principal.user_id, detail);
        if (w.project_id) StoreOpenWarnings(tx, std::vector<std::string>{*w.project_id});
        audit::RecordAudit(tx, clock_, ctx, std::string(kind == "acknowledged" ? "acknowledge" : kind == "handling" ? "handle" : "dismiss"),
                           "warning", w.id, detail);
        return w;
    });
}

Warning WarningService::Acknowledge(const core::CallContext& ctx, std::string_view id, std::string_view note) {
    if (core::Utf8Length(note) > 500) ThrowInvalidField("note", "不能超过 500 个字符");
    return Transition(ctx, id, "acknowledged", note);
}

Warning WarningService::StartHandling(const core::CallContext& ctx, std::string_view id, std::string_view note) {
    if (core::Utf8Length(note) > 500) ThrowInvalidField("note", "不能超过 500 个字符");
    return Transition(ctx, id, "handling", note);
}

Warning WarningService::Dismiss(const core::CallContext& ctx, std::string_view id, std::string_view reason) {
    auto length = core::Utf8Length(reason);
    if (length < 2 || length > 500) ThrowInvalidField("reason", "请填写 2–500 个字符的排除理由");
    return Transition(ctx, id, "dismissed", reason);
}

// ---- queries ------------------------------------------------------------------------------------------

namespace {

void CheckQuery(const WarningQuery& q) {
    core::FieldErrors errors;
    if (q.level && !ParseLevel(*q.level)) errors.Add("level", "应为 red、yellow 或 blue");
    if (q.indicator && !FindIndicator(*q.indicator)) errors.Add("indicator", "未知的预警指标代码：" + *q.indicator);
    if (q.status && *q.status != "active" &&
        std::find(std::begin(kStatuses), std::end(kStatuses), *q.status) == std::end(kStatuses))
        errors.Add("status", "未知的预警状态：" + *q.status);
    if (q.region_code && (q.region_code->empty() || q.region_code->size() > 12)) errors.Add("regionCode", "行政区划代码无效");
    errors.ThrowIfAny();
}

// WHERE clause (scope + filters) over warnings w JOIN registry_project p.
std::string Where(const core::Principal& principal, const WarningQuery& q, std::vector<Param>& params) {
    std::string sql;
    auto add = [&](std::string_view column_op, const std::string& value) {
        params.emplace_back(value);
        sql += " AND " + std::string(column_op) + " $" + std::to_string(params.size());
    };
    if (q.region_code) {
        params.emplace_back(static_cast<std::int64_t>(q.region_code->size()));
        sql += " AND substr(w.region_code, 1, $" + std::to_string(params.size()) + ")";
        params.emplace_back(*q.region_code);
        sql += " = $" + std::to_string(params.size());
    }
    if (q.level) add("w.level =", *q.level);
    if (q.indicator) add("w.indicator =", *q.indicator);
    if (q.project_id) add("w.project_id =", *q.project_id);
    if (q.enterprise_id) add("w.enterprise_id =", *q.enterprise_id);
    if (q.status) {
        if (*q.status == "active")
            sql += " AND w.status IN ('open', 'acknowledged', 'handling', 'escalated')";
        else
            add("w.status =", *q.status);
    }
    auto scope = registry::ProjectScopeFilter(principal, "p", static_cast<int>(params.size()) + 1);
    for (auto& p : scope.params) params.push_back(std::move(p));
    return " WHERE " + scope.condition + sql;
}

constexpr const char* kFrom = " FROM warnings_warning w JOIN registry_project p ON p.id = w.project_id";

}  // namespace

WarningPage WarningService::List(const core::CallContext& ctx, const WarningQuery& query) const {
    CheckQuery(query);
    auto tx = db_.Begin(storage::TxMode::kRead);
    std::vector<Param> params;
    std::string where = Where(ctx.principal, query, params);
    WarningPage page;
    page.total = tx.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, params).Int(0);
    params.emplace_back(query.limit);
    params.emplace_back(query.offset);
    std::string sql = std::string("SELECT ") + repository::kColumns + kFrom + where +
                      " ORDER BY CASE w.level WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, w.last_seen_at DESC, "
                      "w.id LIMIT $" +
                      std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size());
    for (const auto& row : tx.Query(sql, params)) page.items.push_back(repository::Map(row));
    return page;
}

WarningDetail WarningService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto w = FindInScope(tx, ctx.principal, id);
    if (!w) ThrowNotFound("预警");
    WarningDetail detail{std::move(*w), {}};
    detail.events = repository::Events(tx, detail.warning.id);
    return detail;
}

std::vector<Warning> WarningService::ForProject(const core::CallContext& ctx, std::string_view project_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!registry::ProjectInScope(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    std::vector<Warning> out;
    for (const auto& row : tx.Query(std::string("SELECT ") + repository::kColumns +
                                        " FROM warnings_warning w WHERE w.project_id = $1 ORDER BY w.first_seen_at DESC, w.id",
                                    {std::string(project_id)}))
        out.push_back(repository::Map(row));
    return out;
}

WarningSummary WarningService::Summarize(const core::CallContext& ctx, std::string_view region_code) const {
    WarningQuery q;
    if (!region_code.empty()) q.region_code = std::string(region_code);
    CheckQuery(q);
    auto tx = db_.Begin(storage::TxMode::kRead);
    WarningSummary s;
    s.region_code = std::string(region_code);
    std::vector<Param> params;
    std::string where = Where(ctx.principal, q, params);
    std::string active = " AND w.status IN ('open', 'acknowledged', 'handling', 'escalated')";
    auto counts = [&](const std::string& column, const std::string& extra) {
        std::vector<CountRow> rows;
        for (const auto& r : tx.Query("SELECT " + column + ", COUNT(*)" + kFrom + where + extra + " GROUP BY " + column +
                                          " ORDER BY " + column,
                                      params))
            rows.push_back({r.Text(0), r.Int(1)});
        return rows;
    };
    s.by_level = counts("w.level", active);
    s.by_status = counts("w.status", "");
    s.by_indicator = counts("w.indicator", active);
    std::map<std::string, WarningSummary::County> counties;
    for (const auto& r : tx.Query("SELECT substr(w.region_code, 1, 6), w.level, COUNT(*)" + std::string(kFrom) + where +
                                      active + " GROUP BY substr(w.region_code, 1, 6), w.level",
                                  params)) {
        auto& c = counties[r.Text(0)];
        c.county_code = r.Text(0);
        if (r.Text(1) == "red") c.red = r.Int(2);
        if (r.Text(1) == "yellow") c.yellow = r.Int(2);
        if (r.Text(1) == "blue") c.blue = r.Int(2);
    }
    for (auto& [code, c] : counties) s.by_county.push_back(c);
    for (const auto& r : tx.Query("SELECT w.deadline_on, w.cleared_at" + std::string(kFrom) + where +
                                      " AND w.status = 'cleared' AND w.cleared_at IS NOT NULL",
                                  params)) {
        ++s.closed;
        auto deadline = core::Date::Parse(r.Text(0));
        if (deadline && r.Time(1) < deadline->AddDays(1).StartInShanghai()) ++s.cleared_within_deadline;
    }
    s.clearance_rate = s.closed ? static_cast<double>(s.cleared_within_deadline) / static_cast<double>(s.closed) : 0;
    return s;
}

}  // namespace anxin::warnings
