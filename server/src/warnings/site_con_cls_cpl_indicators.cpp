// SITE (notice board), CON (contract clauses, government funding, subcontracting), CLS (closure
// and return requests) and CPL (complaints and clues).
// CLS-01, CPL-01 and CPL-02 see clues and cases through ComplaintFacts (implemented by cases).
#include <map>

#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;

// SITE-01: the board's data sources incomplete: construction unit, general contractor, labor-affairs
// officer (registry) and the hotlines / arbitration channel (region parameters).
void Site01(EvalContext& ctx, Findings& out) {
    std::vector<Param> params;
    std::string sql =
        "SELECT p.id, p.construction_unit_id, p.general_contractor_id, EXISTS (SELECT 1 FROM registry_project_staff_published s "
        "WHERE s.project_id = p.id AND s.duty = 'labor_affairs_officer') FROM registry_project p WHERE p.status IN " +
        std::string(kSiteStatuses) + ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        ctx.Guard("SITE-01", pid, [&] {
            const ProjectInfo* p = ctx.Project(pid);
            if (!p) return;
            json::array missing;
            std::string names;
            auto miss = [&](std::string_view key, std::string_view label) {
                missing.push_back(json::value(key));
                names += (names.empty() ? "" : "、") + std::string(label);
            };
            if (r.IsNull(1)) miss("constructionUnit", "建设单位");
            if (r.IsNull(2)) miss("generalContractor", "施工总承包单位");
            if (!r.Bool(3)) miss("laborAffairsOfficer", "劳资专管员");
            if (ctx.Text(p->region_code, "notice.hotline_labor_inspection").empty())
                miss("laborInspectionHotline", "劳动保障监察投诉电话");
            if (ctx.Text(p->region_code, "notice.hotline_legal_aid").empty()) miss("legalAidHotline", "法律援助热线");
            if (ctx.Text(p->region_code, "notice.arbitration").empty()) miss("arbitration", "劳动争议仲裁渠道");
            if (missing.empty()) return;
            out.push_back(MakeFinding("SITE-01", pid, Level::kYellow, "维权信息告示牌要素不全：缺少" + names,
                                      json::object{{"missing", std::move(missing)}}));
        });
    }
}

// CON-01: the contract lacks the labor-cost clauses (allocation day, share or amount).
void Con01(EvalContext& ctx, Findings& out) {
    std::vector<Param> params;
    std::string sql =
        "SELECT p.id, p.labor_cost_cycle, p.labor_cost_day, p.labor_cost_ratio_bp, p.labor_cost_amount FROM "
        "registry_project p WHERE p.is_construction = 1 AND p.status IN ('approved', 'permitted', "
        "'under_construction') AND (p.labor_cost_day IS NULL OR (p.labor_cost_ratio_bp IS NULL AND "
        "p.labor_cost_amount IS NULL))" +
        ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        json::array missing;
        std::string names;
        if (r.IsNull(2)) {
            missing.push_back("laborCostDay");
            names = "拨付日期";
        }
        if (r.IsNull(3) && r.IsNull(4)) {
            missing.push_back("laborCostShare");
            names += std::string(names.empty() ? "" : "、") + "人工费用比例或金额";
        }
        out.push_back(MakeFinding("CON-01", r.Text(0), Level::kYellow, "施工合同未约定人工费用拨付条款：缺少" + names,
                                  json::object{{"laborCostCycle", r.Text(1)}, {"missing", std::move(missing)}}));
    }
}

// CON-03: a government-investment project whose progress payment is below 80% of the completed
// (output) value of a settled month → R.
void Con03(EvalContext& ctx, Findings& out) {
    std::vector<Param> params{ctx.WindowStartMonth()};
    std::string sql =
        "SELECT ov.project_id, ov.period, ov.output_value, COALESCE(ov.progress_payment, 0) FROM wages_output_value ov "
        "JOIN registry_project p ON p.id = ov.project_id WHERE p.investment_type = 'government' AND ov.period >= $1 "
        "AND ov.output_value > 0 AND (ov.progress_payment IS NOT NULL OR ov.settled_on IS NOT NULL) AND p.status IN " +
        std::string(kChainStatuses) + ctx.Filter("p.id", params);
    for (const auto& r : ctx.tx().Query(sql, params)) {
        std::string pid = r.Text(0);
        auto min_bp = ctx.IntFor(pid, "warning.con03_min_progress_bp");
        core::Fen value = r.Int(2), paid = r.Int(3);
        if (paid * 10000 >= value * min_bp) continue;
        std::int64_t ratio_bp = paid * 10000 / value;
        out.push_back(MakeFinding("CON-03", pid, Level::kRed,
                                  r.Text(1) + " 政府投资项目进度款支付 " + Yuan(paid) + "，仅为已完成产值 " + Yuan(value) +
                                      " 的 " + std::to_string(ratio_bp / 100) + "%，低于 " +
                                      std::to_string(min_bp / 100) + "%，存在拖欠工程款或要求垫资",
                                  json::object{{"period", r.Text(1)},
                                               {"outputValue", value},
                                               {"progressPayment", paid},
                                               {"ratioBp", ratio_bp},
                                               {"minimumBp", min_bp}},
                                  r.Text(1)));
    }
}

// CON-04: a subcontractor (001 / 006) with no credit code or no qualification → R.
void Con04(EvalContext& ctx, Findings& out) {
    std::vector<Param> params;
    std::string sql =
        "SELECT rp.project_id, e.id, e.name, e.credit_code, e.qualification, rp.role_code FROM registry_participant rp "
        "JOIN registry_enterprise_published e ON e.id = rp.enterprise_id JOIN registry_project p ON p.id = rp.project_id WHERE "
        "rp.role_code IN ('001', '006') AND rp.left_on IS NULL AND p.status <> 'closed' AND (e.credit_code = '' OR "
        "e.qualification = '')" +
        ctx.Filter("p.id", params) + " ORDER BY rp.project_id, e.id";
    std::map<std::string, json::array> groups;
    for (const auto& r : ctx.tx().Query(sql, params)) {
        json::array problems;
        if (r.Text(3).empty()) problems.push_back("no_credit_code");
        if (r.Text(4).empty()) problems.push_back("no_qualification");
        AppendCapped(groups[r.Text(0)], json::object{{"enterpriseId", r.Text(1)},
                                                     {"enterpriseName", r.Text(2)},
                                                     {"roleCode", r.Text(5)},
                                                     {"problems", std::move(problems)}});
    }
    for (auto& [pid, rows] : groups) {
        std::string names;
        for (const auto& row : rows) names += (names.empty() ? "" : "、") + std::string(row.at("enterpriseName").as_string());
        out.push_back(MakeFinding("CON-04", pid, Level::kRed, "分包给无信用代码或无资质的单位：" + names,
                                  json::object{{"enterprises", std::move(rows)}}));
    }
}

// CLS-01: the account closing (or closed) before completion, with less than the notice period, or
// while a wage complaint or case about the project is open; a deposit return applied for while
// one is open → Y.
void Cls01(EvalContext& ctx, Findings& out) {
    // As of: complaints by their receiving date, cases by their opening and closing times.
    std::map<std::string, std::int64_t> open_matters;
    if (ctx.complaints()) {
        const core::Timestamp before = ctx.as_of().AddDays(1).StartInShanghai();
        for (const auto& c : ctx.complaints()->CluesUnderHandling(ctx.tx(), before, ctx.ProjectIds()))
            ++open_matters[c.project_id];
        for (const auto& [pid, count] : ctx.complaints()->OpenCasesByProject(ctx.tx(), before, ctx.ProjectIds()))
            open_matters[pid] += count;
    }

    std::map<std::string, std::pair<json::array, std::string>> problems;
    auto add = [&](const std::string& pid, std::string_view code, const std::string& text) {
        auto& p = problems[pid];
        p.first.push_back(json::value(code));
        p.second += (p.second.empty() ? "" : "；") + text;
    };
    // As of: the account's state from its closure-notice and closing dates.
    std::vector<Param> aparams{ctx.WindowStart().ToString(), ctx.as_of().ToString()};
    std::string asql =
        "SELECT a.project_id, CASE WHEN a.closed_on <= $2 THEN 'closed' ELSE 'closing' END, a.closure_notice_on, "
        "CASE WHEN a.closed_on <= $2 THEN a.closed_on END, p.status FROM wages_account_published a JOIN registry_project p ON "
        "p.id = a.project_id WHERE ((a.closure_notice_on <= $2 AND (a.closed_on IS NULL OR a.closed_on > $2)) OR "
        "(a.closed_on >= $1 AND a.closed_on <= $2))" +
        ctx.Filter("p.id", aparams);
    for (const auto& r : ctx.tx().Query(asql, aparams)) {
        std::string pid = r.Text(0);
        ctx.Guard("CLS-01", pid, [&] {
            std::string project_status = r.Text(4);
            if (project_status != "completed" && project_status != "closed")
                add(pid, "before_completion", "项目未竣工即申请撤销工资专户");
            auto notice = OptDate(r.OptText(2));
            auto closed = OptDate(r.OptText(3));
            auto days = ctx.IntFor(pid, "account.close_notice_days");
            if (closed && (!notice || notice->DaysUntil(*closed) < days))
                add(pid, "short_notice", "专户销户前公示不足 " + std::to_string(days) + " 日");
            if (r.Text(1) == "closing" && open_matters.contains(pid))
                add(pid, "open_complaint", "有未办结的欠薪投诉或案件时申请销户");
        });
    }
    // As of: a return applied for by then, not yet confirmed or refused by then.
    std::vector<Param> rparams{ctx.as_of().ToString()};
    std::string rsql =
        "SELECT DISTINCT project_id FROM deposits_return WHERE applied_on <= $1 AND (confirmed_on IS NULL OR "
        "confirmed_on > $1) AND (review_result IS NULL OR review_result = 'approved' OR reviewed_on > $1)" +
        ctx.Filter("project_id", rparams);
    for (const auto& r : ctx.tx().Query(rsql, rparams)) {
        if (open_matters.contains(r.Text(0)))
            add(r.Text(0), "return_with_open_complaint", "有未办结的欠薪投诉或案件时申请返还保证金");
    }
    for (auto& [pid, p] : problems) {
        out.push_back(MakeFinding("CLS-01", pid, Level::kYellow, p.second + "，应暂停办理",
                                  json::object{{"problems", std::move(p.first)},
                                               {"openComplaintsOrCases", open_matters.contains(pid) ? open_matters[pid] : 0}}));
    }
}

// CPL-01: wage complaints (clues) about the project in the last 30 days: 1 → Y; ≥ 3 clues or
// ≥ 10 workers → R.
void Cpl01(EvalContext& ctx, Findings& out) {
    auto window = ctx.Int("", "warning.cpl01_window_days");
    core::Date from = ctx.as_of().AddDays(-static_cast<int>(window) + 1);
    if (!ctx.complaints()) return;
    struct Group {
        json::array clues;
        std::int64_t count = 0, workers = 0;
        core::Fen amount = 0;
    };
    std::map<std::string, Group> groups;
    for (const auto& c : ctx.complaints()->CluesReceived(ctx.tx(), from.StartInShanghai(),
                                                         ctx.as_of().AddDays(1).StartInShanghai(), ctx.ProjectIds())) {
        auto& g = groups[c.project_id];
        ++g.count;
        g.workers += c.worker_count;
        g.amount += c.amount;
        AppendCapped(g.clues, json::object{{"clueId", c.id},
                                           {"trackingCode", c.tracking_code},
                                           {"channel", c.channel},
                                           {"workerCount", c.worker_count},
                                           {"amount", c.amount},
                                           {"receivedAt", core::FormatTimestamp(c.received_at)}});
    }
    for (auto& [pid, g] : groups) {
        auto red_clues = ctx.IntFor(pid, "warning.cpl01_red_clues");
        auto red_workers = ctx.IntFor(pid, "warning.cpl01_red_workers");
        Level level = (g.count >= red_clues || g.workers >= red_workers) ? Level::kRed : Level::kYellow;
        out.push_back(MakeFinding("CPL-01", pid, level,
                                  "近 " + std::to_string(window) + " 天收到欠薪线索 " + std::to_string(g.count) +
                                      " 条，涉及 " + std::to_string(g.workers) + " 人、" + Yuan(g.amount),
                                  json::object{{"windowDays", window},
                                               {"count", g.count},
                                               {"workers", g.workers},
                                               {"amount", g.amount},
                                               {"clues", std::move(g.clues)}}));
    }
}

// CPL-02: a clue not accepted within the acceptance time limit → Y; its case not closed within the
// closing time limit → R (government SLA; the responsible party is the department).
void Cpl02(EvalContext& ctx, Findings& out) {
    // As of: received by then; still awaiting acceptance then (accepted or refused only later), or
    // accepted by then with its case open then. The stage is the one it was in on that day.
    if (!ctx.complaints()) return;
    for (const auto& c : ctx.complaints()->CluesInTimeLimitedStage(ctx.tx(), ctx.as_of().AddDays(1).StartInShanghai(),
                                                                  ctx.ProjectIds())) {
        const std::string& pid = c.project_id;
        ctx.Guard("CPL-02", pid, [&] {
            core::Date received = core::Date::ShanghaiDateOf(c.received_at);
            bool accepted = c.accepted;
            auto limit = ctx.IntFor(pid, accepted ? "clue.close_working_days" : "clue.accept_working_days");
            core::Date due = ctx.calendar().AddWorkingDays(received, static_cast<int>(limit));
            if (ctx.as_of() <= due) return;
            int late = ctx.calendar().WorkingDaysBetween(due, ctx.as_of());
            out.push_back(MakeFinding("CPL-02", pid, accepted ? Level::kRed : Level::kYellow,
                                      "线索 " + c.tracking_code + (accepted ? " 应于 " + due.ToString() + " 前办结" : " 应于 " + due.ToString() + " 前受理") +
                                          "，已超期 " + std::to_string(late) + " 个工作日",
                                      json::object{{"clueId", c.id},
                                                   {"trackingCode", c.tracking_code},
                                                   {"stage", accepted ? "close" : "accept"},
                                                   {"caseId", c.case_id ? json::value(*c.case_id) : json::value(nullptr)},
                                                   {"receivedOn", received.ToString()},
                                                   {"dueOn", due.ToString()},
                                                   {"workingDaysLate", late}},
                                      "", "clue", c.id));
        });
    }
}

}  // namespace

void AddSiteConClsCplIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("SITE-01"), Site01});
    out.push_back({&Info("CON-01"), Con01});
    out.push_back({&Info("CON-03"), Con03, true});
    out.push_back({&Info("CON-04"), Con04});
    out.push_back({&Info("CLS-01"), Cls01});
    out.push_back({&Info("CPL-01"), Cpl01});
    out.push_back({&Info("CPL-02"), Cpl02});
}

}  // namespace anxin::warnings
