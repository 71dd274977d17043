// Per-region parameters: every number (and hotline) a province may set differently — deadlines,
// ratios, thresholds, the minimum wage — with a default from the catalog in parameters.cpp
// (DOMAIN.md marks them [U]). A value set for a region applies to every region below it unless set
// again there: a town reads its own value, else its county's, city's, province's, the platform's
// ("" region), else the catalog default. Stored in region_parameter (migration 0004).
//
// Other modules read parameters through ParameterService::GetInt / GetText, inside their own
// transaction when they have one. Unknown keys are programming errors there (std::logic_error).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::region {

// How a value is read and checked. Everything but kText and kPhone is an integer.
enum class ParameterType {
    kInteger,
    kDays,         // calendar days
    kWorkingDays,  // working days (core/calendar)
    kFen,          // money in fen
    kBasisPoints,  // 1/100 of a percent: 10000 = 100%
    kText,         // min/max bound the length in characters
    kPhone,        // a hotline: digits, spaces and "+-()"; min/max bound the length
};
std::string_view ParameterTypeName(ParameterType type);  // "integer", "days", "working_days", ...
bool IsIntegerType(ParameterType type);

struct ParameterSpec {
    std::string_view key;    // dotted: "attendance.counted_day_minutes"
    std::string_view label;  // Chinese, for the console
    std::string_view group;  // 实名制, 专户与拨付, 保证金, 线索与案件, 预警, 告示牌, 信用
    ParameterType type;
    std::int64_t min;  // inclusive; for text types the length in characters
    std::int64_t max;
    std::string_view default_value;  // as stored: decimal for integer types
    std::string_view note;           // source or unit, shown under the field ("" when none)
};

// The catalog, in the order the console lists it.
std::span<const ParameterSpec> ParameterCatalog();
// nullptr for an unknown key.
const ParameterSpec* FindParameterSpec(std::string_view key);

// Where an effective value comes from: "default", or the region code ("" = the platform).
struct ParameterEntry {
    const ParameterSpec* spec = nullptr;
    std::string value;                          // effective value, as stored
    std::optional<std::string> source;          // region code that set it; nullopt = catalog default
    bool overridden_here = false;               // set on exactly the region asked about
    std::optional<core::Timestamp> updated_at;  // of the effective override
    std::optional<std::string> updated_by;
};

// The region codes a value may be inherited from, nearest first, ending with "" (the platform):
// "370102001" → {"370102001", "370102", "3701", "37", ""}.
std::vector<std::string> RegionLineage(std::string_view region_code);

// Thread-safe: holds only references to the database and clock, which must outlive it. Reads go to
// the database every time (no cache).
class ParameterService {
  public:
    ParameterService(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

    // The effective value for the region. Throws std::logic_error for an unknown key or the wrong
    // type (GetInt of a text parameter and the reverse).
    std::int64_t GetInt(storage::Transaction& tx, std::string_view region_code, std::string_view key) const;
    std::string GetText(storage::Transaction& tx, std::string_view region_code, std::string_view key) const;
    std::int64_t GetInt(std::string_view region_code, std::string_view key) const;
    std::string GetText(std::string_view region_code, std::string_view key) const;

    // Every catalog parameter with its effective value for the region ("" = the platform).
    // Error(kInvalidArgument) on "regionCode" when the region does not exist.
    std::vector<ParameterEntry> List(std::string_view region_code) const;
    // One parameter; Error(kInvalidArgument) on "key" when unknown.
    ParameterEntry Get(std::string_view region_code, std::string_view key) const;

    // Sets the override for the region ("" = platform-wide). `value` is the stored text (decimal
    // for integer types). Errors: kInvalidArgument on "key" (unknown), "value" (type or range),
    // "regionCode" (no such region); kForbidden outside the caller's region scope. Audited.
    // Returns the new effective entry.
    ParameterEntry Set(const core::CallContext& ctx, std::string_view region_code, std::string_view key,
                       std::string_view value);
    // Deletes the override for the region (the value is inherited again). Audited when something
    // was deleted; no error when there was no override. Returns the new effective entry.
    ParameterEntry Reset(const core::CallContext& ctx, std::string_view region_code, std::string_view key);

    // Checks a value against its spec; returns the normalised text to store, or throws
    // Error(kInvalidArgument) on "value" naming the parameter and the allowed range.
    static std::string Validate(const ParameterSpec& spec, std::string_view value);

  private:
    storage::Database& db_;
    const core::Clock& clock_;
};

}  // namespace anxin::region
