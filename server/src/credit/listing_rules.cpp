#include "credit/listing_rules.hpp"

#include <algorithm>
#include <chrono>

namespace anxin::credit {

core::Date AddMonths(core::Date date, int months) {
    const int total = date.year() * 12 + static_cast<int>(date.month()) - 1 + months;
    const int year = total / 12;
    const unsigned month = static_cast<unsigned>(total % 12 + 1);
    const auto last = std::chrono::year_month_day_last(std::chrono::year(year), std::chrono::month_day_last(std::chrono::month(month)));
    const unsigned day = std::min(date.day(), static_cast<unsigned>(last.day()));
    return core::Date(year, month, day);
}

bool ListingConditionsHold(bool order_missed, std::int64_t arrears_fen, bool mass_incident, const ListingTerms& terms) {
    return order_missed && (arrears_fen >= terms.crime_threshold_fen || mass_incident);
}

core::Date StatementDue(const core::WorkingCalendar& calendar, core::Date notified_on, const ListingTerms& terms) {
    return calendar.AddWorkingDays(notified_on, terms.statement_working_days);
}

core::Date DecisionDue(const core::WorkingCalendar& calendar, core::Date statement_due, const ListingTerms& terms) {
    return calendar.AddWorkingDays(statement_due, terms.decision_working_days);
}

core::Date ListingExpires(core::Date decided_on, const ListingTerms& terms) {
    return AddMonths(decided_on, 12 * terms.listing_years);
}

core::Date RepairPossibleFrom(core::Date arrears_paid_on, const ListingTerms& terms) {
    return AddMonths(arrears_paid_on, terms.repair_min_months);
}

core::Date RepairReviewDue(const core::WorkingCalendar& calendar, core::Date applied_on, const ListingTerms& terms) {
    return calendar.AddWorkingDays(applied_on, terms.repair_review_working_days);
}

}  // namespace anxin::credit
