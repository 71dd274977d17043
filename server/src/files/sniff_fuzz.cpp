// Fuzz target: what an uploaded attachment is, decided by its bytes and its name's extension
// (files::SniffContentType) — JPEG, PNG, WebP, PDF, Word and Excel (zip containers opened to look
// inside). Any outcome but a type, nullopt or an anxin::Error is a bug; a type it names must be one
// of the accepted ones.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "files/files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (const char* name : {"a.jpg", "a.png", "a.webp", "a.pdf", "a.docx", "a.xlsx", "a.exe"}) {
        try {
            if (auto type = anxin::files::SniffContentType(bytes, name)) {
                if (type->empty() || std::string_view(name) == "a.exe") __builtin_trap();
            }
        } catch (const anxin::Error&) {
        }
    }
    return 0;
}
