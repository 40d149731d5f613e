#!/usr/bin/env bash
# Install what the project needs on this machine, idempotently and quickly.
#   1. Debian packages (the list below plus docker-compose) - apt-get only when one is missing.
#   2. .venv with the pinned requirements - pip only when the lock files changed.
#   3. compiled translations (.mo) - compilemessages.
# A second run with everything in place takes well under 3 s.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
    postgresql redis-server
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
    poppler-utils chromium gettext
    docker-compose
)

log() { printf '[bootstrap] %s\n' "$*" >&2; }

# --- 1. Debian packages --------------------------------------------------------------------
missing=()
installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)"
for pkg in "${APT_PACKAGES[@]}"; do
    if ! grep -qx "$pkg installed" <<<"$installed"; then
        missing+=("$pkg")
    fi
done
if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    SUDO=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null || { log "not root and no sudo: install ${missing[*]} by hand"; exit 1; }
        SUDO=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# --- 2. Python virtual environment ---------------------------------------------------------
VENV="$ROOT/.venv"
if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    log "creating $VENV"
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV"; then
        # Debian's own python3 needs python3-venv for ensurepip.
        log "python3 -m venv failed; installing python3-venv"
        rm -rf "$VENV"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv </dev/null
        python3 -m venv "$VENV"
    fi
fi

STAMP="$VENV/.requirements.sha256"
want="$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [[ "$want" != "$have" ]]; then
    log "installing Python requirements (lock files changed)"
    # (The filter drops pip's notes about local index folders that some machines configure.)
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        -r requirements.txt -r requirements-dev.txt 2>&1 \
        | { grep -v "^WARNING: Location '.*' is ignored" || true; }
    echo "$want" >"$STAMP"
fi

# --- 3. Translations -----------------------------------------------------------------------
# Only when a .po file is newer than its .mo (or the .mo is missing): saves a Django start-up.
need_compile=0
while IFS= read -r -d '' po; do
    mo="${po%.po}.mo"
    if [[ ! -f "$mo" || "$po" -nt "$mo" ]]; then
        need_compile=1
        break
    fi
done < <(find . -path ./.venv -prune -o -path ./node_modules -prune -o -name '*.po' -path '*/LC_MESSAGES/*' -print0)
if ((need_compile)); then
    log "compiling translations"
    env -u DATABASE_URL -u REDIS_URL -u RIPSO_ENV \
        "$VENV/bin/python" manage.py compilemessages --ignore .venv -v 0
fi
