#include "credit/listing_repository.hpp"

namespace anxin::credit::listing_repo {

namespace {

constexpr std::string_view kColumns =
    "id, number, enterprise_id, enterprise_name, credit_code, region_code, state, case_id, arrears_fen, threshold_fen, "
    "order_missed_on, mass_incident, reason, notified_on, statement_due, statement, statement_on, decision_due, "
    "decided_on, decision_reason, expires_on, arrears_paid_on, repair_applied_on, repair_pledge, repair_review_due, "
    "repair_refused_on, repair_refusal, removed_on, removal";

Listing FromRow(const storage::Row& r) {
    Listing l;
    l.id = r.Text(0);
    l.number = r.Text(1);
    l.enterprise_id = r.Text(2);
    l.enterprise_name = r.Text(3);
    l.credit_code = r.Text(4);
    l.region_code = r.Text(5);
    l.state = r.Text(6);
    l.case_id = r.OptText(7);
    l.arrears_fen = r.Int(8);
    l.threshold_fen = r.Int(9);
    l.order_missed_on = r.Date(10);
    l.mass_incident = r.Bool(11);
    l.reason = r.Text(12);
    l.notified_on = r.OptDate(13);
    l.statement_due = r.OptDate(14);
    l.statement = r.OptText(15);
    l.statement_on = r.OptDate(16);
    l.decision_due = r.OptDate(17);
    l.decided_on = r.OptDate(18);
    l.decision_reason = r.OptText(19);
    l.expires_on = r.OptDate(20);
    l.arrears_paid_on = r.OptDate(21);
    l.repair_applied_on = r.OptDate(22);
    l.repair_pledge = r.OptText(23);
    l.repair_review_due = r.OptDate(24);
    l.repair_refused_on = r.OptDate(25);
    l.repair_refusal = r.OptText(26);
    l.removed_on = r.OptDate(27);
    l.removal = r.OptText(28);
    return l;
}

std::string Where(std::string_view region_prefix, const ListingQuery& q, std::vector<storage::Param>& params) {
    std::string where = " WHERE region_code LIKE $1";
    params.emplace_back(std::string(region_prefix) + "%");
    if (q.state) {
        params.emplace_back(*q.state);
        where += " AND state = $" + std::to_string(params.size());
    }
    if (q.enterprise_id) {
        params.emplace_back(*q.enterprise_id);
        where += " AND enterprise_id = $" + std::to_string(params.size());
    }
    return where;
}

}  // namespace

void Insert(storage::Transaction& tx, const Listing& l, std::string_view proposed_by, std::int64_t at) {
    tx.Execute(
        "INSERT INTO credit_listing (id, number, enterprise_id, enterprise_name, credit_code, region_code, state, "
        "case_id, arrears_fen, threshold_fen, order_missed_on, mass_incident, reason, proposed_by, proposed_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
        {l.id, l.number, l.enterprise_id, l.enterprise_name, l.credit_code, l.region_code, l.state, l.case_id,
         l.arrears_fen, l.threshold_fen, l.order_missed_on, l.mass_incident, l.reason, proposed_by, at});
}

void InsertPersons(storage::Transaction& tx, std::string_view listing_id, const std::vector<PersonRow>& persons) {
    int seq = 0;
    for (const auto& p : persons) {
        tx.Execute(
            "INSERT INTO credit_listing_person (listing_id, seq, role, name, id_number_enc, id_number_mask, id_number_index) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {listing_id, ++seq, p.role, p.name, p.id_number_enc, p.id_number_mask, p.id_number_index});
    }
}

void Update(storage::Transaction& tx, const Listing& l, std::int64_t at) {
    tx.Execute(
        "UPDATE credit_listing SET state = $2, notified_on = $3, statement_due = $4, statement = $5, statement_on = $6, "
        "decision_due = $7, decided_on = $8, decision_reason = $9, expires_on = $10, arrears_paid_on = $11, "
        "repair_applied_on = $12, repair_pledge = $13, repair_review_due = $14, repair_refused_on = $15, "
        "repair_refusal = $16, removed_on = $17, removal = $18, updated_at = $19 WHERE id = $1",
        {l.id, l.state, l.notified_on, l.statement_due, l.statement, l.statement_on, l.decision_due, l.decided_on,
         l.decision_reason, l.expires_on, l.arrears_paid_on, l.repair_applied_on, l.repair_pledge, l.repair_review_due,
         l.repair_refused_on, l.repair_refusal, l.removed_on, l.removal, at});
}

std::optional<Listing> Find(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional("SELECT " + std::string(kColumns) + " FROM credit_listing WHERE id = $1", {id});
    if (!row) return std::nullopt;
    return FromRow(*row);
}

std::vector<ListingPerson> Persons(storage::Transaction& tx, std::string_view id) {
    std::vector<ListingPerson> out;
    for (const auto& r : tx.Query("SELECT role, name, id_number_mask FROM credit_listing_person WHERE listing_id = $1 "
                                  "ORDER BY seq",
                                  {id}))
        out.push_back({r.Text(0), r.Text(1), r.Text(2)});
    return out;
}

std::vector<ListingStep> Steps(storage::Transaction& tx, std::string_view id) {
    std::vector<ListingStep> out;
    for (const auto& r : tx.Query("SELECT action, on_date, at, by_name, note FROM credit_listing_step WHERE listing_id = $1 "
                                  "ORDER BY seq",
                                  {id}))
        out.push_back({r.Text(0), r.Date(1), r.Time(2), r.Text(3), r.Text(4)});
    return out;
}

void InsertStep(storage::Transaction& tx, std::string_view id, const ListingStep& step, std::string_view by_user) {
    const std::int64_t seq =
        tx.QueryOne("SELECT COALESCE(MAX(seq), 0) + 1 FROM credit_listing_step WHERE listing_id = $1", {id}).Int(0);
    tx.Execute("INSERT INTO credit_listing_step (listing_id, seq, action, on_date, at, by_user, by_name, note) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
               {id, seq, step.action, step.on, step.at, by_user, step.by_name, step.note});
}

std::vector<Listing> List(storage::Transaction& tx, std::string_view region_prefix, const ListingQuery& q) {
    std::vector<storage::Param> params;
    std::string sql = "SELECT " + std::string(kColumns) + " FROM credit_listing" + Where(region_prefix, q, params) +
                      " ORDER BY proposed_at DESC, id DESC LIMIT " + std::to_string(q.limit) + " OFFSET " +
                      std::to_string(q.offset);
    std::vector<Listing> out;
    for (const auto& r : tx.Query(sql, params)) out.push_back(FromRow(r));
    return out;
}

std::int64_t Count(storage::Transaction& tx, std::string_view region_prefix, const ListingQuery& q) {
    std::vector<storage::Param> params;
    const std::string sql = "SELECT COUNT(*) FROM credit_listing" + Where(region_prefix, q, params);  // fills params first
    return tx.QueryOne(sql, params).Int(0);
}

std::optional<std::string> OpenFor(storage::Transaction& tx, std::string_view enterprise_id) {
    auto row = tx.QueryOptional(
        "SELECT number FROM credit_listing WHERE enterprise_id = $1 AND state IN ('proposed', 'notified', 'listed')",
        {enterprise_id});
    if (!row) return std::nullopt;
    return row->Text(0);
}

std::int64_t CountInYear(storage::Transaction& tx, std::string_view region_code, int year) {
    return tx.QueryOne("SELECT COUNT(*) FROM credit_listing WHERE region_code = $1 AND number LIKE $2",
                       {region_code, "%〔" + std::to_string(year) + "〕%"})
        .Int(0);
}

std::vector<std::string> ExpiredBy(storage::Transaction& tx, core::Date today) {
    std::vector<std::string> out;
    for (const auto& r : tx.Query("SELECT id FROM credit_listing WHERE state = 'listed' AND expires_on <= $1", {today}))
        out.push_back(r.Text(0));
    return out;
}

std::vector<Listing> ListedOn(storage::Transaction& tx, core::Date on) {
    std::vector<Listing> out;
    for (const auto& r : tx.Query("SELECT " + std::string(kColumns) +
                                      " FROM credit_listing WHERE decided_on IS NOT NULL AND decided_on <= $1 AND "
                                      "expires_on > $1 AND (removed_on IS NULL OR removed_on > $1) AND state IN "
                                      "('listed', 'removed') ORDER BY decided_on DESC, number",
                                  {on}))
        out.push_back(FromRow(r));
    return out;
}

std::vector<std::pair<Listing, std::int64_t>> ChangedSince(storage::Transaction& tx, std::string_view region_prefix,
                                                           std::int64_t after_ms, std::string_view after_id,
                                                           std::int64_t limit) {
    std::vector<std::pair<Listing, std::int64_t>> out;
    for (const auto& r : tx.Query("SELECT " + std::string(kColumns) +
                                      ", updated_at FROM credit_listing WHERE region_code LIKE $1 AND state IN ('listed', "
                                      "'removed') AND (updated_at > $2 OR (updated_at = $2 AND id > $3)) ORDER BY "
                                      "updated_at, id LIMIT " + std::to_string(limit),
                                  {std::string(region_prefix) + "%", after_ms, after_id}))
        out.emplace_back(FromRow(r), r.Int(29));
    return out;
}

std::optional<EnterpriseRow> FindEnterprise(storage::Transaction& tx, std::string_view id) {
    auto row = tx.QueryOptional(
        "SELECT id, name, credit_code, region_code FROM registry_enterprise_published WHERE id = $1", {id});
    if (!row) return std::nullopt;
    return EnterpriseRow{row->Text(0), row->Text(1), row->Text(2), row->Text(3)};
}

}  // namespace anxin::credit::listing_repo

namespace anxin::credit {

bool IsListed(storage::Transaction& tx, std::string_view enterprise_id, core::Date on) {
    return tx.QueryOne("SELECT COUNT(*) FROM credit_listing WHERE enterprise_id = $1 AND decided_on IS NOT NULL AND "
                       "decided_on <= $2 AND expires_on > $2 AND (removed_on IS NULL OR removed_on > $2) AND state IN "
                       "('listed', 'removed')",
                       {enterprise_id, on})
               .Int(0) > 0;
}

std::vector<ListedEnterprise> ListedEnterprises(storage::Transaction& tx, core::Date on) {
    std::vector<ListedEnterprise> out;
    for (const auto& l : listing_repo::ListedOn(tx, on)) out.push_back({l.enterprise_id, l.number, *l.decided_on, *l.expires_on});
    return out;
}

bool IsCandidate(storage::Transaction& tx, std::string_view enterprise_id) {
    return tx.QueryOne("SELECT COUNT(*) FROM credit_listing WHERE enterprise_id = $1 AND state IN ('proposed', 'notified')",
                       {enterprise_id})
               .Int(0) > 0;
}

}  // namespace anxin::credit
