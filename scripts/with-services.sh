#!/usr/bin/env bash
# Run a command with the local PostgreSQL and Redis up and the test environment set; stop
# afterwards whatever this run started. Exits with the command's exit code.
#
#   scripts/with-services.sh .venv/bin/python -m pytest
#
# Environment given to the command:
#   DATABASE_URL=postgres://ripso:ripso@127.0.0.1:5432/ripso  (pytest-django uses test_ripso)
#   REDIS_URL_FOR_TESTS=redis://127.0.0.1:6379/15  (integration tests start their own worker)
#   REDIS_URL unset  -> Celery runs tasks eagerly in the test process
#   DJANGO_ALLOW_ASYNC_UNSAFE=true  (Playwright's sync API runs an event loop)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

(($#)) || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

# A state file of our own, so that services someone started before us are left running.
mkdir -p var
export RIPSO_SERVICES_STATE="$ROOT/var/services.started.$$"
cleanup() { bash "$ROOT/scripts/services.sh" stop || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$ROOT/scripts/services.sh" start

unset REDIS_URL RIPSO_ENV
export DATABASE_URL="postgres://ripso:ripso@127.0.0.1:5432/ripso"
export REDIS_URL_FOR_TESTS="redis://127.0.0.1:6379/15"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export VIRTUAL_ENV="$ROOT/.venv"
export PATH="$ROOT/.venv/bin:$PATH"

set +e
"$@"
rc=$?
set -e
exit "$rc"
