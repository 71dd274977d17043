// Department input rules of the region module, shared by RegionService (region.hpp) and the routes
// that read request bodies. Not for other modules: they call RegionService.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/validation.hpp"

namespace anxin::region {

inline constexpr std::size_t kDepartmentNameMaxChars = 100;
inline constexpr std::size_t kPhoneMaxChars = 30;

// Returns the name without surrounding whitespace; records a "name" error when it is then empty,
// longer than kDepartmentNameMaxChars characters, or not UTF-8.
std::string CheckDepartmentName(std::string_view name, core::FieldErrors& errors);
// An office hotline: digits, spaces and "+-()" with at least 3 digits ("12345", "0531-86123456").
// Returns nullopt for "" (no hotline) and records a "phone" error for anything else malformed.
std::optional<std::string> CheckPhone(std::string_view phone, core::FieldErrors& errors);
// Records a "kind" error unless kind is one of kDepartmentKinds.
void CheckDepartmentKind(std::string_view kind, core::FieldErrors& errors);

}  // namespace anxin::region
