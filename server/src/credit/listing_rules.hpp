// The listing procedure's dates (credit.hpp), as pure functions of the calendar and the parameters.
#pragma once

#include <cstdint>

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace anxin::credit {

// The region's parameters (region/parameters.cpp, [U] in DOMAIN.md §9).
struct ListingTerms {
    int statement_working_days = 5;
    int decision_working_days = 20;
    int listing_years = 3;
    int repair_min_months = 6;
    int repair_review_working_days = 15;
    std::int64_t crime_threshold_fen = 3'000'000;
};

// `date` plus whole months, the day clamped to the month's end (a listing decided on 29 February
// ends on 28 February three years later).
core::Date AddMonths(core::Date date, int months);

// BL 5: an order to pay missed, and arrears at or above the threshold or a mass/extreme incident.
bool ListingConditionsHold(bool order_missed, std::int64_t arrears_fen, bool mass_incident, const ListingTerms& terms);

core::Date StatementDue(const core::WorkingCalendar& calendar, core::Date notified_on, const ListingTerms& terms);
core::Date DecisionDue(const core::WorkingCalendar& calendar, core::Date statement_due, const ListingTerms& terms);
core::Date ListingExpires(core::Date decided_on, const ListingTerms& terms);
// The first day early removal may be applied for.
core::Date RepairPossibleFrom(core::Date arrears_paid_on, const ListingTerms& terms);
core::Date RepairReviewDue(const core::WorkingCalendar& calendar, core::Date applied_on, const ListingTerms& terms);

}  // namespace anxin::credit
