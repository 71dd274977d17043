// Input rules of the registry's enterprise/project half (namespace ep), shared by EnterpriseService,
// ProjectService and the permit feed (all in this module). Not for other modules: they call the services in
// enterprises.hpp / projects.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/validation.hpp"
#include "registry/enterprises.hpp"
#include "registry/sealed_contexts.hpp"

namespace anxin::registry::ep {

inline constexpr std::size_t kNameMaxChars = 200;
inline constexpr std::size_t kTextMaxChars = 500;
inline constexpr std::size_t kPhoneMaxChars = 20;

std::string_view Trim(std::string_view text);

// Trimmed text; records `field` → "必填" when empty and required, or a length/UTF-8 error.
std::string CheckText(std::string_view text, std::string_view field, std::size_t max_chars, bool required,
                      core::FieldErrors& errors);

// A contact phone: an 11-digit mobile number (1xxxxxxxxxx) or a landline of digits and dashes
// ("0531-86123456", 7–20 characters). Returns the trimmed number, nullopt for "" (none), and records
// an error on `field` for anything else.
std::optional<std::string> CheckPhoneNumber(std::string_view phone, std::string_view field, core::FieldErrors& errors);

// Normalised credit code; records a "creditCode"-style error on `field` when it is not well formed
// (length / charset). `valid` receives whether the check character matches (a warning only).
std::string CheckCreditCodeField(std::string_view text, std::string_view field, bool& valid, core::FieldErrors& errors);

// The enterprise with this credit code, created when absent (for the permit feed: name from the
// feed, region of the project, kind from the role). Runs in the caller's transaction and audits a
// creation. `created` tells which happened. Throws kInvalidArgument on `field_prefix` + "creditCode" /
// "name" when the input is unusable.
Enterprise FindOrCreateEnterprise(storage::Transaction& tx, const core::Clock& clock, const core::CallContext& ctx,
                                  std::string_view credit_code, std::string_view name, std::string_view kind,
                                  std::string_view region_code, const std::string& field_prefix, bool& created);

}  // namespace anxin::registry::ep
