#include "credit/grade_rules.hpp"

#include <vector>

namespace anxin::credit {

std::optional<std::string_view> CategoryOfSource(std::string_view source) {
    if (source == "pay_order_ignored") return "order_refused";
    if (source == "police_transfer") return "criminal";
    if (source == "manual") return std::nullopt;
    return "violation";
}

std::string_view SourceLabel(std::string_view source) {
    if (source == "deposit_overdue") return "保证金逾期未存储";
    if (source == "labor_cost_unallocated") return "人工费用未按月拨付";
    if (source == "wages_overdue") return "工资未按月足额支付";
    if (source == "complaints_frequent") return "欠薪投诉多发";
    if (source == "pay_order_ignored") return "逾期未履行责令支付指令";
    if (source == "police_transfer") return "涉嫌拒不支付劳动报酬罪移送公安";
    return "人工记录";
}

std::string_view CategoryLabel(std::string_view category) {
    if (category == "order_refused") return "拒不履行责令支付（整改）指令";
    if (category == "criminal") return "涉嫌犯罪移送司法机关";
    if (category == "mass_incident") return "引发群体性或极端事件";
    if (category == "obstruction") return "阻挠劳动保障监察";
    return "一般违法";
}

GradeOutcome GradeFor(const GradeFacts& f, int c_violations) {
    std::vector<std::string> c;
    if (f.violations >= c_violations)
        c.push_back("年度内劳动保障违法记录 " + std::to_string(f.violations) + " 次（" + std::to_string(c_violations) + " 次以上）");
    if (f.mass_incident > 0) c.push_back("因劳动保障违法行为引发群体性或极端事件");
    if (f.order_refused > 0) c.push_back("拒不履行责令支付或限期整改指令");
    if (f.obstruction > 0) c.push_back("无理抗拒、阻挠劳动保障监察");
    if (f.criminal > 0) c.push_back("因拒不支付劳动报酬移送公安机关追究刑事责任");
    if (f.listed) c.push_back("被列入失信联合惩戒对象名单");
    GradeOutcome out;
    if (!c.empty()) {
        out.grade = 'C';
        out.rule = "C 级：";
        for (std::size_t i = 0; i < c.size(); ++i) out.rule += (i ? "；" : "") + c[i];
    } else if (f.violations > 0) {
        out.grade = 'B';
        out.rule = "B 级：年度内劳动保障违法记录 " + std::to_string(f.violations) + " 次，不属于 C 级情形";
    } else {
        out.grade = 'A';
        out.rule = "A 级：年度内无劳动保障违法记录";
    }
    return out;
}

}  // namespace anxin::credit
