#include "cases/case_repository.hpp"

#include <boost/json.hpp>

#include "cases/case_workflow.hpp"
#include "registry/project_scope.hpp"

namespace anxin::cases::repository {
namespace {

using storage::Param;
namespace json = boost::json;

std::span<const Param> Span(const std::vector<Param>& params) { return {params.data(), params.size()}; }

constexpr std::string_view kCaseColumns =
    "c.id, c.number, c.project_id, c.employer_id, c.employer_name, c.region_code, c.county_code, c.industry, "
    "c.collective, c.state, c.conclusion, c.escalation_level, c.card, c.card_at, c.key_grade, c.step_deadline_on, "
    "c.close_deadline_on, c.paused, c.paused_reason, c.paused_since, c.claimed_amount, c.recovered_amount, "
    "c.last_progress_at, c.opened_at, c.closed_at, c.channel, c.deadline_base_on, c.paused_working_days, "
    "c.investigation, c.extended, c.pay_by_on, c.first_contact_at, c.created_at, c.updated_at, c.warning_id";

std::optional<core::Date> OptDate(const storage::Row& r, size_t i) {
    auto text = r.OptText(i);
    if (!text) return std::nullopt;
    return core::Date::Parse(*text);
}
std::optional<core::Timestamp> OptTime(const storage::Row& r, size_t i) {
    auto v = r.OptInt(i);
    if (!v) return std::nullopt;
    return core::FromMillis(*v);
}
std::optional<std::string> OptDateText(const std::optional<core::Date>& d) {
    if (!d) return std::nullopt;
    return d->ToString();
}
std::optional<std::int64_t> OptMillis(const std::optional<core::Timestamp>& t) {
    if (!t) return std::nullopt;
    return core::ToMillis(*t);
}

Case MapCase(const storage::Row& r) {
    Case c;
    c.id = r.Text(0);
    c.number = r.Text(1);
    c.project_id = r.OptText(2);
    c.employer_id = r.OptText(3);
    c.employer_name = r.Text(4);
    c.region_code = r.Text(5);
    c.county_code = r.Text(6);
    c.industry = r.OptText(7);
    c.collective = r.Bool(8);
    c.state = r.Text(9);
    c.conclusion = r.OptText(10);
    c.escalation_level = r.Int(11);
    c.card = r.OptText(12);
    c.card_at = OptTime(r, 13);
    c.key_grade = r.OptText(14);
    c.step_deadline_on = OptDate(r, 15);
    c.close_deadline_on = OptDate(r, 16);
    c.paused = r.Bool(17);
    c.paused_reason = r.OptText(18);
    c.paused_since = OptTime(r, 19);
    c.claimed_amount = r.Int(20);
    c.recovered_amount = r.Int(21);
    c.last_progress_at = core::FromMillis(r.Int(22));
    c.opened_at = core::FromMillis(r.Int(23));
    c.closed_at = OptTime(r, 24);
    c.channel = r.OptText(25);
    c.deadline_base_on = core::Date::Parse(r.Text(26)).value_or(core::Date::ShanghaiDateOf(c.opened_at));
    c.paused_working_days = r.Int(27);
    c.investigation = r.Bool(28);
    c.extended = r.Bool(29);
    c.pay_by_on = OptDate(r, 30);
    c.first_contact_at = OptTime(r, 31);
    c.created_at = core::FromMillis(r.Int(32));
    c.updated_at = core::FromMillis(r.Int(33));
    c.warning_id = r.OptText(34);
    // County, then city after one escalation, then the province.
    const size_t keep = c.escalation_level <= 0 ? 6 : c.escalation_level == 1 ? 4 : 2;
    c.handling_region = c.county_code.substr(0, std::min(keep, c.county_code.size()));
    return c;
}

std::vector<Case> MapCases(const std::vector<storage::Row>& rows) {
    std::vector<Case> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(MapCase(r));
    return out;
}

// The read scope of a case (alias c): supervisors their region subtree; industry officers their
// region and industry; enterprise users the cases of projects their enterprise takes part in;
// system (CLI, scheduler) everything; anyone else nothing.
std::string ScopeCondition(const core::Principal& principal, std::vector<Param>& params) {
    auto ph = [&] { return "$" + std::to_string(params.size()); };
    if (principal.role == "enterprise-user") {
        auto filter = registry::ProjectScopeFilter(principal, "scope_p", static_cast<int>(params.size()) + 1);
        for (auto& p : filter.params) params.push_back(std::move(p));
        return "EXISTS (SELECT 1 FROM registry_project scope_p WHERE scope_p.id = c.project_id AND " +
               filter.condition + ")";
    }
    if (principal.role != "supervisor" && principal.role != "industry-officer" && principal.role != "system") {
        return "1 = 0";
    }
    params.emplace_back(static_cast<std::int64_t>(principal.region_code.size()));
    std::string cond = "substr(c.region_code, 1, " + ph();
    params.emplace_back(principal.region_code);
    cond += ") = " + ph();
    if (principal.role == "industry-officer") {
        params.emplace_back(principal.industry);
        cond += " AND c.industry = " + ph();
    }
    return cond;
}

std::string Where(const CaseFilter& filter, std::vector<Param>& params) {
    std::string sql = " WHERE " + ScopeCondition(filter.principal, params);
    auto ph = [&] { return "$" + std::to_string(params.size()); };
    const CaseQuery& q = filter.query;
    auto eq = [&](const char* column, const std::optional<std::string>& value) {
        if (!value) return;
        params.emplace_back(*value);
        sql += std::string(" AND ") + column + " = " + ph();
    };
    eq("c.state", q.state);
    eq("c.card", q.card);
    eq("c.channel", q.channel);
    eq("c.project_id", q.project_id);
    eq("c.key_grade", q.key_grade);
    if (!q.states.empty()) {
        std::string list;
        for (const auto& state : q.states) {
            params.emplace_back(state);
            list += (list.empty() ? "" : ", ") + ph();
        }
        sql += " AND c.state IN (" + list + ")";
    }
    if (q.employer) {
        params.emplace_back(*q.employer);
        std::string id_ph = ph();
        params.emplace_back("%" + *q.employer + "%");
        sql += " AND (c.employer_id = " + id_ph + " OR c.employer_name LIKE " + ph() + ")";
    }
    if (q.deadline_from) {
        params.emplace_back(q.deadline_from->ToString());
        sql += " AND c.step_deadline_on IS NOT NULL AND c.step_deadline_on >= " + ph();
    }
    if (q.deadline_before) {
        params.emplace_back(q.deadline_before->ToString());
        sql += " AND c.step_deadline_on IS NOT NULL AND c.step_deadline_on <= " + ph();
    }
    if (q.region_code) {
        params.emplace_back(static_cast<std::int64_t>(q.region_code->size()));
        std::string len = ph();
        params.emplace_back(*q.region_code);
        sql += " AND substr(c.region_code, 1, " + len + ") = " + ph();
    }
    return sql;
}

}  // namespace

void InsertCase(storage::Transaction& tx, const Case& c) {
    tx.Execute(
        "INSERT INTO cases_case (id, number, project_id, employer_id, employer_name, region_code, county_code, "
        "industry, collective, state, conclusion, escalation_level, card, card_at, key_grade, step_deadline_on, "
        "close_deadline_on, paused, paused_reason, paused_since, claimed_amount, recovered_amount, last_progress_at, "
        "opened_at, closed_at, channel, deadline_base_on, paused_working_days, investigation, extended, pay_by_on, "
        "first_contact_at, created_at, updated_at, warning_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, "
        "$34, $35)",
        {c.id,
         c.number,
         c.project_id,
         c.employer_id,
         c.employer_name,
         c.region_code,
         c.county_code,
         c.industry,
         c.collective,
         c.state,
         c.conclusion,
         c.escalation_level,
         c.card,
         OptMillis(c.card_at),
         c.key_grade,
         OptDateText(c.step_deadline_on),
         OptDateText(c.close_deadline_on),
         c.paused,
         c.paused_reason,
         OptMillis(c.paused_since),
         c.claimed_amount,
         c.recovered_amount,
         core::ToMillis(c.last_progress_at),
         core::ToMillis(c.opened_at),
         OptMillis(c.closed_at),
         c.channel,
         c.deadline_base_on.ToString(),
         c.paused_working_days,
         c.investigation,
         c.extended,
         OptDateText(c.pay_by_on),
         OptMillis(c.first_contact_at),
         core::ToMillis(c.created_at),
         core::ToMillis(c.updated_at),
         c.warning_id});
}

void UpdateCase(storage::Transaction& tx, const Case& c) {
    tx.Execute(
        "UPDATE cases_case SET project_id = $2, employer_id = $3, employer_name = $4, region_code = $5, "
        "county_code = $6, industry = $7, collective = $8, state = $9, conclusion = $10, escalation_level = $11, "
        "card = $12, card_at = $13, key_grade = $14, step_deadline_on = $15, close_deadline_on = $16, paused = $17, "
        "paused_reason = $18, paused_since = $19, claimed_amount = $20, recovered_amount = $21, "
        "last_progress_at = $22, closed_at = $23, deadline_base_on = $24, paused_working_days = $25, "
        "investigation = $26, extended = $27, pay_by_on = $28, first_contact_at = $29, updated_at = $30 "
        "WHERE id = $1",
        {c.id,
         c.project_id,
         c.employer_id,
         c.employer_name,
         c.region_code,
         c.county_code,
         c.industry,
         c.collective,
         c.state,
         c.conclusion,
         c.escalation_level,
         c.card,
         OptMillis(c.card_at),
         c.key_grade,
         OptDateText(c.step_deadline_on),
         OptDateText(c.close_deadline_on),
         c.paused,
         c.paused_reason,
         OptMillis(c.paused_since),
         c.claimed_amount,
         c.recovered_amount,
         core::ToMillis(c.last_progress_at),
         OptMillis(c.closed_at),
         c.deadline_base_on.ToString(),
         c.paused_working_days,
         c.investigation,
         c.extended,
         OptDateText(c.pay_by_on),
         OptMillis(c.first_contact_at),
         core::ToMillis(c.updated_at)});
}

std::optional<Case> FindCase(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kCaseColumns) + " FROM cases_case c WHERE c.id = $1",
                                {std::string(id)});
    if (!row) return std::nullopt;
    return MapCase(*row);
}

std::optional<Case> LockCase(storage::Transaction& tx, std::string_view id) {
    // A no-op UPDATE is the portable row lock: PostgreSQL holds it to commit; SQLite writes are serial.
    tx.Execute("UPDATE cases_case SET updated_at = updated_at WHERE id = $1", {std::string(id)});
    return FindCase(tx, id);
}

std::optional<Case> FindCaseForWarning(storage::Transaction& tx, std::string_view warning_id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kCaseColumns) +
                                    " FROM cases_case c WHERE c.warning_id = $1 ORDER BY c.opened_at, c.id LIMIT 1",
                                {std::string(warning_id)});
    if (!row) return std::nullopt;
    return MapCase(*row);
}

std::optional<Case> FindOpenCaseForProject(storage::Transaction& tx, std::string_view project_id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kCaseColumns) +
                                    " FROM cases_case c WHERE c.project_id = $1 AND c.state <> 'closed' "
                                    "ORDER BY c.opened_at, c.id LIMIT 1",
                                {std::string(project_id)});
    if (!row) return std::nullopt;
    return MapCase(*row);
}

std::optional<Case> FindRecentOpenCaseForEmployer(storage::Transaction& tx, const std::optional<std::string>& employer_id,
                                                  std::string_view employer_name, core::Timestamp since) {
    std::optional<storage::Row> row;
    if (employer_id) {
        row = tx.QueryOptional("SELECT " + std::string(kCaseColumns) +
                                   " FROM cases_case c WHERE c.employer_id = $1 AND c.state <> 'closed' "
                                   "AND c.opened_at >= $2 ORDER BY c.opened_at, c.id LIMIT 1",
                               {*employer_id, core::ToMillis(since)});
    } else {
        row = tx.QueryOptional("SELECT " + std::string(kCaseColumns) +
                                   " FROM cases_case c WHERE c.employer_id IS NULL AND c.employer_name = $1 "
                                   "AND c.state <> 'closed' AND c.opened_at >= $2 ORDER BY c.opened_at, c.id LIMIT 1",
                               {std::string(employer_name), core::ToMillis(since)});
    }
    if (!row) return std::nullopt;
    return MapCase(*row);
}

std::int64_t LastCaseSequence(storage::Transaction& tx, std::string_view prefix) {
    auto row = tx.QueryOne("SELECT MAX(number) FROM cases_case WHERE substr(number, 1, $1) = $2",
                           {static_cast<std::int64_t>(prefix.size()), std::string(prefix)});
    auto last = row.OptText(0);
    if (!last || last->size() <= prefix.size()) return 0;
    return std::stoll(last->substr(prefix.size()));
}

void InsertClaim(storage::Transaction& tx, std::string_view case_id, const ClueFacts& clue, core::Timestamp now) {
    tx.Execute(
        "INSERT INTO cases_claim (case_id, clue_id, worker_id, worker_name, worker_count, amount, unpaid_from, "
        "unpaid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {std::string(case_id), clue.clue_id, clue.worker_id, clue.worker_name, clue.worker_count, clue.amount,
         clue.unpaid_from, clue.unpaid_to, core::ToMillis(now)});
}

std::vector<Claim> ListClaims(storage::Transaction& tx, std::string_view case_id) {
    std::vector<Claim> out;
    for (const auto& r : tx.Query("SELECT clue_id, worker_id, worker_name, worker_count, amount, unpaid_from, "
                                  "unpaid_to, created_at FROM cases_claim WHERE case_id = $1 ORDER BY created_at, clue_id",
                                  {std::string(case_id)})) {
        Claim c;
        c.clue_id = r.Text(0);
        c.worker_id = r.OptText(1);
        c.worker_name = r.Text(2);
        c.worker_count = r.Int(3);
        c.amount = r.Int(4);
        c.unpaid_from = r.OptText(5);
        c.unpaid_to = r.OptText(6);
        c.created_at = core::FromMillis(r.Int(7));
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<std::string> CaseOfClue(storage::Transaction& tx, std::string_view clue_id) {
    auto row = tx.QueryOptional("SELECT case_id FROM cases_claim WHERE clue_id = $1", {std::string(clue_id)});
    if (!row) return std::nullopt;
    return row->Text(0);
}

std::int64_t NextStepSeq(storage::Transaction& tx, std::string_view case_id) {
    return tx.QueryOne("SELECT COALESCE(MAX(seq), 0) + 1 FROM cases_step WHERE case_id = $1", {std::string(case_id)})
        .Int(0);
}

void InsertStep(storage::Transaction& tx, std::string_view case_id, const Step& step) {
    json::array attachments;
    for (const auto& a : step.attachments) attachments.emplace_back(a);
    tx.Execute(
        "INSERT INTO cases_step (id, case_id, seq, kind, actor_id, actor_name, at, detail, attachments) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {step.id, std::string(case_id), step.seq, step.kind, step.actor_id, step.actor_name, core::ToMillis(step.at),
         json::serialize(step.detail), json::serialize(attachments)});
}

std::vector<Step> ListSteps(storage::Transaction& tx, std::string_view case_id) {
    std::vector<Step> out;
    for (const auto& r : tx.Query("SELECT id, seq, kind, actor_id, actor_name, at, detail, attachments FROM cases_step "
                                  "WHERE case_id = $1 ORDER BY seq",
                                  {std::string(case_id)})) {
        Step s;
        s.id = r.Text(0);
        s.seq = r.Int(1);
        s.kind = r.Text(2);
        s.actor_id = r.Text(3);
        s.actor_name = r.Text(4);
        s.at = core::FromMillis(r.Int(5));
        auto detail = json::parse(r.Text(6));
        if (detail.is_object()) s.detail = std::move(detail.as_object());
        auto attachments = json::parse(r.Text(7));
        if (attachments.is_array()) {
            for (const auto& a : attachments.as_array()) {
                if (a.is_string()) s.attachments.emplace_back(a.as_string());
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

void InsertFundAdvance(storage::Transaction& tx, std::string_view case_id, const FundAdvance& advance,
                       core::Timestamp now) {
    tx.Execute(
        "INSERT INTO cases_fund_advance (id, case_id, amount, approved_by, advanced_on, repaid_amount, repaid_on, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {advance.id, std::string(case_id), advance.amount, advance.approved_by, advance.advanced_on.ToString(),
         advance.repaid_amount, OptDateText(advance.repaid_on), core::ToMillis(now)});
}

std::vector<FundAdvance> ListFundAdvances(storage::Transaction& tx, std::string_view case_id) {
    std::vector<FundAdvance> out;
    for (const auto& r : tx.Query("SELECT id, amount, approved_by, advanced_on, repaid_amount, repaid_on "
                                  "FROM cases_fund_advance WHERE case_id = $1 ORDER BY created_at, id",
                                  {std::string(case_id)})) {
        FundAdvance a;
        a.id = r.Text(0);
        a.amount = r.Int(1);
        a.approved_by = r.Text(2);
        a.advanced_on = core::Date::Parse(r.Text(3)).value_or(core::Date{});
        a.repaid_amount = r.Int(4);
        a.repaid_on = OptDate(r, 5);
        out.push_back(std::move(a));
    }
    return out;
}

void UpdateFundAdvanceRepayment(storage::Transaction& tx, std::string_view id, core::Fen repaid, core::Date repaid_on) {
    tx.Execute("UPDATE cases_fund_advance SET repaid_amount = $2, repaid_on = $3 WHERE id = $1",
               {std::string(id), repaid, repaid_on.ToString()});
}

std::vector<Case> ListCases(storage::Transaction& tx, const CaseFilter& filter) {
    std::vector<Param> params;
    std::string sql = "SELECT " + std::string(kCaseColumns) + " FROM cases_case c" + Where(filter, params);
    params.emplace_back(filter.query.limit);
    sql += " ORDER BY c.opened_at DESC, c.id DESC LIMIT $" + std::to_string(params.size());
    params.emplace_back(filter.query.offset);
    sql += " OFFSET $" + std::to_string(params.size());
    return MapCases(tx.Query(sql, Span(params)));
}

std::int64_t CountCases(storage::Transaction& tx, const CaseFilter& filter) {
    std::vector<Param> params;
    std::string sql = "SELECT COUNT(*) FROM cases_case c" + Where(filter, params);
    return tx.QueryOne(sql, Span(params)).Int(0);
}

bool CaseInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view case_id) {
    std::vector<Param> params{std::string(case_id)};
    std::string sql = "SELECT 1 FROM cases_case c WHERE c.id = $1 AND " + ScopeCondition(principal, params);
    return tx.QueryOptional(sql, Span(params)).has_value();
}

std::vector<Case> ListOpenCases(storage::Transaction& tx) {
    return MapCases(tx.Query("SELECT " + std::string(kCaseColumns) +
                             " FROM cases_case c WHERE c.state <> 'closed' ORDER BY c.opened_at, c.id"));
}

std::vector<Case> ListCasesForCircular(storage::Transaction& tx, std::string_view region_prefix,
                                       std::string_view industry, core::Timestamp start, core::Timestamp end) {
    std::vector<Param> params{static_cast<std::int64_t>(region_prefix.size()), std::string(region_prefix),
                              core::ToMillis(start), core::ToMillis(end)};
    std::string sql = "SELECT " + std::string(kCaseColumns) +
                      " FROM cases_case c WHERE substr(c.region_code, 1, $1) = $2 AND c.opened_at < $4 "
                      "AND (c.closed_at IS NULL OR c.closed_at >= $3)";
    if (!industry.empty()) {
        params.emplace_back(std::string(industry));
        sql += " AND c.industry = $5";
    }
    sql += " ORDER BY c.county_code, c.id";
    return MapCases(tx.Query(sql, Span(params)));
}

bool HasOpenCaseForProject(storage::Transaction& tx, std::string_view project_id) {
    return tx.QueryOptional("SELECT 1 FROM cases_case WHERE project_id = $1 AND state <> 'closed'",
                            {std::string(project_id)})
        .has_value();
}

}  // namespace anxin::cases::repository
