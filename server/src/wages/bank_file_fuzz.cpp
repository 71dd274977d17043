// Fuzz target: what banks upload — the account feed as CSV (ReadFeedCsv) and a direct-pay return
// file (the standard adapter's ParseReturn). Any outcome but rows or an anxin::Error is a bug.
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "wages/bank_adapter.hpp"
#include "wages/bank_feed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        (void)anxin::wages::ReadFeedCsv(bytes);
    } catch (const anxin::Error&) {
    }
    try {
        (void)anxin::wages::StandardBankFileAdapter().ParseReturn(bytes);
    } catch (const anxin::Error&) {
    }
    return 0;
}
