// The demo's joint-punishment list (credit): procedures in every stage, each replayed on a
// ManualClock through the credit service so every date, step and audit event is the real one —
// proposed yesterday; in its statement period; past it and awaiting a decision (overdue); not
// listed; listed; listed, paid and applying for repair; removed by repair; removed at the end of its
// term. The county is 历下区 (the `lixia` login's worklist; the first one is 青岛市市南区's), the firms
// mostly labour subcontractors. Runs
// before the complaints, so a repair finds no new arrears and the warnings run sees the list.
#include "cases/credit_hooks.hpp"
#include "credit/listing_service.hpp"
#include "credit/query_service.hpp"
#include "demo/generator.hpp"
#include "registry/enterprises.hpp"

namespace anxin::demo::generator {

void Generator::GenerateListings() {
    core::ManualClock past(clock_.Now());
    region::ParameterService parameters(db_, past);
    cases::CaseArrearsFacts arrears;
    credit::ListingService listings(db_, past, core::WorkingCalendar::Embedded(), parameters, &cipher_, arrears);
    core::Principal officer;
    officer.user_id = "demo-officer-370102";
    officer.username = "demo-officer";
    officer.role = std::string(role::kSupervisor);
    officer.region_code = "370102";
    officer.display_name = "历下区人社局";
    const core::CallContext ctx = Ctx(officer, "demo-credit");
    // One procedure of another city (青岛市市南区): Jinan's logins must not see it (the scope walk).
    core::Principal qingdao = officer;
    qingdao.user_id = "demo-officer-370202";
    qingdao.region_code = "370202";
    qingdao.display_name = "市南区人社局";
    const core::CallContext qingdao_ctx = Ctx(qingdao, "demo-credit");
    auto on = [&](int days_ago) { past.Set(today_.AddDays(-days_ago).StartInShanghai() + std::chrono::hours(10)); };

    // Firms each department can see (its region's, or those on its region's projects): labour
    // subcontractors with a valid credit code first, then professional subcontractors and other
    // employers, then general contractors, in the generator's order (the seed decides which).
    auto firms_of = [&](const core::Principal& p) {
        std::vector<int> out;
        auto tx = db_.Begin(storage::TxMode::kRead);
        for (const char* kind : {"labor_subcontractor", "professional_subcontractor", "other_employer", "general_contractor"})
            for (int e : by_kind_[kind]) {
                const auto& ent = ents_[static_cast<std::size_t>(e)];
                if (!ent.bad_code && registry::EnterpriseService::EnterpriseInScope(tx, p, ent.id)) out.push_back(e);
            }
        return out;
    };
    const std::vector<int> jinan_firms = firms_of(officer);
    const std::vector<int> qingdao_firms = firms_of(qingdao);
    Rng rng(options_.seed ^ 0xC4ED17);
    struct Plan {
        int proposed_ago;
        int notified_ago = -1;   // -1: not yet
        int statement_ago = -1;
        int decided_ago = -1;
        bool list = true;
        int paid_ago = -1;
        int repair_ago = -1;
        int repair_decided_ago = -1;
    };
    const int term = 3 * 365;
    const std::vector<Plan> plans = {
        {1},                                        // proposed yesterday (in Qingdao)
        {4, 2},                                     // in the statement period
        {60, 58, 56},                               // awaiting the decision, overdue
        {95, 93, 91, 84, false},                    // not listed
        {210, 208, -1, 200},                        // listed
        {430, 428, 426, 410, true, 300, 3},         // paid, repair applied
        {760, 758, -1, 740, true, 600, 400, 390},   // removed by repair
        {term + 80, term + 78, -1, term + 60},      // its three years ended
    };
    int made = 0;
    std::vector<int> used;  // firm per plan
    // The first plan is Qingdao's when Qingdao can see a firm (a small province may have none: then
    // Jinan's too); the others Jinan's, each with its own firm.
    const bool qingdao_first = !qingdao_firms.empty();
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const bool in_qingdao = i == 0 && qingdao_first;
        const auto& pool = in_qingdao ? qingdao_firms : jinan_firms;
        const std::size_t pick = in_qingdao ? 0 : (qingdao_first ? i - 1 : i);
        if (pick >= pool.size()) continue;
        used.push_back(pool[pick]);
        const auto& plan = plans[i];
        const auto& firm = ents_[static_cast<std::size_t>(pool[pick])];
        credit::NewListing n;
        n.enterprise_id = firm.id;
        n.arrears_fen = (35 + static_cast<core::Fen>(rng.Below(160))) * 100'000;  // 3.5–19 万元
        n.order_missed_on = today_.AddDays(-plan.proposed_ago - 5);
        n.mass_incident = i % 4 == 2;
        const int workers = 6 + static_cast<int>(rng.Below(30));
        n.reason = "拖欠 " + std::to_string(workers) + " 名农民工工资 " + core::FormatYuan(n.arrears_fen) +
                   " 元，经责令限期支付，逾期仍不支付" + (n.mass_incident ? "，引发群体性讨薪事件" : "");
        const bool male = rng.Chance(0.8);
        n.persons.push_back({"legal_representative", PersonName(rng, male),
                             core::MakeIdNumber(firm.county, Date(1965 + static_cast<int>(rng.Below(25)), 1 + static_cast<unsigned>(rng.Below(12)), 1 + static_cast<unsigned>(rng.Below(28))),
                                                static_cast<int>(rng.Below(500)) * 2 + (male ? 1 : 0))});
        if (i % 2 == 0)
            n.persons.push_back({"responsible", PersonName(rng, true),
                                 core::MakeIdNumber(firm.county, Date(1975 + static_cast<int>(rng.Below(20)), 1 + static_cast<unsigned>(rng.Below(12)), 1 + static_cast<unsigned>(rng.Below(28))),
                                                    static_cast<int>(rng.Below(500)) * 2 + 1)});
        on(plan.proposed_ago);
        const std::string id = listings.Propose(in_qingdao ? qingdao_ctx : ctx, n).id;
        if (plan.notified_ago >= 0) {
            on(plan.notified_ago);
            listings.Notify(ctx, id);
        }
        if (plan.statement_ago >= 0) {
            on(plan.statement_ago);
            listings.RecordStatement(ctx, id, "企业称工程款未结算导致资金周转困难，已筹措部分款项，请求从轻处理");
        }
        if (plan.decided_ago >= 0) {
            on(plan.decided_ago);
            listings.Decide(ctx, id, plan.list,
                            plan.list ? "拒不支付劳动报酬，数额达到列入标准，陈述申辩理由不能成立"
                                      : "企业已在陈述申辩期内支付全部拖欠工资，不予列入");
        }
        if (plan.paid_ago >= 0) {
            on(plan.paid_ago);
            listings.RecordCorrection(ctx, id, today_.AddDays(-plan.paid_ago));
        }
        if (plan.repair_ago >= 0) {
            on(plan.repair_ago);
            listings.ApplyRepair(ctx, id, "本企业承诺今后严格执行工资支付制度，按时足额支付农民工工资，如有违反愿承担相应责任");
        }
        if (plan.repair_decided_ago >= 0) {
            on(plan.repair_decided_ago);
            listings.DecideRepair(ctx, id, true, "欠薪已清偿满 6 个月，期间无新发欠薪，已作出书面信用承诺");
        }
        ++made;
    }
    past.Set(clock_.Now());
    const std::int64_t expired = listings.ExpireDue();
    Count("credit listings", made);
    Count("credit listings expired", expired);

    // Pre-contract queries on record: 市南区 checks the firm it is listing; 历下区 checks a listed one.
    credit::QueryService queries(db_, past, arrears);
    int asked = 0;
    if (!qingdao_firms.empty()) {
        queries.Query(qingdao_ctx, ents_[static_cast<std::size_t>(qingdao_firms[0])].id);
        ++asked;
    }
    if (used.size() > 4) {
        queries.Query(ctx, ents_[static_cast<std::size_t>(used[4])].id);
        ++asked;
    }
    Count("credit queries", asked);
}

}  // namespace anxin::demo::generator
