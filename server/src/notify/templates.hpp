// The message templates: one table (templates.cpp) of Chinese texts with {param} placeholders, each
// meant for one audience. Rule: a template references only values its recipient may see — tracking
// codes, case numbers, project and enterprise names, dates, levels — never a complainant's ID
// number, phone or bank card, and never a worker's personal data. RenderTemplate enforces the part
// that can be checked mechanically: a substituted value that looks like an ID number (17 digits + a
// digit or X) or a mainland mobile number (11 digits starting with 1) is refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace anxin::notify {

enum class Audience {
    kComplainant,  // the worker who complained (SMS)
    kHandler,      // the case handler (internal)
    kOfficial,     // the county's principal officials (red cards)
    kEnterprise,   // the enterprise's labor-affairs officer and the 五员 of a project
};

struct Template {
    std::string_view key;
    Audience audience;
    std::string_view text;
};

// Every template, in table order.
const std::vector<Template>& Templates();
// Throws std::logic_error for an unknown key.
const Template& FindTemplate(std::string_view key);
// The placeholder names of a template text, in order of first appearance.
std::vector<std::string> Placeholders(std::string_view text);

struct Rendered {
    std::string body;
    boost::json::object used_params;  // only the parameters the template references
};
// Substitutes {name} with params[name] (strings as they are, numbers formatted). Throws
// std::logic_error on an unknown key, a missing parameter, a value that is neither string nor
// number, or a value that looks like personal data (see above).
Rendered RenderTemplate(std::string_view key, const boost::json::object& params);

}  // namespace anxin::notify
