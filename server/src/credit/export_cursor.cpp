#include "credit/export_cursor.hpp"

#include "core/error.hpp"

namespace anxin::credit {

ExportCursor ExportCursor::Parse(const std::string& text) {
    ExportCursor c;
    if (text.empty()) return c;
    const auto dot = text.find('.');
    const bool digits = dot != std::string::npos && dot > 0 && dot <= 15 && text.find_first_not_of("0123456789") == dot;
    if (!digits || dot + 1 >= text.size() || text.size() > 80) ThrowInvalidField("since", "不是本接口返回的游标（nextCursor）");
    c.after_ms = std::stoll(text.substr(0, dot));
    c.after_id = text.substr(dot + 1);
    return c;
}

}  // namespace anxin::credit
