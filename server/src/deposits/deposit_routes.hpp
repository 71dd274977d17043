// HTTP routes of the deposits module (JSON camelCase, money in fen; scoped like the project: a
// project outside the caller's scope is 404):
//   GET  /api/v1/projects/{projectId}/deposit                                 deposit.read
//        {requirement{requiredAmount, exempt, lines[{rule, description, amountAfter}], dueOn, ...},
//         instruments[], status{required, lodgedTotal, shortfall, dueOn, state, ...}, uses[], returns[]}
//   POST /api/v1/projects/{projectId}/deposit/requirement                     deposit.write (recompute)
//   POST /api/v1/projects/{projectId}/deposit/instruments                     deposit.write
//   POST /api/v1/projects/{projectId}/deposit/uses                            deposit.review (HRSS notice)
//   POST /api/v1/projects/{projectId}/deposit/uses/{useId}/payment            deposit.review {paidOn}
//   POST /api/v1/projects/{projectId}/deposit/uses/{useId}/topup              deposit.write {toppedUpOn}
//   POST /api/v1/projects/{projectId}/deposit/returns                         deposit.write {appliedOn, pledge}
//   POST /api/v1/projects/{projectId}/deposit/returns/{returnId}/review       deposit.review
//   POST /api/v1/projects/{projectId}/deposit/returns/{returnId}/confirmation deposit.review {confirmedOn}
//   GET  /api/v1/deposits?shortfall=&overdue=&expiring=&regionCode=&page=&pageSize=   deposit.read
//   POST /api/v1/deposits/history   deposit.review {enterpriseId, year, hadArrears, realNameAndAccount, note}
#pragma once

#include <boost/json/value.hpp>

#include "deposits/deposit_service.hpp"
#include "http/http.hpp"

namespace anxin::deposits {

boost::json::value OverviewJson(const DepositOverview& overview);
boost::json::value RequirementJson(const Requirement& requirement);

// The service must outlive the router.
void RegisterDepositRoutes(http::Router& router, DepositService& service);

}  // namespace anxin::deposits
