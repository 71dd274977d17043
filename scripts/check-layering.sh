#!/usr/bin/env bash
# Enforces the storage seam: sqlite3.h and libpq-fe.h are included only under server/src/storage/,
# and Beast/Asio only under server/src/http/ (modules stay plain synchronous C++); and one owner per
# table (scripts/check_module_reads.py, with its own tests run first); every audited action and entity
# has a Chinese label in the console (scripts/check_labels.py).
set -euo pipefail
cd "$(dirname "$0")/../server/src"
fail=0
if grep -rlE '#include\s*[<"](sqlite3|libpq-fe)\.h' --include='*.[ch]pp' . | grep -v '^./storage/'; then
  echo "error: database client headers included outside storage/ (above)" >&2; fail=1
fi
if grep -rlE '#include\s*<boost/(beast|asio)' --include='*.[ch]pp' . | grep -vE '^./(http|testing)/'; then
  echo "error: Beast/Asio included outside http/ (above)" >&2; fail=1
fi
python3 ../../scripts/check_module_reads_test.py >/dev/null 2>&1 ||
  { python3 ../../scripts/check_module_reads_test.py; echo "error: the module-reads checker's tests fail" >&2; fail=1; }
python3 ../../scripts/check_module_reads.py || fail=1
# Every audited action and entity has its Chinese label in the console.
python3 ../../scripts/check_labels.py >/dev/null || { python3 ../../scripts/check_labels.py; fail=1; }
exit $fail
