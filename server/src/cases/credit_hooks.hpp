// What cases tell the credit module (credit::ArrearsFacts): an enterprise's arrears cases (as the
// employer) — whether any opened after a day, and the list since a day.
#pragma once

#include "credit/credit.hpp"

namespace anxin::cases {

class CaseArrearsFacts final : public credit::ArrearsFacts {
  public:
    std::int64_t ArrearsCasesSince(storage::Transaction& tx, std::string_view enterprise_id,
                                   core::Date since) const override;
    std::vector<ArrearsCase> ArrearsCasesFrom(storage::Transaction& tx, std::string_view enterprise_id,
                                              core::Date since) const override;
};

}  // namespace anxin::cases
