// HTTP routes of the listing procedure (credit.read / credit.write; the public list needs no login).
#pragma once

#include "credit/listing_service.hpp"
#include "http/http.hpp"

namespace anxin::credit {

void RegisterListingRoutes(http::Router& router, ListingService& listings);

}  // namespace anxin::credit
