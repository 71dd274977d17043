#include "wages/account_service.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "core/text.hpp"
#include "files/files.hpp"
#include "identity/permissions.hpp"
#include "wages/account_repository.hpp"
#include "wages/wages_scope.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;


std::string Trim(std::string_view text) { return std::string(core::TrimSpace(text)); }

json::value DateValue(const std::optional<core::Date>& date) {
    if (!date) return nullptr;
    return json::string(date->ToString());
}

json::value TextValue(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return json::string(*text);
}

std::string CheckText(std::string_view field, std::string_view value, size_t max_chars, bool required,
                      core::FieldErrors& errors) {
    std::string trimmed = Trim(value);
    if (!core::IsValidUtf8(trimmed)) {
        errors.Add(std::string(field), "不是有效的 UTF-8 文本");
    } else if (required && trimmed.empty()) {
        errors.Add(std::string(field), "必填");
    } else if (core::Utf8Length(trimmed) > max_chars) {
        errors.Add(std::string(field), "长度不能超过 " + std::to_string(max_chars) + " 个字符");
    }
    return trimmed;
}

// Bank codes are short identifiers such as ICBC, CCB, 102 (the CNAPS bank code): A–Z, 0–9, '_'.
std::string CheckBankCode(std::string_view value, core::FieldErrors& errors) {
    std::string code = Trim(value);
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c); });
    bool ok = !code.empty() && code.size() <= 20;
    for (char c : code) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) errors.Add("bankCode", "银行代码为 1–20 位大写字母、数字或下划线，如 ICBC");
    return code;
}

void CheckNotFuture(std::string_view field, const std::optional<core::Date>& date, core::Date today,
                    core::FieldErrors& errors) {
    if (date && *date > today) errors.Add(std::string(field), "不能晚于今天（" + today.ToString() + "）");
}

bool IsSupervisor(const core::Principal& p) { return p.role == identity::role::kSupervisor; }
bool IsEnterpriseUser(const core::Principal& p) { return p.role == identity::role::kEnterpriseUser; }

repository::ProjectTerms VisibleProject(storage::Transaction& tx, const core::Principal& principal,
                                        std::string_view project_id) {
    if (!AccountScope::ProjectVisible(tx, principal, project_id)) ThrowNotFound("项目");
    auto terms = repository::FindProjectTerms(tx, project_id);
    if (!terms) ThrowNotFound("项目");
    return std::move(*terms);
}

// REG 26: the general contractor opens and manages the account; supervisors may record it for them.
void RequireAccountManager(const core::Principal& principal, const repository::ProjectTerms& project) {
    if (IsSupervisor(principal)) return;
    if (IsEnterpriseUser(principal) && project.general_contractor_id &&
        principal.enterprise_id == *project.general_contractor_id) {
        return;
    }
    ThrowForbidden("只有本项目的施工总承包单位可以办理工资专户");
}

bool ProjectFinished(std::string_view status) { return status == "finished" || status == "completed"; }

json::object AccountAudit(const Account& a) {
    return json::object{{"projectId", a.project_id},
                        {"bankCode", a.bank_code},
                        {"bankName", a.bank_name},
                        {"branchName", a.branch_name},
                        {"accountName", a.account_name},
                        {"accountNumber", a.account_number},  // the mask: no personal data in the audit
                        {"openedOn", a.opened_on.ToString()},
                        {"agreementRef", TextValue(a.agreement_ref)},
                        {"agreementSignedOn", DateValue(a.agreement_signed_on)},
                        {"filedOn", DateValue(a.filed_on)},
                        {"status", a.status}};
}

struct DeadlineDays {
    std::int64_t open_within = 30;
    std::int64_t file_within = 30;
    std::int64_t close_notice = 30;
};

DeadlineDays ReadDays(storage::Transaction& tx, const region::ParameterService& parameters,
                      std::string_view region_code) {
    return DeadlineDays{parameters.GetInt(tx, region_code, "account.open_within_days"),
                        parameters.GetInt(tx, region_code, "account.file_within_days"),
                        parameters.GetInt(tx, region_code, "account.close_notice_days")};
}

AccountView MakeView(storage::Transaction& tx, const repository::ProjectTerms& project,
                     std::optional<Account> account, const DeadlineDays& days, core::Date today) {
    AccountView view;
    view.project_id = project.id;
    view.project_code = project.code;
    view.project_name = project.name;
    view.region_code = project.region_code;
    view.project_status = project.status;
    std::optional<core::Date> open_due;
    if (project.contract_signed_on) open_due = project.contract_signed_on->AddDays(static_cast<int>(days.open_within));
    std::optional<core::Date> opened_on;
    std::optional<core::Date> file_due;
    std::optional<core::Date> filed_on;
    if (account) {
        opened_on = account->opened_on;
        file_due = account->opened_on.AddDays(static_cast<int>(days.file_within));
        filed_on = account->filed_on;
        if (account->closure_notice_on) {
            view.closure_notice_ends_on = account->closure_notice_on->AddDays(static_cast<int>(days.close_notice));
        }
        auto balance = repository::Balance(tx, account->id);
        view.credits = balance.credits;
        view.debits = balance.debits;
        view.balance = balance.credits - balance.debits;
        view.flagged_debits = balance.flagged;
        if (account->agreement_file_id) {
            for (const auto& f : files::Describe(tx, {*account->agreement_file_id})) account->agreement_file_name = f.file_name;
        }
    }
    view.open_deadline = EvaluateDeadline(open_due, opened_on, today);
    view.filing_deadline = EvaluateDeadline(file_due, filed_on, today);
    view.account = std::move(account);
    return view;
}

bool HasDeadlineProblem(const AccountView& view) {
    auto bad = [](const Deadline& d) { return d.status == "overdue" || d.status == "late"; };
    return bad(view.open_deadline) || bad(view.filing_deadline);
}

}  // namespace

Deadline EvaluateDeadline(std::optional<core::Date> due, std::optional<core::Date> done, core::Date today) {
    Deadline d;
    d.due_on = due;
    d.done_on = done;
    if (!due) {
        d.status = "unknown";
    } else if (done) {
        d.status = *done <= *due ? "met" : "late";
        d.days = *done <= *due ? 0 : due->DaysUntil(*done);
    } else if (today <= *due) {
        d.status = "pending";
        d.days = today.DaysUntil(*due);
    } else {
        d.status = "overdue";
        d.days = due->DaysUntil(today);
    }
    return d;
}

bool OpenCaseChecker::HasOpenCases(storage::Transaction&, std::string_view) const { return false; }

std::optional<AccountFacts> FindProjectAccount(storage::Transaction& tx, std::string_view project_id) {
    auto record = repository::FindAccountByProject(tx, project_id);
    if (!record) return std::nullopt;
    const Account& a = record->account;
    return AccountFacts{a.id, a.project_id, a.bank_code, a.status};
}

core::Fen AccountBalance(storage::Transaction& tx, std::string_view account_id) {
    auto b = repository::Balance(tx, account_id);
    return b.credits - b.debits;
}

std::string NormalizeAccountNumber(std::string_view text, size_t min_digits, size_t max_digits) {
    std::string digits;
    for (char c : text) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c < '0' || c > '9') return {};
        digits += c;
    }
    if (digits.size() < min_digits || digits.size() > max_digits) return {};
    return digits;
}

const core::FieldCipher& AccountService::Cipher() const {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法处理账号信息");
    return *cipher_;
}

AccountView AccountService::Open(const core::CallContext& ctx, std::string_view project_id, const NewAccount& input) {
    const core::Date today = clock_.TodayInShanghai();
    core::FieldErrors errors;
    Account a;
    a.bank_code = CheckBankCode(input.bank_code, errors);
    a.bank_name = CheckText("bankName", input.bank_name, 100, true, errors);
    a.branch_name = CheckText("branchName", input.branch_name, 100, false, errors);
    a.account_name = CheckText("accountName", input.account_name, 100, true, errors);
    std::string number = NormalizeAccountNumber(input.account_number);
    if (number.empty()) errors.Add("accountNumber", "账号须为 10–30 位数字");
    a.opened_on = input.opened_on;
    CheckNotFuture("openedOn", a.opened_on, today, errors);
    if (input.agreement_ref) {
        std::string ref = CheckText("agreementRef", *input.agreement_ref, 100, false, errors);
        if (!ref.empty()) a.agreement_ref = ref;
    }
    a.agreement_signed_on = input.agreement_signed_on;
    CheckNotFuture("agreementSignedOn", a.agreement_signed_on, today, errors);
    a.filed_on = input.filed_on;
    CheckNotFuture("filedOn", a.filed_on, today, errors);
    if (a.filed_on && *a.filed_on < a.opened_on) errors.Add("filedOn", "备案日期不能早于开户日期");
    errors.ThrowIfAny();
    const core::FieldCipher& cipher = Cipher();

    AccountView committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto project = VisibleProject(tx, ctx.principal, project_id);
        RequireAccountManager(ctx.principal, project);
        if (!project.general_contractor_id) {
            throw Error(ErrorCode::kUnprocessable, "项目尚未登记施工总承包单位，不能开立工资专户",
                        {{"projectId", "项目尚未登记施工总承包单位"}});
        }
        if (project.status == "closed") ThrowConflict("项目已销项，不能开立工资专户");
        if (repository::FindAccountByProject(tx, project.id)) {
            ThrowConflict("该项目已开立工资专户（每个项目只能开立一个）", {{"projectId", "该项目已开立工资专户"}});
        }
        const std::string index = cipher.BlindIndex(number, kAccountNumberContext);
        if (repository::FindAccountByNumberIndex(tx, index)) {
            ThrowConflict("该账号已登记为工资专户", {{"accountNumber", "该账号已登记为工资专户"}});
        }
        auto now = clock_.Now();
        a.id = core::NewId(now);
        a.project_id = project.id;
        a.general_contractor_id = *project.general_contractor_id;
        a.account_number = core::MaskBankCard(number);
        a.status = "open";
        a.created_at = now;
        a.updated_at = now;
        try {
            repository::InsertAccount(tx, a, cipher.Seal(number, kAccountNumberContext), index);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("该项目已开立工资专户或该账号已登记", {{"accountNumber", "重复"}});
        }
        audit::RecordAudit(tx, clock_, ctx, "create", "wages_account", a.id, AccountAudit(a));
        return MakeView(tx, project, a, ReadDays(tx, parameters_, project.region_code), today);
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

AccountView AccountService::Get(const core::CallContext& ctx, std::string_view project_id, bool reveal) {
    const core::Date today = clock_.TodayInShanghai();
    if (!reveal) {
        auto tx = db_.Begin(storage::TxMode::kRead);
        auto project = VisibleProject(tx, ctx.principal, project_id);
        auto record = repository::FindAccountByProject(tx, project.id);
        std::optional<Account> account;
        if (record) account = std::move(record->account);
        return MakeView(tx, project, std::move(account), ReadDays(tx, parameters_, project.region_code), today);
    }
    // A personal read: the full number, for roles that may unmask, audited in the same transaction.
    if (!identity::RoleHasPermission(ctx.principal.role, "worker.unmask")) {
        ThrowForbidden("无权查看完整账号");
    }
    const core::FieldCipher& cipher = Cipher();
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto project = VisibleProject(tx, ctx.principal, project_id);
        auto record = repository::FindAccountByProject(tx, project.id);
        if (!record) ThrowNotFound("工资专户");
        record->account.account_number = cipher.Open(record->number_enc, kAccountNumberContext);
        record->account.revealed = true;
        audit::RecordAudit(tx, clock_, ctx, "read_personal", "wages_account", record->account.id,
                           json::object{{"fields", json::array{"accountNumber"}}});
        return MakeView(tx, project, std::move(record->account), ReadDays(tx, parameters_, project.region_code),
                        today);
    });
}

AccountView AccountService::Update(const core::CallContext& ctx, std::string_view project_id,
                                   const AccountPatch& patch) {
    const core::Date today = clock_.TodayInShanghai();
    core::FieldErrors errors;
    std::optional<std::string> ref;
    if (patch.agreement_ref) ref = CheckText("agreementRef", *patch.agreement_ref, 100, false, errors);
    std::optional<std::string> branch;
    if (patch.branch_name) branch = CheckText("branchName", *patch.branch_name, 100, false, errors);
    CheckNotFuture("agreementSignedOn", patch.agreement_signed_on, today, errors);
    CheckNotFuture("filedOn", patch.filed_on, today, errors);
    errors.ThrowIfAny();

    AccountView committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto project = VisibleProject(tx, ctx.principal, project_id);
        RequireAccountManager(ctx.principal, project);
        auto record = repository::FindAccountByProject(tx, project.id);
        if (!record) ThrowNotFound("工资专户");
        Account& a = record->account;
        if (a.status == "closed") ThrowConflict("工资专户已销户，不能修改");
        if (patch.filed_on && *patch.filed_on < a.opened_on) {
            ThrowInvalidField("filedOn", "备案日期不能早于开户日期（" + a.opened_on.ToString() + "）");
        }
        json::object change;
        if (ref) {
            std::optional<std::string> value = ref->empty() ? std::nullopt : std::optional<std::string>(*ref);
            if (value != a.agreement_ref) {
                a.agreement_ref = value;
                change["agreementRef"] = TextValue(value);
            }
        }
        if (patch.agreement_file_id) {
            std::optional<std::string> value;
            if (!patch.agreement_file_id->empty()) {
                // A file the caller uploaded for this project (the side door: anything else is absent).
                auto file = files::RequireReadable(tx, ctx.principal, {*patch.agreement_file_id}, "agreementFileId").front();
                if (file.project_id != std::optional<std::string>(project.id))
                    ThrowInvalidField("agreementFileId", "请上传本项目的三方协议扫描件");
                value = file.id;
            }
            if (value != a.agreement_file_id) {
                a.agreement_file_id = value;
                change["agreementFileId"] = TextValue(value);
            }
        }
        if (patch.agreement_signed_on && patch.agreement_signed_on != a.agreement_signed_on) {
            a.agreement_signed_on = patch.agreement_signed_on;
            change["agreementSignedOn"] = DateValue(a.agreement_signed_on);
        }
        if (patch.filed_on && patch.filed_on != a.filed_on) {
            a.filed_on = patch.filed_on;
            change["filedOn"] = DateValue(a.filed_on);
        }
        if (branch && *branch != a.branch_name) {
            a.branch_name = *branch;
            change["branchName"] = a.branch_name;
        }
        if (!change.empty()) {
            a.updated_at = clock_.Now();
            repository::UpdateAccount(tx, a);
            audit::RecordAudit(tx, clock_, ctx, "update", "wages_account", a.id, change);
        }
        return MakeView(tx, project, std::move(a), ReadDays(tx, parameters_, project.region_code), today);
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

AccountView AccountService::RequestClosure(const core::CallContext& ctx, std::string_view project_id,
                                           std::optional<core::Date> notice_on) {
    const core::Date today = clock_.TodayInShanghai();
    const core::Date start = notice_on.value_or(today);
    if (start > today) ThrowInvalidField("noticeOn", "不能晚于今天（" + today.ToString() + "）");

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto project = VisibleProject(tx, ctx.principal, project_id);
        RequireAccountManager(ctx.principal, project);
        auto record = repository::FindAccountByProject(tx, project.id);
        if (!record) ThrowNotFound("工资专户");
        Account& a = record->account;
        if (a.status == "closing") ThrowConflict("工资专户已在销户公示中");
        if (a.status == "closed") ThrowConflict("工资专户已销户");
        // REG 27: the account closes only once the project is completed.
        if (!ProjectFinished(project.status)) {
            ThrowConflict("项目尚未完工（当前状态：" + project.status + "），不能申请销户",
                          {{"projectStatus", project.status}});
        }
        if (start < a.opened_on) ThrowInvalidField("noticeOn", "公示开始日期不能早于开户日期");
        a.status = "closing";
        a.closure_notice_on = start;
        a.updated_at = clock_.Now();
        repository::UpdateAccount(tx, a);
        audit::RecordAudit(tx, clock_, ctx, "request_closure", "wages_account", a.id,
                           json::object{{"status", a.status}, {"closureNoticeOn", start.ToString()}});
        return MakeView(tx, project, std::move(a), ReadDays(tx, parameters_, project.region_code), today);
    });
}

AccountView AccountService::Close(const core::CallContext& ctx, std::string_view project_id,
                                  std::optional<core::Date> closed_on) {
    const core::Date today = clock_.TodayInShanghai();
    const core::Date on = closed_on.value_or(today);
    if (on > today) ThrowInvalidField("closedOn", "不能晚于今天（" + today.ToString() + "）");

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto project = VisibleProject(tx, ctx.principal, project_id);
        RequireAccountManager(ctx.principal, project);
        auto record = repository::FindAccountByProject(tx, project.id);
        if (!record) ThrowNotFound("工资专户");
        Account& a = record->account;
        if (a.status == "closed") ThrowConflict("工资专户已销户");
        if (a.status != "closing" || !a.closure_notice_on) ThrowConflict("须先申请销户并完成公示");
        if (!ProjectFinished(project.status)) {
            ThrowConflict("项目尚未完工（当前状态：" + project.status + "），不能销户",
                          {{"projectStatus", project.status}});
        }
        auto days = ReadDays(tx, parameters_, project.region_code);
        // REG 27: a public notice of account.close_notice_days (30) before closing.
        const core::Date ends = a.closure_notice_on->AddDays(static_cast<int>(days.close_notice));
        if (on < ends) {
            ThrowConflict("销户公示期至 " + ends.ToString() + " 结束，公示期满后方可销户",
                          {{"closureNoticeEndsOn", ends.ToString()}});
        }
        // DOMAIN §3 [U]: not while a wage complaint or case about the project is open.
        if (cases_.HasOpenCases(tx, project.id)) ThrowConflict("该项目尚有未办结的欠薪投诉或案件，不能销户");
        const core::Fen balance = AccountBalance(tx, a.id);
        if (balance != 0) {
            ThrowConflict("专户余额为 " + core::FormatYuan(balance) + " 元，余额为零方可销户",
                          {{"balance", std::to_string(balance)}});
        }
        a.status = "closed";
        a.closed_on = on;
        a.updated_at = clock_.Now();
        repository::UpdateAccount(tx, a);
        audit::RecordAudit(tx, clock_, ctx, "close", "wages_account", a.id,
                           json::object{{"status", a.status}, {"closedOn", on.ToString()}});
        return MakeView(tx, project, std::move(a), days, today);
    });
}

AccountPage AccountService::List(const core::CallContext& ctx, const AccountQuery& query) const {
    if (query.status &&
        std::find(std::begin(kAccountStatuses), std::end(kAccountStatuses), *query.status) == std::end(kAccountStatuses)) {
        ThrowInvalidField("status", "取值无效，可选：open, closing, closed");
    }
    const core::Date today = clock_.TodayInShanghai();
    repository::AccountFilter filter;
    filter.principal = ctx.principal;
    filter.region_prefix = query.region_code;
    filter.bank_code = query.bank_code;
    filter.status = query.status;
    const std::int64_t offset = std::max<std::int64_t>(query.offset, 0);
    const std::int64_t limit = std::clamp<std::int64_t>(query.limit, 0, 1000);
    // Deadlines depend on each region's parameters, so the overdue filter runs here, over every
    // account in scope; without it the database pages.
    if (!query.overdue_only) {
        filter.offset = offset;
        filter.limit = limit;
    }

    auto tx = db_.Begin(storage::TxMode::kRead);
    std::map<std::string, DeadlineDays, std::less<>> days_by_region;
    AccountPage page;
    for (auto& row : repository::ListAccounts(tx, filter)) {
        auto it = days_by_region.find(row.project.region_code);
        if (it == days_by_region.end()) {
            it = days_by_region.emplace(row.project.region_code, ReadDays(tx, parameters_, row.project.region_code))
                     .first;
        }
        AccountView view = MakeView(tx, row.project, std::move(row.record.account), it->second, today);
        if (query.overdue_only && !HasDeadlineProblem(view)) continue;
        page.items.push_back(std::move(view));
    }
    if (query.overdue_only) {
        page.total = static_cast<std::int64_t>(page.items.size());
        auto begin = std::min<std::int64_t>(offset, page.total);
        auto end = std::min<std::int64_t>(begin + limit, page.total);
        page.items = std::vector<AccountView>(std::make_move_iterator(page.items.begin() + begin),
                                              std::make_move_iterator(page.items.begin() + end));
    } else {
        page.total = repository::CountAccounts(tx, filter);
    }
    return page;
}

TxnPage AccountService::Transactions(const core::CallContext& ctx, std::string_view account_id,
                                     const TxnQuery& query) const {
    TxnQuery q = query;
    q.offset = std::max<std::int64_t>(q.offset, 0);
    q.limit = std::clamp<std::int64_t>(q.limit, 0, 1000);
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto record = repository::FindAccountById(tx, account_id);
    if (!record || !AccountScope::ProjectVisible(tx, ctx.principal, record->account.project_id)) {
        ThrowNotFound("工资专户");
    }
    TxnPage page;
    page.items = repository::ListTxns(tx, account_id, q);
    page.total = repository::CountTxns(tx, account_id, q);
    return page;
}

}  // namespace anxin::wages
