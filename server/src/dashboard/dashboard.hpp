// The home dashboard of a supervisor's region (首页驾驶舱): KPIs, per child region figures for the map,
// and 12-month trends, composed from the owning modules' *_stats reads (registry, wages, clues, cases,
// warnings) — this module has no tables. Route: GET /api/v1/dashboard?region=CODE (dashboard.read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "http/http.hpp"
#include "region/region.hpp"
#include "storage/database.hpp"

namespace anxin::dashboard {

inline constexpr int kTrendMonths = 12;

struct RegionRef {
    std::string code;
    std::string name;
    int level = 0;  // 1 province … 4 town
};

// Figures of one child region (or of the records registered at the region itself: `unplaced`).
struct ChildFigures {
    RegionRef region;
    std::int64_t open_cases = 0;
    std::int64_t open_red_warnings = 0;
    std::int64_t active_warnings = 0;
    std::int64_t projects_in_construction = 0;
    std::int64_t open_clues = 0;
};

struct Counts3 {
    std::int64_t red = 0, yellow = 0, blue = 0, none = 0;
    std::int64_t total() const { return red + yellow + blue + none; }
};

struct Dashboard {
    RegionRef region;
    std::optional<RegionRef> parent;  // only when still inside the caller's scope
    std::string industry;             // industry officers: their industry; "" otherwise
    core::Date as_of;

    std::int64_t projects_in_construction = 0;
    std::int64_t workers_on_site_today = 0;
    std::int64_t wages_paid_this_month = 0;  // fen
    // Labor-cost allocation rate of the last complete month: projects under construction (started by
    // then) with an allocation for that period ÷ those projects.
    std::string allocation_period;
    std::int64_t allocation_due = 0;
    std::int64_t allocation_done = 0;

    Counts3 open_clues_by_grade;   // key-clue grade; none = ordinary clues
    Counts3 open_cases_by_card;    // blue unused
    std::int64_t cases_closed = 0, cases_closed_on_time = 0, cases_overdue_open = 0;
    Counts3 active_warnings_by_level;  // none unused
    std::int64_t warnings_cleared = 0, warnings_cleared_on_time = 0, warnings_overdue_active = 0;

    std::vector<ChildFigures> children;  // every child division, in code order (zeros included)
    ChildFigures unplaced;               // records of this region not placed in any child

    std::vector<std::string> months;  // "YYYY-MM", oldest first, the current month last
    std::vector<std::int64_t> wages_paid, new_clues, closed_cases, warnings_raised, warnings_cleared_series,
        allocation_due_series, allocation_done_series;
};

// Thread-safe: holds references only (database, clock and region service outlive it).
class DashboardService {
  public:
    DashboardService(storage::Database& db, const core::Clock& clock, const region::RegionService& regions)
        : db_(db), clock_(clock), regions_(regions) {}

    // The dashboard of `region_code` (default: the caller's region). Supervisors see their region
    // subtree; industry officers theirs, limited to their industry. A region that does not exist or lies
    // outside the caller's scope → Error(kNotFound); other roles → Error(kForbidden).
    Dashboard Get(const core::CallContext& ctx, std::optional<std::string_view> region_code) const;

  private:
    storage::Database& db_;
    const core::Clock& clock_;
    const region::RegionService& regions_;
};

// GET /api/v1/dashboard?region=CODE — dashboard.read. The routes own their service (it is stateless).
void RegisterDashboardRoutes(http::Router& router, storage::Database& db, const core::Clock& clock,
                             const region::RegionService& regions);

}  // namespace anxin::dashboard
