#!/usr/bin/env bash
# A fuzzing campaign on one target with libFuzzer (Debian's clang), AddressSanitizer and
# UndefinedBehaviorSanitizer:   scripts/fuzz.sh TARGET [SECONDS]     e.g. scripts/fuzz.sh tabular_fuzz 600
# Targets are server/src/<module>/<name>_fuzz.cpp. Inputs that grow coverage go to a scratch corpus
# (build/fuzz/corpus/TARGET); a crash is written as build/fuzz/crash-*: minimise it, fix the code,
# and add it to server/fuzz/corpus/TARGET so `make test` replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-600}
# clang 16: clang 14 cannot capture structured bindings in lambdas, which the modules do.
command -v clang++-16 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang-16 libclang-rt-16-dev
bash scripts/install-deps.sh
[[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null
cmake --build build/fuzz --target "$target"
scratch=build/fuzz/corpus/$target
mkdir -p "$scratch"
# The dictionary of the target's input kind (server/fuzz/dicts.py writes them).
case $target in
  request_fuzz) dict=http ;;
  tabular_fuzz | bank_file_fuzz | sniff_fuzz) dict=tabular ;;
  *) dict=json ;;
esac
cd build/fuzz
# -rss_limit_mb: XLSX and JSON inputs may ask for much; stay inside the machine.
"./server/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -dict="../../server/fuzz/dict/$dict.dict" "corpus/$target" "../../server/fuzz/corpus/$target"
