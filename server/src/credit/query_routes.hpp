// HTTP routes of the pre-contract query (credit.query).
#pragma once

#include "credit/query_service.hpp"
#include "http/http.hpp"

namespace anxin::credit {

void RegisterQueryRoutes(http::Router& router, QueryService& queries);

}  // namespace anxin::credit
