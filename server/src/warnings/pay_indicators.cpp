// PAY: payment of wages (REG 12–15, 28, 31; LAB 48, 50). Reads the shared attendance and payroll
// aggregates (one scan each per run).
#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "registry/published.hpp"
#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;
using ProjectPeriod = std::pair<std::string, std::string>;

json::object WorkerRow(EvalContext& ctx, const std::string& worker_id) {
    return json::object{{"workerId", worker_id}, {"workerName", ctx.WorkerName(worker_id)}};
}

struct Group {
    json::array workers;
    std::int64_t count = 0;
    Level level = Level::kBlue;
};

void Add(Group& g, json::object row, Level level = Level::kRed) {
    ++g.count;
    g.level = std::max(g.level, level);
    AppendCapped(g.workers, std::move(row));
}

core::Date PayBy(EvalContext& ctx, const std::string& project_id, const std::string& month) {
    return PayByDate(month, ctx.IntFor(project_id, "wage.pay_by_day_next_month"), ctx.calendar());
}

// PAY-01: attendance in month M and nothing paid by the agreed pay date (end of M+1 by default) → R.
void Pay01(EvalContext& ctx, Findings& out) {
    const auto& pay = ctx.PayIndex();
    std::map<ProjectPeriod, Group> groups;
    for (const auto& wm : ctx.Attendance()) {
        if (wm.days == 0 || ctx.as_of() <= PayBy(ctx, wm.project_id, wm.month)) continue;
        auto it = pay.find(EvalContext::Key(wm.project_id, wm.worker_id, wm.month));
        if (it != pay.end() && it->second->paid > 0) continue;
        auto row = WorkerRow(ctx, wm.worker_id);
        row["days"] = wm.days;
        Add(groups[{wm.project_id, wm.month}], std::move(row));
    }
    for (auto& [key, g] : groups) {
        core::Date by = PayBy(ctx, key.first, key.second);
        out.push_back(MakeFinding("PAY-01", key.first, Level::kRed,
                                  key.second + " 有 " + std::to_string(g.count) + " 名工人有考勤，截至 " + by.ToString() +
                                      " 仍未发放工资",
                                  json::object{{"month", key.second},
                                               {"payBy", by.ToString()},
                                               {"count", g.count},
                                               {"workers", std::move(g.workers)}},
                                  key.second));
    }
}

// PAY-02: paid headcount below attendance headcount per team and month: < 100% → Y, < 90% → R.
void Pay02(EvalContext& ctx, Findings& out) {
    const auto& pay = ctx.PayIndex();
    const auto& contracts = ctx.Contracts();
    struct Team {
        std::int64_t attended = 0;
        std::int64_t paid = 0;
    };
    std::map<ProjectPeriod, std::map<std::string, Team>> months;
    for (const auto& wm : ctx.Attendance()) {
        if (wm.days == 0 || ctx.as_of() <= PayBy(ctx, wm.project_id, wm.month)) continue;
        std::string team = "none";
        if (auto c = contracts.find({wm.project_id, wm.worker_id}); c != contracts.end())
            team = c->second.team_id ? *c->second.team_id : "employer:" + c->second.employer_id;
        auto& t = months[{wm.project_id, wm.month}][team];
        ++t.attended;
        auto it = pay.find(EvalContext::Key(wm.project_id, wm.worker_id, wm.month));
        if (it != pay.end() && it->second->paid > 0) ++t.paid;
    }
    for (auto& [key, teams] : months) {
        auto red_bp = ctx.IntFor(key.first, "warning.pay02_red_ratio_bp");
        json::array rows;
        Level level = Level::kBlue;
        std::int64_t attended = 0, paid = 0;
        for (const auto& [team, t] : teams) {
            attended += t.attended;
            paid += t.paid;
            if (t.paid >= t.attended) continue;
            std::int64_t ratio_bp = t.paid * 10000 / t.attended;
            level = std::max(level, ratio_bp < red_bp ? Level::kRed : Level::kYellow);
            AppendCapped(rows, json::object{{"team", team}, {"attended", t.attended}, {"paid", t.paid}, {"ratioBp", ratio_bp}});
        }
        if (rows.empty()) continue;
        out.push_back(MakeFinding("PAY-02", key.first, level,
                                  key.second + " 有考勤 " + std::to_string(attended) + " 人，已发薪 " +
                                      std::to_string(paid) + " 人，发薪人数少于考勤人数",
                                  json::object{{"month", key.second},
                                               {"attended", attended},
                                               {"paid", paid},
                                               {"redBelowBp", red_bp},
                                               {"teams", std::move(rows)}},
                                  key.second));
    }
}

// PAY-03: gross ÷ (days ÷ 21.75) below the monthly minimum wage → R. 21.75 pay-days per month:
// 人社部 2009 notice.
void Pay03(EvalContext& ctx, Findings& out) {
    std::map<ProjectPeriod, Group> groups;
    for (const auto& wp : ctx.Pay()) {
        if (wp.days <= 0) continue;
        auto minimum = ctx.IntFor(wp.project_id, "minimum_wage.monthly_fen");
        if (wp.gross * 2175 >= minimum * wp.days * 100) continue;
        auto row = WorkerRow(ctx, wp.worker_id);
        row["gross"] = wp.gross;
        row["days"] = wp.days;
        row["monthlyEquivalent"] = wp.gross * 2175 / (wp.days * 100);
        row["minimum"] = minimum;
        Add(groups[{wp.project_id, wp.period}], std::move(row));
    }
    for (auto& [key, g] : groups) {
        out.push_back(MakeFinding("PAY-03", key.first, Level::kRed,
                                  key.second + " 有 " + std::to_string(g.count) +
                                      " 名工人按出勤天数折算的月工资低于当地最低工资标准",
                                  json::object{{"period", key.second}, {"count", g.count}, {"workers", std::move(g.workers)}},
                                  key.second));
    }
}

// PAY-04: one worker paid more than ¥50,000 in a month or ¥300,000 in a year on a project → R.
void Pay04(EvalContext& ctx, Findings& out) {
    std::map<ProjectPeriod, Group> groups;
    std::map<std::tuple<std::string, std::string, std::string>, core::Fen> years;
    for (const auto& wp : ctx.Pay()) {
        years[{wp.project_id, wp.period.substr(0, 4), wp.worker_id}] += wp.gross;
        auto limit = ctx.IntFor(wp.project_id, "warning.pay04_month_fen");
        if (wp.gross <= limit) continue;
        auto row = WorkerRow(ctx, wp.worker_id);
        row["gross"] = wp.gross;
        row["limit"] = limit;
        Add(groups[{wp.project_id, wp.period}], std::move(row));
    }
    for (const auto& [key, gross] : years) {
        const auto& [pid, year, worker] = key;
        auto limit = ctx.IntFor(pid, "warning.pay04_year_fen");
        if (gross <= limit) continue;
        auto row = WorkerRow(ctx, worker);
        row["gross"] = gross;
        row["limit"] = limit;
        Add(groups[{pid, year}], std::move(row));
    }
    for (auto& [key, g] : groups) {
        bool year = key.second.size() == 4;
        out.push_back(MakeFinding("PAY-04", key.first, Level::kRed,
                                  key.second + (year ? " 年度" : " ") + "有 " + std::to_string(g.count) +
                                      " 名工人工资异常高额，可能存在代领工资",
                                  json::object{{"period", key.second}, {"count", g.count}, {"workers", std::move(g.workers)}},
                                  key.second));
    }
}

// PAY-05: pay to someone not registered on the project (no contract) or with no attendance that month.
void Pay05(EvalContext& ctx, Findings& out) {
    const auto& attendance = ctx.AttendanceIndex();
    const auto& contracts = ctx.Contracts();
    std::map<ProjectPeriod, Group> groups;
    for (const auto& wp : ctx.Pay()) {
        const ProjectInfo* p = ctx.Project(wp.project_id);
        if (!p) continue;
        bool registered = contracts.contains({wp.project_id, wp.worker_id});
        bool attended = attendance.contains(EvalContext::Key(wp.project_id, wp.worker_id, wp.period));
        // Service contracts (环卫 …) may pay without gate attendance; only the roster applies to them.
        if (registered && (attended || !p->is_construction)) continue;
        auto row = WorkerRow(ctx, wp.worker_id);
        row["net"] = wp.net;
        row["reason"] = registered ? "no_attendance" : "not_registered";
        Add(groups[{wp.project_id, wp.period}], std::move(row));
    }
    for (auto& [key, g] : groups) {
        out.push_back(MakeFinding("PAY-05", key.first, Level::kRed,
                                  key.second + " 工资表中有 " + std::to_string(g.count) +
                                      " 人未在本项目实名登记或当月无考勤",
                                  json::object{{"period", key.second}, {"count", g.count}, {"workers", std::move(g.workers)}},
                                  key.second));
    }
}

// PAY-06: one bank card receiving pay for two or more workers (cards compared after decryption;
// without a data key the indicator finds nothing).
void Pay06(EvalContext& ctx, Findings& out) {
    if (!ctx.cipher()) return;
    std::set<ProjectWorker> paid_workers;
    for (const auto& wp : ctx.Pay()) paid_workers.insert({wp.project_id, wp.worker_id});
    std::map<std::string, std::map<std::string, std::vector<std::pair<std::string, std::string>>>> cards;
    for (auto& r : registry::ContractedWorkerCards(ctx.tx(), *ctx.cipher(), ctx.ProjectIds())) {
        if (!paid_workers.contains({r.project_id, r.worker_id})) continue;
        ctx.Guard("PAY-06", r.project_id, [&] {
            if (!r.card) throw Error(ErrorCode::kInternal, "工人银行卡号无法解密");
            cards[r.project_id][*r.card].emplace_back(r.worker_id, r.mask);
        });
    }
    for (auto& [pid, by_card] : cards) {
        json::array shared;
        std::int64_t count = 0;
        for (auto& [card, holders] : by_card) {
            if (holders.size() < 2) continue;
            ++count;
            json::array workers;
            for (const auto& [wid, mask] : holders) workers.push_back(WorkerRow(ctx, wid));
            AppendCapped(shared, json::object{{"cardMask", holders.front().second}, {"workers", std::move(workers)}});
        }
        if (count == 0) continue;
        out.push_back(MakeFinding("PAY-06", pid, Level::kRed,
                                  "有 " + std::to_string(count) + " 张银行卡同时登记为多名工人的工资卡（一卡多人）",
                                  json::object{{"count", count}, {"cards", std::move(shared)}}));
    }
}

// PAY-07: a failed or returned direct payment not re-paid: blue from the bank's return (the
// supervisor sees it the same day), yellow once the N WD to re-issue have passed (the catalog's Y).
void Pay07(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.WindowStartMonth()};
    std::string sql =
        "SELECT p.project_id, p.period, bl.worker_id, bl.amount, bl.failure_reason, bl.settled_on, b.returned_at "
        "FROM wages_pay_batch_line_published bl JOIN wages_pay_batch b ON b.id = bl.batch_id JOIN wages_payroll p ON p.id = "
        "b.payroll_id JOIN wages_payroll_line l ON l.id = bl.payroll_line_id WHERE bl.status = 'failed' AND "
        "l.paid_amount < l.net_pay AND p.period >= $1" +
        ctx.Filter("p.project_id", params);
    std::map<ProjectPeriod, Group> groups;
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("PAY-07", pid, [&] {
            auto failed_on = OptDate(r.OptText(5));
            if (!failed_on) {
                if (r.IsNull(6)) return;
                failed_on = core::Date::ShanghaiDateOf(r.Time(6));
            }
            auto limit = ctx.IntFor(pid, "warning.pay07_reissue_working_days");
            core::Date due = ctx.calendar().AddWorkingDays(*failed_on, static_cast<int>(limit));
            if (ctx.as_of() < *failed_on) return;
            if (!seen.insert({pid, r.Text(1), r.Text(2)}).second) return;
            auto row = WorkerRow(ctx, r.Text(2));
            row["amount"] = r.Int(3);
            row["failureReason"] = r.OptText(4).value_or("");
            row["failedOn"] = failed_on->ToString();
            row["reissueBy"] = due.ToString();
            Add(groups[{pid, r.Text(1)}], std::move(row), ctx.as_of() <= due ? Level::kBlue : Level::kYellow);
        });
    }
    for (auto& [key, g] : groups) {
        out.push_back(MakeFinding("PAY-07", key.first, g.level,
                                  key.second + " 有 " + std::to_string(g.count) +
                                      (g.level == Level::kBlue ? " 笔代发失败或退回的工资待重新发放"
                                                               : " 笔代发失败或退回的工资超过时限未重新发放"),
                                  json::object{{"period", key.second}, {"count", g.count}, {"payments", std::move(g.workers)}},
                                  key.second));
    }
}

// PAY-08: payroll ledger elements missing (REG 15): contract, working time, worker confirmation,
// bank proof of payment, worker contact.
void Pay08(EvalContext& ctx, Findings& out) {
    const auto& workers = ctx.Workers();
    struct Counts {
        std::int64_t contract = 0, time = 0, confirmation = 0, bank = 0, contact = 0, lines = 0;
        json::array rows;
    };
    std::map<ProjectPeriod, Counts> groups;
    for (const auto& wp : ctx.Pay()) {
        auto w = workers.find(wp.worker_id);
        bool no_contact = w == workers.end() || !w->second.has_phone;
        json::array missing;
        if (wp.missing_contract) missing.push_back("contract");
        if (wp.missing_time) missing.push_back("workingTime");
        if (wp.missing_confirmation) missing.push_back("confirmation");
        if (wp.missing_bank_proof) missing.push_back("bankProof");
        if (no_contact) missing.push_back("contact");
        if (missing.empty()) continue;
        auto& c = groups[{wp.project_id, wp.period}];
        c.contract += wp.missing_contract > 0;
        c.time += wp.missing_time > 0;
        c.confirmation += wp.missing_confirmation > 0;
        c.bank += wp.missing_bank_proof > 0;
        c.contact += no_contact;
        ++c.lines;
        auto row = WorkerRow(ctx, wp.worker_id);
        row["missing"] = std::move(missing);
        AppendCapped(c.rows, std::move(row));
    }
    for (auto& [key, c] : groups) {
        out.push_back(MakeFinding("PAY-08", key.first, Level::kBlue,
                                  key.second + " 工资台账有 " + std::to_string(c.lines) +
                                      " 名工人要素不全（劳动合同、出勤时间、本人确认、银行凭证或联系电话）",
                                  json::object{{"period", key.second},
                                               {"count", c.lines},
                                               {"missingContract", c.contract},
                                               {"missingWorkingTime", c.time},
                                               {"missingConfirmation", c.confirmation},
                                               {"missingBankProof", c.bank},
                                               {"missingContact", c.contact},
                                               {"workers", std::move(c.rows)}},
                                  key.second));
    }
}

// PAY-09: a team (or employer) with attendance in month M and no submitted payroll by day N of M+1.
void Pay09(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.WindowStartMonth()};
    std::string sql = "SELECT project_id, employer_id, team_id, period FROM wages_payroll WHERE status <> 'draft' AND "
                      "period >= $1" +
                      ctx.Filter("project_id", params);
    std::set<std::string> submitted;  // project|employer|team-or-""|period
    for (const auto& r : ctx.tx().Query(sql, params))
        submitted.insert(r.Text(0) + '|' + r.Text(1) + '|' + r.OptText(2).value_or("") + '|' + r.Text(3));
    const auto& contracts = ctx.Contracts();
    struct Team {
        std::string employer_id;
        std::optional<std::string> team_id;
        std::int64_t workers = 0;
    };
    std::map<ProjectPeriod, std::map<std::string, Team>> months;
    for (const auto& wm : ctx.Attendance()) {
        auto c = contracts.find({wm.project_id, wm.worker_id});
        if (c == contracts.end()) continue;  // RN-01's concern
        auto by_day = ctx.IntFor(wm.project_id, "warning.pay09_by_day");
        if (ctx.as_of() <= DayOfMonthClamped(AddMonths(wm.month, 1), by_day)) continue;
        const auto& k = c->second;
        std::string prefix = wm.project_id + '|' + k.employer_id + '|';
        if (submitted.contains(prefix + '|' + wm.month)) continue;  // the employer's payroll without team
        if (k.team_id && submitted.contains(prefix + *k.team_id + '|' + wm.month)) continue;
        auto& t = months[{wm.project_id, wm.month}][k.team_id.value_or("employer:" + k.employer_id)];
        t.employer_id = k.employer_id;
        t.team_id = k.team_id;
        ++t.workers;
    }
    for (auto& [key, teams] : months) {
        json::array rows;
        for (const auto& [name, t] : teams)
            AppendCapped(rows, json::object{{"employerId", t.employer_id},
                                            {"teamId", t.team_id ? json::value(*t.team_id) : json::value(nullptr)},
                                            {"workersWithAttendance", t.workers}});
        out.push_back(MakeFinding("PAY-09", key.first, Level::kYellow,
                                  key.second + " 有 " + std::to_string(teams.size()) +
                                      " 个班组（用工单位）有考勤但未按期提交签字确认的工资表",
                                  json::object{{"period", key.second}, {"teams", std::move(rows)}}, key.second));
    }
}

// PAY-10: a worker who exited with wages through the exit month unpaid after the pay cycle → R;
// an exited worker's complaint under handling → Y.
void Pay10(EvalContext& ctx, Findings& out) {
    const auto& pay = ctx.PayIndex();
    const auto& attendance = ctx.AttendanceIndex();
    // As of: complaints by their receiving date, under handling on that day.
    std::set<ProjectWorker> complaints;
    if (ctx.complaints()) {
        for (auto& c : ctx.complaints()->CluesUnderHandling(ctx.tx(), ctx.as_of().AddDays(1).StartInShanghai(),
                                                            ctx.ProjectIds()))
            if (c.worker_id) complaints.insert({std::move(c.project_id), std::move(*c.worker_id)});
    }
    std::map<ProjectPeriod, Group> groups;
    for (const auto& [pw, c] : ctx.Contracts()) {
        if (!c.exited_on || *c.exited_on < ctx.WindowStart()) continue;
        const auto& [pid, wid] = pw;
        std::string exit_month = MonthOf(*c.exited_on);
        bool unpaid = false;
        core::Fen owed = 0;
        for (std::string m = std::max(ctx.WindowStartMonth(), MonthOf(c.start_on)); m <= exit_month; m = AddMonths(m, 1)) {
            std::string key = EvalContext::Key(pid, wid, m);
            auto p = pay.find(key);
            if (p != pay.end()) owed += p->second->net - p->second->paid;
            bool attended = attendance.contains(key);
            if (attended && (p == pay.end() || p->second->paid == 0)) unpaid = true;
        }
        if (owed > 0) unpaid = true;
        bool overdue = unpaid && ctx.as_of() > PayBy(ctx, pid, exit_month);
        bool complaint = complaints.contains(pw);
        if (!overdue && !complaint) continue;
        auto row = WorkerRow(ctx, wid);
        row["exitedOn"] = c.exited_on->ToString();
        row["outstanding"] = owed;
        row["complaint"] = complaint;
        Add(groups[{pid, exit_month}], std::move(row), overdue ? Level::kRed : Level::kYellow);
    }
    for (auto& [key, g] : groups) {
        out.push_back(MakeFinding("PAY-10", key.first, g.level,
                                  key.second + " 离场的 " + std::to_string(g.count) +
                                      (g.level == Level::kRed ? " 名工人工资未在支付周期内结清" : " 名工人有在办的欠薪投诉"),
                                  json::object{{"exitMonth", key.second}, {"count", g.count}, {"workers", std::move(g.workers)}},
                                  key.second));
    }
}

}  // namespace

void AddPayIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("PAY-01"), Pay01, true});
    out.push_back({&Info("PAY-02"), Pay02, true});
    out.push_back({&Info("PAY-03"), Pay03, true});
    out.push_back({&Info("PAY-04"), Pay04, true});
    out.push_back({&Info("PAY-05"), Pay05, true});
    out.push_back({&Info("PAY-06"), Pay06});
    out.push_back({&Info("PAY-07"), Pay07, true});
    out.push_back({&Info("PAY-08"), Pay08, true});
    out.push_back({&Info("PAY-09"), Pay09, true});
    out.push_back({&Info("PAY-10"), Pay10, true});
}

}  // namespace anxin::warnings
