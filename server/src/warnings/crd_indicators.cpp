// CRD: credit. CRD-01 and CRD-03 see missed pay orders through ComplaintFacts (cases); CRD-02 reads
// the list and the grades through credit's published ListedEnterprises and GradeCEnterprises.
#include <map>

#include "credit/credit.hpp"
#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;

// The order to pay missed, as CRD-01 and CRD-03 state it.
json::object OrderEvidence(const ComplaintFacts::MissedPayOrder& o, core::Fen threshold) {
    return json::object{{"caseId", o.case_id},     {"caseNumber", o.case_number}, {"employerId", o.employer_id},
                        {"employerName", o.employer_name}, {"orderDue", o.order_due.ToString()}, {"owed", o.owed},
                        {"threshold", threshold}};
}

// CRD-01: the conditions for the joint-punishment list hold (BL 5): an order to pay whose deadline
// passed with wages still owed at or above the provincial standard (credit.crime_threshold_fen) →
// R, on the case's project; the supervisor starts the listing procedure (credit).
void Crd01(EvalContext& ctx, Findings& out) {
    if (!ctx.complaints()) return;
    for (const auto& o : ctx.complaints()->MissedPayOrders(ctx.tx(), ctx.as_of(), ctx.ProjectIds())) {
        ctx.Guard("CRD-01", o.project_id, [&] {
            const core::Fen threshold = ctx.IntFor(o.project_id, "credit.crime_threshold_fen");
            if (o.owed < threshold) return;
            out.push_back(MakeFinding(
                "CRD-01", o.project_id, Level::kRed,
                "案件 " + o.case_number + "：" + o.employer_name + " 逾期未履行限期支付指令（期限 " + o.order_due.ToString() +
                    "），仍拖欠 " + Yuan(o.owed) + "，达到列入失信联合惩戒名单的标准 " + Yuan(threshold) + "，应启动列入程序",
                OrderEvidence(o, threshold), "", "case", o.case_id));
        });
    }
}

// CRD-02: a participant of the project (any role) is on the list on the as-of day → R; or its
// compliance grade in force is C (人社部规〔2016〕1号: C-grade firms are inspected more closely) → Y.
// One warning per such participant of each project (subject "participant": project id / enterprise id).
// (A listed legal representative of an unlisted firm is not matched: the registry keeps
// representatives by name only.)
void Crd02(EvalContext& ctx, Findings& out) {
    std::map<std::string, credit::ListedEnterprise> listed;
    for (auto& l : credit::ListedEnterprises(ctx.tx(), ctx.as_of())) listed.emplace(l.enterprise_id, std::move(l));
    std::map<std::string, credit::GradeInForce> grade_c;
    for (auto& g : credit::GradeCEnterprises(ctx.tx(), ctx.as_of())) grade_c.emplace(g.enterprise_id, std::move(g));
    if (listed.empty() && grade_c.empty()) return;
    std::vector<Param> params;
    std::string sql =
        "SELECT pt.project_id, pt.enterprise_id, e.name, pt.role_code FROM registry_participant pt JOIN "
        "registry_enterprise_published e ON e.id = pt.enterprise_id JOIN registry_project p ON p.id = pt.project_id "
        "WHERE p.status IN " +
        std::string(kChainStatuses) + ctx.Filter("pt.project_id", params) + " ORDER BY pt.project_id, pt.enterprise_id";
    for (const auto& r : ctx.tx().Query(sql, params)) {
        const std::string pid = r.Text(0), eid = r.Text(1);
        if (auto it = listed.find(eid); it != listed.end()) {
            ctx.Guard("CRD-02", pid, [&] {
                const auto& l = it->second;
                out.push_back(MakeFinding("CRD-02", pid, Level::kRed,
                                          "参建单位 " + r.Text(2) + " 在失信联合惩戒对象名单内（" + l.number + "，" +
                                              l.decided_on.ToString() + " 至 " + l.expires_on.ToString() + "）",
                                          json::object{{"enterpriseId", l.enterprise_id},
                                                       {"enterpriseName", r.Text(2)},
                                                       {"roleCode", r.Text(3)},
                                                       {"listingNumber", l.number},
                                                       {"decidedOn", l.decided_on.ToString()},
                                                       {"expiresOn", l.expires_on.ToString()}},
                                          "", "participant", pid + "/" + eid));
            });
        } else if (auto g = grade_c.find(eid); g != grade_c.end()) {
            ctx.Guard("CRD-02", pid, [&] {
                out.push_back(MakeFinding("CRD-02", pid, Level::kYellow,
                                          "参建单位 " + r.Text(2) + " 的劳动保障守法诚信等级为 C 级（" +
                                              std::to_string(g->second.year) + " 年度，" + g->second.published_on.ToString() +
                                              " 发布）：" + g->second.rule,
                                          json::object{{"enterpriseId", eid},
                                                       {"enterpriseName", r.Text(2)},
                                                       {"roleCode", r.Text(3)},
                                                       {"grade", "C"},
                                                       {"gradeYear", g->second.year},
                                                       {"rule", g->second.rule}},
                                          "", "participant", pid + "/" + eid));
            });
        }
    }
}

// CRD-03: possible crime of refusing to pay (拒不支付劳动报酬罪, CRIM 2–4; REG 41) → R, refer to the
// police: (a) an order to pay missed with arrears at or above the provincial threshold, the case not
// yet transferred (the warning clears once it is); (b) signs of asset transfer: a project with an
// open arrears case whose wage account has an open non-wage outflow (ACC-04).
void Crd03(EvalContext& ctx, Findings& out) {
    if (!ctx.complaints()) return;
    for (const auto& o : ctx.complaints()->MissedPayOrders(ctx.tx(), ctx.as_of(), ctx.ProjectIds())) {
        ctx.Guard("CRD-03", o.project_id, [&] {
            const core::Fen threshold = ctx.IntFor(o.project_id, "credit.crime_threshold_fen");
            if (o.owed < threshold || o.police_transferred) return;
            out.push_back(MakeFinding(
                "CRD-03", o.project_id, Level::kRed,
                "案件 " + o.case_number + "：" + o.employer_name + " 经责令限期支付（期限 " + o.order_due.ToString() +
                    "）仍不支付，拖欠 " + Yuan(o.owed) + "，达到拒不支付劳动报酬罪数额标准 " + Yuan(threshold) +
                    "，涉嫌犯罪，应移送公安机关",
                [&] {
                    json::object e = OrderEvidence(o, threshold);
                    e["sign"] = "order_ignored";
                    return e;
                }(),
                "", "case", o.case_id));
        });
    }
    const core::Timestamp before = ctx.as_of().AddDays(1).StartInShanghai();
    const auto open_cases = ctx.complaints()->OpenCasesByProject(ctx.tx(), before, ctx.ProjectIds());
    if (open_cases.empty()) return;
    std::vector<Param> params;
    const std::string sql = "SELECT project_id, id, explanation FROM warnings_warning WHERE indicator = 'ACC-04' AND status IN "
                            "('open', 'acknowledged', 'handling', 'escalated') AND project_id IS NOT NULL" +
                            ctx.Filter("project_id", params) + " ORDER BY project_id, id";
    std::map<std::string, std::pair<std::string, std::string>> outflows;  // project → first ACC-04 warning
    for (const auto& r : ctx.tx().Query(sql, params)) outflows.try_emplace(r.Text(0), r.Text(1), r.Text(2));
    for (const auto& outflow : outflows) {  // (clang 14 cannot capture structured bindings)
        const std::string& pid = outflow.first;
        const auto& warning = outflow.second;
        auto cases = open_cases.find(pid);
        if (cases == open_cases.end() || cases->second == 0) continue;
        ctx.Guard("CRD-03", pid, [&] {
            out.push_back(MakeFinding("CRD-03", pid, Level::kRed,
                                      "项目有未办结的欠薪案件 " + std::to_string(cases->second) +
                                          " 件，同时工资专户资金异常流出（ACC-04），存在转移资产迹象，涉嫌拒不支付劳动报酬罪，应移送公安机关",
                                      json::object{{"openCases", cases->second}, {"acc04WarningId", warning.first},
                                                   {"acc04", warning.second}, {"sign", "asset_transfer"}}));
        });
    }
}

}  // namespace

void AddCrdIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("CRD-01"), Crd01});
    out.push_back({&Info("CRD-02"), Crd02});
    out.push_back({&Info("CRD-03"), Crd03});
}

}  // namespace anxin::warnings
