// DEP: the wage guarantee deposit (工资保证金, DEP; REG 32).
#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;

// An instrument held as of $1: lodged by then and not yet returned (its lodging date is the fact).
constexpr std::string_view kHeldAsOf = "i.lodged_on <= $1 AND (i.returned_on IS NULL OR i.returned_on > $1)";

// DEP-01: nothing lodged N WD after the permit (the requirement's due date when computed), not
// exempt → Y; +M WD → R.
void Dep01(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT p.id, p.permit_on, r.due_on, COALESCE(r.exempt, 0), (SELECT COUNT(*) FROM deposits_instrument i "
        "WHERE i.project_id = p.id AND " +
        std::string(kHeldAsOf) + ") FROM registry_project p LEFT JOIN "
        "deposits_requirement r ON r.project_id = p.id WHERE p.is_construction = 1 AND p.status IN " +
        std::string(kChainStatuses) + ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        if (r.Bool(3) || r.Int(4) > 0) continue;
        ctx.Guard("DEP-01", pid, [&] {
            auto permit = OptDate(r.OptText(1));
            auto due = OptDate(r.OptText(2));
            std::string basis = "requirement";
            if (!due) {
                if (!permit) return;
                due = ctx.calendar().AddWorkingDays(
                    *permit, static_cast<int>(ctx.IntFor(pid, "deposit.deadline_working_days")));
                basis = "permit";
            }
            if (ctx.as_of() <= *due) return;
            auto extra = ctx.IntFor(pid, "warning.dep01_red_extra_working_days");
            core::Date red_after = ctx.calendar().AddWorkingDays(*due, static_cast<int>(extra));
            Level level = ctx.as_of() > red_after ? Level::kRed : Level::kYellow;
            int late = ctx.calendar().WorkingDaysBetween(*due, ctx.as_of());
            out.push_back(MakeFinding("DEP-01", pid, level,
                                      "工资保证金应于 " + due->ToString() + " 前存储，已逾期 " + std::to_string(late) +
                                          " 个工作日仍未存储，也未免存",
                                      json::object{{"permitOn", permit ? json::value(permit->ToString())
                                                                       : json::value(nullptr)},
                                                   {"dueOn", due->ToString()},
                                                   {"dueBasis", basis},
                                                   {"workingDaysLate", late},
                                                   {"redAfter", red_after.ToString()}}));
        });
    }
}

// DEP-02: stored balance below the computed requirement (after the due date, something lodged).
void Dep02(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.as_of().ToString()};
    // As of: each instrument's amount less what was paid out of it and not yet topped up by then.
    std::string sql =
        "SELECT r.project_id, r.required_amount, r.due_on, (SELECT COALESCE(SUM(i.amount - (SELECT "
        "COALESCE(SUM(u.amount), 0) FROM deposits_use u WHERE u.instrument_id = i.id AND u.paid_on <= $1 AND "
        "(u.topped_up_on IS NULL OR u.topped_up_on > $1))), 0) FROM deposits_instrument i WHERE i.project_id = "
        "r.project_id AND " +
        std::string(kHeldAsOf) + " AND (i.valid_to IS NULL OR i.valid_to >= $1)), (SELECT COUNT(*) FROM "
        "deposits_instrument i WHERE i.project_id = r.project_id AND " +
        std::string(kHeldAsOf) + ") "
        "FROM deposits_requirement r JOIN registry_project p ON p.id = r.project_id WHERE r.exempt = 0 AND "
        "r.required_amount > 0 AND p.status IN " +
        std::string(kChainStatuses) + ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        core::Fen required = r.Int(1);
        core::Fen stored = r.Int(3);
        auto due = OptDate(r.OptText(2));
        if (r.Int(4) == 0 || stored >= required) continue;
        if (due && ctx.as_of() <= *due) continue;
        out.push_back(MakeFinding("DEP-02", pid, Level::kYellow,
                                  "工资保证金应存 " + Yuan(required) + "，实存 " + Yuan(stored) + "，差额 " +
                                      Yuan(required - stored),
                                  json::object{{"required", required},
                                               {"stored", stored},
                                               {"shortfall", required - stored},
                                               {"dueOn", due ? json::value(due->ToString()) : json::value(nullptr)}}));
    }
}

std::string_view FormName(std::string_view form) {
    if (form == "bank_guarantee") return "银行保函";
    if (form == "guarantee_company") return "担保公司保函";
    if (form == "insurance") return "工资保证保险";
    return "现金";
}

// DEP-03: a guarantee of a project not completed expiring: ≤ 30 days → B, ≤ 7 → Y, expired → R.
void Dep03(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.as_of().ToString()};  // kHeldAsOf
    std::string sql =
        "SELECT i.project_id, i.id, i.form, i.issuer, i.number, i.amount, i.valid_to FROM deposits_instrument i "
        "JOIN registry_project p ON p.id = i.project_id WHERE i.form <> 'cash' AND " +
        std::string(kHeldAsOf) + " AND i.valid_to IS NOT NULL AND p.status NOT IN ('completed', 'closed')" +
        ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("DEP-03", pid, [&] {
            core::Date valid_to = ReqDate(r.Text(6));
            int days = ctx.as_of().DaysUntil(valid_to);
            auto remind = ctx.IntFor(pid, "deposit.guarantee_remind_days");
            auto yellow = ctx.IntFor(pid, "warning.dep03_yellow_days");
            if (days > remind) return;
            Level level = days < 0 ? Level::kRed : days <= yellow ? Level::kYellow : Level::kBlue;
            std::string what = std::string(FormName(r.Text(2))) + "（" + r.Text(3) + " " + r.Text(4) + "）";
            out.push_back(MakeFinding(
                "DEP-03", pid, level,
                days < 0 ? what + "已于 " + valid_to.ToString() + " 到期，项目尚未竣工，应及时续保或改存"
                         : what + "将于 " + valid_to.ToString() + " 到期（剩 " + std::to_string(days) + " 天），项目尚未竣工",
                json::object{{"instrumentId", r.Text(1)},
                             {"form", r.Text(2)},
                             {"issuer", r.Text(3)},
                             {"number", r.Text(4)},
                             {"amount", r.Int(5)},
                             {"validTo", valid_to.ToString()},
                             {"daysToExpiry", days}},
                "", "instrument", r.Text(1)));
        });
    }
}

// DEP-04: a guarantee valid for less than a year or ending before the contract period.
void Dep04(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT i.project_id, i.id, i.form, i.issuer, i.number, i.valid_from, i.valid_to, p.contract_end_on FROM "
        "deposits_instrument i JOIN registry_project p ON p.id = i.project_id WHERE i.form <> 'cash' AND " +
        std::string(kHeldAsOf) + " AND i.valid_to IS NOT NULL" +
        ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("DEP-04", pid, [&] {
            auto from = OptDate(r.OptText(5));
            core::Date to = ReqDate(r.Text(6));
            auto contract_end = OptDate(r.OptText(7));
            auto min_days = ctx.IntFor(pid, "warning.dep04_min_validity_days");
            json::array problems;
            std::string explanation;
            if (from && from->DaysUntil(to) < min_days) {
                problems.push_back(json::value("validity_too_short"));
                explanation = "有效期 " + std::to_string(from->DaysUntil(to)) + " 天，不足 " + std::to_string(min_days) + " 天";
            }
            if (contract_end && to < *contract_end) {
                problems.push_back(json::value("shorter_than_contract"));
                if (!explanation.empty()) explanation += "，且";
                explanation += "到期日 " + to.ToString() + " 早于合同竣工日 " + contract_end->ToString();
            }
            if (problems.empty()) return;
            out.push_back(MakeFinding("DEP-04", pid, Level::kYellow,
                                      std::string(FormName(r.Text(2))) + " " + r.Text(4) + " 期限不合规：" + explanation,
                                      json::object{{"instrumentId", r.Text(1)},
                                                   {"form", r.Text(2)},
                                                   {"issuer", r.Text(3)},
                                                   {"number", r.Text(4)},
                                                   {"validFrom", from ? json::value(from->ToString())
                                                                      : json::value(nullptr)},
                                                   {"validTo", to.ToString()},
                                                   {"contractEndOn", contract_end ? json::value(contract_end->ToString())
                                                                                  : json::value(nullptr)},
                                                   {"minValidityDays", min_days},
                                                   {"problems", std::move(problems)}},
                                      "", "instrument", r.Text(1)));
        });
    }
}

// DEP-05: deposit used to pay workers and not topped up N WD after the payment → R.
void Dep05(EvalContext& ctx, Findings& out) {
    // As of: paid out by then and not topped up by then.
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT u.project_id, u.id, u.notice_number, u.amount, u.paid_on, u.topup_due_on FROM deposits_use u WHERE "
        "u.paid_on <= $1 AND (u.topped_up_on IS NULL OR u.topped_up_on > $1)" +
        ctx.Filter("u.project_id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("DEP-05", pid, [&] {
            core::Date paid = ReqDate(r.Text(4));
            auto due = OptDate(r.OptText(5));
            if (!due)
                due = ctx.calendar().AddWorkingDays(
                    paid, static_cast<int>(ctx.IntFor(pid, "deposit.topup_within_working_days")));
            if (ctx.as_of() <= *due) return;
            out.push_back(MakeFinding("DEP-05", pid, Level::kRed,
                                      "工资保证金于 " + paid.ToString() + " 动用 " + Yuan(r.Int(3)) + "，应于 " +
                                          due->ToString() + " 前补足，至今未补足",
                                      json::object{{"useId", r.Text(1)},
                                                   {"noticeNumber", r.Text(2)},
                                                   {"amount", r.Int(3)},
                                                   {"paidOn", paid.ToString()},
                                                   {"topupDueOn", due->ToString()}},
                                      "", "deposit_use", r.Text(1)));
        });
    }
}

// DEP-06: the government's return SLA: review overdue, or confirmation overdue after approval.
void Dep06(EvalContext& ctx, Findings& out) {
    // As of: applied for by then; not reviewed by then, or approved by then and not confirmed by then.
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT d.project_id, d.id, d.applied_on, d.review_due_on, CASE WHEN d.reviewed_on <= $1 THEN d.reviewed_on "
        "END, d.review_result, d.confirm_due_on, d.confirmed_on FROM deposits_return d WHERE d.applied_on <= $1 AND "
        "((d.reviewed_on IS NULL OR d.reviewed_on > $1) OR (d.review_result = 'approved' AND (d.confirmed_on IS NULL "
        "OR d.confirmed_on > $1)))" +
        ctx.Filter("d.project_id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("DEP-06", pid, [&] {
            bool reviewed = !r.IsNull(4);
            std::optional<core::Date> due;
            std::string stage;
            if (!reviewed) {
                due = ReqDate(r.Text(3));
                stage = "review";
            } else {
                due = OptDate(r.OptText(6));
                if (!due) {
                    core::Date reviewed_on = ReqDate(r.Text(4));
                    due = ctx.calendar().AddWorkingDays(
                        reviewed_on, static_cast<int>(ctx.IntFor(pid, "deposit.return_confirm_working_days")));
                }
                stage = "confirm";
            }
            if (ctx.as_of() <= *due) return;
            out.push_back(MakeFinding("DEP-06", pid, Level::kYellow,
                                      stage == "review" ? "保证金返还申请应于 " + due->ToString() + " 前审核，已超时"
                                                        : "保证金返还审核通过后应于 " + due->ToString() +
                                                              " 前出具返还确认，已超时",
                                      json::object{{"returnId", r.Text(1)},
                                                   {"appliedOn", r.Text(2)},
                                                   {"stage", stage},
                                                   {"dueOn", due->ToString()},
                                                   {"workingDaysLate",
                                                    ctx.calendar().WorkingDaysBetween(*due, ctx.as_of())}},
                                      "", "deposit_return", r.Text(1)));
        });
    }
}

}  // namespace

void AddDepIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("DEP-01"), Dep01});
    out.push_back({&Info("DEP-02"), Dep02});
    out.push_back({&Info("DEP-03"), Dep03});
    out.push_back({&Info("DEP-04"), Dep04});
    out.push_back({&Info("DEP-05"), Dep05});
    out.push_back({&Info("DEP-06"), Dep06});
}

}  // namespace anxin::warnings
