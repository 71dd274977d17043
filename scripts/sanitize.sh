#!/usr/bin/env bash
# The whole C++ suite under AddressSanitizer + UndefinedBehaviorSanitizer (CMake preset `asan`:
# -O1, every module, test and fuzz-corpus replay), on the SQLite backend; PostgreSQL runs in the
# normal build of `make test`. Any report fails the run: ASan aborts on the first error, UBSan halts
# (-fno-sanitize-recover), leaks are reported at exit.   make test-sanitize
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
started=$(date +%s)
[[ -f build/asan/build.ninja ]] || cmake --preset asan >/dev/null
cmake --build build/asan -j"$(nproc)"
built=$(date +%s)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unset ANXIN_TEST_POSTGRES  # SQLite only: PostgreSQL runs in the normal build
ctest --test-dir build/asan --output-on-failure -j"$(nproc)"
echo "sanitizers: build $((built - started)) s, tests $(($(date +%s) - built)) s, 0 reports"
