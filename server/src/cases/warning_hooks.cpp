#include "cases/warning_hooks.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "registry/projects.hpp"

namespace anxin::cases {

WarningFacts WarningHooks::Facts(storage::Transaction& tx, const warnings::Warning& w) {
    WarningFacts f;
    f.warning_id = w.id;
    f.indicator = w.indicator;
    if (const auto* info = warnings::FindIndicator(w.indicator)) f.indicator_name = std::string(info->name);
    f.level = w.level;
    f.explanation = w.explanation;
    f.project_id = w.project_id;
    f.employer_id = w.enterprise_id;
    f.region_code = w.region_code;
    if (!w.industry.empty()) f.industry = w.industry;
    f.deadline_on = w.deadline_on;
    // The evidence's amount (fen) when the indicator reports one.
    if (w.evidence.is_object()) {
        if (const auto* amount = w.evidence.as_object().if_contains("amount"); amount && amount->is_int64()) {
            f.amount = std::max<core::Fen>(0, amount->as_int64());
        }
    }
    if (w.project_id) {
        if (auto project = registry::ProjectService::FindFacts(tx, *w.project_id)) {
            if (f.region_code.empty()) f.region_code = project->region_code;
            if (!f.industry && !project->industry.empty()) f.industry = project->industry;
            for (const auto& p : project->participants) {
                if (w.enterprise_id && p.enterprise_id == *w.enterprise_id) f.employer_name = p.enterprise_name;
            }
            if (f.employer_name.empty()) f.employer_name = project->name;
        }
    }
    if (f.employer_name.empty()) f.employer_name = w.enterprise_id.value_or("");
    return f;
}

std::string WarningHooks::OpenCaseForWarning(storage::Transaction& tx, const warnings::Warning& warning) {
    return service_.OpenFromWarning(tx, Facts(tx, warning));
}

void WarningHooks::WarningCleared(storage::Transaction& tx, const warnings::Warning& warning) {
    if (!warning.case_id) return;
    if (!service_.RecordWarningCleared(tx, *warning.case_id, Facts(tx, warning))) {
        spdlog::warn("warning {} cleared but its case {} does not exist", warning.id, *warning.case_id);
    }
}

std::vector<ComplaintFactsReader::OpenClue> ComplaintFactsReader::CluesUnderHandling(
    storage::Transaction& tx, core::Timestamp before, const std::vector<std::string>* project_ids) const {
    std::vector<storage::Param> params{core::ToMillis(before)};
    const std::string sql =
        "SELECT project_id, worker_id FROM clues_clue_published WHERE received_at < $1 AND (status IN "
        "('received', 'accepted') OR decided_at >= $1) AND project_id IS NOT NULL" +
        storage::AndIn("project_id", project_ids, params);
    std::vector<OpenClue> clues;
    for (const auto& r : tx.Query(sql, params)) clues.push_back(OpenClue{r.Text(0), r.OptText(1)});
    return clues;
}

std::map<std::string, std::int64_t> ComplaintFactsReader::OpenCasesByProject(
    storage::Transaction& tx, core::Timestamp before, const std::vector<std::string>* project_ids) const {
    std::vector<storage::Param> params{core::ToMillis(before)};
    const std::string sql =
        "SELECT project_id, COUNT(*) FROM cases_case WHERE opened_at < $1 AND (closed_at IS NULL OR closed_at >= $1) "
        "AND project_id IS NOT NULL" +
        storage::AndIn("project_id", project_ids, params) + " GROUP BY project_id";
    std::map<std::string, std::int64_t> counts;
    for (const auto& r : tx.Query(sql, params)) counts[r.Text(0)] = r.Int(1);
    return counts;
}

std::vector<ComplaintFactsReader::ReceivedClue> ComplaintFactsReader::CluesReceived(
    storage::Transaction& tx, core::Timestamp from, core::Timestamp before,
    const std::vector<std::string>* project_ids) const {
    std::vector<storage::Param> params{core::ToMillis(from), core::ToMillis(before)};
    const std::string sql =
        "SELECT project_id, id, tracking_code, channel, worker_count, amount, received_at FROM clues_clue_published "
        "WHERE project_id IS NOT NULL AND status NOT IN ('rejected', 'merged') AND received_at >= $1 AND "
        "received_at < $2" +
        storage::AndIn("project_id", project_ids, params) + " ORDER BY received_at";
    std::vector<ReceivedClue> clues;
    for (const auto& r : tx.Query(sql, params))
        clues.push_back(ReceivedClue{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Int(5),
                                     r.Time(6)});
    return clues;
}

std::vector<ComplaintFactsReader::PendingClue> ComplaintFactsReader::CluesInTimeLimitedStage(
    storage::Transaction& tx, core::Timestamp before, const std::vector<std::string>* project_ids) const {
    // The stage is the one the clue was in at `before`: decided later counts as still received.
    std::vector<storage::Param> params{core::ToMillis(before)};
    const std::string sql =
        "SELECT c.project_id, c.id, c.tracking_code, CASE WHEN c.status = 'received' OR c.decided_at >= $1 THEN "
        "'received' ELSE c.status END, c.received_at, k.id FROM clues_clue_published c LEFT JOIN cases_case k ON "
        "k.id = c.case_id WHERE c.project_id IS NOT NULL AND c.received_at < $1 AND (c.status = 'received' OR "
        "c.decided_at >= $1 OR (c.status = 'accepted' AND k.id IS NOT NULL AND k.opened_at < $1 AND (k.closed_at IS "
        "NULL OR k.closed_at >= $1)))" +
        storage::AndIn("c.project_id", project_ids, params);
    std::vector<PendingClue> clues;
    for (const auto& r : tx.Query(sql, params))
        clues.push_back(PendingClue{r.Text(0), r.Text(1), r.Text(2), r.Text(3) == "accepted",
                                    r.Time(4), r.OptText(5)});
    return clues;
}

std::vector<ComplaintFactsReader::MissedPayOrder> ComplaintFactsReader::MissedPayOrders(
    storage::Transaction& tx, core::Date as_of, const std::vector<std::string>* project_ids) const {
    std::vector<storage::Param> params{as_of.ToString()};
    const std::string sql =
        "SELECT project_id, id, number, employer_id, employer_name, pay_by_on, claimed_amount - recovered_amount, "
        "CASE WHEN EXISTS (SELECT 1 FROM cases_step s WHERE s.case_id = cases_case.id AND s.kind = 'police_transfer') "
        "THEN 1 ELSE 0 END "
        "FROM cases_case WHERE state = 'ordered' AND pay_by_on < $1 AND project_id IS NOT NULL AND "
        "employer_id IS NOT NULL AND claimed_amount > recovered_amount" +
        storage::AndIn("project_id", project_ids, params) + " ORDER BY project_id, id";
    std::vector<MissedPayOrder> out;
    for (const auto& r : tx.Query(sql, params))
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Date(5), r.Int(6), r.Int(7) != 0});
    return out;
}

}  // namespace anxin::cases
