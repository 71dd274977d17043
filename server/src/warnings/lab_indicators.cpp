// LAB: labor-cost allocation into the wage account (人工费用拨付, REG 24, 29–30).
#include <algorithm>
#include <map>
#include <set>

#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;

// LAB-01: active project with no allocation for > 1 month → Y; 2 consecutive months or 3 missed in
// total → R. Counted from the last allocation, else from the contract start (permit, status date).
void Lab01(EvalContext& ctx, Findings& out) {
    // As of: allocations by their credit date.
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT p.id, al.period, MAX(al.allocated_on) FROM registry_project p LEFT JOIN wages_allocation al ON "
        "al.project_id = p.id AND al.allocated_on <= $1 WHERE p.status = 'under_construction'" +
        ctx.Filter("p.id", params) + " GROUP BY p.id, al.period";
    struct State {
        std::set<std::string> periods;
        std::optional<core::Date> last;
    };
    std::map<std::string, State> states;
    for (const auto& r : ctx.tx().Query(sql, params)) {
        auto& s = states[r.Text(0)];
        if (auto period = r.OptText(1)) {
            s.periods.insert(*period);
            core::Date d = ReqDate(r.Text(2));
            if (!s.last || d > *s.last) s.last = d;
        }
    }
    for (auto& [pid, s] : states) {
        ctx.Guard("LAB-01", pid, [&] {
            const ProjectInfo* p = ctx.Project(pid);
            if (!p) return;
            core::Date base = p->start_on.value_or(p->permit_on.value_or(p->status_on));
            core::Date since = s.last.value_or(base);
            if (since > ctx.as_of()) return;
            int gap = since.DaysUntil(ctx.as_of());
            auto cycle = ctx.Int(p->region_code, "labor_cost.max_cycle_days");
            auto red_gap = ctx.Int(p->region_code, "warning.lab01_red_gap_days");
            auto red_missed = ctx.Int(p->region_code, "warning.lab01_red_missed_months");
            if (gap <= cycle) return;
            // Months whose allocation fell due (labor_cost_day of the next month) with nothing for them.
            json::array missed;
            std::string month = std::max(MonthOf(base), ctx.WindowStartMonth());
            for (; month < MonthOf(ctx.as_of()); month = AddMonths(month, 1)) {
                core::Date due = DayOfMonthClamped(AddMonths(month, 1), p->labor_cost_day.value_or(31));
                if (due < ctx.as_of() && !s.periods.contains(month)) missed.push_back(json::value(month));
            }
            auto missed_count = static_cast<std::int64_t>(missed.size());
            Level level = (gap > red_gap || missed_count >= red_missed) ? Level::kRed : Level::kYellow;
            std::string explanation =
                s.last ? "在建项目已 " + std::to_string(gap) + " 天未拨付人工费用（上次拨付 " + s.last->ToString() +
                             "），应按月拨付"
                       : "在建项目自 " + base.ToString() + " 开工已 " + std::to_string(gap) + " 天从未拨付人工费用";
            if (missed_count > 0) explanation += "；累计 " + std::to_string(missed_count) + " 个月未拨付";
            out.push_back(MakeFinding("LAB-01", pid, level, std::move(explanation),
                                      json::object{{"lastAllocatedOn", s.last ? json::value(s.last->ToString())
                                                                              : json::value(nullptr)},
                                                   {"countedFrom", since.ToString()},
                                                   {"daysWithoutAllocation", gap},
                                                   {"missedMonths", std::move(missed)},
                                                   {"cycleDays", cycle},
                                                   {"redAfterDays", red_gap},
                                                   {"redMissedMonths", red_missed}}));
        });
    }
}

// LAB-02: a month's allocation below the agreed share of the progress payment (or the fixed
// amount), or below the provincial floor share, once the allocation fell due.
void Lab02(EvalContext& ctx, Findings& out) {
    // As of: output values by their settlement date, allocations by their credit date.
    std::vector<Param> params{ctx.WindowStartMonth(), ctx.as_of().ToString()};
    std::string sql =
        "SELECT ov.project_id, ov.period, ov.output_value, ov.progress_payment, "
        "COALESCE((SELECT SUM(al.amount) FROM wages_allocation al WHERE al.project_id = ov.project_id AND al.period = "
        "ov.period AND al.allocated_on <= $2), 0) FROM wages_output_value ov JOIN registry_project p ON p.id = "
        "ov.project_id WHERE ov.period >= $1 AND (ov.settled_on IS NULL OR ov.settled_on <= $2) AND p.status IN " +
        std::string(kChainStatuses) + ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("LAB-02", pid, [&] {
            const ProjectInfo* p = ctx.Project(pid);
            if (!p) return;
            std::string period = r.Text(1);
            core::Fen base = r.OptInt(3).value_or(r.Int(2));
            core::Fen allocated = r.Int(4);
            if (base <= 0) return;
            core::Date due_on = DayOfMonthClamped(AddMonths(period, 1), p->labor_cost_day.value_or(31));
            if (ctx.as_of() <= due_on) return;
            auto floor_bp = ctx.Int(p->region_code, "warning.lab02_floor_bp");
            core::Fen floor = base * floor_bp / 10000;
            core::Fen agreed = 0;
            std::string rule;
            if (p->labor_cost_ratio_bp) {
                agreed = base * *p->labor_cost_ratio_bp / 10000;
                rule = "ratio";
            } else if (p->labor_cost_amount) {
                agreed = *p->labor_cost_amount;
                rule = "fixed";
            }
            core::Fen required = std::max(agreed, floor);
            if (allocated >= required) return;
            out.push_back(MakeFinding(
                "LAB-02", pid, Level::kYellow,
                period + " 人工费用拨付 " + Yuan(allocated) + "，低于应拨 " + Yuan(required) + "（进度款 " +
                    Yuan(base) + (agreed >= floor ? " × 合同约定比例）" : " × 省定最低比例）"),
                json::object{{"period", period},
                             {"progressAmount", base},
                             {"allocated", allocated},
                             {"agreed", agreed},
                             {"agreedRule", rule.empty() ? json::value(nullptr) : json::value(rule)},
                             {"floorBp", floor_bp},
                             {"floor", floor},
                             {"required", required},
                             {"shortfall", required - allocated},
                             {"dueOn", due_on.ToString()}},
                period));
        });
    }
}

// LAB-03: account balance below the payroll about to be paid: N days before the pay date → Y; on
// or after the pay date → R.
void Lab03(EvalContext& ctx, Findings& out) {
    // As of: pay counts from its paid date (a payroll paid since is still owed as of then).
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string filter = ctx.Filter("p.project_id", params);
    const std::string owed = "SUM(l.net_pay - CASE WHEN l.paid_on <= $1 THEN l.paid_amount ELSE 0 END)";
    std::string sql = "SELECT p.project_id, p.period, p.pay_date, " + owed +
                      " FROM wages_payroll p JOIN wages_payroll_line l ON l.payroll_id = p.id WHERE p.status IN "
                      "('submitted', 'approved', 'paying', 'paid')" +
                      filter + " GROUP BY p.project_id, p.period, p.pay_date HAVING " + owed + " > 0";
    struct Due {
        core::Fen outstanding = 0;
        std::optional<core::Date> earliest;
        json::array payrolls;
        bool red = false;
    };
    std::map<std::string, Due> dues;
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("LAB-03", pid, [&] {
            core::Date pay_date = WagesDueOn(ReqDate(r.Text(2)), ctx.calendar());  // REG 14
            auto before = ctx.IntFor(pid, "warning.lab03_days_before");
            if (ctx.as_of() < pay_date.AddDays(-static_cast<int>(before))) return;
            auto& d = dues[pid];
            d.outstanding += r.Int(3);
            if (!d.earliest || pay_date < *d.earliest) d.earliest = pay_date;
            if (ctx.as_of() >= pay_date) d.red = true;
            AppendCapped(d.payrolls, json::object{{"period", r.Text(1)},
                                                  {"payDate", pay_date.ToString()},
                                                  {"outstanding", r.Int(3)}});
        });
    }
    if (dues.empty()) return;
    // As of: the balance from transactions booked by then.
    std::vector<Param> bparams{ctx.as_of().ToString()};
    std::string bsql =
        "SELECT a.project_id, COALESCE(SUM(CASE WHEN t.direction = 'credit' THEN t.amount ELSE -t.amount END), 0) "
        "FROM wages_account_published a LEFT JOIN wages_account_txn_published t ON t.account_id = a.id AND t.booked_on <= $1 WHERE "
        "a.project_id IN (SELECT project_id FROM wages_payroll WHERE status IN ('submitted', 'approved', 'paying', "
        "'paid'))" +
        ctx.Filter("a.project_id", bparams) + " GROUP BY a.project_id";
    std::map<std::string, core::Fen> balances;
    for (const auto& r : ctx.tx().Query(bsql, bparams)) balances[r.Text(0)] = r.Int(1);
    for (auto& [pid, d] : dues) {
        core::Fen balance = balances.contains(pid) ? balances[pid] : 0;
        if (balance >= d.outstanding) continue;
        Level level = d.red ? Level::kRed : Level::kYellow;
        out.push_back(MakeFinding(
            "LAB-03", pid, level,
            std::string(d.red ? "已到发薪日" : "临近发薪日") + "，工资专户余额 " + Yuan(balance) + " 不足以支付应发工资 " +
                Yuan(d.outstanding),
            json::object{{"balance", balance},
                         {"outstanding", d.outstanding},
                         {"shortfall", d.outstanding - balance},
                         {"earliestPayDate", d.earliest->ToString()},
                         {"hasAccount", balances.contains(pid)},
                         {"payrolls", std::move(d.payrolls)}}));
    }
}

}  // namespace

void AddLabIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("LAB-01"), Lab01});
    out.push_back({&Info("LAB-02"), Lab02, true});
    out.push_back({&Info("LAB-03"), Lab03});
}

}  // namespace anxin::warnings
