// JSON values of optional fields, as every response writes them: the value, or null when absent.
#pragma once

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "core/time.hpp"

namespace anxin::core {

inline boost::json::value DateOrNull(const std::optional<Date>& d) {
    return d ? boost::json::value(d->ToString()) : boost::json::value(nullptr);
}
inline boost::json::value TextOrNull(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

}  // namespace anxin::core
