// AttendanceService is declared in workers.hpp (other modules use it from there). This header holds
// the punch input rules shared by the service and its routes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace anxin::registry {

inline constexpr std::size_t kDeviceIdMaxChars = 64;
inline constexpr std::size_t kPunchIdMaxChars = 64;
inline constexpr std::size_t kChannelMaxChars = 32;

// "in" / "out", also the standard's "01" / "02"; nullopt for anything else.
std::optional<std::string_view> NormalizeDirection(std::string_view direction);

}  // namespace anxin::registry
