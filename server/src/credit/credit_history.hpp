// The deposit rules' history of an enterprise (deposits::CreditHistoryProvider) with the list in it:
// the yearly declarations as before, and `blacklisted` when the enterprise is listed on the day the
// requirement is computed (DEP: no exemption, the surcharge applies).
#pragma once

#include "core/time.hpp"
#include "deposits/deposits.hpp"

namespace anxin::credit {

class ListingCreditHistory final : public deposits::CreditHistoryProvider {
  public:
    explicit ListingCreditHistory(const core::Clock& clock) : clock_(clock) {}
    deposits::DepositHistory HistoryFor(storage::Transaction& tx, std::string_view enterprise_id, int year) const override;

  private:
    const core::Clock& clock_;
    deposits::StoredCreditHistoryProvider declarations_;
};

}  // namespace anxin::credit
