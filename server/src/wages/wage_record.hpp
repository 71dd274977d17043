// The wage record of each worker (工资支付记录): per project and month, what approved payrolls owe,
// what the bank confirmed paid, what is outstanding, with pay dates and bank references — the basis
// for arrears warnings and complaint handling. Reads only; scoped like projects (a project or rows
// outside the caller's scope are absent). The unscoped form for other modules is wages::WageStandings
// (wages.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::wages {

struct WageRecord {
    std::string worker_id;
    std::string worker_name;
    std::string project_id;
    std::string project_name;
    std::string period;  // YYYY-MM
    core::Fen owed = 0;
    core::Fen paid = 0;
    core::Fen outstanding = 0;
    std::optional<core::Date> pay_date;  // agreed (latest of the month's payrolls)
    std::optional<core::Date> last_paid_on;
    bool overdue = false;  // outstanding > 0 after the pay date
    std::vector<std::string> employers;
    std::vector<std::string> payroll_ids;
    std::vector<std::string> bank_references;
};

class WageRecordService {
  public:
    WageRecordService(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    // kNotFound when the worker does not exist; rows only for projects in scope.
    std::vector<WageRecord> ForWorker(const core::CallContext& ctx, std::string_view worker_id) const;
    // kNotFound when the project is out of scope; period optional ("YYYY-MM", else kInvalidArgument).
    std::vector<WageRecord> ForProject(const core::CallContext& ctx, std::string_view project_id,
                                       const std::optional<std::string>& period) const;

  private:
    storage::Database& db_;
    const core::Clock& clock_;
};

}  // namespace anxin::wages
