// Fuzz target: the tabular reader every import and bank file goes through — CSV in UTF-8 or GBK
// (sniffed), and XLSX (a ZIP of XML). Any outcome but a table or an anxin::Error is a bug.
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/tabular.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        auto table = anxin::core::ReadTable(std::string_view(reinterpret_cast<const char*>(data), size));
        (void)table;
    } catch (const anxin::Error&) {
    }
    return 0;
}
