#include "cases/case_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include <boost/json.hpp>

#include "audit/audit.hpp"
#include "cases/case_repository.hpp"
#include "cases/case_steps.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/validation.hpp"
#include "files/files.hpp"
#include "identity/identity.hpp"
#include "region/region.hpp"
#include "wages/wages.hpp"

namespace anxin::cases {
namespace {

namespace json = boost::json;

core::CallContext ActorContext(std::string user_id, std::string name, std::string request_id) {
    core::CallContext ctx = core::SystemContext(std::move(request_id));
    ctx.principal.user_id = std::move(user_id);
    ctx.principal.display_name = name;
    ctx.principal.username = std::move(name);
    return ctx;
}
// Steps the clues module triggers run as "system"; the worker's answers as the complainant.
core::CallContext ClueContext() { return ActorContext("system", "系统", "clues"); }
// Steps the warning engine triggers (三网融合) run as "system" too.
core::CallContext WarningContext() { return ActorContext("system", "系统", "warnings"); }
core::CallContext WorkerContext(std::string_view clue_id) {
    return ActorContext("worker:" + std::string(clue_id), "投诉人", "h5");
}

int GradeRank(const std::optional<std::string>& grade) {
    if (!grade) return 3;
    if (*grade == "red") return 0;
    if (*grade == "yellow") return 1;
    return 2;
}

std::string Sequence6(std::int64_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(n));
    return buf;
}

}  // namespace

CaseService::CaseService(storage::Database& db, const core::Clock& clock, const region::ParameterService& parameters,
                         const core::WorkingCalendar& calendar, MessageSink* messages, CaseOptions options)
    : db_(db), clock_(clock), parameters_(parameters), calendar_(calendar), messages_(messages),
      options_(std::move(options)) {}

workflow::DeadlineRules CaseService::Rules(storage::Transaction& tx, std::string_view region_code) const {
    workflow::DeadlineRules r;
    auto get = [&](std::string_view key) { return static_cast<int>(parameters_.GetInt(tx, region_code, key)); };
    r.accept_working_days = get("clue.accept_working_days");
    r.first_response_working_days = get("clue.first_response_working_days");
    r.close_working_days = get("clue.close_working_days");
    r.investigate_working_days = get("case.investigate_working_days");
    r.extend_working_days = get("case.extend_working_days");
    r.red_close_working_days = get("case.key_red_close_working_days");
    r.yellow_close_working_days = get("case.key_yellow_close_working_days");
    r.blue_close_working_days = get("case.key_blue_close_working_days");
    return r;
}

void CaseService::Recompute(storage::Transaction& tx, Case& c) const {
    workflow::DeadlineInput in{c.deadline_base_on, c.state,    c.key_grade, c.investigation,
                               c.extended,         static_cast<int>(c.paused_working_days), c.pay_by_on};
    Deadlines d = workflow::ComputeDeadlines(calendar_, Rules(tx, c.region_code), in);
    c.step_deadline_on = d.step_due;
    c.close_deadline_on = d.close_due;
}

std::int64_t CaseService::RecomputeOpenDeadlines() {
    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        std::int64_t moved = 0;
        for (Case c : repository::ListOpenCases(tx)) {
            const auto step = c.step_deadline_on;
            const auto close = c.close_deadline_on;
            Recompute(tx, c);
            if (c.step_deadline_on == step && c.close_deadline_on == close) continue;
            repository::UpdateCase(tx, c);
            ++moved;
        }
        return moved;
    });
}

Step CaseService::WriteStep(storage::Transaction& tx, Case& c, std::string_view kind, const core::Principal& actor,
                            json::object detail, std::vector<std::string> attachments) {
    const workflow::StepRule* rule = workflow::FindStepRule(kind);
    auto now = clock_.Now();
    Step step;
    step.id = core::NewId(now);
    step.seq = repository::NextStepSeq(tx, c.id);
    step.kind = std::string(kind);
    step.actor_id = actor.user_id;
    step.actor_name = actor.Name();
    step.at = now;
    step.detail = std::move(detail);
    step.attachments = std::move(attachments);
    repository::InsertStep(tx, c.id, step);
    if (rule && rule->progress) c.last_progress_at = now;
    c.updated_at = now;
    return step;
}

void CaseService::Send(storage::Transaction& tx, notify::OutboxMessage message) {
    if (messages_) messages_->Enqueue(tx, message);
}

void CaseService::Send(storage::Transaction& tx, const Case& c, notify::OutboxMessage message) {
    if (!message.region_code) message.region_code = c.region_code;
    Send(tx, std::move(message));
}

std::vector<std::string> CaseService::PrincipalRecipients(storage::Transaction& tx, const std::string& county) const {
    if (options_.principal_recipients) return options_.principal_recipients(tx, county);
    // Who the principal officials are is the county's setting: user names, comma separated (an
    // ideographic comma "，" too, as people type it).
    std::string names = parameters_.GetText(tx, county, "case.principal_officials");
    for (auto at = names.find("，"); at != std::string::npos; at = names.find("，", at)) names.replace(at, 3, ",");
    std::vector<std::string> out;
    size_t begin = 0;
    while (true) {
        const size_t end = names.find(',', begin);
        std::string name = names.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        const auto first = name.find_first_not_of(" \t");
        if (first != std::string::npos) {
            std::string recipient = "user:" + name.substr(first, name.find_last_not_of(" \t") - first + 1);
            if (std::find(out.begin(), out.end(), recipient) == out.end()) out.push_back(std::move(recipient));
        }
        if (end == std::string::npos) break;
        begin = end + 1;
    }
    if (out.empty()) out.push_back("county-principal:" + county);
    return out;
}

std::string CaseService::CountyName(storage::Transaction& tx, const std::string& county_code) const {
    try {
        return region::RegionService::RequireRegion(tx, county_code, "countyCode").name;
    } catch (const Error&) {
        return county_code;  // unknown to the division table: the code names it
    }
}

void CaseService::TellComplainants(storage::Transaction& tx, const Case& c, const Step& step) {
    if (!messages_) return;
    const bool closed = step.kind == "close";
    const auto text = workflow::ComplainantStepText(step.kind);
    if (!closed && !text) return;
    json::object params;
    std::string template_name;
    if (closed) {
        template_name = "case.closed";
        params["outcome"] = c.conclusion.value_or("");
        const auto window = parameters_.GetInt(tx, c.region_code, "case.reopen_within_days");
        params["reopenUntil"] = core::Date::ShanghaiDateOf(c.closed_at.value_or(step.at))
                                    .AddDays(static_cast<int>(window))
                                    .ToString();
    } else {
        template_name = "case.step";
        params["step"] = std::string(*text);
        params["deadline"] = c.paused             ? std::string("暂停计时期间顺延")
                             : c.step_deadline_on ? c.step_deadline_on->ToString()
                                                  : c.close_deadline_on.value_or(c.deadline_base_on).ToString();
    }
    // Collective cases: every complainant hears it, each under their own tracking code.
    for (const auto& claim : repository::ListClaims(tx, c.id)) {
        auto contact = messages_->Complainant(tx, claim.clue_id);
        if (!contact) continue;
        json::object p = params;
        p["trackingCode"] = contact->tracking_code;
        Send(tx, c, notify::OutboxMessage{std::string(notify::kChannelSms), contact->phone, template_name, std::move(p),
                             template_name + ":" + c.id + ":" + std::to_string(step.seq) + ":" + claim.clue_id});
    }
}

void CaseService::TellHandlers(storage::Transaction& tx, const Case& c, std::int64_t seq) {
    Send(tx, c, notify::OutboxMessage{std::string(notify::kChannelInternal), "region:" + c.handling_region, "case.assigned",
                         json::object{{"caseNumber", c.number},
                                      {"projectName", c.employer_name},
                                      {"deadline", c.step_deadline_on ? c.step_deadline_on->ToString() : ""}},
                         "case.assigned:" + c.id + ":" + std::to_string(seq)});
}

void CaseService::TellLeader(storage::Transaction& tx, const Case& c, std::int64_t seq) {
    auto leader = c.leader_user_id ? identity::FindStaff(tx, *c.leader_user_id) : std::nullopt;
    if (!leader) return;
    Send(tx, c, notify::OutboxMessage{std::string(notify::kChannelInternal), "user:" + leader->username,
                                   "case.leader_assigned",
                                   json::object{{"caseNumber", c.number},
                                                {"projectName", c.employer_name},
                                                {"state", std::string(workflow::StateLabel(c.state))},
                                                {"deadline", c.close_deadline_on ? c.close_deadline_on->ToString() : "—"}},
                                   "case.leader_assigned:" + c.id + ":" + std::to_string(seq)});
}

void CaseService::PushKeyClue(storage::Transaction& tx, const Case& c) {
    if (!c.key_grade || !c.close_deadline_on) return;
    const std::string grade = *c.key_grade == "red" ? "红色" : *c.key_grade == "yellow" ? "黄色" : "蓝色";
    const std::string region_name = CountyName(tx, c.county_code);
    for (const auto& recipient : PrincipalRecipients(tx, c.county_code)) {
        Send(tx, c, notify::OutboxMessage{std::string(notify::kChannelInternal), recipient, "case.key_clue",
                             json::object{{"grade", grade},
                                          {"regionName", region_name},
                                          {"caseNumber", c.number},
                                          {"projectName", c.employer_name},
                                          {"deadline", c.close_deadline_on->ToString()}},
                             "case.key_clue:" + c.id + ":" + *c.key_grade + ":" + recipient});
    }
}

// ---- from clues ----------------------------------------------------------------------------------

std::string CaseService::AttachClue(storage::Transaction& tx, const ClueFacts& clue) {
    core::FieldErrors errors;
    if (clue.clue_id.empty()) errors.Add("clueId", "必填");
    if (clue.amount <= 0) errors.Add("amount", "应大于 0");
    if (clue.county_code.size() != 6) errors.Add("countyCode", "应为 6 位县级行政区划代码");
    if (clue.region_code.empty()) errors.Add("regionCode", "必填");
    errors.ThrowIfAny();
    if (repository::CaseOfClue(tx, clue.clue_id)) ThrowConflict("该线索已并入案件");

    const auto now = clock_.Now();
    const auto ctx = ClueContext();
    std::optional<Case> target;
    if (clue.project_id) target = repository::FindOpenCaseForProject(tx, *clue.project_id);
    if (!target) {
        auto since = clue.received_at - std::chrono::days(options_.merge_window_days);
        target = repository::FindRecentOpenCaseForEmployer(tx, clue.employer_id, clue.employer_name, since);
    }

    // A claim that would take the case's total past the safe range opens a case of its own rather
    // than wrapping the total (core::kMaxTotalFen).
    if (target && !core::AddFen(target->claimed_amount, clue.amount)) target.reset();
    if (target) {
        Case c = *repository::LockCase(tx, target->id);
        repository::InsertClaim(tx, c.id, clue, now);
        c.claimed_amount = core::AddFen(c.claimed_amount, clue.amount).value_or(c.claimed_amount);
        c.collective = true;
        if (!c.project_id && clue.project_id) c.project_id = clue.project_id;
        const bool tightened = GradeRank(clue.key_grade) < GradeRank(c.key_grade);
        if (tightened) c.key_grade = clue.key_grade;
        Recompute(tx, c);
        WriteStep(tx, c, "clue_joined", ctx.principal,
                  json::object{{"clueId", clue.clue_id}, {"amount", clue.amount}, {"workerCount", clue.worker_count}},
                  {});
        repository::UpdateCase(tx, c);
        audit::RecordAudit(tx, clock_, ctx, "join", "case", c.id,
                           json::object{{"clueId", clue.clue_id}, {"amount", clue.amount}});
        if (tightened) PushKeyClue(tx, c);  // a key clue raised the case's supervision grade
        return c.id;
    }

    Case c;
    c.id = core::NewId(now);
    const core::Date received_on = core::Date::ShanghaiDateOf(clue.received_at);
    const std::string prefix = "AX-" + clue.county_code + "-" + std::to_string(received_on.year()) + "-";
    c.number = prefix + Sequence6(repository::LastCaseSequence(tx, prefix) + 1);
    c.project_id = clue.project_id;
    c.employer_id = clue.employer_id;
    c.employer_name = clue.employer_name;
    c.region_code = clue.region_code;
    c.county_code = clue.county_code;
    c.industry = clue.industry;
    c.channel = clue.channel;
    c.state = "accepted";
    c.key_grade = clue.key_grade;
    c.deadline_base_on = received_on;
    c.claimed_amount = clue.amount;
    c.last_progress_at = now;
    c.opened_at = clue.received_at;
    c.created_at = now;
    c.updated_at = now;
    c.handling_region = clue.county_code;
    Recompute(tx, c);
    repository::InsertCase(tx, c);
    repository::InsertClaim(tx, c.id, clue, now);
    WriteStep(tx, c, "opened", ctx.principal, json::object{{"clueId", clue.clue_id}, {"channel", clue.channel}}, {});
    repository::UpdateCase(tx, c);
    audit::RecordAudit(tx, clock_, ctx, "create", "case", c.id,
                       json::object{{"number", c.number}, {"clueId", clue.clue_id}, {"amount", clue.amount}});
    TellHandlers(tx, c, 0);
    PushKeyClue(tx, c);  // key clues (重点线索) go to the county's principal officials at once
    return c.id;
}

// ---- from warnings (三网融合) ----------------------------------------------------------------------

namespace {
json::object WarningDetail(const WarningFacts& w, std::string_view event, std::string_view text) {
    return json::object{{"warningId", w.warning_id},
                        {"indicator", w.indicator},
                        {"indicatorName", w.indicator_name},
                        {"level", w.level},
                        {"event", event},
                        {"text", text}};
}
}  // namespace

std::string CaseService::OpenFromWarning(storage::Transaction& tx, const WarningFacts& warning) {
    core::FieldErrors errors;
    if (warning.warning_id.empty()) errors.Add("warningId", "必填");
    if (warning.region_code.size() < 6) errors.Add("regionCode", "应为县级或乡镇级行政区划代码");
    errors.ThrowIfAny();
    if (auto existing = repository::FindCaseForWarning(tx, warning.warning_id)) return existing->id;

    const auto now = clock_.Now();
    const auto ctx = WarningContext();
    if (warning.project_id) {
        if (auto open = repository::FindOpenCaseForProject(tx, *warning.project_id)) {
            Case c = *repository::LockCase(tx, open->id);
            workflow::Apply(c.state, c.paused, "from_warning");  // no state change
            auto detail = WarningDetail(warning, "escalated", "预警逾期未消除，并入本案（warning escalated）");
            detail["explanation"] = warning.explanation;
            detail["deadlineOn"] = warning.deadline_on.ToString();
            if (warning.amount > 0) detail["amount"] = warning.amount;
            WriteStep(tx, c, "from_warning", ctx.principal, detail, {});
            repository::UpdateCase(tx, c);
            audit::RecordAudit(tx, clock_, ctx, "join", "case", c.id,
                               json::object{{"warningId", warning.warning_id}, {"indicator", warning.indicator}});
            return c.id;
        }
    }

    Case c;
    c.id = core::NewId(now);
    const core::Date today = clock_.TodayInShanghai();
    c.county_code = warning.region_code.substr(0, 6);
    const std::string prefix = "AX-" + c.county_code + "-" + std::to_string(today.year()) + "-";
    c.number = prefix + Sequence6(repository::LastCaseSequence(tx, prefix) + 1);
    c.project_id = warning.project_id;
    c.employer_id = warning.employer_id;
    c.employer_name = warning.employer_name;
    c.region_code = warning.region_code;
    c.industry = warning.industry;
    c.channel = "warning";
    c.state = "accepted";
    c.deadline_base_on = today;
    c.claimed_amount = std::max<core::Fen>(0, warning.amount);
    c.last_progress_at = now;
    c.opened_at = now;
    c.created_at = now;
    c.updated_at = now;
    c.handling_region = c.county_code;
    c.warning_id = warning.warning_id;
    Recompute(tx, c);
    repository::InsertCase(tx, c);
    auto detail = WarningDetail(warning, "opened", "预警逾期未消除，转为案件");
    detail["explanation"] = warning.explanation;
    detail["deadlineOn"] = warning.deadline_on.ToString();
    if (warning.amount > 0) detail["amount"] = warning.amount;
    WriteStep(tx, c, "opened", ctx.principal, detail, {});
    repository::UpdateCase(tx, c);
    audit::RecordAudit(tx, clock_, ctx, "create", "case", c.id,
                       json::object{{"number", c.number},
                                    {"warningId", warning.warning_id},
                                    {"indicator", warning.indicator},
                                    {"amount", c.claimed_amount}});
    TellHandlers(tx, c, 0);
    return c.id;
}

bool CaseService::RecordWarningCleared(storage::Transaction& tx, std::string_view case_id, const WarningFacts& warning) {
    auto found = repository::LockCase(tx, case_id);
    if (!found) return false;
    Case c = std::move(*found);
    const auto ctx = WarningContext();
    workflow::Apply(c.state, c.paused, "from_warning");  // no state change, any state, also while paused
    WriteStep(tx, c, "from_warning", ctx.principal, WarningDetail(warning, "cleared", "预警已消除"), {});
    repository::UpdateCase(tx, c);
    audit::RecordAudit(tx, clock_, ctx, "warning_cleared", "case", c.id,
                       json::object{{"warningId", warning.warning_id}, {"indicator", warning.indicator}});
    return true;
}

// ---- reads ---------------------------------------------------------------------------------------

void CaseService::FillCoverage(storage::Transaction& tx, const Case& c, std::vector<Claim>& claims,
                               const std::vector<Step>& steps) const {
    // A confirmation counts only after the latest reopen (the worker said the money did not arrive).
    std::int64_t last_reopen = 0;
    for (const auto& s : steps) {
        if (s.kind == "reopen") last_reopen = s.seq;
    }
    for (auto& claim : claims) {
        for (const auto& s : steps) {
            if (s.kind != "worker_confirmation" || s.seq <= last_reopen) continue;
            const auto* clue = s.detail.if_contains("clueId");
            const auto* arrived = s.detail.if_contains("moneyArrived");
            if (clue && clue->is_string() && clue->as_string() == claim.clue_id && arrived && arrived->is_bool()) {
                claim.worker_confirmed = arrived->as_bool();
            }
        }
        // Claims map to wages by worker: a claim matched to a registered worker is covered by the
        // bank-confirmed pay of that worker on the case's project for the claimed months. An
        // unmatched claim (no worker_id) or a case without a project is never covered by bank data.
        claim.paid_confirmed = 0;
        if (claim.worker_id && c.project_id) {
            wages::WageStandingQuery q;
            q.worker_id = claim.worker_id;
            q.project_id = c.project_id;
            for (const auto& s : wages::WageStandings(tx, q)) {
                if (claim.unpaid_from && s.period < *claim.unpaid_from) continue;
                if (claim.unpaid_to && s.period > *claim.unpaid_to) continue;
                claim.paid_confirmed += s.paid;
            }
        }
        claim.uncovered = claim.worker_confirmed ? 0 : std::max<core::Fen>(0, claim.amount - claim.paid_confirmed);
    }
}

CaseDetail CaseService::Load(storage::Transaction& tx, const Case& c, bool hide_identity) const {
    CaseDetail d;
    d.item = c;
    d.claims = repository::ListClaims(tx, c.id);
    d.timeline = repository::ListSteps(tx, c.id);
    for (auto& step : d.timeline) {
        for (const auto& f : files::Describe(tx, step.attachments))
            step.attached_files.push_back(AttachedFile{f.id, f.file_name, f.content_type, f.size});
    }
    d.fund_advances = repository::ListFundAdvances(tx, c.id);
    FillCoverage(tx, c, d.claims, d.timeline);
    for (const auto& claim : d.claims) d.uncovered += claim.uncovered;
    workflow::DeadlineInput in{c.deadline_base_on, c.state,    c.key_grade, c.investigation,
                               c.extended,         static_cast<int>(c.paused_working_days), c.pay_by_on};
    d.deadlines = workflow::ComputeDeadlines(calendar_, Rules(tx, c.region_code), in);
    if (d.deadlines.step_due) {
        d.deadlines.working_days_left = calendar_.WorkingDaysBetween(clock_.TodayInShanghai(), *d.deadlines.step_due);
    }
    std::vector<workflow::ClaimFigures> figures;
    for (const auto& claim : d.claims) {
        figures.push_back({claim.worker_count, claim.amount, workflow::MonthsBetween(claim.unpaid_from, claim.unpaid_to)});
    }
    d.crime = workflow::CheckCrimeThresholds(figures,
                                             parameters_.GetInt(tx, c.region_code, "crime.single_worker_threshold_fen"),
                                             parameters_.GetInt(tx, c.region_code, "crime.total_threshold_fen"));
    if (hide_identity) {
        // Enterprise users never learn who complained: no names, worker ids or the worker's words.
        d.identity_hidden = true;
        for (auto& claim : d.claims) {
            claim.worker_id.reset();
            claim.worker_name.reset();
        }
        for (auto& step : d.timeline) step.detail.erase("comment");
    }
    return d;
}

CasePage CaseService::List(const core::CallContext& ctx, const CaseQuery& query) const {
    core::FieldErrors errors;
    if (query.state && !workflow::IsState(*query.state)) errors.Add("state", "取值无效");
    for (const auto& state : query.states) {
        if (!workflow::IsState(state)) errors.Add("state", "取值无效：" + state);
    }
    if (query.states.size() > 7) errors.Add("state", "最多 7 个状态");
    if (query.deadline_from && query.deadline_before && *query.deadline_before < *query.deadline_from)
        errors.Add("deadlineBefore", "不能早于 deadlineFrom");
    if (query.card && *query.card != "yellow" && *query.card != "red") errors.Add("card", "应为 yellow 或 red");
    if (query.key_grade && *query.key_grade != "red" && *query.key_grade != "yellow" && *query.key_grade != "blue")
        errors.Add("keyGrade", "应为 red、yellow 或 blue");
    errors.ThrowIfAny();
    repository::CaseFilter filter{query, ctx.principal};
    filter.query.offset = std::max<std::int64_t>(query.offset, 0);
    filter.query.limit = std::clamp<std::int64_t>(query.limit, 0, 200);
    auto tx = db_.Begin(storage::TxMode::kRead);
    CasePage page;
    page.items = repository::ListCases(tx, filter);
    page.total = repository::CountCases(tx, filter);
    return page;
}

CaseDetail CaseService::Get(const core::CallContext& ctx, std::string_view case_id) const {
    auto tx = db_.Begin(storage::TxMode::kRead);
    auto c = repository::FindCase(tx, case_id);
    if (!c || !repository::CaseInScope(tx, ctx.principal, case_id)) ThrowNotFound("案件");
    return Load(tx, *c, ctx.principal.role == "enterprise-user");
}

// ---- steps ---------------------------------------------------------------------------------------

CaseDetail CaseService::AddStep(const core::CallContext& ctx, std::string_view case_id, const NewStep& input) {
    const workflow::StepRule* rule = workflow::FindStepRule(input.kind);
    if (!rule) ThrowInvalidField("kind", "未知的办理步骤：" + input.kind);
    const steps::StepSpec* spec = steps::FindStaffStep(input.kind);
    if (rule->origin != workflow::Origin::kStaff || !spec) ThrowInvalidField("kind", "该步骤只能由系统或投诉人记录");
    if (input.attachments.size() > 20) ThrowInvalidField("attachments", "最多 20 个附件");

    return storage::WithTransaction(db_, [&](storage::Transaction& tx) {
        auto found = repository::LockCase(tx, case_id);
        if (!found || !repository::CaseInScope(tx, ctx.principal, case_id)) ThrowNotFound("案件");
        Case c = std::move(*found);
        // An escalated case is handled one level up: a county officer may read it but not handle it.
        if (c.escalation_level > 0 &&
            (c.handling_region.substr(0, ctx.principal.region_code.size()) != ctx.principal.region_code ||
             ctx.principal.region_code.size() > c.handling_region.size())) {
            throw Error(ErrorCode::kForbidden, "案件已升级，由上级（" + c.handling_region + "）办理");
        }
        const std::string next = workflow::Apply(c.state, c.paused, input.kind);
        // Attachments are files the caller may read (uploaded first through the file store).
        files::RequireReadable(tx, ctx.principal, input.attachments, "attachments");
        const auto now = clock_.Now();
        const core::Date today = clock_.TodayInShanghai();

        // The step's fields as its spec declares them (every problem at once), then its check on the
        // case's facts, then what it does to the case.
        boost::json::value body(input.fields);
        core::JsonReader r(body);
        json::object values;
        steps::ReadFields(*spec, r, today, now, values);
        r.Finish();
        if (spec->check) {
            if (auto refused = spec->check(c, repository::ListSteps(tx, c.id))) ThrowConflict(*refused, {{"state", c.state}});
        }
        json::object detail = values;
        detail.erase("note");
        steps::StepApplication application{tx, c, values, detail, now, today, calendar_,
                                           [&] { return Load(tx, c, false); }};
        if (spec->apply) spec->apply(application);
        if (const auto* note = values.if_contains("note")) detail["note"] = *note;

        c.state = next;
        Recompute(tx, c);
        Step step = WriteStep(tx, c, input.kind, ctx.principal, detail, input.attachments);
        repository::UpdateCase(tx, c);
        audit::RecordAudit(tx, clock_, ctx, "step", "case", c.id,
                           json::object{{"kind", input.kind}, {"seq", step.seq}, {"state", c.state}, {"detail", detail}});
        if (spec->tells_handlers) TellHandlers(tx, c, step.seq);
        if (spec->pushes_key_grade) PushKeyClue(tx, c);
        if (input.kind == "leader_assign") TellLeader(tx, c, step.seq);
        TellComplainants(tx, c, step);
        return Load(tx, c, false);
    });
}

// ---- the worker's answers --------------------------------------------------------------------------

void CaseService::RecordWorkerAnswer(storage::Transaction& tx, std::string_view clue_id, bool money_arrived,
                                     const std::optional<std::string>& comment) {
    auto case_id = repository::CaseOfClue(tx, clue_id);
    if (!case_id) ThrowNotFound("案件");
    Case c = *repository::LockCase(tx, *case_id);
    const auto ctx = WorkerContext(clue_id);
    json::object detail{{"clueId", std::string(clue_id)}, {"moneyArrived", money_arrived}};
    if (comment && !comment->empty()) detail["comment"] = comment->substr(0, 1000);

    if (!money_arrived && c.state == "closed") {
        const std::int64_t window = parameters_.GetInt(tx, c.region_code, "case.reopen_within_days");
        const core::Date closed_on = core::Date::ShanghaiDateOf(c.closed_at.value_or(c.updated_at));
        const int days = closed_on.DaysUntil(clock_.TodayInShanghai());
        if (days > window) {
            ThrowConflict("案件已于 " + closed_on.ToString() + " 办结，超过 " + std::to_string(window) +
                              " 日重新办理期限；如仍未收到工资，请重新投诉",
                          {{"state", c.state}});
        }
        c.state = workflow::Apply(c.state, c.paused, "reopen");
        // Reopened by the worker: handled one level up (county → city → province), clock restarts.
        c.escalation_level += 1;
        const size_t keep = c.escalation_level == 1 ? 4 : 2;
        c.handling_region = c.county_code.substr(0, keep);
        c.conclusion.reset();
        c.closed_at.reset();
        c.card.reset();
        c.card_at.reset();
        c.pay_by_on.reset();
        c.deadline_base_on = clock_.TodayInShanghai();
        c.paused_working_days = 0;
        detail["escalationLevel"] = c.escalation_level;
        detail["handlingRegion"] = c.handling_region;
        Recompute(tx, c);
        auto step = WriteStep(tx, c, "reopen", ctx.principal, detail, {});
        repository::UpdateCase(tx, c);
        audit::RecordAudit(tx, clock_, ctx, "reopen", "case", c.id,
                           json::object{{"clueId", std::string(clue_id)}, {"escalationLevel", c.escalation_level}});
        TellHandlers(tx, c, step.seq);
        TellComplainants(tx, c, step);  // in a collective case the others learn it too
        return;
    }
    workflow::Apply(c.state, c.paused, "worker_confirmation");
    WriteStep(tx, c, "worker_confirmation", ctx.principal, detail, {});
    repository::UpdateCase(tx, c);
    audit::RecordAudit(tx, clock_, ctx, "confirm", "case", c.id,
                       json::object{{"clueId", std::string(clue_id)}, {"moneyArrived", money_arrived}});
}

std::optional<PublicCaseView> CaseService::PublicView(storage::Transaction& tx, std::string_view case_id) const {
    auto c = repository::FindCase(tx, case_id);
    if (!c) return std::nullopt;
    PublicCaseView view;
    view.case_number = c->number;
    view.state = c->state;
    view.state_label = std::string(workflow::StateLabel(c->state));
    view.closed = c->state == "closed";
    if (!view.closed) view.next_deadline_on = c->step_deadline_on;
    if (c->state == "closed" && c->closed_at) {
        const std::int64_t window = parameters_.GetInt(tx, c->region_code, "case.reopen_within_days");
        view.reopen_until = core::Date::ShanghaiDateOf(*c->closed_at).AddDays(static_cast<int>(window));
        view.can_reopen = clock_.TodayInShanghai() <= *view.reopen_until;
    }
    for (const auto& s : repository::ListSteps(tx, c->id)) {
        const auto* rule = workflow::FindStepRule(s.kind);
        if (!rule || !rule->is_public) continue;
        PublicStep p{s.kind, std::string(rule->label), s.at, std::nullopt};
        if (const auto* conclusion = s.detail.if_contains("conclusion"); conclusion && conclusion->is_string()) {
            p.conclusion = std::string(conclusion->as_string());
        }
        view.steps.push_back(std::move(p));
    }
    return view;
}

bool CaseService::HasOpenCase(storage::Transaction& tx, std::string_view project_id) {
    return repository::HasOpenCaseForProject(tx, project_id);
}

}  // namespace anxin::cases
