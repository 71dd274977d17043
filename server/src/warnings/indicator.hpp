// Internal to the warnings module: what an indicator sees while it evaluates (EvalContext: the
// transaction, the as-of date, the project filter, cached per-region parameters and the shared
// set-based aggregates), what it produces (Finding), and the list of implemented indicators.
//
// Speed: each family runs a few GROUP BY queries over all projects at once; the big tables
// (attendance days, payroll lines, bank transactions) are aggregated ONCE per run and shared by
// every indicator through the lazy accessors below. An incremental run adds "project_id IN (...)".
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "region/parameters.hpp"
#include "storage/database.hpp"
#include "warnings/warnings.hpp"

namespace anxin::warnings {

// What an indicator found: one warning's worth. The engine fills region, industry, enterprise and
// the responsible party from the project.
struct Finding {
    std::string indicator;
    std::string subject_kind = "project";
    std::string subject_id;
    std::string period;
    std::string project_id;
    Level level = Level::kYellow;
    std::string explanation;
    boost::json::object evidence;
};

struct ProjectInfo {
    std::string id;
    std::string code;
    std::string name;
    std::string region_code;
    std::string industry;
    std::string status;
    std::string investment_type;
    bool is_construction = true;
    core::Fen contract_price = 0;
    std::optional<core::Date> signed_on;
    std::optional<core::Date> start_on;
    std::optional<core::Date> end_on;
    std::string labor_cost_cycle;
    std::optional<std::int64_t> labor_cost_day;
    std::optional<std::int64_t> labor_cost_ratio_bp;
    std::optional<core::Fen> labor_cost_amount;
    std::optional<core::Date> permit_on;
    core::Date status_on;
    std::optional<std::string> construction_unit_id;
    std::optional<std::string> general_contractor_id;
};

// One worker's attendance on one project in one month (registry_attendance_day, lookback window).
struct WorkerMonth {
    std::string project_id;
    std::string worker_id;
    std::string month;  // YYYY-MM
    std::int64_t days = 0;
    std::int64_t counted = 0;
    core::Date first_day;
    core::Date last_day;
};

// One worker's payroll lines on one project for one period (approved, paying or paid payrolls).
struct WorkerPay {
    std::string project_id;
    std::string worker_id;
    std::string period;
    core::Fen gross = 0;
    core::Fen net = 0;
    core::Fen paid = 0;
    std::int64_t days = 0;
    std::int64_t lines = 0;
    std::int64_t missing_contract = 0;  // PAY-08 elements
    std::int64_t missing_time = 0;
    std::int64_t missing_confirmation = 0;
    std::int64_t missing_bank_proof = 0;
};

struct ContractInfo {  // the latest contract of a worker on a project
    std::string kind;
    std::string employer_id;
    std::optional<std::string> team_id;
    core::Date start_on;
    core::Date signed_on;
    std::optional<core::Date> entered_on;
    std::optional<core::Date> exited_on;
};

struct WorkerInfo {
    std::string name;
    core::Date birth_date;
    core::Date registered_on;
    std::optional<std::string> work_type;
    bool has_phone = false;
};

using ProjectWorker = std::pair<std::string, std::string>;  // (project id, worker id)

class EvalContext {
  public:
    EvalContext(storage::Transaction& tx, core::Date as_of, const std::optional<std::vector<std::string>>& project_ids,
                const region::ParameterService& parameters, const core::WorkingCalendar& calendar,
                const core::FieldCipher* cipher, const ComplaintFacts* complaints);

    storage::Transaction& tx() { return tx_; }
    // Clues and cases (null when the app has none: the complaint indicators find nothing).
    const ComplaintFacts* complaints() const { return complaints_; }
    core::Date as_of() const { return as_of_; }
    const core::WorkingCalendar& calendar() const { return calendar_; }
    const core::FieldCipher* cipher() const { return cipher_; }
    bool incremental() const { return project_ids_.has_value(); }
    // The projects of an incremental run; null for a full run.
    const std::vector<std::string>* ProjectIds() const { return project_ids_ ? &*project_ids_ : nullptr; }

    // " AND <column> IN ($n, ...)" for an incremental run (appending the ids to params), "" for a full run.
    std::string Filter(std::string_view column, std::vector<storage::Param>& params) const;

    // Effective per-region parameter, cached per (region, key) for the run.
    std::int64_t Int(const std::string& region_code, std::string_view key);
    std::string Text(const std::string& region_code, std::string_view key);
    std::int64_t IntFor(const std::string& project_id, std::string_view key);

    // Every project in the run's filter, any status.
    const std::map<std::string, ProjectInfo>& Projects();
    const ProjectInfo* Project(const std::string& id);

    // First month of the lookback window ("YYYY-MM") and its first day.
    const std::string& WindowStartMonth() const { return window_start_month_; }
    core::Date WindowStart() const { return window_start_; }

    // Shared aggregates (loaded on first use, once per run).
    const std::vector<WorkerMonth>& Attendance();
    // (project, day) → workers present, for days since the first day of the previous month.
    const std::map<std::string, std::map<core::Date, std::int64_t>>& RecentProjectDays();
    const std::vector<WorkerPay>& Pay();
    const std::map<ProjectWorker, ContractInfo>& Contracts();
    const std::unordered_map<std::string, WorkerInfo>& Workers();
    // Lookups over the aggregates, keyed "project|worker|month".
    static std::string Key(const std::string& project, const std::string& worker, const std::string& month) {
        return project + '|' + worker + '|' + month;
    }
    const std::unordered_map<std::string, const WorkerMonth*>& AttendanceIndex();
    const std::unordered_map<std::string, const WorkerPay*>& PayIndex();
    // Name of any worker (loads those not in Workers() on demand).
    std::string WorkerName(const std::string& worker_id);

    // A failure inside one project of an indicator: recorded, the others go on.
    template <class F>
    void Guard(const std::string& indicator, const std::string& project_id, F&& work) {
        try {
            work();
        } catch (const std::exception& e) {
            failures_.push_back({indicator, project_id, e.what()});
        }
    }
    std::vector<RunFailure>& failures() { return failures_; }

  private:
    storage::Transaction& tx_;
    core::Date as_of_;
    const std::optional<std::vector<std::string>>& project_ids_;
    const region::ParameterService& parameters_;
    const core::WorkingCalendar& calendar_;
    const core::FieldCipher* cipher_;
    const ComplaintFacts* complaints_;
    std::string window_start_month_;
    core::Date window_start_;
    std::map<std::pair<std::string, std::string>, std::int64_t> int_cache_;
    std::map<std::pair<std::string, std::string>, std::string> text_cache_;
    std::optional<std::map<std::string, ProjectInfo>> projects_;
    std::optional<std::vector<WorkerMonth>> attendance_;
    std::optional<std::map<std::string, std::map<core::Date, std::int64_t>>> recent_days_;
    std::optional<std::vector<WorkerPay>> pay_;
    std::optional<std::map<ProjectWorker, ContractInfo>> contracts_;
    std::optional<std::unordered_map<std::string, WorkerInfo>> workers_;
    std::unordered_map<std::string, std::string> extra_names_;
    std::optional<std::unordered_map<std::string, const WorkerMonth*>> attendance_index_;
    std::optional<std::unordered_map<std::string, const WorkerPay*>> pay_index_;
    std::vector<RunFailure> failures_;
};

using Findings = std::vector<Finding>;
using EvaluateFn = std::function<void(EvalContext&, Findings&)>;

struct Indicator {
    const IndicatorInfo* info;
    EvaluateFn evaluate;
    bool monthly = false;  // findings carry a period; periods before the lookback window are left alone
};

// Families, each in its own file.
void AddAccIndicators(std::vector<Indicator>& out);
void AddLabIndicators(std::vector<Indicator>& out);
void AddDepIndicators(std::vector<Indicator>& out);
void AddPayIndicators(std::vector<Indicator>& out);
void AddRnIndicators(std::vector<Indicator>& out);
void AddSiteConClsCplIndicators(std::vector<Indicator>& out);
void AddCrdIndicators(std::vector<Indicator>& out);
// Every implemented indicator in catalog order.
const std::vector<Indicator>& Indicators();

// ---- helpers shared by the families ---------------------------------------------------------------
const IndicatorInfo& Info(std::string_view code);
std::optional<core::Date> OptDate(const std::optional<std::string>& text);
core::Date ReqDate(const std::string& text);
std::string MonthOf(core::Date d);                   // "YYYY-MM"
core::Date FirstOfMonth(std::string_view month);     // "YYYY-MM" → the 1st
core::Date DayOfMonthClamped(std::string_view month, std::int64_t day);  // 31 → the last day
std::string AddMonths(std::string_view month, int n);  // "2026-01", 2 → "2026-03"
// REG 14: wages agreed for a statutory holiday or rest day fall due on the last working day before it.
core::Date WagesDueOn(core::Date agreed_pay_date, const core::WorkingCalendar& calendar);
// The latest lawful pay date for work in `month`: day `pay_by_day` of the following month (clamped),
// moved earlier by REG 14.
core::Date PayByDate(std::string_view month, std::int64_t pay_by_day, const core::WorkingCalendar& calendar);
std::string Yuan(core::Fen fen);  // "1234.56 元"
// Evidence lists are capped so a large project's warning stays readable; `total` keeps the count.
inline constexpr std::size_t kEvidenceRows = 50;
void AppendCapped(boost::json::array& rows, boost::json::object row);
// A project-level finding (subject = the project unless given).
Finding MakeFinding(std::string_view code, const std::string& project_id, Level level, std::string explanation,
                    boost::json::object evidence, std::string period = {}, std::string subject_kind = "project",
                    std::string subject_id = {});
// Status lists used in SQL: projects that must keep the funds chain going (approved … finished),
// and projects on site (permitted, under construction, suspended).
inline constexpr std::string_view kChainStatuses = "('approved', 'permitted', 'under_construction', 'suspended', 'finished')";
inline constexpr std::string_view kSiteStatuses = "('permitted', 'under_construction', 'suspended')";

}  // namespace anxin::warnings
