#include "clues/clue_repository.hpp"

#include "core/ids.hpp"
#include "identity/permissions.hpp"
#include "registry/project_scope.hpp"

namespace anxin::clues::repository {
namespace {

constexpr std::string_view kColumns =
    "c.id, c.tracking_code, c.channel, c.source_system, c.source_id, c.is_construction, c.complainant_name, "
    "c.complainant_id_number_enc, c.complainant_id_number_mask, c.complainant_id_number_index, "
    "c.complainant_phone_enc, c.complainant_phone_mask, c.complainant_phone_index, c.complainant_bank_card_enc, "
    "c.complainant_bank_card_mask, c.identity_disclosure_agreed, c.worker_id, c.employer_name, c.employer_address, "
    "c.employer_id, c.project_id, c.region_code, c.county_code, c.industry, c.unpaid_from, c.unpaid_to, c.amount, "
    "c.worker_count, c.description, c.key_grade, c.key_reason, c.status, c.case_id, c.accept_deadline_on, "
    "c.decided_at, c.decided_by, c.decision_reason, c.received_at, c.created_by, c.created_at, c.updated_at";

ClueRecord FromRow(const storage::Row& row) {
    ClueRecord r;
    size_t i = 0;
    r.id = row.Text(i++);
    r.tracking_code = row.Text(i++);
    r.channel = row.Text(i++);
    r.source_system = row.OptText(i++);
    r.source_id = row.OptText(i++);
    r.is_construction = row.Bool(i++);
    r.complainant_name = row.Text(i++);
    r.id_number_enc = row.OptText(i++);
    r.id_number_mask = row.OptText(i++);
    r.id_number_index = row.OptText(i++);
    r.phone_enc = row.Text(i++);
    r.phone_mask = row.Text(i++);
    r.phone_index = row.Text(i++);
    r.bank_card_enc = row.OptText(i++);
    r.bank_card_mask = row.OptText(i++);
    r.identity_disclosure_agreed = row.Bool(i++);
    r.worker_id = row.OptText(i++);
    r.employer_name = row.Text(i++);
    r.employer_address = row.Text(i++);
    r.employer_id = row.OptText(i++);
    r.project_id = row.OptText(i++);
    r.region_code = row.Text(i++);
    r.county_code = row.Text(i++);
    r.industry = row.OptText(i++);
    r.unpaid_from = row.OptText(i++);
    r.unpaid_to = row.OptText(i++);
    r.amount = row.Int(i++);
    r.worker_count = row.Int(i++);
    r.description = row.Text(i++);
    r.key_grade = row.OptText(i++);
    r.key_reason = row.OptText(i++);
    r.status = row.Text(i++);
    r.case_id = row.OptText(i++);
    r.accept_deadline_on = row.OptText(i++);
    r.decided_at = row.OptInt(i++);
    r.decided_by = row.OptText(i++);
    r.decision_reason = row.OptText(i++);
    r.received_at = row.Int(i++);
    r.created_by = row.Text(i++);
    r.created_at = row.Int(i++);
    r.updated_at = row.Int(i++);
    return r;
}

std::optional<ClueRecord> FindWhere(storage::Transaction& tx, std::string_view where, std::vector<storage::Param> params) {
    auto row = tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM clues_clue c WHERE " + std::string(where),
                                std::span<const storage::Param>(params));
    if (!row) return std::nullopt;
    return FromRow(*row);
}

// Appends the scope condition with its parameters.
std::string ScopeCondition(const core::Principal& principal, std::vector<storage::Param>& params) {
    auto next = [&](storage::Param value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    if (principal.role == identity::role::kSupervisor) {
        std::string len = next(static_cast<std::int64_t>(principal.region_code.size()));
        return "(substr(c.region_code, 1, " + len + ") = " + next(principal.region_code) + ")";
    }
    if (principal.role == identity::role::kIndustryOfficer) {
        std::string len = next(static_cast<std::int64_t>(principal.region_code.size()));
        std::string region = next(principal.region_code);
        return "(substr(c.region_code, 1, " + len + ") = " + region + " AND c.industry = " + next(principal.industry) +
               ")";
    }
    if (principal.role == identity::role::kEnterpriseUser && !principal.enterprise_id.empty()) {
        std::string own = next(principal.enterprise_id);
        auto project = registry::ProjectScopeFilter(principal, "scope_p", static_cast<int>(params.size()) + 1);
        for (auto& p : project.params) params.push_back(std::move(p));
        return "(c.employer_id = " + own +
               " OR EXISTS (SELECT 1 FROM registry_project scope_p WHERE scope_p.id = c.project_id AND " +
               project.condition + "))";
    }
    return "(1 = 0)";
}

std::string LikePrefix(std::string_view prefix) {
    std::string pattern;
    for (char ch : prefix) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
        pattern += ch;
    }
    return pattern + "%";
}

std::string ListWhere(const ClueFilter& filter, std::vector<storage::Param>& params) {
    auto next = [&](storage::Param value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    const ClueQuery& q = filter.query;
    std::string where = " WHERE " + ScopeCondition(filter.principal, params);
    if (q.status) where += " AND c.status = " + next(*q.status);
    if (q.channel) where += " AND c.channel = " + next(*q.channel);
    if (q.project_id) where += " AND c.project_id = " + next(*q.project_id);
    if (q.key_grade) where += " AND c.key_grade = " + next(*q.key_grade);
    if (q.employer) {
        if (core::LooksLikeId(*q.employer)) {
            where += " AND c.employer_id = " + next(*q.employer);
        } else {
            where += " AND c.employer_name LIKE " + next(LikePrefix(*q.employer)) + " ESCAPE '\\'";
        }
    }
    if (q.received_from) where += " AND c.received_at >= " + next(core::ToMillis(q.received_from->StartInShanghai()));
    if (q.received_to) {
        where += " AND c.received_at < " + next(core::ToMillis(q.received_to->AddDays(1).StartInShanghai()));
    }
    if (q.region_code) {
        std::string len = next(static_cast<std::int64_t>(q.region_code->size()));
        where += " AND substr(c.region_code, 1, " + len + ") = " + next(*q.region_code);
    }
    return where;
}

}  // namespace

void InsertClue(storage::Transaction& tx, const ClueRecord& r) {
    tx.Execute(
        "INSERT INTO clues_clue (id, tracking_code, channel, source_system, source_id, is_construction, "
        "complainant_name, complainant_id_number_enc, complainant_id_number_mask, complainant_id_number_index, "
        "complainant_phone_enc, complainant_phone_mask, complainant_phone_index, complainant_bank_card_enc, "
        "complainant_bank_card_mask, identity_disclosure_agreed, worker_id, employer_name, employer_address, "
        "employer_id, project_id, region_code, county_code, industry, unpaid_from, unpaid_to, amount, worker_count, "
        "description, key_grade, key_reason, status, case_id, accept_deadline_on, decided_at, decided_by, "
        "decision_reason, received_at, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, "
        "$31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41)",
        {r.id,
         r.tracking_code,
         r.channel,
         r.source_system,
         r.source_id,
         r.is_construction,
         r.complainant_name,
         r.id_number_enc,
         r.id_number_mask,
         r.id_number_index,
         r.phone_enc,
         r.phone_mask,
         r.phone_index,
         r.bank_card_enc,
         r.bank_card_mask,
         r.identity_disclosure_agreed,
         r.worker_id,
         r.employer_name,
         r.employer_address,
         r.employer_id,
         r.project_id,
         r.region_code,
         r.county_code,
         r.industry,
         r.unpaid_from,
         r.unpaid_to,
         r.amount,
         r.worker_count,
         r.description,
         r.key_grade,
         r.key_reason,
         r.status,
         r.case_id,
         r.accept_deadline_on,
         r.decided_at,
         r.decided_by,
         r.decision_reason,
         r.received_at,
         r.created_by,
         r.created_at,
         r.updated_at});
}

std::optional<ClueRecord> FindClue(storage::Transaction& tx, std::string_view id) {
    return FindWhere(tx, "c.id = $1", {std::string(id)});
}

std::optional<ClueRecord> FindBySource(storage::Transaction& tx, std::string_view source_system,
                                       std::string_view source_id) {
    return FindWhere(tx, "c.source_system = $1 AND c.source_id = $2",
                     {std::string(source_system), std::string(source_id)});
}

std::optional<ClueRecord> FindByTracking(storage::Transaction& tx, std::string_view tracking_code) {
    return FindWhere(tx, "c.tracking_code = $1", {std::string(tracking_code)});
}

bool TrackingCodeExists(storage::Transaction& tx, std::string_view tracking_code) {
    return tx.QueryOptional("SELECT 1 FROM clues_clue WHERE tracking_code = $1", {tracking_code}).has_value();
}

void UpdateDecision(storage::Transaction& tx, const ClueRecord& r) {
    tx.Execute(
        "UPDATE clues_clue SET status = $2, case_id = $3, decided_at = $4, decided_by = $5, decision_reason = $6, "
        "updated_at = $7 WHERE id = $1",
        {r.id, r.status, r.case_id, r.decided_at, r.decided_by, r.decision_reason, r.updated_at});
}

void UpdateLocality(storage::Transaction& tx, std::string_view id, std::string_view region_code,
                    std::string_view county_code, std::int64_t updated_at) {
    tx.Execute("UPDATE clues_clue SET region_code = $2, county_code = $3, updated_at = $4 WHERE id = $1",
               {id, region_code, county_code, updated_at});
}

bool ClueVisible(storage::Transaction& tx, const core::Principal& principal, std::string_view id) {
    std::vector<storage::Param> params{std::string(id)};
    std::string scope = ScopeCondition(principal, params);
    return tx.QueryOptional("SELECT 1 FROM clues_clue c WHERE c.id = $1 AND " + scope,
                            std::span<const storage::Param>(params))
        .has_value();
}

std::vector<ClueRecord> ListClues(storage::Transaction& tx, const ClueFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kColumns) + " FROM clues_clue c" + ListWhere(filter, params);
    sql += " ORDER BY c.received_at DESC, c.id DESC LIMIT $" + std::to_string(params.size() + 1) + " OFFSET $" +
           std::to_string(params.size() + 2);
    params.emplace_back(filter.query.limit);
    params.emplace_back(filter.query.offset);
    std::vector<ClueRecord> out;
    for (const auto& row : tx.Query(sql, std::span<const storage::Param>(params))) out.push_back(FromRow(row));
    return out;
}

std::int64_t CountClues(storage::Transaction& tx, const ClueFilter& filter) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT COUNT(*) FROM clues_clue c" + ListWhere(filter, params);
    return tx.QueryOne(sql, std::span<const storage::Param>(params)).Int(0);
}

void InsertRouting(storage::Transaction& tx, const RoutingEntry& e, std::string_view clue_id) {
    tx.Execute(
        "INSERT INTO clues_routing (id, clue_id, target_kind, target_ref, reason, active, routed_by, routed_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {e.id, clue_id, e.target_kind, e.target_ref, e.reason, e.active, e.routed_by, core::ToMillis(e.routed_at)});
}

std::int64_t DeactivateRouting(storage::Transaction& tx, std::string_view clue_id,
                               const std::vector<std::string>& kinds) {
    std::int64_t changed = 0;
    for (const auto& kind : kinds) {
        changed += tx.Execute("UPDATE clues_routing SET active = 0 WHERE clue_id = $1 AND target_kind = $2 AND active = 1",
                              {clue_id, kind});
    }
    return changed;
}

std::vector<RoutingEntry> ListRouting(storage::Transaction& tx, std::string_view clue_id) {
    std::vector<RoutingEntry> out;
    for (const auto& row : tx.Query("SELECT id, target_kind, target_ref, reason, active, routed_by, routed_at "
                                    "FROM clues_routing WHERE clue_id = $1 ORDER BY active DESC, routed_at, id",
                                    {clue_id})) {
        out.push_back(RoutingEntry{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Bool(4), row.Text(5),
                                   row.Time(6)});
    }
    return out;
}

std::vector<std::string> ClueIdsOfCase(storage::Transaction& tx, std::string_view case_id) {
    std::vector<std::string> out;
    for (const auto& row : tx.Query("SELECT id FROM clues_clue WHERE case_id = $1 ORDER BY received_at, id", {case_id}))
        out.push_back(row.Text(0));
    return out;
}

}  // namespace anxin::clues::repository
