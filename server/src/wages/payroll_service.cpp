#include "wages/payroll_service.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "identity/permissions.hpp"
#include "registry/project_scope.hpp"
#include "registry/workers.hpp"
#include "wages/payroll_repository.hpp"
#include "wages/wages_scope.hpp"

namespace anxin::wages {
namespace {

namespace json = boost::json;

// 10^12 fen = 100 亿元: far above any wage, far below int64 overflow when summed.
constexpr core::Fen kMaxAmount = 1'000'000'000'000;
constexpr std::int64_t kMaxDays = 31;
constexpr std::int64_t kMaxMinutes = 31 * 24 * 60;
constexpr std::size_t kMaxNoteChars = 200;
constexpr std::string_view kPaidMessage = "工资表已有银行确认的发放，不能修改或重新提交";

std::string StatusLabel(std::string_view status) {
    if (status == "draft") return "草稿";
    if (status == "submitted") return "已提交";
    if (status == "approved") return "已审核";
    if (status == "paying") return "发放中";
    if (status == "paid") return "已发放";
    return std::string(status);
}

std::string Join(const std::vector<std::string>& items, std::string_view separator = "、") {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

void FillTotals(Payroll& p) {
    p.gross_total = p.deductions_total = p.net_total = p.paid_total = 0;
    for (const auto& l : p.lines) {
        p.gross_total += l.gross_pay;
        p.deductions_total += l.deductions;
        p.net_total += l.net_pay;
        p.paid_total += l.paid_amount;
    }
    p.unpaid_total = p.net_total - p.paid_total;
}

Payroll Load(storage::Transaction& tx, std::string_view payroll_id) {
    auto payroll = payroll_repo::FindPayroll(tx, payroll_id);
    if (!payroll) ThrowNotFound("工资表");
    payroll->lines = payroll_repo::PayrollLines(tx, payroll_id);
    FillTotals(*payroll);
    return std::move(*payroll);
}

// The payroll, if its project is visible to the caller (bank operators: accounts at their bank).
Payroll LoadVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view payroll_id) {
    auto payroll = payroll_repo::FindPayroll(tx, payroll_id);
    if (!payroll || !AccountScope::ProjectVisible(tx, principal, payroll->project_id)) ThrowNotFound("工资表");
    return Load(tx, payroll_id);
}

void RequireActsFor(storage::Transaction& tx, const core::Principal& principal, std::string_view project_id,
                    std::string_view employer_id) {
    RequirePayrollWriter(tx, principal, project_id, employer_id);
}

Payroll LoadWritable(storage::Transaction& tx, const core::Principal& principal, std::string_view payroll_id) {
    Payroll payroll = LoadVisible(tx, principal, payroll_id);
    RequireActsFor(tx, principal, payroll.project_id, payroll.employer_id);
    return payroll;
}

void RequireDraft(const Payroll& payroll) {
    if (payroll.paid_total > 0 || payroll.status == "paying" || payroll.status == "paid") {
        ThrowConflict(std::string(kPaidMessage), {{"status", payroll.status}});
    }
    if (payroll.status != "draft") {
        ThrowConflict("只有草稿状态的工资表可以修改（当前：" + StatusLabel(payroll.status) + "）",
                      {{"status", payroll.status}});
    }
}

const PayrollLine& FindLine(const Payroll& payroll, std::string_view line_id) {
    for (const auto& line : payroll.lines)
        if (line.id == line_id) return line;
    ThrowNotFound("工资表明细");
}

core::Date LastDayOfNextMonth(const Month& month) {
    // First day of the month after next, minus one day.
    int year = month.first.year();
    unsigned m = month.first.month() + 2;
    if (m > 12) {
        m -= 12;
        ++year;
    }
    return core::Date(year, m, 1).AddDays(-1);
}

struct CheckedHeader {
    Month month;
    core::Date pay_date;
};

// Validates the payroll's header and the caller's right to create it; inside the transaction.
CheckedHeader CheckNewPayroll(storage::Transaction& tx, const core::Principal& principal, const NewPayroll& input) {
    core::FieldErrors errors;
    auto month = ParsePeriod(input.period);
    if (!month) errors.Add("period", "应为 YYYY-MM 格式的月份");
    if (input.employer_id.empty()) errors.Add("employerId", "必填");
    if (!registry::ProjectInScope(tx, principal, input.project_id)) ThrowNotFound("项目");
    if (!input.employer_id.empty() && !payroll_repo::IsParticipant(tx, input.project_id, input.employer_id))
        errors.Add("employerId", "该单位未参建此项目");
    if (input.team_id) {
        auto owner = payroll_repo::TeamEnterprise(tx, *input.team_id, input.project_id);
        if (!owner) {
            errors.Add("teamId", "班组不属于此项目");
        } else if (*owner != input.employer_id) {
            errors.Add("teamId", "班组不属于该用工单位");
        }
    }
    if (month && input.pay_date && *input.pay_date < month->first)
        errors.Add("payDate", "支付日期不能早于工资所属月份");
    errors.ThrowIfAny();
    RequireActsFor(tx, principal, input.project_id, input.employer_id);
    if (payroll_repo::PayrollExists(tx, input.project_id, input.employer_id, input.team_id, input.period)) {
        ThrowConflict("该项目本月已有此单位（班组）的工资表", {{"period", "已有工资表"}});
    }
    return CheckedHeader{*month, input.pay_date.value_or(LastDayOfNextMonth(*month))};
}

Payroll NewHeader(const NewPayroll& input, const CheckedHeader& header, std::string source, core::Timestamp now) {
    Payroll p;
    p.id = core::NewId(now);
    p.project_id = input.project_id;
    p.employer_id = input.employer_id;
    p.team_id = input.team_id;
    p.period = input.period;
    p.pay_date = header.pay_date;
    p.source = std::move(source);
    p.status = "draft";
    p.created_at = p.updated_at = now;
    return p;
}

json::object LineAudit(const PayrollLine& l) {
    return json::object{{"workerId", l.worker_id},  {"days", l.days},         {"minutes", l.minutes},
                        {"basePay", l.base_pay},    {"overtimePay", l.overtime_pay}, {"otherPay", l.other_pay},
                        {"grossPay", l.gross_pay},  {"deductions", l.deductions},    {"netPay", l.net_pay}};
}

// Applies `input` to `line` and checks it; gross and net are derived.
void ApplyLineInput(PayrollLine& line, const LineInput& input) {
    core::FieldErrors errors;
    auto count = [&](const std::optional<std::int64_t>& value, std::int64_t& target, const char* field,
                     std::int64_t max) {
        if (!value) return;
        if (*value < 0 || *value > max) errors.Add(field, "应在 0–" + std::to_string(max) + " 之间");
        target = *value;
    };
    auto money = [&](const std::optional<core::Fen>& value, core::Fen& target, const char* field) {
        if (!value) return;
        if (*value < 0) errors.Add(field, "不能为负数");
        if (*value > kMaxAmount) errors.Add(field, "金额过大");
        target = *value;
    };
    auto text = [&](const std::optional<std::string>& value, std::string& target, const char* field) {
        if (!value) return;
        if (!core::IsValidUtf8(*value) || core::Utf8Length(*value) > kMaxNoteChars)
            errors.Add(field, "最多 200 个字符");
        target = *value;
    };
    count(input.days, line.days, "days", kMaxDays);
    count(input.minutes, line.minutes, "minutes", kMaxMinutes);
    money(input.base_pay, line.base_pay, "basePay");
    money(input.overtime_pay, line.overtime_pay, "overtimePay");
    money(input.other_pay, line.other_pay, "otherPay");
    money(input.deductions, line.deductions, "deductions");
    text(input.deduction_note, line.deduction_note, "deductionNote");
    text(input.note, line.note, "note");
    errors.ThrowIfAny();
    line.gross_pay = line.base_pay + line.overtime_pay + line.other_pay;
    line.net_pay = line.gross_pay - line.deductions;
    if (line.net_pay < 0) ThrowInvalidField("deductions", "扣款不能大于应发工资");
    // A piece-rate line filled in no longer needs its reminder.
    if (line.note == kPieceRateNote && line.gross_pay > 0) line.note.clear();
}

Completeness Evaluate(const Payroll& p) {
    Completeness c;
    auto add = [&](std::string element, const PayrollLine* line, std::string reason, bool blocks = true) {
        MissingElement m;
        m.element = std::move(element);
        if (line) {
            m.line_id = line->id;
            m.worker_id = line->worker_id;
            m.worker_name = line->worker_name;
        }
        m.reason = std::move(reason);
        m.blocks_submission = blocks;
        c.missing.push_back(std::move(m));
    };
    // REG 15: the ledger's 12 elements.
    if (p.employer_name.empty()) add("用人单位名称", nullptr, "用人单位名称为空");
    if (!ParsePeriod(p.period)) add("工资支付周期", nullptr, "工资所属月份无效");
    if (p.pay_date == core::Date{}) add("支付日期", nullptr, "未填写支付日期");
    if (p.lines.empty()) add("实发工资", nullptr, "工资表没有任何人员");
    for (const auto& l : p.lines) {
        if (l.worker_name.empty()) add("姓名", &l, "未登记姓名");
        if (l.id_number_mask.empty()) add("身份证号", &l, "未登记身份证号");
        if (!l.phone_mask || l.phone_mask->empty()) add("联系方式", &l, "未登记联系电话");
        if (l.days == 0 && l.minutes == 0) add("工作时间", &l, "出勤天数和工时均为 0");
        if (l.gross_pay == 0)
            add("应发工资项目及数额", &l, l.wage_type == "piece" ? "计件工资未填写" : "应发工资为 0");
        if (l.deductions > 0 && l.deduction_note.empty()) add("扣减事项及数额", &l, "有扣款但未写明扣款事项");
        if (!l.confirmed_at && !l.bank_reference)
            add("银行代发凭证或本人签字", &l, "本人尚未签字确认，银行也未回执", /*blocks=*/false);
    }
    c.complete = c.missing.empty();
    c.submittable = std::none_of(c.missing.begin(), c.missing.end(), [](const auto& m) { return m.blocks_submission; });
    return c;
}

// ---- import helpers ----------------------------------------------------------------------------

std::optional<std::int64_t> ParseInteger(std::string_view text) {
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// The amount of `key` (yuan, exact) or `key`Fen (integer fen) in `row`; nullopt and an error when
// malformed or negative; `fallback` when both are empty.
std::optional<core::Fen> ReadAmount(const core::ColumnMap& columns, const std::vector<std::string>& row,
                                    std::int64_t row_number, const std::string& key, const std::string& label,
                                    std::optional<core::Fen> fallback, std::vector<core::RowError>& errors) {
    const std::string yuan = columns.Get(row, key);
    const std::string fen = columns.Get(row, key + "Fen");
    std::optional<core::Fen> value;
    if (!yuan.empty()) {
        value = core::ParseYuan(yuan);
        if (!value) {
            errors.push_back({row_number, label, "金额格式不正确（应为元，最多两位小数）：" + yuan});
            return std::nullopt;
        }
    } else if (!fen.empty()) {
        value = ParseInteger(fen);
        if (!value) {
            errors.push_back({row_number, label, "金额（分）应为整数：" + fen});
            return std::nullopt;
        }
    } else {
        if (!fallback) errors.push_back({row_number, label, "必填"});
        return fallback;
    }
    if (*value < 0) {
        errors.push_back({row_number, label, "不能为负数"});
        return std::nullopt;
    }
    if (*value > kMaxAmount) {
        errors.push_back({row_number, label, "金额过大"});
        return std::nullopt;
    }
    return value;
}

}  // namespace

// ---- shared helpers ----------------------------------------------------------------------------

void RequirePayrollWriter(storage::Transaction& tx, const core::Principal& principal, std::string_view project_id,
                          std::string_view employer_id) {
    if (principal.role == identity::role::kEnterpriseUser && !principal.enterprise_id.empty() &&
        (principal.enterprise_id == employer_id ||
         payroll_repo::IsParticipant(tx, project_id, principal.enterprise_id, "009"))) {
        return;
    }
    throw Error(ErrorCode::kForbidden, "只能处理本单位（或本单位总承包项目）的工资表");
}

// ---- pure helpers ------------------------------------------------------------------------------

std::optional<Month> ParsePeriod(std::string_view period) {
    if (period.size() != 7 || period[4] != '-') return std::nullopt;
    auto first = core::Date::Parse(std::string(period) + "-01");
    if (!first) return std::nullopt;
    int year = first->year();
    unsigned month = first->month() + 1;
    if (month > 12) {
        month = 1;
        ++year;
    }
    return Month{*first, core::Date(year, month, 1).AddDays(-1)};
}

core::Fen ContractPay(std::string_view wage_type, core::Fen rate, std::int64_t counted_days, bool whole_month) {
    if (wage_type == "daily") return rate * counted_days;
    if (wage_type == "monthly") {
        if (whole_month) return rate;
        // rate × days / 21.75 = rate × days × 4 / 87, rounded half up to the fen; never above the rate.
        const core::Fen scaled = rate * counted_days * 4;
        const core::Fen prorated = (scaled * 2 + kPaidDaysPerMonthTimes4) / (2 * kPaidDaysPerMonthTimes4);
        return std::min(rate, prorated);
    }
    return 0;  // piece: filled in by hand
}

// ---- service -----------------------------------------------------------------------------------

Payroll PayrollService::Generate(const core::CallContext& ctx, const NewPayroll& input) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const CheckedHeader header = CheckNewPayroll(tx, ctx.principal, input);
        const auto now = clock_.Now();
        const auto contracts = payroll_repo::EmployerContracts(tx, input.project_id, input.employer_id,
                                                               input.team_id, header.month.first, header.month.last);
        if (contracts.empty()) {
            throw Error(ErrorCode::kUnprocessable, "该月没有此单位（班组）在本项目的有效劳动合同，无法按考勤生成",
                        {{"period", "没有有效合同"}});
        }
        Payroll payroll = NewHeader(input, header, "attendance", now);
        payroll_repo::InsertPayroll(tx, payroll);

        // One line per worker; a worker with several contracts in the month gets their sum.
        std::map<std::string, PayrollLine> lines;
        for (const auto& c : contracts) {
            core::Date from = std::max(c.start_on, header.month.first);
            core::Date to = header.month.last;
            if (c.end_on) to = std::min(to, *c.end_on);
            if (c.exited_on) to = std::min(to, *c.exited_on);
            if (to < from) continue;
            const bool whole_month = from == header.month.first && to == header.month.last;
            const auto attendance = payroll_repo::Attendance(tx, input.project_id, c.worker_id, from, to);
            PayrollLine& line = lines[c.worker_id];
            if (line.id.empty()) {
                line.id = core::NewId(now);
                line.payroll_id = payroll.id;
                line.worker_id = c.worker_id;
            }
            line.contract_id = c.id;
            line.days += attendance.counted_days;
            line.minutes += attendance.minutes;
            line.base_pay += ContractPay(c.wage_type, c.wage_rate, attendance.counted_days, whole_month);
            if (c.wage_type == "piece" && line.base_pay == 0) line.note = std::string(kPieceRateNote);
        }
        json::array audit_lines;
        for (auto& [worker_id, line] : lines) {
            line.gross_pay = line.net_pay = line.base_pay;
            if (line.gross_pay > 0 && line.note == kPieceRateNote) line.note.clear();
            payroll_repo::InsertLine(tx, line, now);
            audit_lines.push_back(LineAudit(line));
        }
        Payroll result = Load(tx, payroll.id);
        audit::RecordAudit(tx, clock_, ctx, "create", "payroll", result.id,
                           json::object{{"projectId", result.project_id},
                                        {"employerId", result.employer_id},
                                        {"teamId", result.team_id ? json::value(*result.team_id) : nullptr},
                                        {"period", result.period},
                                        {"source", result.source},
                                        {"netTotal", result.net_total},
                                        {"lines", std::move(audit_lines)}});
        return result;
    });
}

PayrollImport PayrollService::Import(const core::CallContext& ctx, const NewPayroll& input, std::string_view file) {
    const core::Table table = core::ReadTable(file);
    const core::ColumnMap columns(
        table, {
                   {"idNumber", {"身份证号", "身份证号码", "idNumber"}, true},
                   {"name", {"姓名", "name"}, true},
                   {"days", {"出勤天数", "天数", "days"}, false},
                   {"gross", {"应发", "应发工资", "应发金额", "gross"}, false},
                   {"grossFen", {"应发(分)", "应发（分）", "grossFen"}, false},
                   {"deductions", {"扣款", "扣款金额", "deductions"}, false},
                   {"deductionsFen", {"扣款(分)", "扣款（分）", "deductionsFen"}, false},
                   {"net", {"实发", "实发工资", "实发金额", "net"}, false},
                   {"netFen", {"实发(分)", "实发（分）", "netFen"}, false},
                   {"note", {"备注", "note"}, false},
               });
    if (!columns.Has("gross") && !columns.Has("grossFen")) ThrowInvalidField("file", "缺少列：应发");
    if (!columns.Has("net") && !columns.Has("netFen")) ThrowInvalidField("file", "缺少列：实发");
    if (table.rows.empty()) ThrowInvalidField("file", "文件没有数据行");

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        const CheckedHeader header = CheckNewPayroll(tx, ctx.principal, input);
        const auto now = clock_.Now();
        PayrollImport result;
        result.rows = static_cast<std::int64_t>(table.rows.size());
        std::vector<PayrollLine> lines;
        std::map<std::string, std::int64_t> seen;  // worker id → row
        for (size_t i = 0; i < table.rows.size(); ++i) {
            const auto& row = table.rows[i];
            const std::int64_t n = table.row_numbers[i];
            const size_t errors_before = result.errors.size();
            PayrollLine line;
            line.id = core::NewId(now);
            line.payroll_id = "";

            const std::string id_number = columns.Get(row, "idNumber");
            std::optional<std::string> worker_id;
            if (id_number.empty()) {
                result.errors.push_back({n, "身份证号", "必填"});
            } else {
                worker_id = workers_.FindIdByIdNumber(tx, id_number);
                if (!worker_id) result.errors.push_back({n, "身份证号", "未登记的身份证号（或号码无效）"});
            }
            if (worker_id) {
                if (auto it = seen.find(*worker_id); it != seen.end()) {
                    result.errors.push_back({n, "身份证号", "与第 " + std::to_string(it->second) + " 行是同一人"});
                } else {
                    seen.emplace(*worker_id, n);
                }
                const auto facts = payroll_repo::FindWorker(tx, *worker_id);
                const std::string name = columns.Get(row, "name");
                if (facts && !name.empty() && name != facts->name)
                    result.errors.push_back({n, "姓名", "与登记姓名不符（登记为 " + facts->name + "）"});
                auto contract =
                    payroll_repo::WorkerContract(tx, input.project_id, *worker_id, input.employer_id, input.team_id);
                if (!contract) {
                    result.errors.push_back(
                        {n, "身份证号",
                         payroll_repo::HasContractOnProject(tx, input.project_id, *worker_id)
                             ? "该人员在本项目的合同不属于本工资表的用工单位（班组）"
                             : "该人员在本项目没有劳动合同（未实名登记到本项目）"});
                } else {
                    line.contract_id = contract->id;
                }
                line.worker_id = *worker_id;
            }
            if (const std::string days = columns.Get(row, "days"); !days.empty()) {
                auto value = ParseInteger(days);
                if (!value || *value < 0 || *value > kMaxDays) {
                    result.errors.push_back({n, "出勤天数", "应为 0–31 的整数：" + days});
                } else {
                    line.days = *value;
                }
            }
            auto gross = ReadAmount(columns, row, n, "gross", "应发", std::nullopt, result.errors);
            auto deductions = ReadAmount(columns, row, n, "deductions", "扣款", core::Fen{0}, result.errors);
            auto net = ReadAmount(columns, row, n, "net", "实发", std::nullopt, result.errors);
            if (gross && deductions && net && *net != *gross - *deductions) {
                result.errors.push_back(
                    {n, "实发", "实发应等于应发减扣款（应为 " + core::FormatYuan(*gross - *deductions) + " 元）"});
            }
            line.note = columns.Get(row, "note");
            if (core::Utf8Length(line.note) > kMaxNoteChars) result.errors.push_back({n, "备注", "最多 200 个字符"});
            if (result.errors.size() != errors_before) continue;
            line.base_pay = line.gross_pay = *gross;
            line.deductions = *deductions;
            line.net_pay = *net;
            if (line.deductions > 0) line.deduction_note = line.note.empty() ? "扣款" : line.note;
            lines.push_back(std::move(line));
        }
        // All or nothing: a file with any bad row imports nothing and returns the report.
        if (!result.errors.empty()) return result;

        Payroll payroll = NewHeader(input, header, "import", now);
        payroll_repo::InsertPayroll(tx, payroll);
        json::array audit_lines;
        for (auto& line : lines) {
            line.payroll_id = payroll.id;
            payroll_repo::InsertLine(tx, line, now);
            audit_lines.push_back(LineAudit(line));
        }
        result.payroll = Load(tx, payroll.id);
        audit::RecordAudit(tx, clock_, ctx, "import", "payroll", payroll.id,
                           json::object{{"projectId", payroll.project_id},
                                        {"employerId", payroll.employer_id},
                                        {"period", payroll.period},
                                        {"source", "import"},
                                        {"netTotal", result.payroll->net_total},
                                        {"lines", std::move(audit_lines)}});
        return result;
    });
}

Payroll PayrollService::Get(const core::CallContext& ctx, std::string_view payroll_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return LoadVisible(tx, ctx.principal, payroll_id);
}

std::vector<Payroll> PayrollService::List(const core::CallContext& ctx, std::string_view project_id,
                                          const PayrollQuery& query) const {
    if (query.period && !ParsePeriod(*query.period)) ThrowInvalidField("period", "应为 YYYY-MM 格式的月份");
    auto tx = db_.Begin(storage::TxMode::kRead);
    if (!AccountScope::ProjectVisible(tx, ctx.principal, project_id)) ThrowNotFound("项目");
    auto payrolls = payroll_repo::ListPayrolls(tx, project_id, query);
    for (auto& p : payrolls) {
        p.lines = payroll_repo::PayrollLines(tx, p.id);
        FillTotals(p);
    }
    return payrolls;
}

Payroll PayrollService::AddLine(const core::CallContext& ctx, std::string_view payroll_id, const LineInput& input) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Payroll payroll = LoadWritable(tx, ctx.principal, payroll_id);
        RequireDraft(payroll);
        if (input.worker_id.empty()) ThrowInvalidField("workerId", "必填");
        if (!payroll_repo::FindWorker(tx, input.worker_id)) ThrowInvalidField("workerId", "人员不存在");
        auto contract = payroll_repo::WorkerContract(tx, payroll.project_id, input.worker_id, payroll.employer_id,
                                                     payroll.team_id);
        if (!contract) ThrowInvalidField("workerId", "该人员在本项目没有本单位（班组）的劳动合同");
        for (const auto& l : payroll.lines)
            if (l.worker_id == input.worker_id) ThrowConflict("该人员已在工资表中", {{"workerId", "已在工资表中"}});
        const auto now = clock_.Now();
        PayrollLine line;
        line.id = core::NewId(now);
        line.payroll_id = payroll.id;
        line.worker_id = input.worker_id;
        line.contract_id = contract->id;
        ApplyLineInput(line, input);
        payroll_repo::InsertLine(tx, line, now);
        payroll_repo::TouchPayroll(tx, payroll.id, now);
        audit::RecordAudit(tx, clock_, ctx, "create", "payroll_line", line.id, LineAudit(line));
        return Load(tx, payroll.id);
    });
}

Payroll PayrollService::UpdateLine(const core::CallContext& ctx, std::string_view payroll_id, std::string_view line_id,
                                   const LineInput& patch) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Payroll payroll = LoadWritable(tx, ctx.principal, payroll_id);
        RequireDraft(payroll);
        PayrollLine line = FindLine(payroll, line_id);
        ApplyLineInput(line, patch);
        const auto now = clock_.Now();
        payroll_repo::UpdateLine(tx, line, now);
        payroll_repo::TouchPayroll(tx, payroll.id, now);
        audit::RecordAudit(tx, clock_, ctx, "update", "payroll_line", line.id, LineAudit(line));
        return Load(tx, payroll.id);
    });
}

Payroll PayrollService::RemoveLine(const core::CallContext& ctx, std::string_view payroll_id,
                                   std::string_view line_id) {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Payroll payroll = LoadWritable(tx, ctx.principal, payroll_id);
        RequireDraft(payroll);
        const PayrollLine& line = FindLine(payroll, line_id);
        payroll_repo::DeleteLine(tx, line.id);
        payroll_repo::TouchPayroll(tx, payroll.id, clock_.Now());
        audit::RecordAudit(tx, clock_, ctx, "delete", "payroll_line", line.id, LineAudit(line));
        return Load(tx, payroll.id);
    });
}

Completeness PayrollService::CheckCompleteness(const core::CallContext& ctx, std::string_view payroll_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return Evaluate(LoadVisible(tx, ctx.principal, payroll_id));
}

Payroll PayrollService::Submit(const core::CallContext& ctx, std::string_view payroll_id) {
    Payroll committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Payroll payroll = LoadWritable(tx, ctx.principal, payroll_id);
        RequireDraft(payroll);
        const Completeness completeness = Evaluate(payroll);
        if (!completeness.submittable) {
            // element → the workers (or the payroll) it is missing for.
            std::map<std::string, std::vector<std::string>> by_element;
            for (const auto& m : completeness.missing) {
                if (!m.blocks_submission) continue;
                by_element[m.element].push_back(m.worker_name.empty() ? m.reason : m.worker_name);
            }
            Error::Fields fields;
            std::vector<std::string> names;
            for (const auto& [element, who] : by_element) {
                fields[element] = "缺少：" + Join(who);
                names.push_back(element);
            }
            throw Error(ErrorCode::kUnprocessable, "工资表要素不全（REG 15），不能提交：" + Join(names), fields);
        }
        const auto now = clock_.Now();
        if (!payroll_repo::MovePayroll(tx, payroll.id, "draft", "submitted", now)) ThrowConflict("工资表状态已变化");
        payroll_repo::SetSubmitted(tx, payroll.id, now);
        audit::RecordAudit(tx, clock_, ctx, "submit", "payroll", payroll.id,
                           json::object{{"netTotal", payroll.net_total}, {"lines", payroll.lines.size()}});
        return Load(tx, payroll.id);
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Payroll PayrollService::Reopen(const core::CallContext& ctx, std::string_view payroll_id) {
    Payroll committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Payroll payroll = LoadWritable(tx, ctx.principal, payroll_id);
        if (payroll.paid_total > 0 || payroll_repo::BatchCount(tx, payroll.id) > 0)
            ThrowConflict("工资表已生成代发批次，不能退回修改", {{"status", payroll.status}});
        if (payroll.status != "submitted" && payroll.status != "approved")
            ThrowConflict("只有已提交或已审核的工资表可以退回（当前：" + StatusLabel(payroll.status) + "）",
                          {{"status", payroll.status}});
        const auto now = clock_.Now();
        if (!payroll_repo::MovePayroll(tx, payroll.id, payroll.status, "draft", now)) ThrowConflict("工资表状态已变化");
        payroll_repo::ClearApproval(tx, payroll.id);
        payroll_repo::ClearConfirmations(tx, payroll.id, now);
        audit::RecordAudit(tx, clock_, ctx, "reopen", "payroll", payroll.id, json::object{{"from", payroll.status}});
        return Load(tx, payroll.id);
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Payroll PayrollService::ConfirmLine(const core::CallContext& ctx, std::string_view payroll_id,
                                    std::string_view line_id, std::string_view method) {
    if (std::find(std::begin(kConfirmMethods), std::end(kConfirmMethods), method) == std::end(kConfirmMethods))
        ThrowInvalidField("method", "取值无效，可选：signature, h5, sms");
    Payroll committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Payroll payroll = LoadWritable(tx, ctx.principal, payroll_id);
        const PayrollLine& line = FindLine(payroll, line_id);
        if (payroll.status != "submitted")
            ThrowConflict("工人确认只能在工资表提交后、审核前进行（当前：" + StatusLabel(payroll.status) + "）",
                          {{"status", payroll.status}});
        if (line.confirmed_at) ThrowConflict("该明细已确认", {{"lineId", "已确认"}});
        const auto now = clock_.Now();
        payroll_repo::ConfirmLine(tx, line.id, method, now);
        payroll_repo::TouchPayroll(tx, payroll.id, now);
        audit::RecordAudit(tx, clock_, ctx, "confirm", "payroll_line", line.id,
                           json::object{{"payrollId", payroll.id}, {"workerId", line.worker_id}, {"method", method}});
        return Load(tx, payroll.id);
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

Payroll PayrollService::Approve(const core::CallContext& ctx, std::string_view payroll_id) {
    Payroll committed = storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        Payroll payroll = LoadWritable(tx, ctx.principal, payroll_id);
        if (payroll.status != "submitted")
            ThrowConflict("只有已提交的工资表可以审核（当前：" + StatusLabel(payroll.status) + "）",
                          {{"status", payroll.status}});
        std::vector<std::string> unconfirmed;
        for (const auto& l : payroll.lines)
            if (!l.confirmed_at) unconfirmed.push_back(l.worker_name);
        // REG 31: the payroll the bank pays from is one the workers have signed.
        if (!unconfirmed.empty()) {
            throw Error(ErrorCode::kUnprocessable, "还有 " + std::to_string(unconfirmed.size()) + " 人未确认工资，不能审核",
                        {{"lines", "未确认：" + Join(unconfirmed)}});
        }
        const auto now = clock_.Now();
        if (!payroll_repo::MovePayroll(tx, payroll.id, "submitted", "approved", now)) ThrowConflict("工资表状态已变化");
        payroll_repo::SetApproved(tx, payroll.id, ctx.principal.user_id, now);
        audit::RecordAudit(tx, clock_, ctx, "approve", "payroll", payroll.id,
                           json::object{{"netTotal", payroll.net_total}, {"lines", payroll.lines.size()}});
        return Load(tx, payroll.id);
    });
    core::TellProjectChanged(changes_, committed.project_id);
    return committed;
}

}  // namespace anxin::wages
