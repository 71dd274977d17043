#include "wages/allocation_service.hpp"

#include <chrono>
#include <map>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "identity/permissions.hpp"
#include "wages/account_repository.hpp"
#include "wages/wages_scope.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

struct YearMonth {
    int year = 0;
    unsigned month = 0;
};

YearMonth ParsePeriod(std::string_view period) {
    return YearMonth{std::stoi(std::string(period.substr(0, 4))),
                     static_cast<unsigned>(std::stoi(std::string(period.substr(5, 2))))};
}

std::string FormatPeriod(YearMonth ym) {
    std::string m = std::to_string(ym.month);
    return std::to_string(ym.year) + "-" + (m.size() == 1 ? "0" + m : m);
}

YearMonth Next(YearMonth ym) { return ym.month == 12 ? YearMonth{ym.year + 1, 1} : YearMonth{ym.year, ym.month + 1}; }

std::string CurrentPeriod(core::Date today) { return FormatPeriod(YearMonth{today.year(), today.month()}); }

repository::ProjectTerms VisibleProject(storage::Transaction& tx, const core::Principal& principal,
                                        std::string_view project_id) {
    if (!AccountScope::ProjectVisible(tx, principal, project_id)) ThrowNotFound("项目");
    auto terms = repository::FindProjectTerms(tx, project_id);
    if (!terms) ThrowNotFound("项目");
    return std::move(*terms);
}

bool IsEnterprise(const core::Principal& p, const std::optional<std::string>& enterprise_id) {
    return p.role == identity::role::kEnterpriseUser && enterprise_id && p.enterprise_id == *enterprise_id;
}

json::value OptFen(const std::optional<core::Fen>& v) {
    if (!v) return nullptr;
    return *v;
}

}  // namespace

bool IsValidPeriod(std::string_view period) {
    if (period.size() != 7 || period[4] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6}) {
        if (period[i] < '0' || period[i] > '9') return false;
    }
    auto ym = ParsePeriod(period);
    return ym.year >= 2000 && ym.year <= 2100 && ym.month >= 1 && ym.month <= 12;
}

core::Date AllocationDueDate(std::string_view period, std::optional<std::int64_t> day) {
    YearMonth next = Next(ParsePeriod(period));
    using namespace std::chrono;
    unsigned last = static_cast<unsigned>(year_month_day_last(year(next.year), month_day_last(month(next.month))).day());
    std::int64_t wanted = day.value_or(31);
    unsigned d = wanted < 1 ? 1u : (wanted > static_cast<std::int64_t>(last) ? last : static_cast<unsigned>(wanted));
    return core::Date(next.year, next.month, d);
}

core::Fen ApplyBasisPoints(core::Fen base, std::int64_t bp) {
    // base = q × 10000 + r, so base × bp / 10000 = q × bp + r × bp / 10000 exactly, without overflow.
    return (base / 10000) * bp + (base % 10000) * bp / 10000;
}

OutputValue AllocationService::PutOutputValue(const core::CallContext& ctx, std::string_view project_id,
                                              std::string_view period, const OutputValueInput& input) {
    const core::Date today = clock_.TodayInShanghai();
    core::FieldErrors errors;
    if (!IsValidPeriod(period)) {
        errors.Add("period", "月份格式须为 YYYY-MM");
    } else if (std::string(period) > CurrentPeriod(today)) {
        errors.Add("period", "不能填报未来月份");
    }
    if (input.output_value < 0) errors.Add("outputValue", "不能为负数");
    if (input.progress_payment && *input.progress_payment < 0) errors.Add("progressPayment", "不能为负数");
    if (input.settled_on && *input.settled_on > today) errors.Add("settledOn", "不能晚于今天");
    errors.ThrowIfAny();

    OutputValue committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto project = VisibleProject(tx, ctx.principal, project_id);
        if (ctx.principal.role != identity::role::kSupervisor &&
            !IsEnterprise(ctx.principal, project.construction_unit_id) &&
            !IsEnterprise(ctx.principal, project.general_contractor_id)) {
            ThrowForbidden("只有本项目的建设单位或施工总承包单位可以填报产值");
        }
        OutputValue value{project.id, std::string(period), input.output_value, input.progress_payment,
                          input.settled_on, clock_.Now()};
        repository::UpsertOutputValue(tx, value);
        audit::RecordAudit(tx, clock_, ctx, "upsert", "wages_output_value", project.id + ":" + value.period,
                           json::object{{"outputValue", value.output_value},
                                        {"progressPayment", OptFen(value.progress_payment)},
                                        {"settledOn", value.settled_on ? json::value(value.settled_on->ToString())
                                                                       : json::value(nullptr)}});
        return value;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Allocation AllocationService::CreateAllocation(const core::CallContext& ctx, std::string_view project_id,
                                               const NewAllocation& input) {
    const core::Date today = clock_.TodayInShanghai();
    core::FieldErrors errors;
    if (!IsValidPeriod(input.period)) {
        errors.Add("period", "月份格式须为 YYYY-MM");
    } else if (input.period > CurrentPeriod(today)) {
        errors.Add("period", "不能为未来月份拨付");
    }
    if (input.amount <= 0) errors.Add("amount", "金额必须是大于 0 的整数（分）");
    if (input.allocated_on > today) errors.Add("allocatedOn", "不能晚于今天（" + today.ToString() + "）");
    errors.ThrowIfAny();

    Allocation committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto project = VisibleProject(tx, ctx.principal, project_id);
        // REG 24: the construction unit allocates the labor cost into the account.
        if (!IsEnterprise(ctx.principal, project.construction_unit_id)) {
            ThrowForbidden("只有本项目的建设单位可以登记人工费用拨付");
        }
        auto account = repository::FindAccountByProject(tx, project.id);
        if (!account || account->account.status == "closed") {
            ThrowConflict(account ? "工资专户已销户" : "项目尚未开立工资专户，不能拨付人工费用");
        }
        auto now = clock_.Now();
        Allocation a{core::NewId(now), project.id,        account->account.id, input.period,
                     input.amount,     input.allocated_on, std::nullopt,       now};
        repository::InsertAllocation(tx, a);
        audit::RecordAudit(tx, clock_, ctx, "create", "wages_allocation", a.id,
                           json::object{{"projectId", a.project_id},
                                        {"accountId", a.account_id},
                                        {"period", a.period},
                                        {"amount", a.amount},
                                        {"allocatedOn", a.allocated_on.ToString()}});
        return a;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

std::vector<Allocation> AllocationService::ListAllocations(const core::CallContext& ctx,
                                                           std::string_view project_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto project = VisibleProject(tx, ctx.principal, project_id);
    return repository::ListAllocations(tx, project.id, std::nullopt, std::nullopt);
}

LaborCostReport AllocationService::LaborCost(const core::CallContext& ctx, std::string_view project_id,
                                             std::string_view from, std::string_view to) const {
    core::FieldErrors errors;
    if (!IsValidPeriod(from)) errors.Add("from", "月份格式须为 YYYY-MM");
    if (!IsValidPeriod(to)) errors.Add("to", "月份格式须为 YYYY-MM");
    errors.ThrowIfAny();
    if (from > to) ThrowInvalidField("to", "结束月份不能早于开始月份");
    std::vector<std::string> periods;
    for (YearMonth ym = ParsePeriod(from);; ym = Next(ym)) {
        periods.push_back(FormatPeriod(ym));
        if (periods.back() == to) break;
        if (periods.size() >= static_cast<size_t>(kMaxReportMonths)) {
            ThrowInvalidField("to", "一次最多查询 " + std::to_string(kMaxReportMonths) + " 个月");
        }
    }
    const core::Date today = clock_.TodayInShanghai();

    auto tx = db_.Begin(storage::TxMode::kRead);
    auto project = VisibleProject(tx, ctx.principal, project_id);
    std::map<std::string, OutputValue> outputs;
    for (auto& v : repository::ListOutputValues(tx, project.id, from, to)) outputs.emplace(v.period, std::move(v));
    std::map<std::string, core::Fen> allocated;
    for (const auto& a : repository::ListAllocations(tx, project.id, from, to)) allocated[a.period] += a.amount;

    LaborCostReport report;
    report.project_id = project.id;
    report.investment_type = project.investment_type;
    report.labor_cost_amount = project.labor_cost_amount;
    report.labor_cost_ratio_bp = project.labor_cost_ratio_bp;
    report.labor_cost_day = project.labor_cost_day;
    report.clause = project.labor_cost_amount ? "fixed" : project.labor_cost_ratio_bp ? "ratio" : "none";
    const bool government = project.investment_type == "government";

    for (const auto& period : periods) {
        LaborCostMonth m;
        m.period = period;
        auto out = outputs.find(period);
        if (out != outputs.end()) {
            m.output_value = out->second.output_value;
            m.progress_payment = out->second.progress_payment;
        }
        if (project.labor_cost_amount) {
            m.basis = "fixed";
            m.due = *project.labor_cost_amount;
        } else if (project.labor_cost_ratio_bp) {
            const std::int64_t bp = *project.labor_cost_ratio_bp;
            if (m.progress_payment) {
                m.basis = "progress_payment";
                m.due = ApplyBasisPoints(*m.progress_payment, bp);
            } else if (m.output_value) {
                m.basis = "output_value";
                m.due = ApplyBasisPoints(*m.output_value, bp);
            } else {
                m.basis = "no_output_value";
                m.due = 0;
            }
        } else {
            m.basis = "no_clause";
        }
        auto al = allocated.find(period);
        m.allocated = al == allocated.end() ? 0 : al->second;
        m.shortfall = m.due && *m.due > m.allocated ? *m.due - m.allocated : 0;
        m.due_on = AllocationDueDate(period, project.labor_cost_day);
        m.overdue = m.shortfall > 0 && today > m.due_on;
        // 财建〔2022〕183号: government projects pay progress payments of at least 80% of the value done.
        if (government && m.output_value && *m.output_value > 0 && m.progress_payment) {
            const core::Fen ov = *m.output_value;
            const core::Fen pp = *m.progress_payment;
            m.progress_payment_ratio_bp = static_cast<std::int64_t>(static_cast<__int128>(pp) * 10000 / ov);
            m.progress_payment_below_80 = static_cast<__int128>(pp) * 10 < static_cast<__int128>(ov) * 8;
        }
        report.total_due += m.due.value_or(0);
        report.total_allocated += m.allocated;
        report.total_shortfall += m.shortfall;
        report.months.push_back(std::move(m));
    }
    return report;
}

}  // namespace anxin::wages
