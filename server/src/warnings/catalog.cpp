// The indicator catalog (WARNINGS.md) with what each implementation does not evaluate, and the
// small date/money helpers the families share.
#include <cstdio>
#include <stdexcept>

#include "core/money.hpp"
#include "warnings/indicator.hpp"

namespace anxin::warnings {
namespace {

constexpr IndicatorInfo kCatalog[] = {
    {"ACC-01", "专户逾期未开设", "ACC", "Y → R", "ACC (30 d); REG 26, 55(1)", "enterprise", true, ""},
    {"ACC-02", "专户未备案", "ACC", "Y", "ACC (30 d)", "enterprise", true, ""},
    {"ACC-03", "三方协议缺失", "ACC", "B", "ACC", "enterprise", true,
     "只检查协议是否登记（agreement_ref），不核对协议内容与签署方"},
    {"ACC-04", "专户资金异常流出", "ACC", "R", "ACC; REG 26", "enterprise", true,
     "以银行流水导入时的标记为准（收款方不是本项目登记工人的账户）"},
    {"LAB-01", "人工费用未按月拨付", "LAB", "Y → R", "REG 24, 29, 57(2)", "construction_unit", true, ""},
    {"LAB-02", "人工费用拨付不足", "LAB", "Y", "REG 24; ACC", "construction_unit", true,
     "以已报送的月度进度款（无进度款时为产值）为基数"},
    {"LAB-03", "专户余额不足", "LAB", "Y → R", "REG 29 ¶2, 30", "enterprise", true,
     "余额按银行流水（收入 − 支出）计算"},
    {"DEP-01", "保证金逾期未存储", "DEP", "Y → R", "DEP 8; REG 32, 55(2)", "enterprise", true, ""},
    {"DEP-02", "保证金金额不足", "DEP", "Y", "DEP 11–12, 15", "enterprise", true,
     "应存金额取保证金模块已计算的核定额（deposits_requirement）；未核定的项目不检查"},
    {"DEP-03", "保函即将到期", "DEP", "B → Y → R", "DEP 17", "enterprise", true, ""},
    {"DEP-04", "保函期限不合规", "DEP", "Y", "DEP 16–17", "enterprise", true,
     "平台未登记保函是否不可撤销见索即付、受益人，这两项不检查；只检查有效期不足 1 年或短于合同工期"},
    {"DEP-05", "保证金动用后未补足", "DEP", "R", "DEP 21", "enterprise", true, ""},
    {"DEP-06", "保证金返还超时", "DEP", "Y", "DEP 22", "department", true,
     "半年度检查时未返还的情形不检查（平台未记录检查计划）"},
    {"PAY-01", "工资未按月发放", "PAY", "R", "REG 12–14, 31; LAB 50", "enterprise", true, ""},
    {"PAY-02", "发薪人数与考勤人数不一致", "PAY", "Y → R", "REG 28 ¶2, 31", "enterprise", true, ""},
    {"PAY-03", "人均工资低于最低工资", "PAY", "R", "LAB 48; REG 34(2)", "enterprise", true,
     "只按月最低工资标准折算（应发 ÷（出勤天数 ÷ 21.75）），小时最低工资不检查（无工时制度数据）"},
    {"PAY-04", "单人工资异常高额", "PAY", "R", "—", "enterprise", true, ""},
    {"PAY-05", "向非实名或无考勤人员发薪", "PAY", "R", "REG 28, 31", "enterprise", true, ""},
    {"PAY-06", "工资卡非本人或一卡多人", "PAY", "R", "REG 31 ¶4, 54(3)", "enterprise", true,
     "银行回盘不含持卡人姓名，户名不符不检查；只检查一卡多人（需数据密钥解密卡号）"},
    {"PAY-07", "代发失败未重发", "PAY", "B → Y", "REG 12", "enterprise", true,
     "回盘失败即提示（蓝色），超过重新发放时限（默认 3 个工作日）仍未到账升为黄色"},
    {"PAY-08", "工资台账要素缺失", "PAY", "B", "REG 15, 54(2)", "enterprise", true,
     "只检查平台记录的要素：劳动合同、出勤时间、工人确认、银行凭证、联系电话；其余要素为必填字段"},
    {"PAY-09", "工资表未签字确认", "PAY", "Y", "REG 31 ¶2, 56(1)", "enterprise", true,
     "以工资表提交（非草稿）视为签字确认"},
    {"PAY-10", "离场未结清", "PAY", "R / Y", "WPR 9", "enterprise", true,
     "工人在 H5 标记未结清的渠道尚无数据，以离场月份考勤未发薪、或已核定未付清判断；投诉在办以线索数据判断"},
    {"RN-01", "无合同或协议人员进场", "RN", "R", "REG 28; RN 8", "enterprise", true, ""},
    {"RN-02", "考勤数据中断", "RN", "Y → R", "RN; Nantong", "enterprise", true,
     "申报停工以项目状态“停工”为准；法定节假日不计入中断天数"},
    {"RN-03", "关键管理人员无考勤", "RN", "Y", "RN 9–11", "enterprise", true,
     "五员登记不关联工人档案，无法按岗位（项目经理、技术负责人、劳资专管员）核对；以工种“管理人员”(900) 的考勤代替"},
    {"RN-04", "未配备劳资专管员", "RN", "Y", "REG 28 ¶2, 56(2)", "enterprise", true, ""},
    {"RN-05", "身份证号校验失败或年龄异常", "RN", "R / B", "GB 11643; LAB 15", "enterprise", true,
     "身份证号在登记时已按 GB 11643 校验（不合格拒绝登记），此处检查出生日期与年龄"},
    {"RN-06", "信用代码校验失败", "RN", "B", "GB 32100", "enterprise", true, ""},
    {"RN-07", "实名未登记即施工", "RN", "Y", "REG 28; RN 8", "enterprise", true, ""},
    {"SITE-01", "维权信息告示牌缺失或要素不全", "SITE", "Y", "REG 34, 56(4)", "enterprise", true,
     "告示牌照片尚无上传渠道，按告示牌应载要素的数据来源（参建单位、劳资专管员、热线参数）检查"},
    {"CON-01", "合同未约定人工费拨付条款", "CON", "Y", "REG 24; ACC", "enterprise", true,
     "平台未登记计量周期与结算方式，只检查拨付日、人工费比例或金额"},
    {"CON-02", "未提供工程款支付担保", "CON", "Y", "REG 24 ¶1, 49, 57(1)", "construction_unit", false,
     "平台未登记建设单位的工程款支付担保：保留，不评估"},
    {"CON-03", "政府投资项目资金未落实或要求垫资", "CON", "R", "REG 23; GIR 22, 34", "construction_unit", true,
     "资金来源证明未登记，不检查；只检查进度款支付低于已完成产值的 80%"},
    {"CON-04", "分包给个人或无资质单位", "CON", "R", "REG 36; BL 6", "enterprise", true,
     "包工头个人收款无数据来源，不检查；检查分包单位无信用代码或无资质"},
    {"CLS-01", "完工前撤户或返还申请不合规", "CLS", "Y", "REG 27 ¶2; DEP 22", "enterprise", true, ""},
    {"CPL-01", "欠薪投诉或线索", "CPL", "Y → R", "REG 10, 29 ¶3", "enterprise", true,
     "集体讨薪无单独标记，以涉及人数判断"},
    {"CPL-02", "线索超期未办结", "CPL", "Y → R", "REG 10; LSI 17", "department", true,
     "首次联系时间尚无记录，以受理时限代替"},
    {"CRD-01", "达到失信名单列入条件", "CRD", "R", "BL 5; CRIM 3; REG 48", "enterprise", true,
     "以案件的责令限期支付期限与未追回金额判断；群体性或极端事件由监管人员在列入程序中认定"},
    {"CRD-02", "参建单位在失信名单内", "CRD", "Y → R", "REG 48; BL; 人社部规〔2016〕1号", "enterprise", true,
     "按参建单位比对名单（红色）与已发布的守法诚信等级 C 级（黄色）；法定代表人个人列入的暂不比对（企业库只登记其姓名）", false},
    {"CRD-03", "涉嫌拒不支付劳动报酬罪", "CRD", "R", "REG 41; CRIM 2–4", "enterprise", true,
     "逃匿迹象无单独登记：以“未办结欠薪案件 + 专户资金异常流出（ACC-04）”作为转移资产迹象", false},
    {"OPS-01", "企业经营异常", "OPS", "B → Y", "REG 38 ¶2", "enterprise", false,
     "保留：平台未接入水电、税务、社保数据"},
};

}  // namespace

std::string_view LevelName(Level level) {
    switch (level) {
        case Level::kRed:
            return "red";
        case Level::kYellow:
            return "yellow";
        case Level::kBlue:
            return "blue";
    }
    return "blue";
}

std::optional<Level> ParseLevel(std::string_view name) {
    if (name == "red") return Level::kRed;
    if (name == "yellow") return Level::kYellow;
    if (name == "blue") return Level::kBlue;
    return std::nullopt;
}

std::span<const IndicatorInfo> IndicatorCatalog() { return kCatalog; }

const IndicatorInfo* FindIndicator(std::string_view code) {
    for (const auto& info : kCatalog)
        if (info.code == code) return &info;
    return nullptr;
}

const IndicatorInfo& Info(std::string_view code) {
    const IndicatorInfo* info = FindIndicator(code);
    if (!info) throw std::logic_error("unknown indicator " + std::string(code));
    return *info;
}

const std::vector<Indicator>& Indicators() {
    static const std::vector<Indicator> all = [] {
        std::vector<Indicator> out;
        AddAccIndicators(out);
        AddLabIndicators(out);
        AddDepIndicators(out);
        AddPayIndicators(out);
        AddRnIndicators(out);
        AddSiteConClsCplIndicators(out);
        AddCrdIndicators(out);
        return out;
    }();
    return all;
}

std::optional<core::Date> OptDate(const std::optional<std::string>& text) {
    if (!text || text->empty()) return std::nullopt;
    return core::Date::Parse(*text);
}

core::Date ReqDate(const std::string& text) {
    auto d = core::Date::Parse(text);
    if (!d) throw std::runtime_error("bad date '" + text + "'");
    return *d;
}

std::string MonthOf(core::Date d) { return d.ToString().substr(0, 7); }

core::Date FirstOfMonth(std::string_view month) { return ReqDate(std::string(month) + "-01"); }

core::Date DayOfMonthClamped(std::string_view month, std::int64_t day) {
    core::Date first = FirstOfMonth(month);
    core::Date last = FirstOfMonth(AddMonths(month, 1)).AddDays(-1);
    core::Date d = first.AddDays(static_cast<int>(day) - 1);
    return d > last ? last : d;
}

std::string AddMonths(std::string_view month, int n) {
    int year = std::stoi(std::string(month.substr(0, 4)));
    int m = std::stoi(std::string(month.substr(5, 2))) - 1 + n;
    year += m >= 0 ? m / 12 : (m - 11) / 12;
    m = ((m % 12) + 12) % 12;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, m + 1);
    return buf;
}

core::Date WagesDueOn(core::Date agreed_pay_date, const core::WorkingCalendar& calendar) {
    return calendar.AddWorkingDays(agreed_pay_date.AddDays(1), -1);  // the agreed day itself when it is a working day
}

core::Date PayByDate(std::string_view month, std::int64_t pay_by_day, const core::WorkingCalendar& calendar) {
    return WagesDueOn(DayOfMonthClamped(AddMonths(month, 1), pay_by_day), calendar);
}

std::string Yuan(core::Fen fen) { return core::FormatYuan(fen) + " 元"; }

void AppendCapped(boost::json::array& rows, boost::json::object row) {
    if (rows.size() < kEvidenceRows) rows.push_back(std::move(row));
}

Finding MakeFinding(std::string_view code, const std::string& project_id, Level level, std::string explanation,
                    boost::json::object evidence, std::string period, std::string subject_kind,
                    std::string subject_id) {
    Finding f;
    f.indicator = std::string(code);
    f.project_id = project_id;
    f.level = level;
    f.explanation = std::move(explanation);
    f.evidence = std::move(evidence);
    f.period = std::move(period);
    f.subject_kind = std::move(subject_kind);
    f.subject_id = subject_id.empty() ? project_id : std::move(subject_id);
    return f;
}

}  // namespace anxin::warnings
