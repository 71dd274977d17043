#include "clues/clue_json.hpp"

#include <boost/json.hpp>

#include "core/validation.hpp"

namespace anxin::clues {
namespace {

namespace json = boost::json;

json::value Text(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return json::string(*text);
}

json::value DateValue(const std::optional<core::Date>& date) {
    if (!date) return nullptr;
    return json::string(date->ToString());
}

}  // namespace

ClueInput ReadClueInput(const json::value& body, IntakeForm form) {
    core::JsonReader reader(body);
    ClueInput in;
    if (form == IntakeForm::kPublic) {
        reader.Accept("challenge");  // the proof of work, read by ReadPublicSubmission
        reader.Accept("nonce");
        in.project_token = reader.OptionalString("projectToken", 100);
        in.region_code = reader.OptionalString("regionCode", 12);
    } else {
        in.channel = reader.RequiredEnum("channel", {kChannels[0], kChannels[1], kChannels[2], kChannels[3],
                                                     kChannels[4], kChannels[5], kChannels[6], kChannels[7]});
        in.project_id = reader.OptionalString("projectId", 40);
        in.region_code = reader.OptionalString("regionCode", 12);
        in.key_grade = reader.OptionalEnum("keyGrade", {kKeyGrades[0], kKeyGrades[1], kKeyGrades[2]});
        in.key_reason = reader.OptionalText("keyReason", 500);
    }
    if (form == IntakeForm::kFeed) {
        in.source_system = reader.RequiredString("sourceSystem", 50);
        in.source_id = reader.RequiredString("sourceId", 100);
    }
    in.is_construction = reader.OptionalBool("isConstruction", true);
    in.complainant_name = reader.OptionalString("complainantName", 50).value_or("");
    in.id_number = reader.OptionalString("idNumber", 30);
    in.phone = reader.OptionalString("phone", 30).value_or("");
    in.bank_card = reader.OptionalString("bankCard", 30);
    in.employer_name = reader.OptionalString("employerName", 200).value_or("");
    in.employer_address = reader.OptionalString("employerAddress", 200).value_or("");
    in.employer_credit_code = reader.OptionalString("employerCreditCode", 30);
    in.unpaid_from = reader.OptionalString("unpaidFrom", 7);
    in.unpaid_to = reader.OptionalString("unpaidTo", 7);
    in.amount = reader.RequiredFen("amount", 1);
    in.worker_count = reader.OptionalInt("workerCount", 1, 100000).value_or(1);
    in.description = reader.OptionalText("description", 4000).value_or("");
    in.identity_disclosure_agreed = reader.OptionalBool("identityDisclosureAgreed", false);
    reader.Finish();
    return in;
}

PublicSubmission ReadPublicSubmission(const json::value& body) {
    PublicSubmission submission;
    if (const auto* object = body.if_object()) {
        // Read first so a missing proof of work is reported even when the form is also incomplete.
        auto text = [&](const char* key) -> std::string {
            auto it = object->find(key);
            return it != object->end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
        };
        submission.challenge = text("challenge");
        submission.nonce = text("nonce");
    }
    if (submission.challenge.empty() || submission.nonce.empty()) {
        ThrowInvalidField("proofOfWork", "缺少校验（请先获取校验题并完成计算）");
    }
    submission.clue = ReadClueInput(body, IntakeForm::kPublic);
    return submission;
}

RerouteInput ReadReroute(const json::value& body) {
    core::JsonReader reader(body);
    RerouteInput input;
    input.region_code = reader.OptionalString("regionCode", 12);
    input.department_id = reader.OptionalString("departmentId", 40);
    input.reason = reader.RequiredText("reason", 1000);
    reader.Finish();
    return input;
}

Decision ReadDecision(const json::value& body) {
    core::JsonReader reader(body);
    Decision decision;
    if (!reader.Has("accepted")) reader.Fail("accepted", "必填");
    decision.accepted = reader.OptionalBool("accepted", false);
    decision.reason = reader.OptionalText("reason", 1000).value_or("");
    reader.Finish();
    return decision;
}

void tag_invoke(json::value_from_tag, json::value& out, const Clue& c) {
    json::array routing;
    for (const auto& r : c.routing) {
        routing.push_back(json::object{{"id", r.id},
                                       {"targetKind", r.target_kind},
                                       {"targetRef", r.target_ref},
                                       {"reason", r.reason},
                                       {"active", r.active},
                                       {"routedBy", r.routed_by},
                                       {"routedAt", core::FormatTimestamp(r.routed_at)}});
    }
    json::object o{{"id", c.id},
                   {"trackingCode", c.tracking_code},
                   {"channel", c.channel},
                   {"sourceSystem", Text(c.source_system)},
                   {"sourceId", Text(c.source_id)},
                   {"isConstruction", c.is_construction},
                   {"identityDisclosureAgreed", c.identity_disclosure_agreed},
                   {"identityWithheld", c.identity_withheld},
                   {"revealed", c.revealed},
                   {"employerName", c.employer_name},
                   {"employerAddress", c.employer_address},
                   {"employerId", Text(c.employer_id)},
                   {"projectId", Text(c.project_id)},
                   {"regionCode", c.region_code},
                   {"countyCode", c.county_code},
                   {"industry", Text(c.industry)},
                   {"unpaidFrom", Text(c.unpaid_from)},
                   {"unpaidTo", Text(c.unpaid_to)},
                   {"amount", c.amount},
                   {"workerCount", c.worker_count},
                   {"description", c.description},
                   {"keyGrade", Text(c.key_grade)},
                   {"keyReason", Text(c.key_reason)},
                   {"status", c.status},
                   {"caseId", Text(c.case_id)},
                   {"acceptDeadline", DateValue(c.accept_deadline_on)},
                   {"decidedAt", c.decided_at ? json::value(core::FormatTimestamp(*c.decided_at)) : nullptr},
                   {"decidedBy", Text(c.decided_by)},
                   {"decisionReason", Text(c.decision_reason)},
                   {"receivedAt", core::FormatTimestamp(c.received_at)},
                   {"createdBy", c.created_by},
                   {"createdAt", core::FormatTimestamp(c.created_at)},
                   {"updatedAt", core::FormatTimestamp(c.updated_at)},
                   {"routing", std::move(routing)}};
    // Withheld identity is absent from the body altogether (REG: protect the complainant).
    if (!c.identity_withheld) {
        o["complainantName"] = Text(c.complainant_name);
        o["idNumber"] = Text(c.id_number);
        o["phone"] = Text(c.phone);
        o["bankCard"] = Text(c.bank_card);
        o["workerId"] = Text(c.worker_id);
    }
    out = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& out, const TrackingView& v) {
    json::array steps;
    for (const auto& s : v.steps) {
        steps.push_back(json::object{{"at", core::FormatTimestamp(s.at)}, {"title", s.title}, {"detail", s.detail}});
    }
    json::value case_value = nullptr;
    if (v.case_timeline) {
        json::array case_steps;
        for (const auto& s : v.case_timeline->steps) {
            case_steps.push_back(
                json::object{{"at", core::FormatTimestamp(s.at)}, {"title", s.title}, {"detail", s.detail}});
        }
        case_value = json::object{{"stateLabel", v.case_timeline->state_label},
                                  {"steps", std::move(case_steps)},
                                  {"nextDeadline", DateValue(v.case_timeline->next_deadline_on)},
                                  {"nextDeadlineLabel", v.case_timeline->next_deadline_label},
                                  {"closed", v.case_timeline->closed}};
    }
    out = json::object{{"trackingCode", v.tracking_code},
                       {"status", v.status},
                       {"statusLabel", v.status_label},
                       {"employerName", v.employer_name},
                       {"amount", v.amount},
                       {"receivedAt", core::FormatTimestamp(v.received_at)},
                       {"acceptDeadline", DateValue(v.accept_deadline_on)},
                       {"decisionReason", Text(v.decision_reason)},
                       {"steps", std::move(steps)},
                       {"case", std::move(case_value)},
                       {"canConfirm", v.can_confirm}};
}

void tag_invoke(json::value_from_tag, json::value& out, const OwedReport& r) {
    json::array months;
    for (const auto& m : r.months) {
        months.push_back(json::object{{"month", m.month},
                                      {"countedDays", m.counted_days},
                                      {"earned", m.earned},
                                      {"paid", m.paid},
                                      {"owed", m.owed}});
    }
    out = json::object{{"projectName", r.project_name},
                       {"employerName", r.employer_name},
                       {"months", std::move(months)},
                       {"totalOwed", r.total_owed},
                       {"unpaidFrom", Text(r.unpaid_from)},
                       {"unpaidTo", Text(r.unpaid_to)},
                       {"formula", "应发 = 考勤计工日 × 日工资（月薪按有出勤的月份计整月）；欠付 = 应发 − 银行已确认代发"}};
}

void tag_invoke(json::value_from_tag, json::value& out, const Challenge& c) {
    out = json::object{{"challenge", c.challenge},
                       {"difficulty", c.difficulty},
                       {"expiresAt", core::FormatTimestamp(c.expires_at)}};
}

}  // namespace anxin::clues
