#include "region/parameters.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/validation.hpp"
#include "core/text.hpp"
#include "region/region.hpp"
#include "region/region_service.hpp"

namespace anxin::region {
namespace {

using T = ParameterType;

constexpr std::string_view kRealName = "实名制";
constexpr std::string_view kAccount = "专户与拨付";
constexpr std::string_view kDeposit = "保证金";
constexpr std::string_view kClue = "线索与案件";
constexpr std::string_view kWarning = "预警";
constexpr std::string_view kNotice = "告示牌";
constexpr std::string_view kCredit = "信用";

constexpr std::int64_t kMaxFen = 100'000'000'000;  // ¥1,000,000,000: above any plausible amount
constexpr std::int64_t kMaxWorkingDays = 250;      // about one year of working days

// The catalog. Every value DOMAIN.md marks [U] (and every local convention) is here with its
// default; nothing in the rules hard-codes these numbers.
constexpr ParameterSpec kCatalog[] = {
    // ---- 实名制 (REG 28, RN) ----
    {"attendance.counted_day_minutes", "在场超过多少分钟计为一个工日", kRealName, T::kInteger, 1, 1440, "240",
     "地方惯例：在场超过 4 小时计一个工日"},
    {"attendance.update_rate_min_bp", "考勤数据更新率下限", kRealName, T::kBasisPoints, 0, 10000, "8500",
     "地方惯例：不低于 85%"},
    {"worker.max_age", "进场人员年龄上限（周岁）", kRealName, T::kInteger, 16, 100, "60",
     "地方政策；不满 16 周岁一律不得招用（劳动法 15）"},
    {"worker.register_within_days", "分包单位工人进场后实名登记时限", kRealName, T::kDays, 0, 365, "10",
     "地方惯例：进场 10 日内"},

    // ---- 专户与拨付, wages (REG 24–27, ACC) ----
    {"account.open_within_days", "签订施工合同后开立工资专户时限", kAccount, T::kDays, 1, 365, "30", "ACC：30 日内"},
    {"account.file_within_days", "专户开立后备案时限", kAccount, T::kDays, 1, 365, "30", "ACC：30 日内"},
    {"account.close_notice_days", "专户销户前公示天数", kAccount, T::kDays, 1, 365, "30", "REG 27：公示 30 日"},
    {"labor_cost.max_cycle_days", "人工费用拨付周期上限", kAccount, T::kDays, 1, 31, "31", "REG 24：不超过 1 个月"},
    {"wage.pay_by_day_next_month", "工资最迟支付日（次月第几日，31 表示月末）", kAccount, T::kInteger, 1, 31, "31",
     "默认次月月底前；遇节假日提前（REG 14）"},
    {"minimum_wage.monthly_fen", "月最低工资标准", kAccount, T::kFen, 1, 10'000'000, "220000",
     "须按当地公布标准设置；默认为山东省第一档 2200 元"},

    // ---- 保证金 (DEP) ----
    {"deposit.ratio_bp", "工资保证金存储比例", kDeposit, T::kBasisPoints, 100, 300, "200", "DEP 11：合同价 1%–3%"},
    {"deposit.cap_fen", "工资保证金存储上限", kDeposit, T::kFen, 1, kMaxFen, "500000000",
     "各地自定（如河北、福建 500 万元，贵州 1000 万元）"},
    {"deposit.floor_multi_project_bp", "在本地有多个在建项目的总包单位存储比例下限", kDeposit, T::kBasisPoints, 0, 300,
     "50", "DEP 11：不低于 0.5%"},
    {"deposit.services_required", "政府购买服务等非工程建设项目是否存储保证金（1 是，0 否）", kDeposit, T::kInteger, 0, 1,
     "0", "保证金制度针对工程建设领域；环卫、物业等购买服务项目由各地决定是否适用"},
    {"deposit.exempt_below_fen", "免存保证金的合同额（低于）", kDeposit, T::kFen, 0, kMaxFen, "300000000",
     "DEP 11：合同额 300 万元以下且上一年无拖欠"},
    {"deposit.reduction_after_2_clean_years_bp", "连续 2 年无拖欠的存储比例降幅", kDeposit, T::kBasisPoints, 0, 10000,
     "5000", "降低幅度由各地确定，默认降低 50%"},
    {"deposit.deadline_working_days", "取得施工许可证后存储保证金时限", kDeposit, T::kWorkingDays, 1, kMaxWorkingDays,
     "20", "DEP 8：20 个工作日"},
    {"deposit.arrears_surcharge_bp", "前 2 年有拖欠的存储比例上浮", kDeposit, T::kBasisPoints, 0, 10000, "5000",
     "DEP 12：上浮 50%"},
    {"deposit.blacklist_surcharge_bp", "列入失信名单的存储比例上浮", kDeposit, T::kBasisPoints, 0, 10000, "10000",
     "DEP 12：上浮 100%"},
    {"deposit.use_pay_within_working_days", "支付通知书送达后银行支付时限", kDeposit, T::kWorkingDays, 1,
     kMaxWorkingDays, "5", "DEP 19–21：5 个工作日"},
    {"deposit.topup_within_working_days", "使用后补足保证金时限", kDeposit, T::kWorkingDays, 1, kMaxWorkingDays, "10",
     "DEP 21：10 个工作日"},
    {"deposit.return_notice_days", "返还保证金前公示天数", kDeposit, T::kDays, 1, 365, "30", "DEP 22：公示 30 日"},
    {"deposit.return_review_working_days", "返还申请审核时限", kDeposit, T::kWorkingDays, 1, kMaxWorkingDays, "5",
     "DEP 22：5 个工作日"},
    {"deposit.return_confirm_working_days", "审核通过后出具返还确认时限", kDeposit, T::kWorkingDays, 1, kMaxWorkingDays,
     "3", "DEP 22：3 个工作日"},
    {"deposit.guarantee_remind_days", "保函到期前提醒天数", kDeposit, T::kDays, 1, 365, "30", "DEP 17：到期前 1 个月"},
    {"deposit.check_interval_months", "保证金检查周期（月）", kDeposit, T::kInteger, 1, 12, "6",
     "DEP：至少每 6 个月检查一次"},

    // ---- 线索与案件 (REG 10, LSI, BL, CRIM) ----
    {"clue.accept_working_days", "线索受理时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "1",
     "地方制度：1 个工作日"},
    {"clue.first_response_working_days", "线索首次答复时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "3",
     "地方制度：3 个工作日"},
    {"clue.close_working_days", "线索办结时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "15",
     "地方制度：15 个工作日"},
    {"complaint.accept_working_days", "投诉书面受理或不予受理时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "5",
     "5 个工作日"},
    {"case.investigate_working_days", "案件调查时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "60",
     "LSI 17：60 个工作日"},
    {"case.extend_working_days", "案件经批准可延长", kClue, T::kWorkingDays, 0, kMaxWorkingDays, "30",
     "LSI 17：延长 30 个工作日"},
    {"case.decision_working_days", "调查终结后作出决定时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "15",
     "15 个工作日"},
    {"case.serve_within_days", "决定作出后送达时限", kClue, T::kDays, 1, 365, "7", "7 日"},
    {"case.red_card_after_days", "黄牌后仍无进展转红牌的天数", kClue, T::kDays, 1, 365, "10", "地方做法：逾期再 10 日"},
    {"case.reopen_within_days", "办结后可重新启动的期限", kClue, T::kDays, 0, 365, "30", ""},
    {"case.key_red_close_working_days", "重点线索红色督办办结时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "5",
     "上级交办、领导批示、舆情风险：红色督办；与线索办结时限取较短者"},
    {"case.key_yellow_close_working_days", "重点线索黄色督办办结时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays,
     "10", "与线索办结时限取较短者"},
    {"case.key_blue_close_working_days", "重点线索蓝色督办办结时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "15",
     "与线索办结时限取较短者"},
    {"case.deadline_soon_working_days", "案件期限届满前提醒办理人（工作日）", kClue, T::kWorkingDays, 0, 10, "1",
     "0 表示不提醒"},
    {"case.principal_officials", "县级主要负责同志（红牌和重点线索推送对象）", kClue, T::kText, 0, 200, "",
     "在县级设置，填写用户名，多个用逗号分隔；为空时推送至该县的督办信箱"},
    {"blacklist.notice_working_days", "列入失信名单前告知后的陈述申辩期", kClue, T::kWorkingDays, 1, kMaxWorkingDays,
     "5", "BL：天数由各地确定"},
    {"blacklist.decision_working_days", "列入失信名单决定时限", kClue, T::kWorkingDays, 1, kMaxWorkingDays, "20",
     "BL：天数由各地确定"},
    {"crime.single_worker_threshold_fen", "拒不支付劳动报酬罪数额标准（单人）", kClue, T::kFen, 500'000, 2'000'000,
     "500000", "法释〔2013〕3号：5000–20000 元，由各省确定"},
    {"crime.total_threshold_fen", "拒不支付劳动报酬罪数额标准（10 人以上合计）", kClue, T::kFen, 3'000'000, 10'000'000,
     "3000000", "法释〔2013〕3号：3 万–10 万元，由各省确定"},

    // ---- 预警 (三级预警) ----
    {"warning.red_deadline_working_days", "红色预警处置时限", kWarning, T::kWorkingDays, 1, kMaxWorkingDays, "3", ""},
    {"warning.yellow_deadline_working_days", "黄色预警处置时限", kWarning, T::kWorkingDays, 1, kMaxWorkingDays, "5",
     ""},
    {"warning.blue_deadline_working_days", "蓝色预警处置时限", kWarning, T::kWorkingDays, 1, kMaxWorkingDays, "10", ""},
    // warnings: indicator thresholds (WARNINGS.md defaults) — added by the warnings module
    {"warning.deadline_soon_working_days", "预警处置期限届满前提醒（工作日）", kWarning, T::kWorkingDays, 0, 10, "1",
     "0 表示不提醒"},
    {"warning.lookback_months", "预警回溯月数", kWarning, T::kInteger, 1, 36, "12",
     "按月的指标只检查最近这些月份"},
    {"warning.acc01_red_days", "签订合同后仍未开立专户转红色预警的天数", kWarning, T::kDays, 1, 365, "60",
     "ACC-01：30 日黄色，60 日红色"},
    {"warning.lab01_red_gap_days", "人工费用连续未拨付转红色预警的天数", kWarning, T::kDays, 1, 365, "62",
     "LAB-01：连续 2 个月"},
    {"warning.lab01_red_missed_months", "人工费用累计未拨付月数（红色预警）", kWarning, T::kInteger, 1, 24, "3",
     "LAB-01：累计 3 个月"},
    {"warning.lab02_floor_bp", "人工费用占进度款比例下限", kWarning, T::kBasisPoints, 0, 10000, "2000",
     "LAB-02：省定下限，如 20%–25%"},
    {"warning.lab03_days_before", "发薪日前多少天检查专户余额", kWarning, T::kDays, 0, 31, "5", "LAB-03"},
    {"warning.dep01_red_extra_working_days", "保证金逾期未存储转红色预警的工作日", kWarning, T::kWorkingDays, 1,
     kMaxWorkingDays, "10", "DEP-01：期限后再 10 个工作日"},
    {"warning.dep03_yellow_days", "保函到期前黄色预警天数", kWarning, T::kDays, 1, 365, "7", "DEP-03"},
    {"warning.dep04_min_validity_days", "保函最短有效期（天）", kWarning, T::kDays, 1, 3650, "365",
     "DEP-04：不少于 1 年"},
    {"warning.pay02_red_ratio_bp", "发薪人数占考勤人数比例低于此值为红色预警", kWarning, T::kBasisPoints, 0, 10000,
     "9000", "PAY-02：低于 100% 黄色，低于 90% 红色"},
    {"warning.pay04_month_fen", "单人月工资异常高额", kWarning, T::kFen, 1, kMaxFen, "5000000",
     "PAY-04：默认 5 万元/月"},
    {"warning.pay04_year_fen", "单人年工资异常高额", kWarning, T::kFen, 1, kMaxFen, "30000000",
     "PAY-04：默认 30 万元/年"},
    {"warning.pay07_reissue_working_days", "代发失败后重发时限", kWarning, T::kWorkingDays, 1, kMaxWorkingDays, "3",
     "PAY-07"},
    {"warning.pay09_by_day", "班组工资表签字确认期限（次月第几日）", kWarning, T::kInteger, 1, 31, "10", "PAY-09"},
    {"warning.rn02_yellow_days", "考勤中断黄色预警天数", kWarning, T::kDays, 1, 365, "3", "RN-02"},
    {"warning.rn02_red_days", "考勤中断红色预警天数", kWarning, T::kDays, 1, 365, "7", "RN-02"},
    {"warning.cpl01_window_days", "欠薪线索统计窗口（天）", kWarning, T::kDays, 1, 365, "30", "CPL-01"},
    {"warning.cpl01_red_clues", "窗口内线索数达到此值为红色预警", kWarning, T::kInteger, 1, 1000, "3", "CPL-01"},
    {"warning.cpl01_red_workers", "窗口内涉及人数达到此值为红色预警", kWarning, T::kInteger, 1, 100000, "10",
     "CPL-01"},
    {"warning.con03_min_progress_bp", "政府投资项目进度款支付比例下限", kWarning, T::kBasisPoints, 0, 10000, "8000",
     "CON-03：财建〔2022〕183号 不低于 80%"},

    // ---- 告示牌 (REG 34) ----
    {"notice.hotline_labor_inspection", "劳动保障监察投诉电话", kNotice, T::kPhone, 3, 30, "12333", ""},
    {"notice.hotline_legal_aid", "法律援助（公共法律服务）热线", kNotice, T::kPhone, 3, 30, "12348", ""},
    {"notice.hotline_industry", "行业主管部门投诉电话", kNotice, T::kText, 0, 100, "",
     "为空时使用行业主管部门的办公电话"},
    {"notice.arbitration", "劳动争议仲裁渠道", kNotice, T::kText, 0, 200, "向当地劳动人事争议仲裁委员会申请仲裁",
     "仲裁委名称、地址或电话"},

    // ---- 信用: the joint-punishment list (BL, 人社部令第45号; DOMAIN.md §9) ----
    {"credit.crime_threshold_fen", "列入失信联合惩戒名单的拖欠金额标准", kCredit, T::kFen, 0, kMaxFen, "3000000",
     "本省拒不支付劳动报酬罪数额标准（默认 3 万元）；达到此数额且拒不履行限期支付指令的列入"},
    {"credit.statement_working_days", "告知后陈述申辩期限", kCredit, T::kWorkingDays, 1, 60, "5", "DOMAIN.md §9 [U]"},
    {"credit.decision_working_days", "陈述申辩期满后作出列入决定的期限", kCredit, T::kWorkingDays, 1, 120, "20",
     "DOMAIN.md §9 [U]"},
    {"credit.listing_years", "失信联合惩戒名单期限（年）", kCredit, T::kInteger, 1, 10, "3", "人社部令第45号：3 年"},
    {"credit.repair_min_months", "欠薪清偿后可申请信用修复的最短月数", kCredit, T::kInteger, 0, 36, "6",
     "人社部令第45号：满 6 个月"},
    {"credit.repair_review_working_days", "信用修复申请的审核期限", kCredit, T::kWorkingDays, 1, 60, "15", "[U]"},
    // ---- 信用: anomaly records and grades (人社部规〔2016〕1号; Tai'an practice) ----
    {"credit.anomaly_months", "信用异常记录的有效期（月）", kCredit, T::kInteger, 1, 60, "12",
     "[U] 自异常发生之日起计算，期满不再计入信用档案的“有效异常”"},
    {"credit.objection_working_days", "企业对信用异常记录提出异议的期限", kCredit, T::kWorkingDays, 1, 60, "15",
     "[U] 自记录之日起"},
    {"credit.grade_c_violations", "评为 C 级的年度违法记录次数", kCredit, T::kInteger, 1, 20, "3",
     "人社部规〔2016〕1号：因劳动保障违法行为被查处三次以上（含三次）"},
};

// ---- integers ------------------------------------------------------------------------------------

std::optional<std::int64_t> ParseInt(std::string_view text) {
    if (text.empty() || text.front() == '+') return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string Trim(std::string_view text) { return std::string(core::TrimSpace(text)); }

// The range in an error message also reads in the unit the console shows: "300（3%）", "500000 分（5000.00 元）".
std::string FormatBound(const ParameterSpec& spec, std::int64_t bound) {
    switch (spec.type) {
        case T::kBasisPoints: {
            std::string percent = std::to_string(bound / 100);
            if (bound % 100 != 0) {
                std::string cents = std::to_string(100 + bound % 100).substr(1);
                if (cents.back() == '0') cents.pop_back();
                percent += "." + cents;
            }
            return std::to_string(bound) + "（" + percent + "%）";
        }
        case T::kFen:
            return std::to_string(bound) + " 分（" + core::FormatYuan(bound) + " 元）";
        case T::kDays:
            return std::to_string(bound) + " 日";
        case T::kWorkingDays:
            return std::to_string(bound) + " 个工作日";
        default:
            return std::to_string(bound);
    }
}

const ParameterSpec& RequireSpecForCode(std::string_view key, bool want_int) {
    const ParameterSpec* spec = FindParameterSpec(key);
    if (!spec) throw std::logic_error("unknown parameter '" + std::string(key) + "'");
    if (IsIntegerType(spec->type) != want_int) {
        throw std::logic_error("parameter '" + std::string(key) + "' is " + std::string(ParameterTypeName(spec->type)));
    }
    return *spec;
}

const ParameterSpec& RequireSpecForApi(std::string_view key) {
    const ParameterSpec* spec = FindParameterSpec(key);
    if (!spec) ThrowInvalidField("key", "未知参数：" + std::string(key));
    return *spec;
}

// ---- SQL ---------------------------------------------------------------------------------------

struct StoredValue {
    std::string region_code;
    std::string key;
    std::string value;
    core::Timestamp updated_at;
    std::string updated_by;
};

// Overrides of `key` (every key when empty) on the region's lineage.
std::vector<StoredValue> LoadLineage(storage::Transaction& tx, const std::vector<std::string>& lineage,
                                     std::string_view key) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT region_code, param_key, value, updated_at, updated_by FROM region_parameter WHERE ";
    if (!key.empty()) {
        params.emplace_back(std::string(key));
        sql += "param_key = $1 AND ";
    }
    sql += "region_code IN (";
    for (size_t i = 0; i < lineage.size(); ++i) {
        params.emplace_back(lineage[i]);
        sql += (i ? ", $" : "$") + std::to_string(params.size());
    }
    sql += ")";
    std::vector<StoredValue> result;
    for (const auto& row : tx.Query(sql, std::span<const storage::Param>(params))) {
        result.push_back({row.Text(0), row.Text(1), row.Text(2), row.Time(3), row.Text(4)});
    }
    return result;
}

// The nearest override among `stored` (already restricted to the lineage) for the spec.
ParameterEntry Resolve(const ParameterSpec& spec, std::string_view region_code,
                       const std::vector<StoredValue>& stored) {
    ParameterEntry entry;
    entry.spec = &spec;
    entry.value = std::string(spec.default_value);
    const StoredValue* best = nullptr;
    for (const auto& s : stored) {
        // Region codes nest by prefix, so the longest code on the lineage is the nearest.
        if (s.key == spec.key && (!best || s.region_code.size() > best->region_code.size())) best = &s;
    }
    if (best) {
        entry.value = best->value;
        entry.source = best->region_code;
        entry.overridden_here = best->region_code == region_code;
        entry.updated_at = best->updated_at;
        entry.updated_by = best->updated_by;
    }
    return entry;
}

ParameterEntry ResolveOne(storage::Transaction& tx, const ParameterSpec& spec, std::string_view region_code) {
    return Resolve(spec, region_code, LoadLineage(tx, RegionLineage(region_code), spec.key));
}

void CheckRegion(storage::Transaction& tx, std::string_view region_code) {
    if (!region_code.empty()) RegionService::RequireRegion(tx, region_code, "regionCode");
}

void CheckScope(const core::CallContext& ctx, std::string_view region_code) {
    if (!ctx.principal.CoversRegion(region_code)) {
        throw Error(ErrorCode::kForbidden, "不能设置管辖范围以外地区的参数", {{"regionCode", "不在您的管辖范围内"}});
    }
}

std::string AuditId(std::string_view region_code, std::string_view key) {
    return std::string(region_code.empty() ? "platform" : region_code) + ":" + std::string(key);
}

}  // namespace

std::string_view ParameterTypeName(ParameterType type) {
    switch (type) {
        case T::kInteger:
            return "integer";
        case T::kDays:
            return "days";
        case T::kWorkingDays:
            return "working_days";
        case T::kFen:
            return "fen";
        case T::kBasisPoints:
            return "basis_points";
        case T::kText:
            return "text";
        case T::kPhone:
            return "phone";
    }
    return "integer";
}

bool IsIntegerType(ParameterType type) { return type != T::kText && type != T::kPhone; }

std::span<const ParameterSpec> ParameterCatalog() { return kCatalog; }

const ParameterSpec* FindParameterSpec(std::string_view key) {
    for (const auto& spec : kCatalog) {
        if (spec.key == key) return &spec;
    }
    return nullptr;
}

std::vector<std::string> RegionLineage(std::string_view region_code) {
    std::vector<std::string> lineage;
    if (!region_code.empty()) lineage.emplace_back(region_code);
    // GB/T 2260 levels: province 2, city 4, county 6, town 9 (villages 12).
    for (size_t length : {9u, 6u, 4u, 2u}) {
        if (length < region_code.size()) lineage.emplace_back(region_code.substr(0, length));
    }
    lineage.emplace_back();  // the platform
    return lineage;
}

std::string ParameterService::Validate(const ParameterSpec& spec, std::string_view value) {
    const std::string label(spec.label);
    if (IsIntegerType(spec.type)) {
        auto number = ParseInt(Trim(value));
        if (!number) ThrowInvalidField("value", label + "应为整数");
        if (*number < spec.min || *number > spec.max) {
            ThrowInvalidField("value", label + "应在 " + FormatBound(spec, spec.min) + " 至 " +
                                           FormatBound(spec, spec.max) + " 之间");
        }
        return std::to_string(*number);
    }
    std::string text = Trim(value);
    if (!core::IsValidUtf8(text)) ThrowInvalidField("value", label + "不是有效的 UTF-8 文本");
    auto length = static_cast<std::int64_t>(core::Utf8Length(text));
    if (length < spec.min || length > spec.max) {
        ThrowInvalidField("value", label + "长度应在 " + std::to_string(spec.min) + " 至 " + std::to_string(spec.max) +
                                       " 个字符之间");
    }
    if (spec.type == T::kPhone && !text.empty()) {
        core::FieldErrors errors;
        CheckPhone(text, errors);
        if (!errors.empty()) ThrowInvalidField("value", label + "只能包含数字、空格和 +-()");
    }
    return text;
}

std::int64_t ParameterService::GetInt(storage::Transaction& tx, std::string_view region_code,
                                      std::string_view key) const {
    const ParameterSpec& spec = RequireSpecForCode(key, true);
    std::string value = ResolveOne(tx, spec, region_code).value;
    auto number = ParseInt(value);
    // Stored values were validated on Set; a bad one means the table was edited by hand.
    if (!number) throw std::logic_error("parameter '" + std::string(key) + "' holds a non-integer value");
    return *number;
}

std::string ParameterService::GetText(storage::Transaction& tx, std::string_view region_code,
                                      std::string_view key) const {
    const ParameterSpec& spec = RequireSpecForCode(key, false);
    return ResolveOne(tx, spec, region_code).value;
}

std::int64_t ParameterService::GetInt(std::string_view region_code, std::string_view key) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return GetInt(tx, region_code, key);
}

std::string ParameterService::GetText(std::string_view region_code, std::string_view key) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    return GetText(tx, region_code, key);
}

std::vector<ParameterEntry> ParameterService::List(std::string_view region_code) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    CheckRegion(tx, region_code);
    auto stored = LoadLineage(tx, RegionLineage(region_code), "");
    std::vector<ParameterEntry> entries;
    entries.reserve(std::size(kCatalog));
    for (const auto& spec : kCatalog) entries.push_back(Resolve(spec, region_code, stored));
    return entries;
}

ParameterEntry ParameterService::Get(std::string_view region_code, std::string_view key) const {
    const ParameterSpec& spec = RequireSpecForApi(key);
    auto tx = db_.Begin(storage::TxMode::kRead);
    CheckRegion(tx, region_code);
    return ResolveOne(tx, spec, region_code);
}

ParameterEntry ParameterService::Set(const core::CallContext& ctx, std::string_view region_code, std::string_view key,
                                     std::string_view value) {
    const ParameterSpec& spec = RequireSpecForApi(key);
    std::string stored = Validate(spec, value);
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        CheckRegion(tx, region_code);
        CheckScope(ctx, region_code);
        auto now = clock_.Now();
        tx.Execute(
            "INSERT INTO region_parameter (region_code, param_key, value, updated_at, updated_by) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code, param_key) DO UPDATE SET "
            "value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            {region_code, spec.key, stored, core::ToMillis(now), ctx.principal.user_id});
        audit::RecordAudit(tx, clock_, ctx, "set", "parameter", AuditId(region_code, spec.key),
                           boost::json::object{{"regionCode", region_code}, {"key", spec.key}, {"value", stored}});
        return ResolveOne(tx, spec, region_code);
    });
}

ParameterEntry ParameterService::Reset(const core::CallContext& ctx, std::string_view region_code,
                                       std::string_view key) {
    const ParameterSpec& spec = RequireSpecForApi(key);
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        CheckRegion(tx, region_code);
        CheckScope(ctx, region_code);
        auto deleted = tx.Execute("DELETE FROM region_parameter WHERE region_code = $1 AND param_key = $2",
                                  {region_code, spec.key});
        if (deleted > 0) {
            audit::RecordAudit(tx, clock_, ctx, "reset", "parameter", AuditId(region_code, spec.key),
                               boost::json::object{{"regionCode", region_code}, {"key", spec.key}});
        }
        return ResolveOne(tx, spec, region_code);
    });
}

}  // namespace anxin::region
