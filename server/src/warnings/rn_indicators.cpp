// RN: real-name management (实名制, REG 28; RN): contracts, attendance, staffing, identities.
#include <algorithm>
#include <map>
#include <set>

#include "core/identifiers.hpp"
#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;
using ProjectPeriod = std::pair<std::string, std::string>;

json::object WorkerRow(EvalContext& ctx, const std::string& worker_id) {
    return json::object{{"workerId", worker_id}, {"workerName", ctx.WorkerName(worker_id)}};
}

// RN-01 (REG 28): attendance on a day no labor contract or employment agreement of the worker on the
// project covers → R. Not only a worker with no contract at all (issue 11): days before a contract
// starts or after it ends count too, and contracts signed after the as-of date do not count yet.
void Rn01(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.WindowStart().ToString(), ctx.as_of().ToString()};
    std::string sql =
        "SELECT d.project_id, d.worker_id, substr(d.work_date, 1, 7), COUNT(*), MIN(d.work_date), "
        "CASE WHEN EXISTS (SELECT 1 FROM registry_contract a WHERE a.project_id = d.project_id AND a.worker_id = "
        "d.worker_id AND a.signed_on <= $2) THEN 1 ELSE 0 END FROM registry_attendance_day d WHERE d.work_date >= $1 AND d.work_date <= $2" +
        ctx.Filter("d.project_id", params) +
        " AND NOT EXISTS (SELECT 1 FROM registry_contract c WHERE c.project_id = d.project_id AND c.worker_id = "
        "d.worker_id AND c.signed_on <= $2 AND c.start_on <= d.work_date AND (c.end_on IS NULL OR c.end_on >= "
        "d.work_date)) GROUP BY d.project_id, d.worker_id, substr(d.work_date, 1, 7)";
    std::map<ProjectPeriod, std::pair<json::array, std::int64_t>> groups;
    for (const auto& r : ctx.tx().Query(sql, params)) {
        auto& g = groups[{r.Text(0), r.Text(2)}];
        auto row = WorkerRow(ctx, r.Text(1));
        row["days"] = r.Int(3);
        row["firstDay"] = r.Text(4);
        // Which breach: no contract on the project at all, or days outside the term of the one(s) it has.
        row["reason"] = r.Bool(5) ? "合同期限外考勤" : "无劳动合同";
        AppendCapped(g.first, std::move(row));
        ++g.second;
    }
    for (auto& [key, g] : groups) {
        out.push_back(MakeFinding("RN-01", key.first, Level::kRed,
                                  key.second + " 有 " + std::to_string(g.second) +
                                      " 名人员在无劳动合同（或合同期限外）的日子在本项目考勤",
                                  json::object{{"month", key.second}, {"count", g.second}, {"workers", std::move(g.first)}},
                                  key.second));
    }
}

int NonHolidayDays(const core::WorkingCalendar& calendar, core::Date after, core::Date through) {
    int n = 0;
    for (core::Date d = after.AddDays(1); d <= through; d = d.AddDays(1))
        if (!calendar.IsHoliday(d)) ++n;
    return n;
}

// RN-02: an active project with no attendance for 3 consecutive days → Y, 7 → R (statutory
// holidays excluded; a declared stoppage is the status "suspended"); or last month's update rate
// (days with attendance ÷ non-holiday days) below 85% → Y.
void Rn02(EvalContext& ctx, Findings& out) {
    const auto& recent = ctx.RecentProjectDays();
    std::map<std::string, core::Date> last_seen;
    for (const auto& wm : ctx.Attendance()) {
        auto& d = last_seen[wm.project_id];
        d = std::max(d, wm.last_day);
    }
    std::string last_month = AddMonths(MonthOf(ctx.as_of()), -1);
    core::Date last_month_first = FirstOfMonth(last_month);
    core::Date last_month_end = FirstOfMonth(MonthOf(ctx.as_of())).AddDays(-1);
    for (const auto& [pid, p] : ctx.Projects()) {
        if (p.status != "under_construction") continue;
        ctx.Guard("RN-02", pid, [&] {
            core::Date since = p.status_on;
            auto seen = last_seen.find(pid);
            if (seen != last_seen.end()) since = std::max(since, seen->second);
            if (since < ctx.as_of()) {
                int gap = NonHolidayDays(ctx.calendar(), since, ctx.as_of());
                auto yellow = ctx.Int(p.region_code, "warning.rn02_yellow_days");
                auto red = ctx.Int(p.region_code, "warning.rn02_red_days");
                if (gap >= yellow) {
                    bool never = seen == last_seen.end();
                    out.push_back(MakeFinding(
                        "RN-02", pid, gap >= red ? Level::kRed : Level::kYellow,
                        "在建项目已连续 " + std::to_string(gap) + " 天（不含法定节假日）没有考勤数据" +
                            (never ? "" : "（最后考勤 " + seen->second.ToString() + "）"),
                        json::object{{"lastAttendanceOn", never ? json::value(nullptr) : json::value(seen->second.ToString())},
                                     {"countedFrom", since.ToString()},
                                     {"daysWithoutAttendance", gap},
                                     {"yellowDays", yellow},
                                     {"redDays", red}}));
                }
            }
            // Update rate of last month, for projects under construction all month.
            if (p.status_on > last_month_first) return;
            int expected = NonHolidayDays(ctx.calendar(), last_month_first.AddDays(-1), last_month_end);
            if (expected == 0) return;
            std::int64_t with_data = 0;
            if (auto days = recent.find(pid); days != recent.end()) {
                for (const auto& [d, n] : days->second)
                    if (d >= last_month_first && d <= last_month_end && !ctx.calendar().IsHoliday(d)) ++with_data;
            }
            auto min_bp = ctx.Int(p.region_code, "attendance.update_rate_min_bp");
            std::int64_t rate_bp = with_data * 10000 / expected;
            if (rate_bp >= min_bp) return;
            out.push_back(MakeFinding("RN-02", pid, Level::kYellow,
                                      last_month + " 考勤数据更新率 " + std::to_string(rate_bp / 100) + "%，低于 " +
                                          std::to_string(min_bp / 100) + "%",
                                      json::object{{"month", last_month},
                                                   {"daysWithAttendance", with_data},
                                                   {"expectedDays", expected},
                                                   {"rateBp", rate_bp},
                                                   {"minimumBp", min_bp}},
                                      last_month));
        });
    }
}

// RN-03: last month, a project under construction with attendance but none by its managers
// (work type 900 管理人员: the 五员 are not linked to worker records).
void Rn03(EvalContext& ctx, Findings& out) {
    const auto& workers = ctx.Workers();
    std::string month = AddMonths(MonthOf(ctx.as_of()), -1);
    core::Date first = FirstOfMonth(month);
    struct State {
        std::int64_t attended = 0;
        std::int64_t managers = 0;
    };
    std::map<std::string, State> states;
    for (const auto& wm : ctx.Attendance()) {
        if (wm.month != month) continue;
        auto& s = states[wm.project_id];
        ++s.attended;
        auto w = workers.find(wm.worker_id);
        if (w != workers.end() && w->second.work_type == "900") ++s.managers;
    }
    for (const auto& [pid, s] : states) {
        const ProjectInfo* p = ctx.Project(pid);
        if (!p || p->status != "under_construction" || p->status_on > first || s.managers > 0) continue;
        out.push_back(MakeFinding("RN-03", pid, Level::kYellow,
                                  month + " 项目有 " + std::to_string(s.attended) + " 名工人考勤，但项目管理人员没有任何考勤记录",
                                  json::object{{"month", month}, {"workersWithAttendance", s.attended}, {"managerAttendance", 0}},
                                  month));
    }
}

// RN-04: no labor-affairs officer (劳资专管员) registered on a project on site → Y.
void Rn04(EvalContext& ctx, Findings& out) {
    std::vector<Param> params;
    std::string sql =
        "SELECT p.id, p.status FROM registry_project p WHERE p.status IN " + std::string(kSiteStatuses) +
        " AND NOT EXISTS (SELECT 1 FROM registry_project_staff_published s WHERE s.project_id = p.id AND s.duty = "
        "'labor_affairs_officer')" +
        ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        out.push_back(MakeFinding("RN-04", r.Text(0), Level::kYellow, "项目未登记劳资专管员",
                                  json::object{{"projectStatus", r.Text(1)}, {"missingDuty", "labor_affairs_officer"}}));
    }
}

// RN-05: workers on a project with an impossible birth date or under 16 → R; above the age limit → B.
void Rn05(EvalContext& ctx, Findings& out) {
    const auto& workers = ctx.Workers();
    struct Group {
        json::array rows;
        std::int64_t count = 0;
        Level level = Level::kBlue;
    };
    std::map<std::string, Group> groups;
    for (const auto& [pw, c] : ctx.Contracts()) {
        if (c.exited_on && *c.exited_on <= ctx.as_of()) continue;
        const ProjectInfo* p = ctx.Project(pw.first);
        if (!p || p->status == "closed" || p->status == "completed") continue;
        auto w = workers.find(pw.second);
        if (w == workers.end()) continue;
        core::Date birth = w->second.birth_date;
        std::string problem;
        Level level = Level::kBlue;
        int age = 0;
        if (birth > ctx.as_of() || birth.year() < 1900) {
            problem = "invalid_birth_date";
            level = Level::kRed;
        } else {
            age = core::AgeOn(birth, ctx.as_of());
            if (age < 16) {
                problem = "under_16";
                level = Level::kRed;
            } else if (age > ctx.Int(p->region_code, "worker.max_age")) {
                problem = "over_age_limit";
            }
        }
        if (problem.empty()) continue;
        auto& g = groups[pw.first];
        ++g.count;
        g.level = std::max(g.level, level);
        auto row = WorkerRow(ctx, pw.second);
        row["birthDate"] = birth.ToString();
        row["age"] = age;
        row["problem"] = problem;
        AppendCapped(g.rows, std::move(row));
    }
    for (auto& [pid, g] : groups) {
        out.push_back(MakeFinding("RN-05", pid, g.level,
                                  g.level == Level::kRed ? "项目有未满 16 周岁或出生日期无效的人员，共 " + std::to_string(g.count) + " 名年龄异常"
                                                         : "项目有 " + std::to_string(g.count) + " 名超过年龄上限的人员",
                                  json::object{{"count", g.count}, {"workers", std::move(g.rows)}}));
    }
}

// RN-06: a participating unit whose USCC fails the GB 32100 check (legacy pilot codes) → B.
void Rn06(EvalContext& ctx, Findings& out) {
    std::vector<Param> params;
    std::string sql =
        "SELECT rp.project_id, e.id, e.name, e.credit_code, rp.role_code FROM registry_participant rp JOIN "
        "registry_enterprise_published e ON e.id = rp.enterprise_id JOIN registry_project p ON p.id = rp.project_id WHERE "
        "e.credit_code_valid = 0 AND rp.left_on IS NULL AND p.status <> 'closed'" +
        ctx.Filter("p.id", params) + " ORDER BY rp.project_id, e.id";
    std::map<std::string, json::array> groups;
    for (const auto& r : ctx.tx().Query(sql, params))
        AppendCapped(groups[r.Text(0)], json::object{{"enterpriseId", r.Text(1)},
                                                     {"enterpriseName", r.Text(2)},
                                                     {"creditCode", r.Text(3)},
                                                     {"roleCode", r.Text(4)}});
    for (auto& [pid, rows] : groups) {
        std::string names;
        for (const auto& row : rows) names += (names.empty() ? "" : "、") + std::string(row.at("enterpriseName").as_string());
        out.push_back(MakeFinding("RN-06", pid, Level::kBlue, "参建单位统一社会信用代码校验未通过：" + names,
                                  json::object{{"enterprises", std::move(rows)}}));
    }
}

// RN-07: attendance before the worker's real-name registration, or registered more than N days
// after entering the site → Y (per month of the event).
void Rn07(EvalContext& ctx, Findings& out) {
    const auto& workers = ctx.Workers();
    std::map<ProjectPeriod, std::pair<json::array, std::int64_t>> groups;
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    for (const auto& wm : ctx.Attendance()) {
        auto w = workers.find(wm.worker_id);
        if (w == workers.end() || wm.first_day >= w->second.registered_on) continue;
        auto& g = groups[{wm.project_id, wm.month}];
        seen.insert({wm.project_id, wm.worker_id, wm.month});
        auto row = WorkerRow(ctx, wm.worker_id);
        row["firstAttendance"] = wm.first_day.ToString();
        row["registeredOn"] = w->second.registered_on.ToString();
        AppendCapped(g.first, std::move(row));
        ++g.second;
    }
    for (const auto& [pw, c] : ctx.Contracts()) {
        if (!c.entered_on || *c.entered_on < ctx.WindowStart()) continue;
        auto w = workers.find(pw.second);
        if (w == workers.end()) continue;
        auto within = ctx.IntFor(pw.first, "worker.register_within_days");
        if (c.entered_on->DaysUntil(w->second.registered_on) <= within) continue;
        std::string month = MonthOf(*c.entered_on);
        if (!seen.insert({pw.first, pw.second, month}).second) continue;
        auto& g = groups[{pw.first, month}];
        auto row = WorkerRow(ctx, pw.second);
        row["enteredOn"] = c.entered_on->ToString();
        row["registeredOn"] = w->second.registered_on.ToString();
        AppendCapped(g.first, std::move(row));
        ++g.second;
    }
    for (auto& [key, g] : groups) {
        out.push_back(MakeFinding("RN-07", key.first, Level::kYellow,
                                  key.second + " 有 " + std::to_string(g.second) + " 名工人在实名登记前已进场施工",
                                  json::object{{"month", key.second}, {"count", g.second}, {"workers", std::move(g.first)}},
                                  key.second));
    }
}

}  // namespace

void AddRnIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("RN-01"), Rn01, true});
    out.push_back({&Info("RN-02"), Rn02});
    out.push_back({&Info("RN-03"), Rn03, true});
    out.push_back({&Info("RN-04"), Rn04});
    out.push_back({&Info("RN-05"), Rn05});
    out.push_back({&Info("RN-06"), Rn06});
    out.push_back({&Info("RN-07"), Rn07, true});
}

}  // namespace anxin::warnings
