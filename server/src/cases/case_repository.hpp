// SQL of the cases module: cases_case, cases_claim, cases_step, cases_fund_advance. Text, binding
// and row mapping only; every decision is the service's. Runs in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/cases.hpp"
#include "core/principal.hpp"
#include "storage/database.hpp"

namespace anxin::cases::repository {

void InsertCase(storage::Transaction& tx, const Case& c);
// Writes every mutable column of the case (state, deadlines, card, pause, amounts, ...).
void UpdateCase(storage::Transaction& tx, const Case& c);
std::optional<Case> FindCase(storage::Transaction& tx, std::string_view id);
// Takes the row lock (PostgreSQL) before reading, so concurrent steps on one case serialise.
std::optional<Case> LockCase(storage::Transaction& tx, std::string_view id);

std::optional<Case> FindOpenCaseForProject(storage::Transaction& tx, std::string_view project_id);
// The case a warning became (cases_case.warning_id), nullopt when none.
std::optional<Case> FindCaseForWarning(storage::Transaction& tx, std::string_view warning_id);
// An open case about the same employer (by id when known, else by exact name) opened at or after `since`.
std::optional<Case> FindRecentOpenCaseForEmployer(storage::Transaction& tx, const std::optional<std::string>& employer_id,
                                                  std::string_view employer_name, core::Timestamp since);
// Largest number sequence used so far under "AX-<county>-<year>-", 0 when none.
std::int64_t LastCaseSequence(storage::Transaction& tx, std::string_view prefix);

void InsertClaim(storage::Transaction& tx, std::string_view case_id, const ClueFacts& clue, core::Timestamp now);
std::vector<Claim> ListClaims(storage::Transaction& tx, std::string_view case_id);
// The case a clue belongs to.
std::optional<std::string> CaseOfClue(storage::Transaction& tx, std::string_view clue_id);

std::int64_t NextStepSeq(storage::Transaction& tx, std::string_view case_id);
void InsertStep(storage::Transaction& tx, std::string_view case_id, const Step& step);
std::vector<Step> ListSteps(storage::Transaction& tx, std::string_view case_id);

void InsertFundAdvance(storage::Transaction& tx, std::string_view case_id, const FundAdvance& advance,
                       core::Timestamp now);
std::vector<FundAdvance> ListFundAdvances(storage::Transaction& tx, std::string_view case_id);
void UpdateFundAdvanceRepayment(storage::Transaction& tx, std::string_view id, core::Fen repaid, core::Date repaid_on);

struct CaseFilter {
    CaseQuery query;
    core::Principal principal;  // scope
};
std::vector<Case> ListCases(storage::Transaction& tx, const CaseFilter& filter);
std::int64_t CountCases(storage::Transaction& tx, const CaseFilter& filter);
// True when the case is in the principal's read scope (the same condition as ListCases).
bool CaseInScope(storage::Transaction& tx, const core::Principal& principal, std::string_view case_id);

// Every case not closed (the SLA check).
std::vector<Case> ListOpenCases(storage::Transaction& tx);
// Cases in the region prefix opened before `end` and not closed before `start` (the circular).
std::vector<Case> ListCasesForCircular(storage::Transaction& tx, std::string_view region_prefix,
                                       std::string_view industry, core::Timestamp start, core::Timestamp end);

bool HasOpenCaseForProject(storage::Transaction& tx, std::string_view project_id);

}  // namespace anxin::cases::repository
