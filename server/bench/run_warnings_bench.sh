#!/usr/bin/env bash
# Builds the warnings benchmark with the release preset's flags in build/bench and runs it on SQLite
# (a file in /tmp) and then on a throw-away PostgreSQL 15 (scripts/with-postgres.sh), each printing
# full evaluation ÷ scan baseline measured in the same process, and the incremental time of one
# project's new day of attendance. Sizes: ANXIN_BENCH_PROJECTS (1000) × ANXIN_BENCH_WORKERS_PER_PROJECT (100).
# BUILD_DIR overrides the build directory; ONLY=sqlite|postgres runs one backend.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build/bench}
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANXIN_BUILD_BENCH=ON -DANXIN_BUILD_TESTS=ON >/dev/null
fi
cmake --build "$build" --target anxin_warnings_bench
bench=$build/server/bench/anxin_warnings_bench
if [[ ${ONLY:-} != postgres ]]; then
  echo "==> SQLite"
  env -u ANXIN_BENCH_POSTGRES "$bench" "$@"
fi
if [[ ${ONLY:-} != sqlite ]]; then
  echo "==> PostgreSQL"
  bash scripts/with-postgres.sh bash -c 'ANXIN_BENCH_POSTGRES=$ANXIN_TEST_POSTGRES exec "$0" "$@"' "$bench" "$@"
fi
