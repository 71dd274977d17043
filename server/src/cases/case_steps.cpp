#include "cases/case_steps.hpp"

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "cases/case_repository.hpp"
#include "cases/case_workflow.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "identity/identity.hpp"
#include "region/region.hpp"
#include "registry/projects.hpp"

namespace anxin::cases::steps {
namespace {

namespace json = boost::json;

bool HasStep(const std::vector<Step>& steps, std::string_view kind) {
    return std::any_of(steps.begin(), steps.end(), [&](const Step& s) { return s.kind == kind; });
}

// Closing with a conclusion that rests on an earlier step needs that step on the timeline.
void RequireStep(const std::vector<Step>& steps, std::string_view kind, std::string_view conclusion,
                 std::string_view missing) {
    if (!HasStep(steps, kind)) {
        ThrowConflict("以「" + std::string(conclusion) + "」办结需先记录" + std::string(missing),
                      {{"conclusion", "缺少步骤：" + std::string(missing)}});
    }
}

std::string Str(const json::object& values, std::string_view name) {
    const auto* v = values.if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::optional<core::Fen> FenOf(const json::object& values, std::string_view name) {
    const auto* v = values.if_contains(name);
    if (!v || !v->is_int64()) return std::nullopt;
    return v->as_int64();
}

std::vector<Option> ContactMethods() { return {{"phone", "电话"}, {"sms", "短信"}, {"visit", "上门"}}; }
std::vector<Option> Conclusions() {
    std::vector<Option> out;
    for (auto c : StandardConclusions()) out.push_back({std::string(c), std::string(c)});
    return out;
}
std::vector<Option> KeyGrades() { return {{"red", "红色（重点督办）"}, {"yellow", "黄色"}, {"blue", "蓝色"}}; }
std::vector<Option> Satisfactions() { return {{"satisfied", "满意"}, {"basic", "基本满意"}, {"unsatisfied", "不满意"}}; }
std::vector<Option> Industries() {
    std::vector<Option> out;
    for (auto i : registry::kIndustries) out.push_back({std::string(i), std::string(registry::IndustryLabel(i))});
    return out;
}

const FieldSpec kNote{"note", "说明", FieldType::kTextarea, false, 2000};

std::vector<StepSpec> BuildTable() {
    using T = FieldType;
    std::vector<StepSpec> table;
    table.push_back({"contact", "首次联系投诉人", "当日联系投诉人，记录联系方式与时间", false,
                     {{"method", "联系方式", T::kSelect, true, 64, 0, ContactMethods()},
                      {"contactedAt", "联系时间", T::kDateTime, false, 40, 0, {}, "默认为现在", false, true}},
                     nullptr, [](StepApplication& a) {
                         core::Timestamp at = a.now;
                         if (auto text = Str(a.values, "contactedAt"); !text.empty()) at = *core::ParseTimestamp(text);
                         a.detail["contactedAt"] = core::FormatTimestamp(at);
                         a.c.first_contact_at = at;
                     }});
    table.push_back({"verify", "核查", {}, false, {{"findings", "核查情况", T::kTextarea, false, 2000}}});
    table.push_back({"investigate", "立案调查", "立案调查后办结期限为 60 个工作日", false, {},
                     [](const Case& c, const std::vector<Step>&) -> std::optional<std::string> {
                         if (c.investigation) return "案件已立案调查";
                         return std::nullopt;
                     },
                     [](StepApplication& a) { a.c.investigation = true; }});
    table.push_back({"extend", "延长调查期限", "经批准可延长 30 个工作日，仅一次", false,
                     {{"approvedBy", "批准人", T::kText, true, 100}},
                     [](const Case& c, const std::vector<Step>&) -> std::optional<std::string> {
                         if (!c.investigation) return "案件未立案调查，不能延长调查期限";
                         if (c.extended) return "调查期限已延长过";
                         return std::nullopt;
                     },
                     [](StepApplication& a) { a.c.extended = true; }});
    table.push_back({"mediate", "调解", {}, false, {{"mediator", "调解员", T::kText, false, 100}}});
    table.push_back({"order", "责令限期支付", {}, false,
                     {{"payBy", "限期支付日", T::kDate, true, 0, 0, {}, {}, true},
                      {"orderNumber", "责令文书号", T::kText, false, 100}},
                     nullptr, [](StepApplication& a) { a.c.pay_by_on = core::Date::Parse(Str(a.values, "payBy")); }});
    table.push_back({"pay", "支付中", "用人单位开始支付；办结前须银行确认到账或投诉人确认", false,
                     {{"amount", "支付金额（元）", T::kYuan, false, 0, 1}}});
    table.push_back({"penalty", "行政处罚", {}, false,
                     {{"decisionNumber", "处罚决定书号", T::kText, true, 100},
                      {"amount", "罚款金额（元）", T::kYuan, true, 0, 0}}});
    table.push_back({"fund_advance", "应急周转金垫付", {}, false,
                     {{"amount", "垫付金额（元）", T::kYuan, true, 0, 1},
                      {"approver", "审批人", T::kText, true, 100},
                      {"advancedOn", "垫付日期", T::kDate, false, 0, 0, {}, "默认为今天"}},
                     nullptr, [](StepApplication& a) {
                         FundAdvance advance;
                         advance.id = core::NewId(a.now);
                         advance.amount = *FenOf(a.values, "amount");
                         advance.approved_by = Str(a.values, "approver");
                         advance.advanced_on = core::Date::Parse(Str(a.values, "advancedOn")).value_or(a.today);
                         repository::InsertFundAdvance(a.tx, a.c.id, advance, a.now);
                         a.c.recovered_amount = std::min(a.c.claimed_amount, a.c.recovered_amount + advance.amount);
                         a.detail = {{"advanceId", advance.id},
                                     {"amount", advance.amount},
                                     {"approver", advance.approved_by},
                                     {"advancedOn", advance.advanced_on.ToString()}};
                     }});
    table.push_back({"fund_repayment", "垫付资金追偿", {}, false,
                     {{"advanceId", "垫付", T::kAdvance, true, 40},
                      {"amount", "追偿金额（元）", T::kYuan, true, 0, 1}},
                     [](const Case&, const std::vector<Step>& timeline) -> std::optional<std::string> {
                         if (!HasStep(timeline, "fund_advance")) return "本案没有应急周转金垫付";
                         return std::nullopt;
                     },
                     [](StepApplication& a) {
                         const std::string advance_id = Str(a.values, "advanceId");
                         const core::Fen amount = *FenOf(a.values, "amount");
                         auto advances = repository::ListFundAdvances(a.tx, a.c.id);
                         auto it = std::find_if(advances.begin(), advances.end(),
                                                [&](const FundAdvance& x) { return x.id == advance_id; });
                         if (it == advances.end()) ThrowInvalidField("advanceId", "本案没有这笔垫付");
                         if (it->repaid_amount + amount > it->amount)
                             ThrowInvalidField("amount", "追偿合计不能超过垫付金额 " + core::FormatYuan(it->amount) + " 元");
                         repository::UpdateFundAdvanceRepayment(a.tx, it->id, it->repaid_amount + amount, a.today);
                         a.detail = {{"advanceId", advance_id}, {"amount", amount}, {"repaidTotal", it->repaid_amount + amount}};
                     }});
    table.push_back({"deposit_payment", "动用工资保证金支付", {}, false,
                     {{"reference", "支付凭证", T::kText, true, 100}, {"amount", "支付金额（元）", T::kYuan, true, 0, 1}},
                     nullptr, [](StepApplication& a) {
                         a.c.recovered_amount = std::min(a.c.claimed_amount, a.c.recovered_amount + *FenOf(a.values, "amount"));
                     }});
    table.push_back({"mediation_agreement", "达成调解协议", {}, false,
                     {{"agreementRef", "协议编号", T::kText, false, 100}, {"amount", "协议金额（元）", T::kYuan, false, 0, 0}}});
    table.push_back({"judicial_confirmation", "调解协议司法确认", {}, false,
                     {{"court", "确认法院", T::kText, true, 100}, {"confirmedOn", "确认日期", T::kDate, true}},
                     [](const Case&, const std::vector<Step>& timeline) -> std::optional<std::string> {
                         if (!HasStep(timeline, "mediation_agreement")) return "司法确认需先记录调解协议";
                         return std::nullopt;
                     }});
    table.push_back({"police_transfer", "移送公安", "涉嫌拒不支付劳动报酬罪：系统按入罪数额标准核对后记录", true,
                     {{"receiptNumber", "移送回执号", T::kText, false, 100}}, nullptr, [](StepApplication& a) {
                         auto loaded = a.load();
                         a.detail["crossesThreshold"] = loaded.crime.crosses;
                         a.detail["thresholdReason"] = loaded.crime.reason;
                         a.detail["total"] = loaded.crime.total;
                         a.detail["workers"] = loaded.crime.workers;
                     }});
    table.push_back({"litigation_referral", "移送检察机关公益诉讼", {}, false,
                     {{"procuratorate", "检察机关", T::kText, false, 100}}});
    table.push_back({"note", "备注", {}, false, {{"text", "内容", T::kTextarea, true, 2000}}});
    table.push_back({"key_grade", "分级督办", "设为重点案件：办结期限按等级缩短，并推送至县级主要负责同志", false,
                     {{"grade", "督办等级", T::kSelect, true, 10, 0, KeyGrades()},
                      {"reason", "督办原因", T::kTextarea, true, 200}},
                     [](const Case& c, const std::vector<Step>&) -> std::optional<std::string> {
                         if (c.key_grade == std::optional<std::string>("red")) return "案件已是红色重点督办";
                         return std::nullopt;
                     },
                     [](StepApplication& a) {
                         const std::string grade = Str(a.values, "grade");
                         a.detail["from"] = a.c.key_grade ? json::value(*a.c.key_grade) : json::value(nullptr);
                         a.c.key_grade = grade;
                     },
                     /*tells_handlers=*/false, /*pushes_key_grade=*/true});
    table.push_back({"leader_assign", "领导包案", "由一名分管领导包案督办，其「我包案的」列表中可见", false,
                     {{"leaderId", "包案领导", T::kStaff, true, 40}}, nullptr,
                     [](StepApplication& a) {
                         auto leader = identity::FindStaff(a.tx, Str(a.values, "leaderId"));
                         // A leader out of the case's region is as unknown as one that does not exist.
                         if (!leader || !leader->active || leader->region_code.empty() ||
                             a.c.region_code.substr(0, leader->region_code.size()) != leader->region_code)
                             throw Error(ErrorCode::kNotFound, "包案领导不存在或不管辖本案属地",
                                         {{"leaderId", "包案领导不存在或不管辖本案属地"}});
                         a.detail = {{"leaderId", leader->id}, {"leaderName", leader->display_name}};
                         if (a.c.leader_name) a.detail["previousLeaderName"] = *a.c.leader_name;
                         a.c.leader_user_id = leader->id;
                         a.c.leader_name = leader->display_name;
                     }});
    table.push_back({"callback", "回访", "办结后回访投诉人，记录满意度", false,
                     {{"satisfaction", "满意度", T::kSelect, true, 20, 0, Satisfactions()},
                      {"method", "回访方式", T::kSelect, false, 64, 0, ContactMethods()}},
                     nullptr, [](StepApplication& a) { a.c.satisfaction = Str(a.values, "satisfaction"); }});
    table.push_back({"reroute", "转办", "转至其他县（市、区）或乡镇（街道）办理", false,
                     {{"regionCode", "转至属地", T::kRegion, true, 12},
                      {"reason", "转办原因", T::kTextarea, true, 200},
                      {"industry", "行业", T::kSelect, false, 40, 0, Industries()}},
                     nullptr,
                     [](StepApplication& a) {
                         const std::string region = Str(a.values, "regionCode");
                         if (region.size() < 6) ThrowInvalidField("regionCode", "应为县级或乡镇级行政区划代码");
                         region::RegionService::RequireRegion(a.tx, region, "regionCode");
                         a.detail = {{"fromRegion", a.c.region_code}, {"toRegion", region}, {"reason", Str(a.values, "reason")}};
                         a.c.region_code = region;
                         a.c.county_code = region.substr(0, 6);
                         // Not escalated: the new county handles it (escalated cases stay one level up).
                         if (a.c.escalation_level == 0) a.c.handling_region = a.c.county_code;
                         if (auto industry = Str(a.values, "industry"); !industry.empty()) {
                             a.detail["industry"] = industry;
                             a.c.industry = industry;
                         }
                     },
                     /*tells_handlers=*/true});
    table.push_back({"pause", "暂停计时", "暂停期间不计入办理期限，也不亮牌", false,
                     {{"reason", "暂停原因", T::kTextarea, true, 200}},
                     [](const Case& c, const std::vector<Step>&) -> std::optional<std::string> {
                         if (c.paused) return "案件已暂停计时";
                         return std::nullopt;
                     },
                     [](StepApplication& a) {
                         a.c.paused = true;
                         a.c.paused_reason = Str(a.values, "reason");
                         a.c.paused_since = a.now;
                     }});
    table.push_back({"resume", "恢复计时", {}, false, {},
                     [](const Case& c, const std::vector<Step>&) -> std::optional<std::string> {
                         if (!c.paused) return "案件未暂停计时";
                         return std::nullopt;
                     },
                     [](StepApplication& a) {
                         // Paused working days do not count: every deadline moves by them.
                         core::Date since = core::Date::ShanghaiDateOf(a.c.paused_since.value_or(a.now));
                         int days = std::max(0, a.calendar.WorkingDaysBetween(since, a.today));
                         a.c.paused_working_days += days;
                         a.detail = {{"pausedWorkingDays", days}, {"reason", a.c.paused_reason.value_or("")}};
                         a.c.paused = false;
                         a.c.paused_reason.reset();
                         a.c.paused_since.reset();
                     }});
    table.push_back({"close", "办结", "「已全额支付」须银行确认到账或投诉人在查询页确认；其他结论须先记录相应步骤", false,
                     {{"conclusion", "办结结论", T::kSelect, true, 40, 0, Conclusions()}}, nullptr,
                     [](StepApplication& a) {
                         const std::string conclusion = Str(a.values, "conclusion");
                         auto loaded = a.load();
                         if (conclusion == kConclusionPaid) {
                             // Closed as paid only when the money reached the worker: bank-confirmed or the worker said so.
                             if (loaded.uncovered > 0) {
                                 ThrowConflict("尚有 " + core::FormatYuan(loaded.uncovered) +
                                                   " 元未经银行确认到账或投诉人确认，不能以「已全额支付」办结",
                                               {{"uncovered", std::to_string(loaded.uncovered)}});
                             }
                             a.c.recovered_amount = a.c.claimed_amount;
                         } else if (conclusion == "调解结案") {
                             RequireStep(loaded.timeline, "mediation_agreement", conclusion, "调解协议");
                         } else if (conclusion == "已移送公安") {
                             RequireStep(loaded.timeline, "police_transfer", conclusion, "移送公安");
                         } else if (conclusion == "公益诉讼") {
                             RequireStep(loaded.timeline, "litigation_referral", conclusion, "移送检察机关");
                         } else if (conclusion == "应急周转金垫付") {
                             RequireStep(loaded.timeline, "fund_advance", conclusion, "应急周转金垫付");
                         } else if (conclusion == "保证金支付") {
                             RequireStep(loaded.timeline, "deposit_payment", conclusion, "保证金支付");
                         }
                         a.c.conclusion = conclusion;
                         a.c.closed_at = a.now;
                     }});
    // In the state table's order (the console lists them so).
    std::map<std::string_view, size_t> order;
    for (const auto& rule : workflow::StepRules()) order.emplace(rule.kind, order.size());
    std::stable_sort(table.begin(), table.end(), [&](const StepSpec& x, const StepSpec& y) {
        return order.at(x.kind) < order.at(y.kind);
    });
    return table;
}

std::string_view TypeName(FieldType type) {
    switch (type) {
        case FieldType::kText: return "text";
        case FieldType::kTextarea: return "textarea";
        case FieldType::kYuan: return "yuan";
        case FieldType::kDate: return "date";
        case FieldType::kDateTime: return "datetime";
        case FieldType::kSelect: return "select";
        case FieldType::kAdvance: return "advance";
        case FieldType::kRegion: return "region";
        case FieldType::kStaff: return "staff";
    }
    return "text";
}

void ReadField(const FieldSpec& f, core::JsonReader& r, core::Date today, core::Timestamp now, json::object& values) {
    const std::string name(f.name);
    if (!r.Has(f.name)) {
        if (f.required) r.Fail(f.name, "必填");
        return;
    }
    switch (f.type) {
        case FieldType::kText:
        case FieldType::kAdvance:
        case FieldType::kRegion:
        case FieldType::kStaff:
            if (auto v = r.OptionalString(f.name, f.max_chars)) {
                if (v->empty() && f.required) r.Fail(f.name, "必填");
                if (!v->empty()) values[name] = *v;
            }
            break;
        case FieldType::kTextarea:
            if (auto v = r.OptionalText(f.name, f.max_chars)) {
                if (v->empty() && f.required) r.Fail(f.name, "必填");
                if (!v->empty()) values[name] = *v;
            }
            break;
        case FieldType::kYuan:
            if (auto v = r.OptionalFen(f.name, f.min_fen)) values[name] = *v;
            break;
        case FieldType::kDate:
            if (auto v = r.OptionalDate(f.name)) {
                if (f.not_past && *v < today) r.Fail(f.name, "不能早于今天");
                values[name] = v->ToString();
            }
            break;
        case FieldType::kDateTime:
            if (auto text = r.OptionalString(f.name, 40)) {
                auto parsed = core::ParseTimestamp(*text);
                if (!parsed || (f.not_future && *parsed > now)) {
                    r.Fail(f.name, f.not_future ? "应为不晚于现在的时间" : "应为时间");
                } else {
                    values[name] = *text;
                }
            }
            break;
        case FieldType::kSelect:
            if (auto v = r.OptionalString(f.name, f.max_chars)) {
                bool known = std::any_of(f.options.begin(), f.options.end(), [&](const Option& o) { return o.value == *v; });
                if (known) {
                    values[name] = *v;
                } else {
                    std::string list;
                    for (const auto& o : f.options) list += (list.empty() ? "" : "、") + o.label;
                    r.Fail(f.name, "取值无效，可选：" + list);
                }
            }
            break;
    }
}

json::object FieldJson(const FieldSpec& f) {
    json::object o{{"name", f.name}, {"label", f.label}, {"type", TypeName(f.type)}, {"required", f.required}};
    if (f.type == FieldType::kText || f.type == FieldType::kTextarea || f.type == FieldType::kRegion)
        o["maxChars"] = f.max_chars;
    if (f.type == FieldType::kYuan) o["minFen"] = f.min_fen;
    if (!f.options.empty()) {
        json::array options;
        for (const auto& opt : f.options) options.push_back(json::object{{"value", opt.value}, {"label", opt.label}});
        o["options"] = std::move(options);
    }
    if (!f.placeholder.empty()) o["placeholder"] = f.placeholder;
    if (f.not_past) o["notPast"] = true;
    if (f.not_future) o["notFuture"] = true;
    return o;
}

}  // namespace

const std::vector<StepSpec>& StaffSteps() {
    static const std::vector<StepSpec> table = BuildTable();
    return table;
}

const StepSpec* FindStaffStep(std::string_view kind) {
    for (const auto& spec : StaffSteps())
        if (spec.kind == kind) return &spec;
    return nullptr;
}

void ReadFields(const StepSpec& spec, core::JsonReader& reader, core::Date today, core::Timestamp now,
                json::object& values) {
    for (const auto& field : spec.fields) ReadField(field, reader, today, now, values);
    ReadField(kNote, reader, today, now, values);
}

std::vector<std::string_view> AllowedStaffSteps(const Case& c, const std::vector<Step>& timeline) {
    std::vector<std::string_view> out;
    for (const auto& spec : StaffSteps()) {
        const auto* rule = workflow::FindStepRule(spec.kind);
        if (!rule || std::find(rule->from.begin(), rule->from.end(), c.state) == rule->from.end()) continue;
        if (c.paused && !rule->allowed_while_paused) continue;
        if (spec.check && spec.check(c, timeline)) continue;
        out.push_back(spec.kind);
    }
    return out;
}

json::value FormsJson() {
    json::array forms;
    for (const auto& spec : StaffSteps()) {
        json::array fields;
        for (const auto& f : spec.fields) fields.push_back(FieldJson(f));
        if (spec.kind != "note") fields.push_back(FieldJson(kNote));
        json::object form{{"kind", spec.kind}, {"title", spec.title}, {"danger", spec.danger}, {"fields", std::move(fields)}};
        if (!spec.hint.empty()) form["hint"] = spec.hint;
        forms.push_back(std::move(form));
    }
    return forms;
}

}  // namespace anxin::cases::steps
