#include "wages/bank_feed.hpp"

#include <map>
#include <set>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/tabular.hpp"
#include "core/validation.hpp"
#include "core/text.hpp"
#include "identity/permissions.hpp"
#include "registry/published.hpp"
#include "registry/workers.hpp"
#include "wages/account_repository.hpp"
#include "wages/account_service.hpp"
#include "wages/wages_scope.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

constexpr size_t kMaxTxnIdChars = 64;

std::string Trim(std::string_view text) { return std::string(core::TrimSpace(text)); }

std::string TextOf(const json::object& item, std::string_view key) {
    const json::value* v = item.if_contains(key);
    if (!v) return {};
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    if (v->is_uint64()) return std::to_string(v->as_uint64());
    return {};
}

// credit / debit, and the words banks' exports use.
std::string NormalizeDirection(std::string_view text) {
    std::string t = Trim(text);
    for (auto& c : t) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (t == "credit" || t == "c" || t == "cr" || t == "贷" || t == "收入" || t == "入账") return "credit";
    if (t == "debit" || t == "d" || t == "dr" || t == "借" || t == "支出" || t == "出账") return "debit";
    return {};
}

// Digits of a card or account number, for matching ("" when it has other characters).
std::string CardDigits(std::string_view text) {
    std::string digits;
    for (char c : text) {
        if (c == ' ' || c == '-') continue;
        if (c < '0' || c > '9') return {};
        digits += c;
    }
    return digits;
}

struct AccountEntry {
    std::optional<repository::AccountRecord> record;  // nullopt: unknown or not at the operator's bank
};

}  // namespace

std::vector<FeedRow> ReadFeedJson(const json::value& body) {
    const json::object* object = body.if_object();
    const json::value* list = object ? object->if_contains("transactions") : nullptr;
    if (!list || !list->is_array()) ThrowInvalidField("transactions", "须为交易数组");
    core::RefuseUnknownFields(*object, {"transactions"});
    std::vector<FeedRow> rows;
    rows.reserve(list->as_array().size());
    std::int64_t n = 0;
    for (const auto& value : list->as_array()) {
        FeedRow row;
        row.row = ++n;
        if (const json::object* item = value.if_object()) {
            core::RefuseUnknownFields(*item,
                                      {"accountNumber", "bankTxnId", "direction", "amount", "amountYuan", "bookedOn",
                                       "counterpartyName", "counterpartyAccount", "purpose"},
                                      "transactions[" + std::to_string(n - 1) + "].");
            row.account_number = TextOf(*item, "accountNumber");
            row.bank_txn_id = TextOf(*item, "bankTxnId");
            row.direction = TextOf(*item, "direction");
            if (const json::value* amount = item->if_contains("amount"); amount && !amount->is_null()) {
                if (amount->is_int64()) {
                    row.amount = amount->as_int64();
                } else if (amount->is_uint64()) {
                    row.amount_problem = "金额超出范围";
                } else {
                    row.amount_problem = "金额必须是以分为单位的整数（或用 amountYuan 传元字符串）";
                }
            }
            if (const json::value* yuan = item->if_contains("amountYuan"); yuan && !yuan->is_null()) {
                if (yuan->is_string()) {
                    row.amount_yuan = std::string(yuan->as_string());
                } else {
                    row.amount_problem = "amountYuan 须为字符串，如 \"1234.56\"";
                }
            }
            row.booked_on = TextOf(*item, "bookedOn");
            row.counterparty_name = TextOf(*item, "counterpartyName");
            row.counterparty_account = TextOf(*item, "counterpartyAccount");
            row.purpose = TextOf(*item, "purpose");
        } else {
            row.amount_problem = "每条交易须为 JSON 对象";
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<FeedRow> ReadFeedCsv(std::string_view bytes) {
    core::Table table = core::ReadTable(bytes);
    core::ColumnMap columns(table, {
                                       {"accountNumber", {"accountNumber", "账号", "专户账号", "本方账号"}, true},
                                       {"bankTxnId", {"bankTxnId", "交易流水号", "流水号"}, true},
                                       {"direction", {"direction", "借贷方向", "收支方向", "借贷标志"}, true},
                                       {"amountYuan", {"amountYuan", "金额", "金额(元)", "金额（元）", "交易金额"}, true},
                                       {"bookedOn", {"bookedOn", "记账日期", "交易日期"}, true},
                                       {"counterpartyName", {"counterpartyName", "对方户名"}, false},
                                       {"counterpartyAccount", {"counterpartyAccount", "对方账号"}, false},
                                       {"purpose", {"purpose", "用途", "摘要"}, false},
                                   });
    std::vector<FeedRow> rows;
    rows.reserve(table.rows.size());
    for (size_t i = 0; i < table.rows.size(); ++i) {
        const auto& cells = table.rows[i];
        FeedRow row;
        row.row = table.row_numbers[i];
        row.account_number = columns.Get(cells, "accountNumber");
        row.bank_txn_id = columns.Get(cells, "bankTxnId");
        row.direction = columns.Get(cells, "direction");
        row.amount_yuan = columns.Get(cells, "amountYuan");
        row.booked_on = columns.Get(cells, "bookedOn");
        row.counterparty_name = columns.Get(cells, "counterpartyName");
        row.counterparty_account = columns.Get(cells, "counterpartyAccount");
        row.purpose = columns.Get(cells, "purpose");
        rows.push_back(std::move(row));
    }
    return rows;
}

FeedResult BankFeedService::Submit(const core::CallContext& ctx, std::span<const FeedRow> rows) {
    const core::Principal& principal = ctx.principal;
    if (!AccountScope::IsBankOperator(principal) || principal.bank_code.empty()) {
        ThrowForbidden("只有银行用户可以报送专户流水");
    }
    if (rows.size() > kMaxRows) {
        throw Error(ErrorCode::kPayloadTooLarge, "一次最多报送 " + std::to_string(kMaxRows) + " 条交易",
                    {{"transactions", "超过 " + std::to_string(kMaxRows) + " 条"}});
    }
    if (rows.empty()) ThrowInvalidField("transactions", "至少需要一条交易");
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "未配置数据密钥，无法处理账号信息");
    const core::FieldCipher& cipher = *cipher_;
    const core::Date today = clock_.TodayInShanghai();

    std::vector<std::string> changed;  // projects with new transactions, told after commit
    FeedResult feed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        changed.clear();  // a retried attempt starts over
        FeedResult result;
        std::map<std::string, AccountEntry> accounts;                         // by number index
        std::map<std::string, std::map<std::string, std::string>> cards;     // project → card digits → worker
        std::set<std::pair<std::string, std::string>> seen;                  // (account, bankTxnId) in this batch
        std::map<std::string, repository::BalanceRow> totals;                 // account → credits/debits so far
        json::array written;
        const auto now = clock_.Now();

        for (const FeedRow& row : rows) {
            std::vector<FeedRowError> problems;
            const std::string txn_id = Trim(row.bank_txn_id);
            auto fail = [&](std::string field, std::string reason) {
                problems.push_back(FeedRowError{row.row, txn_id, std::move(field), std::move(reason)});
            };

            const std::string number = NormalizeAccountNumber(row.account_number);
            if (Trim(row.account_number).empty()) {
                fail("accountNumber", "必填");
            } else if (number.empty()) {
                fail("accountNumber", "账号须为 10–30 位数字");
            }
            if (txn_id.empty()) {
                fail("bankTxnId", "必填");
            } else if (core::TextProblem(txn_id) || core::Utf8Length(txn_id) > kMaxTxnIdChars) {
                fail("bankTxnId", "流水号不能超过 " + std::to_string(kMaxTxnIdChars) + " 个字符");
            }
            const std::string direction = NormalizeDirection(row.direction);
            if (direction.empty()) fail("direction", Trim(row.direction).empty() ? "必填" : "须为 credit 或 debit");

            std::optional<core::Fen> amount;
            const std::string yuan = Trim(row.amount_yuan);
            if (!row.amount_problem.empty()) {
                fail("amount", row.amount_problem);
            } else if (row.amount) {
                amount = row.amount;
                if (!yuan.empty() && core::ParseYuan(yuan) != row.amount) fail("amountYuan", "与 amount 不一致");
            } else if (!yuan.empty()) {
                amount = core::ParseYuan(yuan);
                if (!amount) fail("amountYuan", "金额格式无效：须为元，最多两位小数，如 1234.56");
            } else {
                fail("amount", "必填（amount 以分为单位的整数，或 amountYuan 元字符串）");
            }
            if (amount && *amount <= 0) fail(row.amount ? "amount" : "amountYuan", "金额必须大于 0");
            if (amount && *amount > core::kMaxAmountFen)
                fail(row.amount ? "amount" : "amountYuan", "单笔金额不能超过 100 亿元");

            auto booked_on = core::Date::Parse(Trim(row.booked_on));
            if (!booked_on) {
                fail("bookedOn", Trim(row.booked_on).empty() ? "必填" : "日期格式须为 YYYY-MM-DD");
            } else if (*booked_on > today) {
                fail("bookedOn", "记账日期不能晚于今天（" + today.ToString() + "）");
            }
            const std::string counterparty_name = Trim(row.counterparty_name);
            if (auto problem = core::TextProblem(counterparty_name)) {
                fail("counterpartyName", *problem);
            } else if (core::Utf8Length(counterparty_name) > 100) {
                fail("counterpartyName", "不能超过 100 个字符");
            }
            const std::string counterparty_account = Trim(row.counterparty_account);
            if (counterparty_account.size() > 40 || core::TextProblem(counterparty_account)) fail("counterpartyAccount", "不能超过 40 个字符，且不能含控制字符");
            const std::string purpose = Trim(row.purpose);
            if (auto problem = core::TextProblem(purpose)) {
                fail("purpose", *problem);
            } else if (core::Utf8Length(purpose) > 200) {
                fail("purpose", "不能超过 200 个字符");
            }

            // The account: by the blind index of its number, held at the operator's bank and region.
            const repository::AccountRecord* account = nullptr;
            if (!number.empty()) {
                const std::string index = cipher.BlindIndex(number, kAccountNumberContext);
                auto it = accounts.find(index);
                if (it == accounts.end()) {
                    AccountEntry entry;
                    auto record = repository::FindAccountByNumberIndex(tx, index);
                    if (record && record->account.bank_code == principal.bank_code &&
                        AccountScope::ProjectVisible(tx, principal, record->account.project_id)) {
                        entry.record = std::move(record);
                    }
                    it = accounts.emplace(index, std::move(entry)).first;
                }
                // Unknown and another bank's account read the same, so numbers cannot be probed.
                if (!it->second.record) {
                    fail("accountNumber", "本行未登记该工资专户");
                } else if (it->second.record->account.status == "closed") {
                    fail("accountNumber", "该工资专户已销户");
                } else {
                    account = &*it->second.record;
                }
            }
            if (!problems.empty()) {
                for (auto& p : problems) result.errors.push_back(std::move(p));
                continue;
            }

            const Account& a = account->account;
            if (!seen.emplace(a.id, txn_id).second) {
                ++result.duplicates;
                result.duplicate_rows.push_back(row.row);
                continue;
            }

            // Totals stay within core::kMaxTotalFen, so every later SUM over accounts fits in int64.
            auto total_it = totals.find(a.id);
            if (total_it == totals.end()) total_it = totals.emplace(a.id, repository::Balance(tx, a.id)).first;
            core::Fen& running = direction == "credit" ? total_it->second.credits : total_it->second.debits;
            auto next_total = core::AddFen(running, *amount);
            if (!next_total) {
                result.errors.push_back(FeedRowError{row.row, txn_id, row.amount ? "amount" : "amountYuan",
                                                     "该专户累计" + std::string(direction == "credit" ? "收入" : "支出") +
                                                         "将超出允许范围（10 万亿元），请核对金额"});
                continue;
            }

            repository::TxnRecord record;
            AccountTxn& t = record.txn;
            t.account_id = a.id;
            t.bank_txn_id = txn_id;
            t.direction = direction;
            t.amount = *amount;
            t.booked_on = *booked_on;
            t.counterparty_name = counterparty_name;
            t.purpose = purpose;
            t.created_at = now;
            const std::string digits = CardDigits(counterparty_account);
            if (!counterparty_account.empty()) {
                record.counterparty_enc = cipher.Seal(counterparty_account, kCounterpartyAccountContext);
                t.counterparty_account = core::MaskBankCard(digits.empty() ? counterparty_account : digits);
            }
            if (direction == "debit") {
                // REG 31 / ACC: the account pays only this project's registered workers' own cards. The
                // project's cards are decrypted once per batch.
                auto cit = cards.find(a.project_id);
                if (cit == cards.end()) {
                    std::map<std::string, std::string> by_card;
                    const std::vector<std::string> project{a.project_id};
                    for (const auto& card : registry::ContractedWorkerCards(tx, cipher, &project)) {
                        if (!card.card) throw Error(ErrorCode::kInternal, "工人银行卡号无法解密");
                        std::string plain = CardDigits(*card.card);
                        if (!plain.empty()) by_card.emplace(std::move(plain), card.worker_id);
                    }
                    cit = cards.emplace(a.project_id, std::move(by_card)).first;
                }
                auto match = digits.empty() ? cit->second.end() : cit->second.find(digits);
                if (match != cit->second.end()) {
                    t.worker_id = match->second;
                } else {
                    t.flagged = true;
                    t.flag_reason = std::string(kUnmatchedDebitReason);
                }
            }
            if (!repository::InsertTxnIfAbsent(tx, record)) {
                ++result.duplicates;
                result.duplicate_rows.push_back(row.row);
                continue;
            }
            ++result.accepted;
            running = *next_total;
            if (changed.empty() || changed.back() != a.project_id) changed.push_back(a.project_id);
            if (t.flagged) ++result.flagged;
            if (direction == "credit" && repository::MatchAllocation(tx, a.id, t.amount, t.booked_on, t.bank_txn_id)) {
                ++result.matched_allocations;
            }
            written.push_back(json::string(a.id + ":" + t.bank_txn_id));
        }

        if (result.accepted > 0) {
            audit::RecordAudit(tx, clock_, ctx, "feed", "wages_account_txn", ctx.request_id,
                               json::object{{"bankCode", principal.bank_code},
                                            {"accepted", result.accepted},
                                            {"duplicates", result.duplicates},
                                            {"flagged", result.flagged},
                                            {"rejected", static_cast<std::int64_t>(result.errors.size())},
                                            {"transactions", std::move(written)}});
        }
        return result;
    });
    core::TellProjectsChanged(changes_, changed);
    return feed;
}

}  // namespace anxin::wages
