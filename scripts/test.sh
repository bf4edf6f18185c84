#!/usr/bin/env bash
# Lint, then the whole suite on SQLite, then the database tests again on PostgreSQL.
# Under CI=true a missing PostgreSQL (or chromium) is a failure; elsewhere those tests skip with a message.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${SERVICEDOJO_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
export PYTHONDONTWRITEBYTECODE=1

run_pytest() {
  # pytest exits 5 when it collected no tests: that is a broken suite, not a pass.
  "$BIN/pytest" "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then
    echo "ERROR: pytest collected no tests for: $*" >&2
    return 1
  fi
  return $rc
}

echo "== lint =="
"$BIN/ruff" check platform tests bench || exit 1
"$BIN/ruff" format --check platform tests bench || exit 1

echo "== content check =="
"$BIN/servicedojo" content check || exit 1

echo "== test suite on SQLite =="
run_pytest -q -n 2 --dist loadfile tests || exit 1

echo "== database tests on PostgreSQL ($PG_URL) =="
if "$BIN/python" - "$PG_URL" <<'PY'
import sys
from sqlalchemy import create_engine, text
try:
    with create_engine(sys.argv[1]).connect() as connection:
        connection.execute(text("SELECT 1"))
except Exception as error:
    print(f"PostgreSQL not reachable: {str(error).splitlines()[0]}")
    sys.exit(1)
PY
then
  SERVICEDOJO_TEST_DATABASE_URL="$PG_URL" run_pytest -q tests/integration || exit 1
elif [ "${CI:-}" = "true" ]; then
  echo "ERROR: CI requires the PostgreSQL run, and PostgreSQL is not reachable at $PG_URL" >&2
  exit 1
else
  echo "SKIPPED: the PostgreSQL run (no server at $PG_URL). Set SERVICEDOJO_TEST_DATABASE_URL to use another."
fi
echo "== all tests passed =="
