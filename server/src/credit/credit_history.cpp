#include "credit/credit_history.hpp"

#include "credit/credit.hpp"

namespace anxin::credit {

deposits::DepositHistory ListingCreditHistory::HistoryFor(storage::Transaction& tx, std::string_view enterprise_id,
                                                         int year) const {
    deposits::DepositHistory history = declarations_.HistoryFor(tx, enterprise_id, year);
    history.blacklisted = IsListed(tx, enterprise_id, clock_.TodayInShanghai());
    return history;
}

}  // namespace anxin::credit
