// ACC: the dedicated wage account (专户, REG 26; ACC).
#include <map>

#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;

// ACC-01: no account N days after contract signing → Y; M days → R.
void Acc01(EvalContext& ctx, Findings& out) {
    // As of: an account counts from its opening date.
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT p.id, p.contract_signed_on FROM registry_project p LEFT JOIN wages_account_published a ON a.project_id = p.id "
        "AND a.opened_on <= $1 WHERE a.id IS NULL AND p.contract_signed_on IS NOT NULL AND p.is_construction = 1 AND "
        "p.status IN " +
        std::string(kChainStatuses) + ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("ACC-01", pid, [&] {
            core::Date signed_on = ReqDate(r.Text(1));
            int days = signed_on.DaysUntil(ctx.as_of());
            auto open_days = ctx.IntFor(pid, "account.open_within_days");
            auto red_days = ctx.IntFor(pid, "warning.acc01_red_days");
            if (days <= open_days) return;
            Level level = days > red_days ? Level::kRed : Level::kYellow;
            out.push_back(MakeFinding("ACC-01", pid, level,
                                      "施工合同签订已 " + std::to_string(days) + " 天仍未开立农民工工资专户（应在 " +
                                          std::to_string(open_days) + " 日内开立）",
                                      json::object{{"contractSignedOn", signed_on.ToString()},
                                                   {"daysSinceSigning", days},
                                                   {"openWithinDays", open_days},
                                                   {"redAfterDays", red_days}}));
        });
    }
}

// ACC-02: account open but not filed N days after opening → Y.
void Acc02(EvalContext& ctx, Findings& out) {
    // As of: opened by then, not closed by then, and not filed by then.
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT p.id, a.id, a.opened_on, a.bank_name FROM wages_account_published a JOIN registry_project p ON p.id = "
        "a.project_id WHERE a.opened_on <= $1 AND (a.closed_on IS NULL OR a.closed_on > $1) AND (a.filed_on IS NULL "
        "OR a.filed_on > $1)" +
        ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("ACC-02", pid, [&] {
            core::Date opened = ReqDate(r.Text(2));
            int days = opened.DaysUntil(ctx.as_of());
            auto limit = ctx.IntFor(pid, "account.file_within_days");
            if (days <= limit) return;
            out.push_back(MakeFinding("ACC-02", pid, Level::kYellow,
                                      "工资专户开立已 " + std::to_string(days) + " 天仍未向主管部门备案（应在 " +
                                          std::to_string(limit) + " 日内备案）",
                                      json::object{{"accountId", r.Text(1)},
                                                   {"bankName", r.Text(3)},
                                                   {"openedOn", opened.ToString()},
                                                   {"daysSinceOpening", days},
                                                   {"fileWithinDays", limit}}));
        });
    }
}

// ACC-03: account exists without the tripartite agreement → B.
void Acc03(EvalContext& ctx, Findings& out) {
    // As of: an agreement counts from the date it was signed (undated ones from when they were entered).
    std::vector<Param> params{ctx.as_of().ToString()};
    std::string sql =
        "SELECT p.id, a.id, a.opened_on, a.bank_name FROM wages_account_published a JOIN registry_project p ON p.id = "
        "a.project_id WHERE a.opened_on <= $1 AND (a.closed_on IS NULL OR a.closed_on > $1) AND (a.agreement_ref IS "
        "NULL OR a.agreement_ref = '' OR a.agreement_signed_on > $1)" +
        ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        out.push_back(MakeFinding("ACC-03", r.Text(0), Level::kBlue,
                                  "工资专户未登记建设单位、总包单位与银行签订的三方资金监管协议",
                                  json::object{{"accountId", r.Text(1)},
                                               {"bankName", r.Text(3)},
                                               {"openedOn", r.Text(2)}}));
    }
}

// ACC-04: a debit not to a registered worker of the project (flagged by the bank feed) → R, per month.
void Acc04(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.WindowStart().ToString(), ctx.as_of().ToString()};
    std::string sql =
        "SELECT a.project_id, t.bank_txn_id, t.amount, t.booked_on, t.counterparty_name, t.counterparty_account_mask, "
        "t.purpose, t.flag_reason FROM wages_account_txn_published t JOIN wages_account_published a ON a.id = t.account_id "
        "WHERE t.direction = 'debit' AND t.flagged = 1 AND t.booked_on >= $1 AND t.booked_on <= $2" +
        ctx.Filter("a.project_id", params) + " ORDER BY t.booked_on, t.bank_txn_id";
    struct Group {
        json::array rows;
        core::Fen total = 0;
        std::int64_t count = 0;
    };
    std::map<std::pair<std::string, std::string>, Group> groups;
    for (const auto& r : ctx.tx().Query(sql, params)) {
        auto& g = groups[{r.Text(0), r.Text(3).substr(0, 7)}];
        g.total += r.Int(2);
        ++g.count;
        AppendCapped(g.rows, json::object{{"bankTxnId", r.Text(1)},
                                          {"amount", r.Int(2)},
                                          {"bookedOn", r.Text(3)},
                                          {"counterpartyName", r.Text(4)},
                                          {"counterpartyAccount", r.OptText(5).value_or("")},
                                          {"purpose", r.Text(6)},
                                          {"reason", r.OptText(7).value_or("")}});
    }
    for (auto& [key, g] : groups) {
        out.push_back(MakeFinding("ACC-04", key.first, Level::kRed,
                                  key.second + " 工资专户有 " + std::to_string(g.count) + " 笔共 " + Yuan(g.total) +
                                      " 支出的收款方不是本项目登记工人，专户只能用于支付工资",
                                  json::object{{"debits", std::move(g.rows)}, {"count", g.count}, {"total", g.total}},
                                  key.second));
    }
}

}  // namespace

void AddAccIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("ACC-01"), Acc01});
    out.push_back({&Info("ACC-02"), Acc02});
    out.push_back({&Info("ACC-03"), Acc03});
    out.push_back({&Info("ACC-04"), Acc04, true});
}

}  // namespace anxin::warnings
