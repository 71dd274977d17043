#include "deposits/deposit_service.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/json_values.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "deposits/deposit_repository.hpp"
#include "identity/permissions.hpp"
#include "registry/enterprises.hpp"
#include "registry/project_scope.hpp"

namespace anxin::deposits {
namespace {

namespace json = boost::json;
using repository::ProjectRow;

int IntParam(const region::ParameterService& parameters, storage::Transaction& tx, std::string_view region,
             std::string_view key) {
    return static_cast<int>(parameters.GetInt(tx, region, key));
}

// Scoped lookup: out of scope reads as absent (no probing of ids).
ProjectRow ProjectInScopeOr404(storage::Transaction& tx, const core::CallContext& ctx, std::string_view project_id) {
    if (!registry::ProjectInScope(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    auto project = repository::FindProject(tx, project_id);
    if (!project) ThrowNotFound("项目");
    return *project;
}

// Enterprise users act for their own enterprise only, and only the GC holds the deposit.
void RequireGeneralContractorOrSupervisor(const core::CallContext& ctx, const ProjectRow& project) {
    if (ctx.principal.role != identity::role::kEnterpriseUser) return;
    if (!project.general_contractor_id || *project.general_contractor_id != ctx.principal.enterprise_id)
        ThrowForbidden("只有该项目的施工总承包单位可以办理工资保证金");
}

void NotAfter(core::FieldErrors& errors, std::string field, core::Date date, core::Date today) {
    if (date > today) errors.Add(std::move(field), "不能晚于今天（" + today.ToString() + "）");
}

InstrumentFacts FactsOf(const Instrument& i) {
    return InstrumentFacts{i.form, i.amount, i.balance, i.lodged_on, i.valid_to, i.status};
}

bool ReturnOpen(const Return& r) {
    if (r.confirmed_on) return false;
    return !(r.review_result && *r.review_result == "refused");
}

}  // namespace

// ---- hooks ---------------------------------------------------------------------------------------
DepositHistory StoredCreditHistoryProvider::HistoryFor(storage::Transaction& tx, std::string_view enterprise_id,
                                                       int year) const {
    std::map<int, repository::HistoryRow> rows;
    for (const auto& row : repository::HistoryRows(tx, enterprise_id, year - 50, year - 1)) rows[row.year] = row;
    auto at = [&](int y) -> const repository::HistoryRow* {
        auto it = rows.find(y);
        return it == rows.end() ? nullptr : &it->second;
    };
    DepositHistory h;
    for (int y = year - 1; y >= year - 50; --y) {
        const auto* row = at(y);
        if (!row || row->had_arrears) break;
        ++h.clean_years;
    }
    h.arrears_in_prior_year = at(year - 1) && at(year - 1)->had_arrears;
    h.arrears_in_prior_two_years = h.arrears_in_prior_year || (at(year - 2) && at(year - 2)->had_arrears);
    h.real_name_and_account_in_place = true;
    for (int y = year - 3; y <= year - 1; ++y)
        if (!at(y) || !at(y)->real_name_and_account) h.real_name_and_account_in_place = false;
    h.blacklisted = false;  // the credit module (DOMAIN §9) will know; no manual declaration for it
    return h;
}

// ---- service -------------------------------------------------------------------------------------
DepositParameters DepositService::ParametersFor(storage::Transaction& tx, std::string_view region_code) const {
    DepositParameters p;
    p.ratio_bp = parameters_.GetInt(tx, region_code, "deposit.ratio_bp");
    p.cap_fen = parameters_.GetInt(tx, region_code, "deposit.cap_fen");
    p.floor_multi_project_bp = parameters_.GetInt(tx, region_code, "deposit.floor_multi_project_bp");
    p.exempt_below_fen = parameters_.GetInt(tx, region_code, "deposit.exempt_below_fen");
    p.reduction_after_2_clean_years_bp =
        parameters_.GetInt(tx, region_code, "deposit.reduction_after_2_clean_years_bp");
    p.arrears_surcharge_bp = parameters_.GetInt(tx, region_code, "deposit.arrears_surcharge_bp");
    p.blacklist_surcharge_bp = parameters_.GetInt(tx, region_code, "deposit.blacklist_surcharge_bp");
    p.services_required = parameters_.GetInt(tx, region_code, "deposit.services_required") != 0;
    return p;
}

Requirement DepositService::ComputeFor(storage::Transaction& tx, const ProjectRow& project) const {
    if (!project.general_contractor_id)
        ThrowConflict("项目未登记施工总承包单位，无法计算工资保证金",
                      {{"generalContractorId", "未登记施工总承包单位"}});
    const std::string& gc = *project.general_contractor_id;
    const core::Date today = clock_.TodayInShanghai();

    RequirementFacts facts;
    facts.contract_price = project.contract_price;
    // "Several projects in the region": the GC's projects in the same county (区县, the first 6 digits
    // of a town code) that are permitted, under construction or suspended, this one included.
    const std::string county = project.region_code.substr(0, std::min<size_t>(6, project.region_code.size()));
    facts.gc_active_projects_in_county = 1 + repository::CountOtherActiveProjects(tx, gc, county, project.id);
    facts.is_construction = project.is_construction;

    Requirement r;
    r.project_id = project.id;
    r.general_contractor_id = gc;
    r.contract_price = project.contract_price;
    r.result =
        ComputeRequirement(facts, ParametersFor(tx, project.region_code), history_.HistoryFor(tx, gc, today.year()));
    // DEP 8: 20 working days from the permit, or from the contract when no permit is needed.
    std::optional<core::Date> basis;
    if (project.permit_on) {
        basis = project.permit_on;
        r.due_basis = "permit";
    } else if (!project.is_construction && project.contract_signed_on) {
        basis = project.contract_signed_on;
        r.due_basis = "contract";
    }
    if (basis)
        r.due_on = LodgingDueOn(calendar_, *basis,
                                IntParam(parameters_, tx, project.region_code, "deposit.deadline_working_days"));
    return r;
}

DepositOverview DepositService::Get(const core::CallContext& ctx, std::string_view project_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
    const core::Date today = clock_.TodayInShanghai();
    const int remind_days = IntParam(parameters_, tx, project.region_code, "deposit.guarantee_remind_days");

    DepositOverview o;
    o.project_id = project.id;
    o.project_code = project.code;
    o.project_name = project.name;
    o.region_code = project.region_code;
    o.project_status = project.status;
    o.as_of = today;
    o.requirement = repository::FindRequirement(tx, project.id);
    if (!o.requirement) {
        if (project.general_contractor_id)
            o.requirement = ComputeFor(tx, project);  // a preview: stored is false
        else
            o.requirement_problem = "项目未登记施工总承包单位，无法计算工资保证金";
    }
    o.instruments = repository::ListInstruments(tx, project.id);
    std::vector<InstrumentFacts> facts;
    for (const auto& i : o.instruments) {
        facts.push_back(FactsOf(i));
        o.instrument_states.push_back(StateOf(facts.back(), today, remind_days));
    }
    o.status =
        ComputeStatus(o.requirement ? o.requirement->result.required : 0, o.requirement && o.requirement->result.exempt,
                      o.requirement ? o.requirement->due_on : std::nullopt, facts, today, remind_days);
    if (!o.requirement) o.status.state = "no_requirement";
    o.uses = repository::ListUses(tx, project.id);
    for (const auto& u : o.uses)
        o.use_states.push_back(StateOfUse(u.pay_due_on, u.paid_on, u.topup_due_on, u.topped_up_on, today));
    o.returns = repository::ListReturns(tx, project.id);
    for (const auto& r : o.returns)
        o.return_states.push_back(StateOfReturn(r.notice_ends_on, r.review_due_on, r.reviewed_on, r.review_result,
                                                r.confirm_due_on, r.confirmed_on, today));
    return o;
}

Requirement DepositService::Recompute(const core::CallContext& ctx, std::string_view project_id) {
    Requirement committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        RequireGeneralContractorOrSupervisor(ctx, project);
        Requirement r = ComputeFor(tx, project);
        const core::Timestamp now = clock_.Now();
        repository::UpsertRequirement(tx, r, core::NewId(now), ctx.principal.user_id, now);
        r.stored = true;
        r.computed_at = now;
        audit::RecordAudit(tx, clock_, ctx, "compute", "deposit_requirement", project.id,
                           json::object{{"requiredAmount", r.result.required},
                                        {"exempt", r.result.exempt},
                                        {"contractPrice", r.contract_price},
                                        {"dueOn", core::DateOrNull(r.due_on)}});
        return r;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Instrument DepositService::AddInstrument(const core::CallContext& ctx, std::string_view project_id,
                                         const NewInstrument& input) {
    Instrument committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        RequireGeneralContractorOrSupervisor(ctx, project);
        const core::Date today = clock_.TodayInShanghai();
        for (const auto& r : repository::ListReturns(tx, project.id))
            if (r.confirmed_on) ThrowConflict("该项目工资保证金已返还");

        std::optional<Requirement> requirement = repository::FindRequirement(tx, project.id);
        const bool compute = !requirement;
        if (compute) requirement = ComputeFor(tx, project);

        core::FieldErrors errors;
        if (std::ranges::find(kForms, input.form) == std::end(kForms))
            errors.Add("form", "应为 cash、bank_guarantee、guarantee_company 或 insurance");
        if (input.issuer.empty()) errors.Add("issuer", "必填");
        if (input.number.empty()) errors.Add("number", "必填");
        if (input.amount <= 0) errors.Add("amount", "应大于 0");
        NotAfter(errors, "lodgedOn", input.lodged_on, today);
        if (!errors.Has("form"))
            CheckInstrument(InstrumentCheck{input.form, input.amount, input.valid_from, input.valid_to,
                                            project.contract_end_on, requirement->result.required},
                            errors);
        errors.ThrowIfAny("保证金存储信息有误");

        const core::Timestamp now = clock_.Now();
        if (compute) {
            repository::UpsertRequirement(tx, *requirement, core::NewId(now), ctx.principal.user_id, now);
            audit::RecordAudit(
                tx, clock_, ctx, "compute", "deposit_requirement", project.id,
                json::object{{"requiredAmount", requirement->result.required}, {"exempt", requirement->result.exempt}});
        }
        Instrument i;
        i.id = core::NewId(now);
        i.project_id = project.id;
        i.form = input.form;
        i.issuer = input.issuer;
        i.number = input.number;
        i.amount = input.amount;
        i.balance = input.amount;
        i.lodged_on = input.lodged_on;
        i.valid_from = input.valid_from;
        i.valid_to = input.valid_to;
        i.status = "active";
        i.created_at = now;
        try {
            repository::InsertInstrument(tx, i);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("该保证金账户（保函、保单）编号已登记", {{"number", "已登记"}});
        }
        audit::RecordAudit(tx, clock_, ctx, "create", "deposit_instrument", i.id,
                           json::object{{"projectId", i.project_id},
                                        {"form", i.form},
                                        {"issuer", i.issuer},
                                        {"number", i.number},
                                        {"amount", i.amount},
                                        {"lodgedOn", i.lodged_on.ToString()},
                                        {"validFrom", core::DateOrNull(i.valid_from)},
                                        {"validTo", core::DateOrNull(i.valid_to)}});
        return i;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Use DepositService::IssueUse(const core::CallContext& ctx, std::string_view project_id, const NewUse& input) {
    Use committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        const core::Date today = clock_.TodayInShanghai();
        core::FieldErrors errors;
        if (input.notice_number.empty()) errors.Add("noticeNumber", "必填");
        NotAfter(errors, "noticeOn", input.notice_on, today);
        if (input.workers.empty()) errors.Add("workers", "至少列明一名农民工");
        core::Fen total = 0;
        std::set<std::string> seen;
        for (size_t k = 0; k < input.workers.size(); ++k) {
            const auto& w = input.workers[k];
            const std::string prefix = "workers[" + std::to_string(k) + "].";
            if (w.amount <= 0) errors.Add(prefix + "amount", "应大于 0");
            total += std::max<core::Fen>(w.amount, 0);
            if (!seen.insert(w.worker_id).second)
                errors.Add(prefix + "workerId", "重复");
            else if (!repository::WorkerHasContractOnProject(tx, w.worker_id, project.id))
                errors.Add(prefix + "workerId", "该人员在本项目没有劳动合同");
        }
        auto instrument = repository::FindInstrument(tx, input.instrument_id);
        if (!instrument || instrument->project_id != project.id) {
            errors.Add("instrumentId", "不是本项目的保证金");
        } else {
            InstrumentState state = StateOf(FactsOf(*instrument), input.notice_on, 0);
            if (!state.counts) {
                errors.Add("instrumentId", "该保证金不可使用（状态：" + state.status + "）");
            } else {
                // Uses issued but not yet paid are already promised out of the balance.
                core::Fen promised = 0;
                for (const auto& u : repository::ListUses(tx, project.id))
                    if (u.instrument_id == instrument->id && !u.paid_on) promised += u.amount;
                if (total > instrument->balance - promised)
                    errors.Add("workers", "支付总额 " + core::FormatYuan(total) + " 元超过保证金可用余额 " +
                                              core::FormatYuan(instrument->balance - promised) + " 元");
            }
        }
        errors.ThrowIfAny("保证金支付通知有误");

        const core::Timestamp now = clock_.Now();
        Use u;
        u.id = core::NewId(now);
        u.project_id = project.id;
        u.instrument_id = instrument->id;
        u.notice_number = input.notice_number;
        u.notice_on = input.notice_on;
        u.amount = total;
        // DEP 19–21: the bank pays the named workers within 5 working days of the notice.
        u.pay_due_on = calendar_.AddWorkingDays(
            input.notice_on, IntParam(parameters_, tx, project.region_code, "deposit.use_pay_within_working_days"));
        u.workers = input.workers;
        u.created_at = now;
        try {
            repository::InsertUse(tx, u);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("该支付通知书编号已登记", {{"noticeNumber", "已登记"}});
        }
        json::array workers;
        for (const auto& w : u.workers)
            workers.push_back(json::object{{"workerId", w.worker_id}, {"amount", w.amount}});
        audit::RecordAudit(tx, clock_, ctx, "create", "deposit_use", u.id,
                           json::object{{"projectId", u.project_id},
                                        {"instrumentId", u.instrument_id},
                                        {"noticeNumber", u.notice_number},
                                        {"noticeOn", u.notice_on.ToString()},
                                        {"amount", u.amount},
                                        {"workers", std::move(workers)}});
        return u;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Use DepositService::RecordPayment(const core::CallContext& ctx, std::string_view project_id, std::string_view use_id,
                                  core::Date paid_on) {
    Use committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        auto use = repository::FindUse(tx, project.id, use_id);
        if (!use) ThrowNotFound("保证金使用记录");
        if (use->paid_on) ThrowConflict("银行支付已登记（" + use->paid_on->ToString() + "）");
        core::FieldErrors errors;
        NotAfter(errors, "paidOn", paid_on, clock_.TodayInShanghai());
        if (paid_on < use->notice_on) errors.Add("paidOn", "不能早于支付通知书日期 " + use->notice_on.ToString());
        errors.ThrowIfAny("银行支付信息有误");

        auto instrument = repository::FindInstrument(tx, use->instrument_id);
        if (!instrument || instrument->status == "returned" || instrument->balance < use->amount)
            ThrowConflict("保证金余额不足或已返还，无法登记支付");
        const core::Timestamp now = clock_.Now();
        const core::Fen balance = instrument->balance - use->amount;
        repository::UpdateInstrumentBalance(tx, instrument->id, balance, balance == 0 ? "used" : "active", now);
        // DEP 21: the GC tops the deposit up within 10 working days of its use.
        use->paid_on = paid_on;
        use->topup_due_on = calendar_.AddWorkingDays(
            paid_on, IntParam(parameters_, tx, project.region_code, "deposit.topup_within_working_days"));
        repository::UpdateUsePayment(tx, use->id, paid_on, *use->topup_due_on, now);
        audit::RecordAudit(
            tx, clock_, ctx, "pay", "deposit_use", use->id,
            json::object{{"paidOn", paid_on.ToString()}, {"instrumentId", instrument->id}, {"balance", balance}});
        return *use;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Use DepositService::RecordTopup(const core::CallContext& ctx, std::string_view project_id, std::string_view use_id,
                                core::Date topped_up_on) {
    Use committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        RequireGeneralContractorOrSupervisor(ctx, project);
        auto use = repository::FindUse(tx, project.id, use_id);
        if (!use) ThrowNotFound("保证金使用记录");
        if (!use->paid_on) ThrowConflict("银行尚未支付，无需补存");
        if (use->topped_up_on) ThrowConflict("补存已登记（" + use->topped_up_on->ToString() + "）");
        core::FieldErrors errors;
        NotAfter(errors, "toppedUpOn", topped_up_on, clock_.TodayInShanghai());
        if (topped_up_on < *use->paid_on) errors.Add("toppedUpOn", "不能早于银行支付日期 " + use->paid_on->ToString());
        errors.ThrowIfAny("补存信息有误");

        auto instrument = repository::FindInstrument(tx, use->instrument_id);
        if (!instrument || instrument->status == "returned") ThrowConflict("保证金已返还，无法补存");
        const core::Timestamp now = clock_.Now();
        const core::Fen balance = instrument->balance + use->amount;
        repository::UpdateInstrumentBalance(tx, instrument->id, balance, "active", now);
        use->topped_up_on = topped_up_on;
        repository::UpdateUseTopup(tx, use->id, topped_up_on, now);
        audit::RecordAudit(
            tx, clock_, ctx, "topup", "deposit_use", use->id,
            json::object{
                {"toppedUpOn", topped_up_on.ToString()}, {"instrumentId", instrument->id}, {"balance", balance}});
        return *use;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Return DepositService::ApplyReturn(const core::CallContext& ctx, std::string_view project_id, core::Date applied_on,
                                   bool pledge) {
    Return committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        RequireGeneralContractorOrSupervisor(ctx, project);
        core::FieldErrors errors;
        NotAfter(errors, "appliedOn", applied_on, clock_.TodayInShanghai());
        if (!pledge) errors.Add("pledge", "须书面承诺无拖欠农民工工资");
        errors.ThrowIfAny("返还申请有误");

        if (project.status != "finished" && project.status != "completed")
            ThrowConflict("项目尚未完工或竣工，不能申请返还工资保证金", {{"projectStatus", project.status}});
        for (const auto& r : repository::ListReturns(tx, project.id)) {
            if (r.confirmed_on) ThrowConflict("该项目工资保证金已返还");
            if (ReturnOpen(r)) ThrowConflict("已有未办结的返还申请");
        }
        bool any = false;
        for (const auto& i : repository::ListInstruments(tx, project.id))
            if (i.status == "active" || i.status == "used") any = true;
        if (!any) ThrowConflict("该项目没有可返还的工资保证金");
        for (const auto& u : repository::ListUses(tx, project.id))
            if (!u.paid_on || !u.topped_up_on)
                ThrowConflict("有未办结的保证金使用（支付通知书 " + u.notice_number + "）");
        if (auto unpaid = unpaid_wages_.UnpaidWages(tx, project.id)) ThrowConflict("项目仍有拖欠工资：" + *unpaid);

        const core::Timestamp now = clock_.Now();
        Return r;
        r.id = core::NewId(now);
        r.project_id = project.id;
        r.applied_on = applied_on;
        // DEP 22: 30 days of public notice, then review within 5 working days.
        r.notice_ends_on =
            applied_on.AddDays(IntParam(parameters_, tx, project.region_code, "deposit.return_notice_days"));
        r.review_due_on = calendar_.AddWorkingDays(
            r.notice_ends_on, IntParam(parameters_, tx, project.region_code, "deposit.return_review_working_days"));
        r.created_at = now;
        repository::InsertReturn(tx, r);
        audit::RecordAudit(tx, clock_, ctx, "apply", "deposit_return", r.id,
                           json::object{{"projectId", r.project_id},
                                        {"appliedOn", r.applied_on.ToString()},
                                        {"pledge", pledge},
                                        {"noticeEndsOn", r.notice_ends_on.ToString()},
                                        {"reviewDueOn", r.review_due_on.ToString()}});
        return r;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Return DepositService::ReviewReturn(const core::CallContext& ctx, std::string_view project_id,
                                    std::string_view return_id, const ReturnReview& review) {
    Return committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        if (ctx.principal.role == identity::role::kEnterpriseUser) ThrowForbidden("返还审核由人社部门办理");
        auto r = repository::FindReturn(tx, project.id, return_id);
        if (!r) ThrowNotFound("返还申请");
        if (r->reviewed_on) ThrowConflict("该返还申请已审核");
        core::FieldErrors errors;
        if (review.result != "approved" && review.result != "refused") errors.Add("result", "应为 approved 或 refused");
        if (review.result == "refused" && review.reason.empty()) errors.Add("reason", "不予返还须说明理由");
        NotAfter(errors, "reviewedOn", review.reviewed_on, clock_.TodayInShanghai());
        errors.ThrowIfAny("审核信息有误");
        // The notice must run its full course before anyone reviews.
        if (review.reviewed_on < r->notice_ends_on)
            ThrowConflict("公示期至 " + r->notice_ends_on.ToString() + " 届满，届满后方可审核",
                          {{"reviewedOn", "公示期未满"}});
        if (review.result == "approved") {
            if (auto unpaid = unpaid_wages_.UnpaidWages(tx, project.id))
                ThrowConflict("项目仍有拖欠工资，不能同意返还：" + *unpaid);
        }
        r->reviewed_on = review.reviewed_on;
        r->review_result = review.result;
        r->review_reason = review.reason.empty() ? std::nullopt : std::optional<std::string>(review.reason);
        r->reviewer_id = ctx.principal.user_id;
        if (review.result == "approved")
            r->confirm_due_on = calendar_.AddWorkingDays(
                review.reviewed_on,
                IntParam(parameters_, tx, project.region_code, "deposit.return_confirm_working_days"));
        const core::Timestamp now = clock_.Now();
        repository::UpdateReturnReview(tx, *r, now);
        audit::RecordAudit(tx, clock_, ctx, "review", "deposit_return", r->id,
                           json::object{{"result", review.result},
                                        {"reason", review.reason},
                                        {"reviewedOn", review.reviewed_on.ToString()},
                                        {"confirmDueOn", core::DateOrNull(r->confirm_due_on)}});
        return *r;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Return DepositService::ConfirmReturn(const core::CallContext& ctx, std::string_view project_id,
                                     std::string_view return_id, core::Date confirmed_on) {
    Return committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        ProjectRow project = ProjectInScopeOr404(tx, ctx, project_id);
        if (ctx.principal.role == identity::role::kEnterpriseUser) ThrowForbidden("返还确认由人社部门办理");
        auto r = repository::FindReturn(tx, project.id, return_id);
        if (!r) ThrowNotFound("返还申请");
        if (!r->reviewed_on) ThrowConflict("返还申请尚未审核");
        if (r->review_result != std::optional<std::string>("approved")) ThrowConflict("返还申请未获同意");
        if (r->confirmed_on) ThrowConflict("返还已确认");
        core::FieldErrors errors;
        NotAfter(errors, "confirmedOn", confirmed_on, clock_.TodayInShanghai());
        if (confirmed_on < *r->reviewed_on) errors.Add("confirmedOn", "不能早于审核日期 " + r->reviewed_on->ToString());
        errors.ThrowIfAny("返还确认信息有误");
        const core::Timestamp now = clock_.Now();
        repository::MarkInstrumentsReturned(tx, project.id, confirmed_on, now);
        repository::UpdateReturnConfirmed(tx, r->id, confirmed_on, now);
        r->confirmed_on = confirmed_on;
        audit::RecordAudit(tx, clock_, ctx, "confirm", "deposit_return", r->id,
                           json::object{{"confirmedOn", confirmed_on.ToString()}});
        return *r;
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

DepositPage DepositService::List(const core::CallContext& ctx, const DepositQuery& query) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    const core::Date today = clock_.TodayInShanghai();
    auto requirements = repository::ListRequirementsInScope(tx, ctx.principal, query.region_code);
    std::map<std::string, std::vector<InstrumentFacts>> instruments;
    for (const auto& i : repository::InstrumentsInScope(tx, ctx.principal, query.region_code))
        instruments[i.project_id].push_back(FactsOf(i));
    std::set<std::string> use_overdue;
    for (const auto& u : repository::UsesInScope(tx, ctx.principal, query.region_code)) {
        UseState s = StateOfUse(u.pay_due_on, u.paid_on, u.topup_due_on, u.topped_up_on, today);
        // Only what is still outstanding and late counts for the filter.
        if ((!u.paid_on && s.pay_overdue) || (u.paid_on && !u.topped_up_on && s.topup_overdue))
            use_overdue.insert(u.project_id);
    }
    std::map<std::string, int> remind_days;  // per region code, read once
    DepositPage page;
    std::vector<DepositListItem> matched;
    for (const auto& r : requirements) {
        auto [it, inserted] = remind_days.try_emplace(r.region_code, 0);
        if (inserted) it->second = IntParam(parameters_, tx, r.region_code, "deposit.guarantee_remind_days");
        DepositListItem item;
        item.project_id = r.project_id;
        item.project_code = r.project_code;
        item.project_name = r.project_name;
        item.region_code = r.region_code;
        item.required = r.required;
        item.exempt = r.exempt;
        item.status = ComputeStatus(r.required, r.exempt, r.due_on, instruments[r.project_id], today, it->second);
        item.use_overdue = use_overdue.contains(r.project_id);
        if (query.shortfall && (item.exempt || item.status.shortfall == 0)) continue;
        if (query.overdue && item.status.state != "overdue" && !item.use_overdue) continue;
        if (query.expiring && !item.status.expiring_soon && !item.status.expired) continue;
        matched.push_back(std::move(item));
    }
    page.total = static_cast<std::int64_t>(matched.size());
    for (std::int64_t k = query.offset; k < page.total && k < query.offset + query.limit; ++k)
        page.items.push_back(std::move(matched[static_cast<size_t>(k)]));
    return page;
}

void DepositService::DeclareHistory(const core::CallContext& ctx, const HistoryDeclaration& declaration) {
    storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const int this_year = clock_.TodayInShanghai().year();
        core::FieldErrors errors;
        if (declaration.year < 2000 || declaration.year >= this_year)
            errors.Add("year", "应在 2000 至 " + std::to_string(this_year - 1) + " 之间");
        errors.ThrowIfAny("申报信息有误");
        if (!registry::EnterpriseService::EnterpriseInScope(tx, ctx.principal, declaration.enterprise_id))
            ThrowNotFound("企业");
        const core::Timestamp now = clock_.Now();
        repository::UpsertHistory(tx, declaration, ctx.principal.user_id, now);
        audit::RecordAudit(tx, clock_, ctx, "declare", "deposit_history", declaration.enterprise_id,
                           json::object{{"year", declaration.year},
                                        {"hadArrears", declaration.had_arrears},
                                        {"realNameAndAccount", declaration.real_name_and_account},
                                        {"note", declaration.note}});
    });
}

}  // namespace anxin::deposits
