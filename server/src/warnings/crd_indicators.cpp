// CRD: credit. CRD-01 sees missed pay orders through ComplaintFacts (cases); CRD-02 reads the list
// through credit's published ListedEnterprises.
#include <map>

#include "credit/credit.hpp"
#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

namespace json = boost::json;
using storage::Param;

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
                json::object{{"caseId", o.case_id},
                             {"caseNumber", o.case_number},
                             {"employerId", o.employer_id},
                             {"employerName", o.employer_name},
                             {"orderDue", o.order_due.ToString()},
                             {"owed", o.owed},
                             {"threshold", threshold}},
                "", "case", o.case_id));
        });
    }
}

// CRD-02: a participant of the project (any role) is on the list on the as-of day → R, one warning
// per listed participant of each project (subject "participant": project id / enterprise id). (A listed legal representative of an unlisted firm is not matched: the
// registry keeps representatives by name only.)
void Crd02(EvalContext& ctx, Findings& out) {
    std::map<std::string, credit::ListedEnterprise> listed;
    for (auto& l : credit::ListedEnterprises(ctx.tx(), ctx.as_of())) listed.emplace(l.enterprise_id, std::move(l));
    if (listed.empty()) return;
    std::vector<Param> params;
    std::string sql =
        "SELECT pt.project_id, pt.enterprise_id, e.name, pt.role_code FROM registry_participant pt JOIN "
        "registry_enterprise_published e ON e.id = pt.enterprise_id JOIN registry_project p ON p.id = pt.project_id "
        "WHERE p.status IN " +
        std::string(kChainStatuses) + ctx.Filter("pt.project_id", params) + " ORDER BY pt.project_id, pt.enterprise_id";
    for (const auto& r : ctx.tx().Query(sql, params)) {
        auto it = listed.find(r.Text(1));
        if (it == listed.end()) continue;
        const std::string pid = r.Text(0);
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
                                      // One warning per listed participant of each project.
                                      "", "participant", pid + "/" + l.enterprise_id));
        });
    }
}

}  // namespace

void AddCrdIndicators(std::vector<Indicator>& out) {
    out.push_back({&Info("CRD-01"), Crd01});
    out.push_back({&Info("CRD-02"), Crd02});
}

}  // namespace anxin::warnings
