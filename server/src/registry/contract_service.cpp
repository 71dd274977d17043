// ContractService (workers.hpp): labor contracts and entry/exit records (REG 28).
#include <algorithm>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "identity/permissions.hpp"
#include "registry/worker_repository.hpp"
#include "registry/worker_service.hpp"
#include "registry/workers.hpp"

namespace anxin::registry {
namespace {

bool OneOf(std::string_view value, std::span<const std::string_view> allowed) {
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

boost::json::value OptDate(const std::optional<core::Date>& date) {
    if (!date) return nullptr;
    return boost::json::string(date->ToString());
}

// The contract, if it exists and its project is in the caller's scope.
Contract RequireContract(storage::Transaction& tx, const core::Principal& principal, std::string_view id) {
    auto contract = repository::FindContract(tx, id);
    if (!contract || !repository::ProjectVisibleTo(tx, principal, contract->project_id)) ThrowNotFound("合同");
    return std::move(*contract);
}

}  // namespace

Contract ContractService::Create(const core::CallContext& ctx, const NewContract& input) {
    Contract contract =
        storage::WithTransaction(db_, [&](storage::Transaction& tx) { return Create(tx, ctx, input); });
    core::TellProjectChanged(changes_, contract.project_id);
    return contract;
}

Contract ContractService::Create(storage::Transaction& tx, const core::CallContext& ctx, const NewContract& input) {
    core::FieldErrors errors;
    if (!OneOf(input.kind, kContractKinds)) errors.Add("kind", "取值无效，可选：labor_contract, employment_agreement");
    if (!OneOf(input.wage_type, kWageTypes)) errors.Add("wageType", "取值无效，可选：daily, monthly, piece");
    if (input.wage_rate < 0) errors.Add("wageRate", "不能为负数");
    if (input.end_on && *input.end_on < input.start_on) errors.Add("endOn", "不能早于开始日期");
    if (input.signed_on > clock_.TodayInShanghai()) errors.Add("signedOn", "不能晚于今天");
    if (input.worker_id.empty()) errors.Add("workerId", "必填");
    if (input.employer_id.empty()) errors.Add("employerId", "必填");

    {
        if (!repository::ProjectVisibleTo(tx, ctx.principal, input.project_id)) ThrowNotFound("项目");
        // An enterprise names only workers it sees: an id alone must not attach another employer's
        // worker (issue 11); it links a person it knows first (WorkerService::Create with the name).
        // Officers sign within their project scope, audited, for any registered person.
        const bool enterprise = ctx.principal.role == identity::role::kEnterpriseUser;
        if (!input.worker_id.empty() &&
            !(enterprise ? repository::WorkerVisible(tx, ctx.principal, input.worker_id)
                         : repository::WorkerExists(tx, input.worker_id)))
            errors.Add("workerId", "人员不存在");
        if (!input.employer_id.empty() && !repository::ProjectHasParticipant(tx, input.project_id, input.employer_id))
            errors.Add("employerId", "该单位未参建此项目");
        if (input.team_id) {
            auto team = repository::FindTeamOwner(tx, *input.team_id);
            if (!team || team->project_id != input.project_id) {
                errors.Add("teamId", "班组不属于此项目");
            } else if (team->enterprise_id != input.employer_id) {
                errors.Add("teamId", "班组不属于该用工单位");
            }
        }
        errors.ThrowIfAny();
        // Enterprise users sign for their own enterprise; the general contractor manages the whole site.
        if (ctx.principal.role == identity::role::kEnterpriseUser && input.employer_id != ctx.principal.enterprise_id &&
            !repository::ProjectHasParticipant(tx, input.project_id, ctx.principal.enterprise_id, "009")) {
            throw Error(ErrorCode::kForbidden, "只能为本单位登记合同", {{"employerId", "只能为本单位登记合同"}});
        }

        const auto now = clock_.Now();
        Contract c;
        c.id = core::NewId(now);
        c.worker_id = input.worker_id;
        c.project_id = input.project_id;
        c.employer_id = input.employer_id;
        c.team_id = input.team_id;
        c.kind = input.kind;
        c.start_on = input.start_on;
        c.end_on = input.end_on;
        c.wage_type = input.wage_type;
        c.wage_rate = input.wage_rate;
        c.signed_on = input.signed_on;
        c.created_at = c.updated_at = now;
        try {
            repository::InsertContract(tx, c);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("该人员与该单位在此项目已有同日开始的合同", {{"startOn", "已有同日开始的合同"}});
        }
        audit::RecordAudit(tx, clock_, ctx, "create", "contract", c.id,
                           boost::json::object{{"workerId", c.worker_id},
                                               {"projectId", c.project_id},
                                               {"employerId", c.employer_id},
                                               {"teamId", c.team_id ? boost::json::value(*c.team_id) : nullptr},
                                               {"kind", c.kind},
                                               {"startOn", c.start_on.ToString()},
                                               {"endOn", OptDate(c.end_on)},
                                               {"wageType", c.wage_type},
                                               {"wageRate", c.wage_rate},
                                               {"signedOn", c.signed_on.ToString()}});
        return c;
    }
}

Contract ContractService::Get(const core::CallContext& ctx, std::string_view id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return RequireContract(tx, ctx.principal, id);
}

std::vector<Contract> ContractService::ListForProject(const core::CallContext& ctx,
                                                      std::string_view project_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!repository::ProjectVisibleTo(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    return repository::ListContractsOfProject(tx, project_id);
}

std::vector<Contract> ContractService::ListForWorker(const core::CallContext& ctx, std::string_view worker_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!repository::WorkerVisible(tx, ctx.principal, worker_id)) ThrowNotFound("人员");
    return repository::ListContractsOfWorker(tx, ctx.principal, worker_id);
}

Contract ContractService::RecordEntry(const core::CallContext& ctx, std::string_view contract_id, core::Date on_date) {
    Contract contract = storage::WithTransaction(
        db_, [&](storage::Transaction& tx) { return RecordEntry(tx, ctx, contract_id, on_date); });
    core::TellProjectChanged(changes_, contract.project_id);
    return contract;
}

Contract ContractService::RecordEntry(storage::Transaction& tx, const core::CallContext& ctx,
                                      std::string_view contract_id, core::Date on_date) {
    {
        Contract c = RequireContract(tx, ctx.principal, contract_id);
        // REG 28: nobody enters the site without a contract; entry is recorded on one, within its term.
        if (on_date < c.start_on) ThrowInvalidField("onDate", "不能早于合同开始日期 " + c.start_on.ToString());
        if (c.end_on && on_date > *c.end_on) ThrowInvalidField("onDate", "不能晚于合同结束日期 " + c.end_on->ToString());
        if (on_date > clock_.TodayInShanghai()) ThrowInvalidField("onDate", "不能晚于今天");
        if (c.entered_on) ThrowConflict("该合同已登记进场", {{"onDate", "已于 " + c.entered_on->ToString() + " 进场"}});
        const auto now = clock_.Now();
        c.entered_on = on_date;
        c.updated_at = now;
        repository::UpdateContractPresence(tx, c);
        repository::InsertEntryExit(tx, core::NewId(now), c.id, "entry", on_date.ToString(), core::ToMillis(now));
        audit::RecordAudit(tx, clock_, ctx, "entry", "contract", c.id,
                           boost::json::object{{"onDate", on_date.ToString()}});
        return c;
    }
}

Contract ContractService::RecordExit(const core::CallContext& ctx, std::string_view contract_id, core::Date on_date) {
    Contract contract = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Contract c = RequireContract(tx, ctx.principal, contract_id);
        if (!c.entered_on) ThrowConflict("尚未登记进场", {{"onDate", "尚未登记进场"}});
        if (c.exited_on) ThrowConflict("该合同已登记退场", {{"onDate", "已于 " + c.exited_on->ToString() + " 退场"}});
        if (on_date < *c.entered_on) ThrowInvalidField("onDate", "不能早于进场日期 " + c.entered_on->ToString());
        if (on_date > clock_.TodayInShanghai()) ThrowInvalidField("onDate", "不能晚于今天");
        const auto now = clock_.Now();
        c.exited_on = on_date;
        c.updated_at = now;
        repository::UpdateContractPresence(tx, c);
        repository::InsertEntryExit(tx, core::NewId(now), c.id, "exit", on_date.ToString(), core::ToMillis(now));
        audit::RecordAudit(tx, clock_, ctx, "exit", "contract", c.id,
                           boost::json::object{{"onDate", on_date.ToString()}});
        return c;
    });
    core::TellProjectChanged(changes_, contract.project_id);
    return contract;
}

}  // namespace anxin::registry
