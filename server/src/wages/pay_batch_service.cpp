#include "wages/pay_batch_service.hpp"

#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "registry/published.hpp"
#include "registry/workers.hpp"
#include "wages/payroll_repository.hpp"
#include "wages/payroll_service.hpp"
#include "wages/wages.hpp"
#include "wages/wages_scope.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

std::string Reference(std::string_view batch_id, size_t index) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "-%04zu", index);
    return std::string(batch_id) + suffix;
}

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += "、";
        out += item;
    }
    return out;
}

// The batch, when the caller may see it: bank operators the batches of their bank, everyone else
// the batches of projects in scope.
PayBatch LoadVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view batch_id) {
    auto batch = payroll_repo::FindBatch(tx, batch_id);
    if (!batch) ThrowNotFound("代发批次");
    if (AccountScope::IsBankOperator(principal) && batch->bank_code != principal.bank_code) ThrowNotFound("代发批次");
    if (!AccountScope::ProjectVisible(tx, principal, batch->project_id)) ThrowNotFound("代发批次");
    return std::move(*batch);
}

PayBatch WithLines(storage::Transaction& tx, PayBatch batch) {
    for (auto& record : payroll_repo::BatchLines(tx, batch.id)) batch.lines.push_back(std::move(record.line));
    return batch;
}

Payroll LoadPayroll(storage::Transaction& tx, std::string_view payroll_id) {
    auto payroll = payroll_repo::FindPayroll(tx, payroll_id);
    if (!payroll) ThrowNotFound("工资表");
    payroll->lines = payroll_repo::PayrollLines(tx, payroll_id);
    return std::move(*payroll);
}

}  // namespace

PayBatch PayBatchService::Issue(const core::CallContext& ctx, std::string_view payroll_id) {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法读取银行卡号");
    PayBatch committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto header = payroll_repo::FindPayroll(tx, payroll_id);
        if (!header || !AccountScope::ProjectVisible(tx, ctx.principal, header->project_id)) ThrowNotFound("工资表");
        RequirePayrollWriter(tx, ctx.principal, header->project_id, header->employer_id);
        Payroll payroll = LoadPayroll(tx, payroll_id);
        if (payroll.status != "approved" && payroll.status != "paying") {
            ThrowConflict(payroll.status == "paid" ? "工资表已全部发放" : "只有已审核的工资表可以生成代发批次",
                          {{"status", payroll.status}});
        }
        if (auto issued = payroll_repo::IssuedBatch(tx, payroll.id)) {
            ThrowConflict("上一代发批次尚未回盘，不能重复生成批次", {{"batchId", *issued}});
        }
        auto account = FindProjectAccount(tx, payroll.project_id);
        if (!account || account->status != "open") {
            throw Error(ErrorCode::kUnprocessable, "项目没有开立中的农民工工资专用账户，不能代发",
                        {{"account", "没有开立中的专户"}});
        }

        const auto now = clock_.Now();
        PayBatch batch;
        batch.id = core::NewId(now);
        batch.payroll_id = payroll.id;
        batch.project_id = payroll.project_id;
        batch.period = payroll.period;
        batch.account_id = account->id;
        batch.bank_code = account->bank_code;
        batch.sequence = payroll_repo::MaxSequence(tx, payroll.id) + 1;
        batch.status = "issued";
        batch.issued_at = now;

        std::vector<payroll_repo::BatchLineRecord> records;
        std::vector<std::string> without_card;
        for (const auto& line : payroll.lines) {
            const core::Fen due = line.net_pay - line.paid_amount;
            if (due <= 0) continue;
            auto worker = payroll_repo::FindWorker(tx, line.worker_id);
            // REG 31: wages go to the worker's own card; nobody else's account.
            if (!worker || !worker->has_bank_card) {
                without_card.push_back(line.worker_name);
                continue;
            }
            payroll_repo::BatchLineRecord record;
            record.line.payroll_line_id = line.id;
            record.line.reference = Reference(batch.id, records.size() + 1);
            record.line.worker_id = line.worker_id;
            record.line.payee_name = worker->name;
            record.line.card_mask = worker->bank_card_mask;
            record.line.card_bank_name = worker->bank_name;
            record.line.amount = due;
            record.line.status = "pending";
            const std::string card = registry::WorkerBankCard(tx, *cipher_, line.worker_id).value_or("");
            record.card_enc = cipher_->Seal(card, kBatchCardContext);
            batch.total_amount += due;
            records.push_back(std::move(record));
        }
        if (!without_card.empty()) {
            throw Error(ErrorCode::kUnprocessable, "有工人未登记本人银行卡，不能代发（REG 31）",
                        {{"bankCard", "未登记银行卡：" + Join(without_card)}});
        }
        if (records.empty()) ThrowConflict("没有待发放的工资明细", {{"status", payroll.status}});
        batch.line_count = static_cast<std::int64_t>(records.size());

        try {
            payroll_repo::InsertBatch(tx, batch);
        } catch (const storage::UniqueViolation&) {
            ThrowConflict("该工资表的代发批次已生成（重复提交）", {{"sequence", std::to_string(batch.sequence)}});
        }
        for (const auto& record : records) payroll_repo::InsertBatchLine(tx, batch.id, record);
        if (payroll.status == "approved") payroll_repo::MovePayroll(tx, payroll.id, "approved", "paying", now);
        json::array refs;
        for (const auto& record : records)
            refs.push_back(json::object{{"reference", record.line.reference},
                                        {"workerId", record.line.worker_id},
                                        {"amount", record.line.amount}});
        audit::RecordAudit(tx, clock_, ctx, "issue", "pay_batch", batch.id,
                           json::object{{"payrollId", batch.payroll_id},
                                        {"sequence", batch.sequence},
                                        {"accountId", batch.account_id},
                                        {"total", batch.total_amount},
                                        {"lines", std::move(refs)}});
        return WithLines(tx, *payroll_repo::FindBatch(tx, batch.id));
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

PayBatch PayBatchService::Get(const core::CallContext& ctx, std::string_view batch_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return WithLines(tx, LoadVisible(tx, ctx.principal, batch_id));
}

std::vector<PayBatch> PayBatchService::ListForPayroll(const core::CallContext& ctx,
                                                      std::string_view payroll_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto payroll = payroll_repo::FindPayroll(tx, payroll_id);
    if (!payroll || !AccountScope::ProjectVisible(tx, ctx.principal, payroll->project_id)) ThrowNotFound("工资表");
    payroll_repo::BatchFilter filter;
    filter.payroll_id = std::string(payroll_id);
    filter.principal = ctx.principal;
    std::vector<PayBatch> out;
    for (auto& batch : payroll_repo::ListBatches(tx, filter)) out.push_back(WithLines(tx, std::move(batch)));
    return out;
}

std::vector<PayBatch> PayBatchService::List(const core::CallContext& ctx, const BatchQuery& query) const {
    if (query.status && *query.status != "issued" && *query.status != "returned")
        ThrowInvalidField("status", "取值无效，可选：issued, returned");
    auto tx = db_.Begin(storage::TxMode::kRead);
    payroll_repo::BatchFilter filter;
    filter.status = query.status;
    filter.principal = ctx.principal;
    return payroll_repo::ListBatches(tx, filter);
}

std::string PayBatchService::File(const core::CallContext& ctx, std::string_view batch_id, BatchFileFormat format) {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法读取银行卡号");
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        PayBatch batch = LoadVisible(tx, ctx.principal, batch_id);
        if (!AccountScope::IsBankOperator(ctx.principal)) {
            auto payroll = payroll_repo::FindPayroll(tx, batch.payroll_id);
            RequirePayrollWriter(tx, ctx.principal, payroll->project_id, payroll->employer_id);
        }
        BatchFile file;
        file.batch_id = batch.id;
        file.bank_code = batch.bank_code;
        file.sequence = batch.sequence;
        file.period = batch.period;
        std::int64_t number = 0;
        for (const auto& record : payroll_repo::BatchLines(tx, batch.id)) {
            BatchFileLine line;
            line.number = ++number;
            line.reference = record.line.reference;
            line.payee_name = record.line.payee_name;
            line.card_number = record.card_enc ? cipher_->Open(*record.card_enc, kBatchCardContext) : "";
            line.bank_name = record.line.card_bank_name.value_or("");
            line.amount = record.line.amount;
            line.purpose = "工资 " + batch.period;
            file.lines.push_back(std::move(line));
        }
        std::string bytes = adapters_.For(batch.bank_code).WriteBatch(file, format);
        // Full card numbers leave the platform: a personal-data read, audited.
        audit::RecordAudit(tx, clock_, ctx, "read_personal", "pay_batch", batch.id,
                           json::object{{"fields", json::array{"bankCard"}},
                                        {"format", format == BatchFileFormat::kCsv ? "csv" : "xlsx"},
                                        {"lines", file.lines.size()}});
        return bytes;
    });
}

PayBatch PayBatchService::ImportReturn(const core::CallContext& ctx, std::string_view batch_id,
                                       std::string_view file) {
    PayBatch committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        PayBatch batch = LoadVisible(tx, ctx.principal, batch_id);
        if (!AccountScope::IsBankOperator(ctx.principal)) ThrowForbidden("只有专户开户银行可以上传回盘文件");
        if (batch.status != "issued") ThrowConflict("该批次已回盘（already returned）", {{"batchId", batch.id}});

        const ReturnFile parsed = adapters_.For(batch.bank_code).ParseReturn(file);
        if (!parsed.errors.empty()) {
            Error::Fields fields;
            for (const auto& e : parsed.errors) {
                auto& message = fields["第 " + std::to_string(e.row) + " 行"];
                if (!message.empty()) message += "；";
                message += e.field + "：" + e.reason;
            }
            throw Error(ErrorCode::kInvalidArgument, "回盘文件有格式错误，未作任何处理", fields);
        }

        // Every return line matched to a batch line by reference, and every batch line answered.
        const auto records = payroll_repo::BatchLines(tx, batch.id);
        std::map<std::string, const payroll_repo::BatchLineRecord*, std::less<>> by_reference;
        for (const auto& r : records) by_reference[r.line.reference] = &r;
        Error::Fields mismatches;
        std::set<std::string, std::less<>> answered;
        // "total differs" only means something when the layout carries amounts (the standard's is optional).
        bool amounts_given = !parsed.lines.empty();
        core::Fen returned_total = 0;
        for (const auto& line : parsed.lines) {
            amounts_given = amounts_given && line.amount.has_value();
            returned_total += line.amount.value_or(0);
        }
        const core::Date today = clock_.TodayInShanghai();
        for (const auto& line : parsed.lines) {
            const std::string where = "（第 " + std::to_string(line.row) + " 行）";
            auto it = by_reference.find(line.reference);
            if (it == by_reference.end()) {
                mismatches[line.reference] = "批次中没有此参考号" + where;
                continue;
            }
            if (!answered.insert(line.reference).second) {
                mismatches[line.reference] = "参考号重复" + where;
                continue;
            }
            if (line.amount && *line.amount != it->second->line.amount) {
                mismatches[line.reference] = "金额不符：回盘 " + core::FormatYuan(*line.amount) + " 元，批次 " +
                                             core::FormatYuan(it->second->line.amount) + " 元" + where;
            }
            if (line.settled_on && *line.settled_on > today) mismatches[line.reference] = "处理日期晚于今天" + where;
        }
        for (const auto& r : records) {
            if (!answered.contains(r.line.reference) && !mismatches.contains(r.line.reference))
                mismatches[r.line.reference] = "回盘文件缺少此行（" + r.line.payee_name + "）";
        }
        if (amounts_given && returned_total != batch.total_amount) {
            mismatches["total"] = "合计不符：回盘 " + core::FormatYuan(returned_total) + " 元，批次 " +
                                  core::FormatYuan(batch.total_amount) + " 元";
        }
        if (!mismatches.empty()) {
            std::vector<std::string> refs;
            for (const auto& [reference, reason] : mismatches) refs.push_back(reference);
            throw Error(ErrorCode::kUnprocessable, "回盘文件与批次不符，未作任何处理：" + Join(refs), mismatches);
        }

        core::Fen paid = 0;
        core::Fen failed = 0;
        for (const auto& line : parsed.lines) (line.paid ? paid : failed) += by_reference[line.reference]->line.amount;
        // Reconciliation to the fen: batch total = paid + failed.
        if (paid + failed != batch.total_amount) throw Error(ErrorCode::kInternal, "回盘合计与批次合计不一致");
        const auto now = clock_.Now();
        if (!payroll_repo::MarkReturned(tx, batch.id, paid, failed, now))
            ThrowConflict("该批次已回盘（already returned）", {{"batchId", batch.id}});

        json::array audit_lines;
        for (const auto& line : parsed.lines) {
            const auto& record = *by_reference[line.reference];
            std::optional<std::string> bank_reference;
            if (!line.bank_reference.empty()) bank_reference = line.bank_reference;
            if (line.paid) {
                payroll_repo::SettleBatchLine(tx, batch.id, record.line.payroll_line_id, "paid", std::nullopt,
                                              *line.settled_on, bank_reference);
                payroll_repo::PayLine(tx, record.line.payroll_line_id, record.line.amount, *line.settled_on,
                                      line.bank_reference, now);
            } else {
                payroll_repo::SettleBatchLine(tx, batch.id, record.line.payroll_line_id, "failed",
                                              line.failure_reason, *line.settled_on, bank_reference);
            }
            audit_lines.push_back(json::object{{"reference", line.reference},
                                               {"status", line.paid ? "paid" : "failed"},
                                               {"amount", record.line.amount},
                                               {"bankReference", line.bank_reference}});
        }
        // approved → paying → paid once every line is bank-confirmed.
        Payroll payroll = LoadPayroll(tx, batch.payroll_id);
        bool all_paid = true;
        for (const auto& l : payroll.lines) all_paid = all_paid && l.paid_amount == l.net_pay;
        if (all_paid) payroll_repo::MovePayroll(tx, payroll.id, "paying", "paid", now);
        audit::RecordAudit(tx, clock_, ctx, "return", "pay_batch", batch.id,
                           json::object{{"paid", paid},
                                        {"failed", failed},
                                        {"fileDigest", core::Sha256Hex(file)},
                                        {"lines", std::move(audit_lines)}});
        return WithLines(tx, *payroll_repo::FindBatch(tx, batch.id));
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

}  // namespace anxin::wages
