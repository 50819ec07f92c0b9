#!/usr/bin/env bash
# Installs the native half of Jep with pip, at the version pinned in the root pom (<jep.version>), for the
# Python the jep backend will use ($CLOACINA_PYTHON, else python3) -- unless that exact version is already
# there. Jep compiles against the JDK in JAVA_HOME, so this finds one first. Idempotent; prints one line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bin/lib/jdk.sh"

PY="${CLOACINA_PYTHON:-python3}"
WANT="$(sed -n 's:.*<jep.version>\(.*\)</jep.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
if [ -z "$WANT" ]; then
    echo "cloacina: no <jep.version> in $ROOT/pom.xml" >&2
    exit 1
fi
installed() {
    "$PY" -c "import importlib.metadata as m; print(m.version('jep'))" 2>/dev/null || true
}
HAVE="$(installed)"
if [ "$HAVE" = "$WANT" ]; then
    echo "cloacina: jep $WANT is installed for $PY"
    exit 0
fi

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
if ! "$PY" -m pip --version >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$PY" = python3 ]; then
    # Debian's python3 comes without pip; Jep also needs the headers and a compiler to build.
    (apt-get update -qq && apt-get install -y -qq python3-pip python3-dev gcc) >"$LOG" 2>&1 \
        || { cat "$LOG" >&2; echo "cloacina: could not install pip for python3 with apt-get" >&2; exit 1; }
fi
PIP=("$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore)
if "$PY" -c "import sys, sysconfig, os; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')) and sys.prefix == sys.base_prefix else 1)" 2>/dev/null; then
    # A distribution's Python (PEP 668) refuses pip installs outside a virtualenv; pip then installs into
    # /usr/local, leaving the distribution's own packages alone.
    PIP+=(--break-system-packages)
fi
# --no-build-isolation: build with this Python's setuptools instead of fetching a build environment.
if ! "$PY" -c "import setuptools, wheel" >/dev/null 2>&1; then
    "${PIP[@]}" setuptools wheel >"$LOG" 2>&1 || { cat "$LOG" >&2; echo "cloacina: could not install setuptools/wheel for $PY" >&2; exit 1; }
fi
if ! "${PIP[@]}" --no-build-isolation "jep==$WANT" >"$LOG" 2>&1; then
    cat "$LOG" >&2
    echo "cloacina: 'pip install jep==$WANT' failed for $PY (JAVA_HOME=$JAVA_HOME); the jep backend will be unavailable" >&2
    exit 1
fi
HAVE="$(installed)"
if [ "$HAVE" != "$WANT" ]; then
    echo "cloacina: installed jep $WANT for $PY but it reports '${HAVE:-nothing}'" >&2
    exit 1
fi
echo "cloacina: installed jep $WANT for $PY (built against $JAVA_HOME)"
