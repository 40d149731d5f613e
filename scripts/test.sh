#!/usr/bin/env bash
# The test run behind `make test` (called through scripts/with-services.sh, which sets the
# environment). Arguments go to pytest. Exits with pytest's exit code; "no tests collected"
# (pytest's 5) is a failure too.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"

echo "[test] DATABASE_URL=$DATABASE_URL REDIS_URL_FOR_TESTS=$REDIS_URL_FOR_TESTS" \
     "REDIS_URL=${REDIS_URL:-<unset: eager Celery>}"

"$PY" manage.py compilemessages --ignore .venv -v 0 || exit $?

# Lint and format checks run as tests too (tests/test_project.py); run here they give
# readable output at the top of the log. They do not change the exit code: pytest's does.
echo "[test] ruff check ."
"$PY" -m ruff check --output-format concise . || echo "[test] ruff check found problems (tests/test_project.py fails)"
echo "[test] ruff format --check ."
"$PY" -m ruff format --check --output-format concise . || echo "[test] ruff format found files to reformat (run: make format)"

echo "[test] python -m pytest $*"
"$PY" -m pytest "$@"
rc=$?
if [[ $rc -eq 5 ]]; then
    echo "[test] pytest collected no tests: treated as a failure" >&2
fi
exit "$rc"
