#include "cases/credit_hooks.hpp"

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

}  // namespace anxin::cases
