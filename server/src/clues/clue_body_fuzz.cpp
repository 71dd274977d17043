// Fuzz target: complaint bodies from every entrance — the staff form, the feeds of the national
// clue platform and 12345, and the public H5 page (with its proof of work) — through the clues
// module's readers. Any outcome but an input or an anxin::Error is a bug.
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "clues/clue_json.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    boost::system::error_code ec;
    auto body = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec) return 0;
    using anxin::clues::IntakeForm;
    for (IntakeForm form : {IntakeForm::kStaff, IntakeForm::kFeed, IntakeForm::kPublic}) {
        try {
            (void)anxin::clues::ReadClueInput(body, form);
        } catch (const anxin::Error&) {
        }
    }
    try {
        (void)anxin::clues::ReadPublicSubmission(body);
    } catch (const anxin::Error&) {
    }
    return 0;
}
