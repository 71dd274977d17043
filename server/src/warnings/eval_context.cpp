// EvalContext: the shared, lazily loaded aggregates every indicator family reads. Each big table is
// scanned once per run (GROUP BY over all projects in the filter).
#include "warnings/indicator.hpp"

namespace anxin::warnings {

using storage::Param;

EvalContext::EvalContext(storage::Transaction& tx, core::Date as_of,
                         const std::optional<std::vector<std::string>>& project_ids,
                         const region::ParameterService& parameters, const core::WorkingCalendar& calendar,
                         const core::FieldCipher* cipher, const ComplaintFacts* complaints)
    : tx_(tx),
      as_of_(as_of),
      project_ids_(project_ids),
      parameters_(parameters),
      calendar_(calendar),
      cipher_(cipher),
      complaints_(complaints) {
    auto lookback = Int("", "warning.lookback_months");
    window_start_month_ = AddMonths(MonthOf(as_of_), -static_cast<int>(lookback));
    window_start_ = FirstOfMonth(window_start_month_);
}

std::string EvalContext::Filter(std::string_view column, std::vector<Param>& params) const {
    return storage::AndIn(column, ProjectIds(), params);
}

std::int64_t EvalContext::Int(const std::string& region_code, std::string_view key) {
    auto cache_key = std::make_pair(region_code, std::string(key));
    auto it = int_cache_.find(cache_key);
    if (it != int_cache_.end()) return it->second;
    auto value = parameters_.GetInt(tx_, region_code, key);
    int_cache_.emplace(std::move(cache_key), value);
    return value;
}

std::string EvalContext::Text(const std::string& region_code, std::string_view key) {
    auto cache_key = std::make_pair(region_code, std::string(key));
    auto it = text_cache_.find(cache_key);
    if (it != text_cache_.end()) return it->second;
    auto value = parameters_.GetText(tx_, region_code, key);
    text_cache_.emplace(std::move(cache_key), value);
    return value;
}

std::int64_t EvalContext::IntFor(const std::string& project_id, std::string_view key) {
    const ProjectInfo* p = Project(project_id);
    return Int(p ? p->region_code : std::string(), key);
}

const std::map<std::string, ProjectInfo>& EvalContext::Projects() {
    if (projects_) return *projects_;
    std::vector<Param> params;
    std::string sql =
        "SELECT id, code, name, region_code, industry, status, investment_type, is_construction, contract_price, "
        "contract_signed_on, contract_start_on, contract_end_on, labor_cost_cycle, labor_cost_day, "
        "labor_cost_ratio_bp, labor_cost_amount, permit_on, status_on, construction_unit_id, general_contractor_id "
        "FROM registry_project WHERE 1 = 1" +
        Filter("id", params);
    std::map<std::string, ProjectInfo> out;
    for (const auto& r : tx_.Query(sql, params)) {
        ProjectInfo p;
        p.id = r.Text(0);
        p.code = r.Text(1);
        p.name = r.Text(2);
        p.region_code = r.Text(3);
        p.industry = r.Text(4);
        p.status = r.Text(5);
        p.investment_type = r.Text(6);
        p.is_construction = r.Bool(7);
        p.contract_price = r.Int(8);
        p.signed_on = OptDate(r.OptText(9));
        p.start_on = OptDate(r.OptText(10));
        p.end_on = OptDate(r.OptText(11));
        p.labor_cost_cycle = r.Text(12);
        p.labor_cost_day = r.OptInt(13);
        p.labor_cost_ratio_bp = r.OptInt(14);
        p.labor_cost_amount = r.OptInt(15);
        p.permit_on = OptDate(r.OptText(16));
        p.status_on = core::Date::Parse(r.Text(17)).value_or(as_of_);
        p.construction_unit_id = r.OptText(18);
        p.general_contractor_id = r.OptText(19);
        out.emplace(p.id, std::move(p));
    }
    projects_ = std::move(out);
    return *projects_;
}

const ProjectInfo* EvalContext::Project(const std::string& id) {
    const auto& all = Projects();
    auto it = all.find(id);
    return it == all.end() ? nullptr : &it->second;
}

const std::vector<WorkerMonth>& EvalContext::Attendance() {
    if (attendance_) return *attendance_;
    std::vector<Param> params{window_start_.ToString(), as_of_.ToString()};
    std::string sql =
        "SELECT project_id, worker_id, substr(work_date, 1, 7), COUNT(*), SUM(counted), MIN(work_date), "
        "MAX(work_date) FROM registry_attendance_day WHERE work_date >= $1 AND work_date <= $2" +
        Filter("project_id", params) + " GROUP BY project_id, worker_id, substr(work_date, 1, 7)";
    std::vector<WorkerMonth> out;
    auto rows = tx_.Query(sql, params);
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), ReqDate(r.Text(5)), ReqDate(r.Text(6))});
    }
    attendance_ = std::move(out);
    return *attendance_;
}

const std::map<std::string, std::map<core::Date, std::int64_t>>& EvalContext::RecentProjectDays() {
    if (recent_days_) return *recent_days_;
    core::Date from = FirstOfMonth(AddMonths(MonthOf(as_of_), -1));
    std::vector<Param> params{from.ToString(), as_of_.ToString()};
    std::string sql =
        "SELECT project_id, work_date, COUNT(*) FROM registry_attendance_day WHERE work_date >= $1 AND "
        "work_date <= $2" +
        Filter("project_id", params) + " GROUP BY project_id, work_date";
    std::map<std::string, std::map<core::Date, std::int64_t>> out;
    for (const auto& r : tx_.Query(sql, params)) out[r.Text(0)][ReqDate(r.Text(1))] = r.Int(2);
    recent_days_ = std::move(out);
    return *recent_days_;
}

const std::vector<WorkerPay>& EvalContext::Pay() {
    if (pay_) return *pay_;
    // As of: wages count as paid from their paid date.
    std::vector<Param> params{window_start_month_, as_of_.ToString()};
    std::string sql =
        "SELECT p.project_id, l.worker_id, p.period, SUM(l.gross_pay), SUM(l.net_pay), "
        "SUM(CASE WHEN l.paid_on <= $2 THEN l.paid_amount ELSE 0 END), "
        "SUM(l.days), COUNT(*), SUM(CASE WHEN l.contract_id IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN l.days = 0 AND l.minutes = 0 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN l.confirmed_at IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN l.paid_on <= $2 AND l.paid_amount > 0 AND l.bank_reference IS NULL THEN 1 ELSE 0 END) "
        "FROM wages_payroll p JOIN wages_payroll_line l ON l.payroll_id = p.id "
        "WHERE p.status IN ('approved', 'paying', 'paid') AND p.period >= $1" +
        Filter("p.project_id", params) + " GROUP BY p.project_id, l.worker_id, p.period";
    std::vector<WorkerPay> out;
    for (const auto& r : tx_.Query(sql, params)) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5), r.Int(6), r.Int(7), r.Int(8),
                       r.Int(9), r.Int(10), r.Int(11)});
    }
    pay_ = std::move(out);
    return *pay_;
}

const std::map<ProjectWorker, ContractInfo>& EvalContext::Contracts() {
    if (contracts_) return *contracts_;
    // As of: contracts by their signing date.
    std::vector<Param> params{as_of_.ToString()};
    std::string sql =
        "SELECT project_id, worker_id, kind, employer_id, team_id, start_on, signed_on, entered_on, exited_on "
        "FROM registry_contract WHERE signed_on <= $1" +
        Filter("project_id", params) + " ORDER BY start_on";
    std::map<ProjectWorker, ContractInfo> out;
    for (const auto& r : tx_.Query(sql, params)) {
        out[{r.Text(0), r.Text(1)}] = ContractInfo{r.Text(2),
                                                   r.Text(3),
                                                   r.OptText(4),
                                                   ReqDate(r.Text(5)),
                                                   ReqDate(r.Text(6)),
                                                   OptDate(r.OptText(7)),
                                                   OptDate(r.OptText(8))};
    }
    contracts_ = std::move(out);
    return *contracts_;
}

const std::unordered_map<std::string, WorkerInfo>& EvalContext::Workers() {
    if (workers_) return *workers_;
    std::vector<Param> params;
    std::string sql = "SELECT id, name, birth_date, created_at, work_type, has_phone FROM registry_worker_published";
    if (project_ids_) {
        sql += " WHERE id IN (SELECT worker_id FROM registry_contract WHERE 1 = 1" + Filter("project_id", params) + ")";
    }
    std::unordered_map<std::string, WorkerInfo> out;
    for (const auto& r : tx_.Query(sql, params)) {
        out.emplace(r.Text(0), WorkerInfo{r.Text(1), ReqDate(r.Text(2)),
                                          core::Date::ShanghaiDateOf(r.Time(3)), r.OptText(4),
                                          r.Bool(5)});
    }
    workers_ = std::move(out);
    return *workers_;
}

const std::unordered_map<std::string, const WorkerMonth*>& EvalContext::AttendanceIndex() {
    if (attendance_index_) return *attendance_index_;
    std::unordered_map<std::string, const WorkerMonth*> index;
    const auto& rows = Attendance();
    index.reserve(rows.size());
    for (const auto& wm : rows) index.emplace(Key(wm.project_id, wm.worker_id, wm.month), &wm);
    attendance_index_ = std::move(index);
    return *attendance_index_;
}

const std::unordered_map<std::string, const WorkerPay*>& EvalContext::PayIndex() {
    if (pay_index_) return *pay_index_;
    std::unordered_map<std::string, const WorkerPay*> index;
    const auto& rows = Pay();
    index.reserve(rows.size());
    for (const auto& wp : rows) index.emplace(Key(wp.project_id, wp.worker_id, wp.period), &wp);
    pay_index_ = std::move(index);
    return *pay_index_;
}

std::string EvalContext::WorkerName(const std::string& worker_id) {
    const auto& workers = Workers();
    if (auto it = workers.find(worker_id); it != workers.end()) return it->second.name;
    if (auto it = extra_names_.find(worker_id); it != extra_names_.end()) return it->second;
    auto row = tx_.QueryOptional("SELECT name FROM registry_worker_published WHERE id = $1", {worker_id});
    std::string name = row ? row->Text(0) : std::string();
    extra_names_.emplace(worker_id, name);
    return name;
}

}  // namespace anxin::warnings
