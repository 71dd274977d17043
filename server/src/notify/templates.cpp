#include "notify/templates.hpp"

#include <stdexcept>

#include <boost/json.hpp>

namespace anxin::notify {

namespace json = boost::json;

namespace {

// The one table of texts. Keep each text to what its audience may see (see templates.hpp);
// complainant messages name the case by its tracking code only.
const std::vector<Template> kTemplates = {
    {"clue.accepted", Audience::kComplainant,
     "您反映的欠薪问题已受理，查询码{trackingCode}，我们将在{deadline}前与您联系。"},
    // 三交办: the general contractor's headquarters hears of a clue about its project: the claim's
    // totals only, never who complained.
    {"clue.gc_notice", Audience::kEnterprise,
     "【欠薪线索交办】贵公司总承包的项目“{projectName}”收到欠薪反映，涉及{workerCount}人、{amount}元，已交属地和"
     "行业主管部门办理。请总部督促项目部立即核实，依法支付。"},
    // step: the step in plain words, e.g. "已责令用人单位限期支付"; deadline: the next deadline (a date,
    // or "暂停计时期间顺延" while the clock is stopped).
    {"case.step", Audience::kComplainant,
     "您反映的欠薪问题（查询码{trackingCode}）有新进展：{step}。下一步办理期限：{deadline}。"},
    {"case.closed", Audience::kComplainant,
     "您反映的欠薪问题（查询码{trackingCode}）已办结，处理结果：{outcome}。如工资仍未到账，可于{reopenUntil}前"
     "凭查询码申请重新办理。"},
    {"case.assigned", Audience::kHandler,
     "您有新的欠薪案件待办：{caseNumber}（{projectName}），请于{deadline}前处理。"},
    // deadlineLabel: 首次联系期限, 首次答复期限, 限期支付期限, 办结期限.
    {"case.deadline_soon", Audience::kHandler,
     "案件{caseNumber}（{projectName}）的{deadlineLabel}为{deadline}，即将到期，请及时处理。"},
    {"case.card", Audience::kOfficial,
     "【红牌督办】{regionName}欠薪案件{caseNumber}（{projectName}）已逾期{overdueDays}天仍无进展，请督促办理。"},
    // Key clues (上级交办、领导批示、舆情风险) with their supervision grade (红色/黄色/蓝色督办).
    {"case.key_clue", Audience::kOfficial,
     "【{grade}督办】{regionName}重点欠薪线索已立案：{caseNumber}（{projectName}），须于{deadline}前办结，请督促办理。"},
    // 领导包案: the leader who takes a case hears it in the inbox.
    {"case.leader_assigned", Audience::kOfficial,
     "【领导包案】您已包案欠薪案件{caseNumber}（{projectName}），当前状态：{state}，办结期限{deadline}。"},
    {"warning.raised", Audience::kEnterprise,
     "【欠薪预警】项目“{projectName}”触发{level}预警：{indicator}。请于{deadline}前处置并反馈。"},
    {"warning.escalated", Audience::kEnterprise,
     "【欠薪预警升级】项目“{projectName}”的预警“{indicator}”已升级为{level}预警，请立即处置。"},
    {"warning.deadline_soon", Audience::kEnterprise,
     "【欠薪预警】项目“{projectName}”的预警“{indicator}”将于{deadline}到期，请尽快处置并反馈。"},
};

bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Personal data must not travel in a message body: refuse a value holding a run of digits shaped
// like a resident ID number (17 digits + digit/X) or a mainland mobile number (1 + 10 digits).
bool LooksLikePersonalData(std::string_view value) {
    for (size_t i = 0; i < value.size();) {
        if (!IsDigit(value[i])) {
            ++i;
            continue;
        }
        size_t start = i;
        while (i < value.size() && IsDigit(value[i])) ++i;
        size_t run = i - start;
        bool x_suffix = i < value.size() && (value[i] == 'X' || value[i] == 'x');
        if (run == 18 || (run == 17 && x_suffix)) return true;
        if (run == 11 && value[start] == '1') return true;
    }
    return false;
}

std::string ValueText(const json::value& value, std::string_view key, const std::string& name) {
    std::string text;
    if (value.is_string()) {
        text = std::string(value.get_string());
    } else if (value.is_int64()) {
        text = std::to_string(value.get_int64());
    } else if (value.is_uint64()) {
        text = std::to_string(value.get_uint64());
    } else if (value.is_double()) {
        text = json::serialize(value);
    } else {
        throw std::logic_error("notify template " + std::string(key) + ": parameter " + name +
                               " must be a string or a number");
    }
    if (LooksLikePersonalData(text)) {
        throw std::logic_error("notify template " + std::string(key) + ": parameter " + name +
                               " looks like an ID or phone number; messages must not carry personal data");
    }
    return text;
}

}  // namespace

const std::vector<Template>& Templates() { return kTemplates; }

const Template& FindTemplate(std::string_view key) {
    for (const auto& t : kTemplates) {
        if (t.key == key) return t;
    }
    throw std::logic_error("unknown notify template: " + std::string(key));
}

std::vector<std::string> Placeholders(std::string_view text) {
    std::vector<std::string> names;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '{') continue;
        size_t end = i + 1;
        while (end < text.size() && IsNameChar(text[end])) ++end;
        if (end < text.size() && text[end] == '}' && end > i + 1) {
            std::string name(text.substr(i + 1, end - i - 1));
            bool seen = false;
            for (const auto& n : names) seen = seen || n == name;
            if (!seen) names.push_back(std::move(name));
            i = end;
        }
    }
    return names;
}

Rendered RenderTemplate(std::string_view key, const json::object& params) {
    const Template& tmpl = FindTemplate(key);
    Rendered out;
    for (const auto& name : Placeholders(tmpl.text)) {
        const json::value* value = params.if_contains(name);
        if (!value) throw std::logic_error("notify template " + std::string(key) + ": missing parameter " + name);
        ValueText(*value, key, name);  // validates
        out.used_params[name] = *value;
    }
    std::string_view text = tmpl.text;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            size_t end = i + 1;
            while (end < text.size() && IsNameChar(text[end])) ++end;
            if (end < text.size() && text[end] == '}' && end > i + 1) {
                std::string name(text.substr(i + 1, end - i - 1));
                out.body += ValueText(out.used_params.at(name), key, name);
                i = end;
                continue;
            }
        }
        out.body += text[i];
    }
    return out;
}

}  // namespace anxin::notify
