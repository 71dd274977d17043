#!/usr/bin/env bash
# Builds the attendance ingest benchmark with the release preset's flags (RelWithDebInfo, -O2; -O3 trips GCC 12 -Wrestrict false positives in core) in build/bench and runs it: prints the
# service's punches/second, the sqlite3 CLI's CSV import rows/second and their ratio.
# Sizes: ANXIN_BENCH_PROJECTS (200) × ANXIN_BENCH_WORKERS (500) × 2 punches per iteration.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing (apt-get install sqlite3)" >&2; exit 1; }
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANXIN_BUILD_BENCH=ON -DANXIN_BUILD_TESTS=ON >/dev/null
cmake --build build/bench --target anxin_attendance_bench
exec ./build/bench/server/bench/anxin_attendance_bench "$@"
