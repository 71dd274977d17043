#include "cases/case_repository.hpp"

#include <boost/json.hpp>

#include "cases/case_workflow.hpp"
#include "storage/columns.hpp"
#include "registry/project_scope.hpp"

namespace anxin::cases::repository {
namespace {

using storage::Param;
namespace json = boost::json;

std::span<const Param> Span(const std::vector<Param>& params) { return {params.data(), params.size()}; }

// cases_case, each column once (storage/columns.hpp). number, channel, opened_at, warning_id and
// created_at are written when the case opens and never change.
const storage::Columns<Case> kCases("cases_case", "c",
                                    {
                                        storage::Key("id", &Case::id),
                                        storage::Fixed("number", &Case::number),
                                        storage::Field("project_id", &Case::project_id),
                                        storage::Field("employer_id", &Case::employer_id),
                                        storage::Field("employer_name", &Case::employer_name),
                                        storage::Field("region_code", &Case::region_code),
                                        storage::Field("county_code", &Case::county_code),
                                        storage::Field("industry", &Case::industry),
                                        storage::Field("collective", &Case::collective),
                                        storage::Field("state", &Case::state),
                                        storage::Field("conclusion", &Case::conclusion),
                                        storage::Field("escalation_level", &Case::escalation_level),
                                        storage::Field("card", &Case::card),
                                        storage::Field("card_at", &Case::card_at),
                                        storage::Field("key_grade", &Case::key_grade),
                                        storage::Field("step_deadline_on", &Case::step_deadline_on),
                                        storage::Field("close_deadline_on", &Case::close_deadline_on),
                                        storage::Field("paused", &Case::paused),
                                        storage::Field("paused_reason", &Case::paused_reason),
                                        storage::Field("paused_since", &Case::paused_since),
                                        storage::Field("claimed_amount", &Case::claimed_amount),
                                        storage::Field("recovered_amount", &Case::recovered_amount),
                                        storage::Field("last_progress_at", &Case::last_progress_at),
                                        storage::Fixed("opened_at", &Case::opened_at),
                                        storage::Field("closed_at", &Case::closed_at),
                                        storage::Fixed("channel", &Case::channel),
                                        storage::Field("deadline_base_on", &Case::deadline_base_on),
                                        storage::Field("paused_working_days", &Case::paused_working_days),
                                        storage::Field("investigation", &Case::investigation),
                                        storage::Field("extended", &Case::extended),
                                        storage::Field("pay_by_on", &Case::pay_by_on),
                                        storage::Field("first_contact_at", &Case::first_contact_at),
                                        storage::Fixed("created_at", &Case::created_at),
                                        storage::Field("updated_at", &Case::updated_at),
                                        storage::Fixed("warning_id", &Case::warning_id),
                                        storage::Field("leader_user_id", &Case::leader_user_id),
                                        storage::Field("leader_name", &Case::leader_name),
                                        storage::Field("satisfaction", &Case::satisfaction),
                                    });
const std::string kCaseColumns = kCases.SelectList();

Case MapCase(const storage::Row& r) {
    Case c = kCases.Read(r);
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
    eq("c.leader_user_id", q.leader_user_id);
    eq("c.number", q.number);
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

void InsertCase(storage::Transaction& tx, const Case& c) { tx.Execute(kCases.InsertSql(), kCases.InsertParams(c)); }

void UpdateCase(storage::Transaction& tx, const Case& c) { tx.Execute(kCases.UpdateSql(), kCases.UpdateParams(c)); }

std::optional<Case> FindCase(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional("SELECT " + kCaseColumns + " FROM cases_case c WHERE c.id = $1",
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
    auto row = tx.QueryOptional("SELECT " + kCaseColumns +
                                    " FROM cases_case c WHERE c.warning_id = $1 ORDER BY c.opened_at, c.id LIMIT 1",
                                {std::string(warning_id)});
    if (!row) return std::nullopt;
    return MapCase(*row);
}

std::optional<Case> FindOpenCaseForProject(storage::Transaction& tx, std::string_view project_id) {
    auto row = tx.QueryOptional("SELECT " + kCaseColumns +
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
        row = tx.QueryOptional("SELECT " + kCaseColumns +
                                   " FROM cases_case c WHERE c.employer_id = $1 AND c.state <> 'closed' "
                                   "AND c.opened_at >= $2 ORDER BY c.opened_at, c.id LIMIT 1",
                               {*employer_id, core::ToMillis(since)});
    } else {
        row = tx.QueryOptional("SELECT " + kCaseColumns +
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
        c.created_at = r.Time(7);
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
        s.at = r.Time(5);
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
         advance.repaid_amount, advance.repaid_on, core::ToMillis(now)});
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
        a.advanced_on = r.Date(3);
        a.repaid_amount = r.Int(4);
        a.repaid_on = r.OptDate(5);
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
    std::string sql = "SELECT " + kCaseColumns + " FROM cases_case c" + Where(filter, params);
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
    return MapCases(tx.Query("SELECT " + kCaseColumns +
                             " FROM cases_case c WHERE c.state <> 'closed' ORDER BY c.opened_at, c.id"));
}

std::vector<Case> ListCasesForCircular(storage::Transaction& tx, std::string_view region_prefix,
                                       std::string_view industry, core::Timestamp start, core::Timestamp end) {
    std::vector<Param> params{static_cast<std::int64_t>(region_prefix.size()), std::string(region_prefix),
                              core::ToMillis(start), core::ToMillis(end)};
    std::string sql = "SELECT " + kCaseColumns +
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
