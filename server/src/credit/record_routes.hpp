// HTTP routes of the credit file: anomaly records, the yearly grades and the incentive list, the
// enterprise's credit file, the quarterly publication of major violations, and the credit-sharing
// export (listings, anomaly records, grades) for the provincial credit-information platform.
//
//   GET  /api/v1/credit/anomalies                          credit.file    ?enterpriseId=&state=&source=&page=
//   POST /api/v1/credit/anomalies                          credit.write   a manual record (reason + attachment)
//   GET  /api/v1/credit/anomalies/{anomalyId}              credit.file
//   POST /api/v1/credit/anomalies/{anomalyId}/objection    credit.object  the enterprise's 异议
//   POST /api/v1/credit/anomalies/{anomalyId}/correction   credit.write   revoke | uphold, with a reason
//   GET  /api/v1/credit/grade-runs[/{runId}]               credit.read    the region's evaluations (?grade=)
//   POST /api/v1/credit/grade-runs                         credit.write   evaluate a year
//   POST /api/v1/credit/grade-runs/{runId}/adjustments     credit.write   adjust a draft's grade
//   POST /api/v1/credit/grade-runs/{runId}/publish         credit.write
//   GET  /api/v1/credit/incentives                         credit.read    ?on=YYYY-MM-DD
//   GET  /api/v1/credit/profiles/{enterpriseId}            credit.file    the enterprise's credit file
//   GET  /api/v1/credit/publications                       credit.read    the region's publications
//   GET  /api/v1/credit/publication                        credit.read    ?year=&quarter=[&format=xlsx]
//   POST /api/v1/credit/publications                       credit.write   publish a quarter
//   GET  /api/v1/public/credit/publications[/{publicationId}]  public
//   GET  /api/v1/credit/export                             credit.export  ?kind=listings|anomalies|grades&since=&format=json|xlsx&limit=
#pragma once

#include "credit/anomaly_service.hpp"
#include "credit/grade_service.hpp"
#include "credit/listing_service.hpp"
#include "credit/publication_service.hpp"
#include "http/http.hpp"

namespace anxin::credit {

struct CreditServices {
    ListingService& listings;
    AnomalyService& anomalies;
    GradeService& grades;
    PublicationService& publications;
};

void RegisterRecordRoutes(http::Router& router, CreditServices services);

}  // namespace anxin::credit
