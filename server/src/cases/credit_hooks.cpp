#include "cases/credit_hooks.hpp"

namespace anxin::cases {

std::int64_t NewArrearsCases::ArrearsCasesSince(storage::Transaction& tx, std::string_view enterprise_id,
                                                core::Date since) const {
    // Opened on a later day than `since` (Shanghai midnight after it, in ms).
    const std::int64_t after = core::ToMillis(since.AddDays(1).StartInShanghai());
    return tx.QueryOne("SELECT COUNT(*) FROM cases_case WHERE employer_id = $1 AND opened_at >= $2",
                       {enterprise_id, after})
        .Int(0);
}

}  // namespace anxin::cases
