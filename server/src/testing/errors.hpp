// The anxin::Error a call throws, for tests that check the code, message and fields of a refusal.
// A call that throws none fails the test (and yields an internal error to keep going).
#pragma once

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace anxin::testing {

template <class F>
Error ErrorOf(F&& call) {
    try {
        call();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no anxin::Error thrown";
    return Error(ErrorCode::kInternal, "none");
}

}  // namespace anxin::testing
