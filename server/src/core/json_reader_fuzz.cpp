// Fuzz target: request bodies as every route reads them — boost::json parsing, then core::JsonReader
// asking for each kind of field (text, multi-line text, integers, money, dates, enums, nested arrays
// of objects) and Finish() with its unknown-field check. Any outcome but an anxin::Error is a bug.
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec) return 0;
    try {
        anxin::core::JsonReader reader(body);
        reader.RequiredString("name");
        reader.OptionalText("description", 4000);
        reader.OptionalInt("count", -1000, 1000);
        reader.OptionalFen("amount", 1);
        reader.OptionalFen("delta", -anxin::core::kMaxAmountFen);
        reader.OptionalDate("on");
        reader.OptionalEnum("kind", {"a", "b"});
        reader.OptionalBool("flag", false);
        if (const auto* items = reader.OptionalArray("items")) {
            for (std::size_t i = 0; i < items->size() && i < 64; ++i) {
                auto item = reader.Nested((*items)[i], "items[" + std::to_string(i) + "]");
                item.RequiredString("workerId", 40);
                item.OptionalFen("amount");
            }
        }
        reader.Finish();
    } catch (const anxin::Error&) {
    }
    return 0;
}
