// The credit-sharing export's cursor: "<updated_at ms>.<id>" of the last item returned, opaque to
// clients. Items are ordered by (updated_at, id), so the same cursor always gives the same answer.
#pragma once

#include <cstdint>
#include <string>

namespace anxin::credit {

struct ExportCursor {
    std::int64_t after_ms = -1;  // -1: from the start
    std::string after_id;

    // kInvalidArgument naming "since" when the text is not a cursor this API returned.
    static ExportCursor Parse(const std::string& text);
    std::string ToString() const { return std::to_string(after_ms) + "." + after_id; }
};

}  // namespace anxin::credit
