// Input rules for workers, shared by WorkerService, ContractService and AttendanceService (workers.hpp).
// Not for other modules: they call the services.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/principal.hpp"
#include "core/validation.hpp"

namespace anxin::registry {

inline constexpr std::size_t kWorkerNameMinChars = 2;
inline constexpr std::size_t kWorkerNameMaxChars = 30;
inline constexpr std::size_t kBankNameMaxChars = 60;
inline constexpr std::size_t kPhotoRefMaxChars = 300;

// Trimmed name; records a "name" error unless 2–30 characters of UTF-8.
std::string CheckWorkerName(std::string_view name, core::FieldErrors& errors);
// An 11-digit mainland mobile number (1[3-9]xxxxxxxxx); records a "phone" error otherwise.
std::string CheckMobile(std::string_view phone, core::FieldErrors& errors);
// 12–19 digits (spaces removed); records a "bankCard" error otherwise.
std::string CheckBankCard(std::string_view card, core::FieldErrors& errors);
// Records a "workType" error unless the code is in kWorkTypes.
void CheckWorkType(std::string_view code, core::FieldErrors& errors);
// Trim, upper-case the check character: the form blind indexes are computed over.
std::string NormalizeIdNumber(std::string_view text);

// True when the caller may write for (or read personal data of) any project: the system principal.
inline bool IsSystemPrincipal(const core::Principal& principal) { return principal.role == "system"; }

}  // namespace anxin::registry
