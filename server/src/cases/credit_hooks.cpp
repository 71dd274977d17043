#include "cases/credit_hooks.hpp"

#include <boost/json.hpp>

#include "core/money.hpp"

namespace anxin::cases {

std::int64_t CaseArrearsFacts::ArrearsCasesSince(storage::Transaction& tx, std::string_view enterprise_id,
                                                core::Date since) const {
    // Opened on a later day than `since` (Shanghai midnight after it, in ms).
    const std::int64_t after = core::ToMillis(since.AddDays(1).StartInShanghai());
    return tx.QueryOne("SELECT COUNT(*) FROM cases_case WHERE employer_id = $1 AND opened_at >= $2",
                       {enterprise_id, after})
        .Int(0);
}

std::vector<credit::ArrearsFacts::ArrearsCase> CaseArrearsFacts::ArrearsCasesFrom(storage::Transaction& tx,
                                                                                 std::string_view enterprise_id,
                                                                                 core::Date since) const {
    std::vector<ArrearsCase> out;
    for (const auto& r : tx.Query("SELECT number, opened_at, state, conclusion, claimed_amount, recovered_amount "
                                  "FROM cases_case WHERE employer_id = $1 AND opened_at >= $2 ORDER BY opened_at DESC, id",
                                  {enterprise_id, core::ToMillis(since.StartInShanghai())}))
        out.push_back({r.Text(0), core::Date::ShanghaiDateOf(r.Time(1)), r.Text(2), r.OptText(3), r.Int(4), r.Int(5)});
    return out;
}

std::vector<credit::AnomalyFact> CaseAnomalyFacts::AnomalyFactsBetween(storage::Transaction& tx, core::Date since,
                                                                      core::Date as_of) const {
    std::vector<credit::AnomalyFact> out;
    // Orders to pay missed: still in the ordered stage after the pay-by day with wages owed (the record
    // is dated the day after the deadline; one per case, so a later state does not undo it).
    for (const auto& r : tx.Query("SELECT id, number, employer_id, project_id, region_code, pay_by_on, claimed_amount - "
                                  "recovered_amount FROM cases_case WHERE state = 'ordered' AND pay_by_on < $1 AND pay_by_on >= $2 "
                                  "AND employer_id IS NOT NULL AND claimed_amount > recovered_amount ORDER BY pay_by_on, id",
                                  {as_of.ToString(), since.AddDays(-1).ToString()})) {
        credit::AnomalyFact f;
        f.source = "pay_order_ignored";
        f.source_ref = r.Text(0);
        f.enterprise_id = r.Text(2);
        f.project_id = r.OptText(3);
        f.region_code = r.Text(4);
        f.occurred_on = r.Date(5).AddDays(1);
        f.summary = "案件 " + r.Text(1) + "：逾期未履行责令限期支付指令（期限 " + r.Text(5) + "），仍拖欠 " +
                    core::FormatYuan(r.Int(6)) + " 元";
        f.evidence = boost::json::object{{"caseId", r.Text(0)}, {"caseNumber", r.Text(1)}, {"payBy", r.Text(5)}, {"owed", r.Int(6)}};
        out.push_back(std::move(f));
    }
    // Transfers to the police (拒不支付劳动报酬罪).
    for (const auto& r : tx.Query("SELECT c.id, c.number, c.employer_id, c.project_id, c.region_code, s.at FROM cases_step s JOIN "
                                  "cases_case c ON c.id = s.case_id WHERE s.kind = 'police_transfer' AND s.at >= $1 AND s.at < $2 "
                                  "AND c.employer_id IS NOT NULL ORDER BY s.at, c.id",
                                  {core::ToMillis(since.StartInShanghai()), core::ToMillis(as_of.AddDays(1).StartInShanghai())})) {
        credit::AnomalyFact f;
        f.source = "police_transfer";
        f.source_ref = r.Text(0);
        f.enterprise_id = r.Text(2);
        f.project_id = r.OptText(3);
        f.region_code = r.Text(4);
        f.occurred_on = core::Date::ShanghaiDateOf(r.Time(5));
        f.summary = "案件 " + r.Text(1) + "：涉嫌拒不支付劳动报酬罪，已移送公安机关";
        f.evidence = boost::json::object{{"caseId", r.Text(0)}, {"caseNumber", r.Text(1)}};
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace anxin::cases
