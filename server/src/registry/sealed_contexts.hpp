// Field-cipher contexts of the registry's sealed columns: a value sealed for one column does not open in
// another. Internal to registry — other modules get decrypted values only through published.hpp, so
// each key context has one owner (scripts/check_module_reads.py refuses registry::k…Context elsewhere).
#pragma once

#include <string_view>

namespace anxin::registry {

inline constexpr std::string_view kIdNumberContext = "registry_worker.id_number";
inline constexpr std::string_view kPhoneContext = "registry_worker.phone";
inline constexpr std::string_view kBankCardContext = "registry_worker.bank_card";
inline constexpr std::string_view kEnterprisePhoneContext = "registry_enterprise.contact_phone";
inline constexpr std::string_view kStaffPhoneContext = "registry_project_staff.phone";

}  // namespace anxin::registry
