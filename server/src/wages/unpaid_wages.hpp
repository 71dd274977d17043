// The wages module's answer to the deposits module's question (deposits::UnpaidWagesProvider):
// does this project still owe wages? From the approved payrolls and what the bank confirmed paid
// (WageStandings), so a deposit return is refused while any worker is owed (DEP 22).
#pragma once

#include "deposits/deposits.hpp"

namespace anxin::wages {

class ProjectUnpaidWages final : public deposits::UnpaidWagesProvider {
  public:
    // nullopt when nothing is outstanding, else "3 名工人共 1234.00 元工资未发放（2026-01、2026-02）".
    std::optional<std::string> UnpaidWages(storage::Transaction& tx, std::string_view project_id) const override;
};

}  // namespace anxin::wages
