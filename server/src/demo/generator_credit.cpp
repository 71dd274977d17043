// The demo's joint-punishment list (credit): procedures in every stage, each replayed on a
// ManualClock through the credit service so every date, step and audit event is the real one —
// proposed yesterday; in its statement period; past it and awaiting a decision (overdue); not
// listed; listed; listed, paid and applying for repair; removed by repair; removed at the end of its
// term. The county is 历下区 (the `lixia` login's worklist; the first one is 青岛市市南区's), the firms
// mostly labour subcontractors. Runs
// before the complaints, so a repair finds no new arrears and the warnings run sees the list.
#include "cases/credit_hooks.hpp"
#include "credit/anomaly_service.hpp"
#include "credit/grade_service.hpp"
#include "credit/listing_service.hpp"
#include "credit/publication_service.hpp"
#include "files/files.hpp"
#include "credit/query_service.hpp"
#include "demo/generator.hpp"
#include "registry/enterprises.hpp"
#include "warnings/credit_facts.hpp"

namespace anxin::demo::generator {

namespace {
// The county labor-inspection department that acts on the demo's credit records.
core::Principal CreditOfficer(const std::string& region_code, const std::string& name) {
    core::Principal p;
    p.user_id = "demo-officer-" + region_code;
    p.username = "demo-officer";
    p.role = std::string(role::kSupervisor);
    p.region_code = region_code;
    p.display_name = name;
    return p;
}
}  // namespace

void Generator::GenerateListings() {
    core::ManualClock past(clock_.Now());
    region::ParameterService parameters(db_, past);
    cases::CaseArrearsFacts arrears;
    credit::ListingService listings(db_, past, core::WorkingCalendar::Embedded(), parameters, &cipher_, arrears);
    const core::Principal officer = CreditOfficer("370102", "历下区人社局");
    const core::CallContext ctx = Ctx(officer, "demo-credit");
    // One procedure of another city (青岛市市南区): Jinan's logins must not see it (the scope walk).
    const core::Principal qingdao = CreditOfficer("370202", "市南区人社局");
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

namespace anxin::demo::generator {

// Credit records after the complaints and warnings: the nightly anomaly job replayed week by week
// over the weeks the complaints cover (red warnings, missed orders, police transfers become records
// dated as they occurred), an objection pending, one revoked and one upheld; the year's grades of
// 历下区 and 市南区 evaluated and published (listed firms are C, firms with records B, the rest A; one
// adjusted with its reason); the quarterly publications of the last four quarters.
void Generator::GenerateCreditRecords() {
    core::ManualClock past(clock_.Now());
    region::ParameterService parameters(db_, past);
    warnings::CreditAnomalyFacts warning_facts;
    cases::CaseAnomalyFacts case_facts;
    const core::WorkingCalendar& calendar = core::WorkingCalendar::Embedded();
    credit::AnomalyService anomalies(db_, past, calendar, parameters,
                                     std::vector<const credit::AnomalyFacts*>{&warning_facts, &case_facts});
    cases::CaseArrearsFacts arrears;
    const credit::ListingService listings(db_, past, calendar, parameters, &cipher_, arrears);
    // 10:00 on a past day; today, the generator's own time (never later than now).
    auto on = [&](Date day) { past.Set(day < today_ ? day.StartInShanghai() + std::chrono::hours(10) : clock_.Now()); };
    std::int64_t raised = 0;
    // The first night looks back over the year; each later one over its week.
    for (int ago = 63; ago >= 0; ago -= 7) {
        on(today_.AddDays(-ago));
        raised += anomalies.RaiseFromFacts(today_.AddDays(-ago), ago == 63 ? 366 : 8);
    }
    Count("credit anomalies", raised);

    const core::Principal officer = CreditOfficer("370102", "历下区人社局");
    const core::CallContext ctx = Ctx(officer, "demo-credit");
    const core::Principal qingdao = CreditOfficer("370202", "市南区人社局");

    // An objection awaiting the correction, one revoked and one upheld (the newest records of 历下区).
    std::vector<credit::Anomaly> recent;
    {
        credit::AnomalyQuery q;
        q.limit = 3;
        recent = anomalies.List(ctx, q).items;
    }
    for (std::size_t i = 0; i < recent.size(); ++i) {
        core::Principal firm;
        firm.user_id = "demo-enterprise-" + recent[i].enterprise_id;
        firm.username = "demo-enterprise";
        firm.role = std::string(role::kEnterpriseUser);
        firm.region_code = recent[i].region_code;
        firm.enterprise_id = recent[i].enterprise_id;
        firm.display_name = recent[i].enterprise_name;
        anomalies.Object(Ctx(firm, "demo-credit"), recent[i].id,
                         i == 1 ? "该月工资已由总包代发，附代发银行回单，请予核实撤销"
                                : "项目停工期间无施工人员，不存在拖欠工资情形");
        if (i == 1) anomalies.Correct(ctx, recent[i].id, true, "经核实总包已代发当月工资，撤销该记录");
        if (i == 2) anomalies.Correct(ctx, recent[i].id, false, "经核实异议理由不成立，维持记录");
    }

    // Records by hand (a supervisor's, with the inspection record as evidence): in each department one
    // firm of its projects without records gets a general violation, another obstruction of inspection.
    if (options_.files) {
        int manual = 0;
        for (const core::Principal* p : {&officer, &qingdao}) {
            const core::CallContext c = Ctx(*p, "demo-credit");
            // Firms of the department's projects with no record and never proposed for the list.
            std::vector<std::string> clean;
            std::vector<std::string> firms;
            {
                auto tx = db_.Begin(storage::TxMode::kRead);
                for (const auto& r : tx.Query("SELECT DISTINCT pt.enterprise_id FROM registry_participant pt JOIN registry_project pr ON "
                                              "pr.id = pt.project_id WHERE pr.region_code LIKE $1 ORDER BY pt.enterprise_id",
                                              {p->region_code + "%"}))
                    firms.push_back(r.Text(0));
            }
            for (const auto& firm : firms) {
                credit::AnomalyQuery q;
                q.enterprise_id = firm;
                q.limit = 1;
                if (anomalies.List(c, q).total > 0) continue;
                credit::ListingQuery l;
                l.enterprise_id = firm;
                l.limit = 1;
                if (listings.List(c, l).total > 0) continue;
                clean.push_back(firm);
            }
            const struct {
                const char* category;
                int ago;
                const char* summary;
            } records[] = {
                {"violation", 40, "专项检查发现未按规定保存工资支付台账，且未按月公示工资发放情况，已责令改正"},
                {"obstruction", 25, "检查人员依法调取考勤与工资发放记录时拒不提供，并阻止进入施工现场，阻挠劳动保障监察"},
            };
            for (std::size_t i = 0; i < std::size(records) && i < clean.size(); ++i) {
                on(today_.AddDays(-records[i].ago));
                files::Upload upload;
                upload.file_name = std::string("现场检查笔录-") + std::to_string(i + 1) + ".pdf";
                upload.purpose = "credit_evidence";
                upload.bytes = "%PDF-1.4\n% 劳动保障监察现场检查笔录（演示）\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
                const std::string file_id = options_.files->Store(c, std::move(upload)).id;
                credit::NewAnomaly n;
                n.enterprise_id = clean[i];
                n.category = records[i].category;
                n.occurred_on = today_.AddDays(-records[i].ago - 2);
                n.summary = records[i].summary;
                n.file_id = file_id;
                anomalies.Record(c, n);
                ++manual;
            }
        }
        Count("credit anomalies recorded by hand", manual);
    }

    // The year's grades of both departments, published; one adjustment in 历下区.
    credit::GradeService grades(db_, past, parameters);
    on(today_);
    int graded = 0;
    for (const core::Principal* p : {&officer, &qingdao}) {
        const core::CallContext c = Ctx(*p, "demo-credit");
        credit::GradeRun run = grades.Evaluate(c, today_.year());
        if (p == &officer && run.count_b > 1)  // keep a B on the page
            for (const auto& g : run.grades)
                if (g.grade == "B") {
                    grades.Adjust(c, run.id, g.enterprise_id, "A", "记录涉及的欠薪已在预警期内全额支付，经集体研究调整为 A 级");
                    break;
                }
        run = grades.Publish(c, run.id);
        graded += static_cast<int>(run.count_a + run.count_b + run.count_c);
        summary_.counts["credit grades A"] += run.count_a;
        summary_.counts["credit grades B"] += run.count_b;
        summary_.counts["credit grades C"] += run.count_c;
    }
    Count("credit grades", graded);

    // The publications of the last four quarters that have ended.
    credit::PublicationService publications(db_, past);
    int published = 0;
    int year = today_.year(), quarter = (static_cast<int>(today_.month()) - 1) / 3;  // the quarter before this one
    for (int n = 0; n < 4; ++n, --quarter) {
        if (quarter == 0) {
            quarter = 4;
            --year;
        }
        const Date end = quarter == 4 ? Date(year, 12, 31) : Date(year, static_cast<unsigned>(quarter * 3 + 1), 1).AddDays(-1);
        on(end.AddDays(5));
        publications.Publish(ctx, year, quarter);
        ++published;
    }
    past.Set(clock_.Now());
    Count("credit publications", published);
}

}  // namespace anxin::demo::generator
