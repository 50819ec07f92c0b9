#!/usr/bin/env bash
# Cold-start probe for bin/bench: wall time of a whole `bin/cloacina run` process (the launcher script, JVM start,
# backend start, package import, one trivial task, shutdown), per backend, median of $CLOACINA_BENCH_COLD_RUNS
# (default 7) runs; and, for scale, the median start of a bare `python3 -c pass`. Writes $1/coldstart.json.
# It runs the launcher itself, so it measures what a user gets: the same JVM flags and class-data archive
# (bin/lib/class-archive.sh; the first run after a build records the archive, and is not timed).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bin/lib/jdk.sh"
OUT="$1/coldstart.json"
RUNS="${CLOACINA_BENCH_COLD_RUNS:-7}"
PY="${CLOACINA_PYTHON:-python3}"
CLI="$ROOT/bin/cloacina"

PKG="$(mktemp -d)"
trap 'rm -rf "$PKG"' EXIT
mkdir -p "$PKG/workflow/cold"
cat > "$PKG/manifest.json" <<'JSON'
{"format_version": "2", "language": "python", "package": {"name": "cold", "version": "1.0.0"},
 "python": {"entry_module": "cold.tasks", "requires_python": ">=3.10"}}
JSON
: > "$PKG/workflow/cold/__init__.py"
cat > "$PKG/workflow/cold/tasks.py" <<'PY'
from cloaca import task


@task(id="incr")
def incr(context):
    context["n"] = context["n"] + 1
    return context
PY

# Prints the median wall time in milliseconds of running "$@" $RUNS times; fails if any run fails.
median_ms() {
    local times=() start end i
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s%N)
        if ! "$@" >/dev/null 2>"$PKG/stderr"; then
            echo "cloacina: cold start run failed: $*" >&2
            tail -5 "$PKG/stderr" >&2
            return 1
        fi
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

entries=()
entry() { # benchmark, params-json, milliseconds
    entries+=("{\"benchmark\":\"io.cloacina.bench.probe.ColdStart.$1\",\"mode\":\"probe\",\"params\":$2,\"primaryMetric\":{\"score\":$3,\"scoreUnit\":\"ms/op\"}}")
}

# Also builds the CLI if its jar is stale and records the class-data archive, outside the timed runs.
if ! "$CLI" --version >/dev/null 2>"$PKG/stderr"; then
    echo "cloacina: bin/cloacina --version failed: cold start not measured" >&2
    tail -5 "$PKG/stderr" >&2
    echo "[]" > "$OUT"
    exit 1
fi

# For scale: a bare interpreter start as configured (a pyenv or conda shim included), the interpreter
# itself, and the launcher starting the CLI only to print its version.
REAL_PY="$("$PY" -c 'import sys; print(sys.executable)')"
if ms=$(median_ms "$PY" -c pass); then
    entry python3 '{}' "$ms"
fi
if ms=$(median_ms "$REAL_PY" -c pass); then
    entry python3Resolved '{}' "$ms"
fi
if ms=$(median_ms "$CLI" --version); then
    entry cliVersion '{}' "$ms"
fi
for backend in ${CLOACINA_BENCH_BACKENDS:-subprocess jep graal}; do
    # Check the result is the task's: {"n": 2} on stdout.
    if ! out=$("$CLI" run --backend "$backend" --context '{"n": 1}' "$PKG" 2>"$PKG/stderr") \
            || [[ "$out" != *'"n"'*2* ]]; then
        echo "cloacina: cold start: backend $backend did not produce {\"n\": 2} (got '$out')" >&2
        tail -5 "$PKG/stderr" >&2
        continue
    fi
    if ms=$(median_ms "$CLI" run --backend "$backend" --context '{"n": 1}' "$PKG"); then
        entry firstResult "{\"backend\":\"$backend\"}" "$ms"
        echo "cloacina: cold start $backend: median ${ms} ms of $RUNS runs" >&2
    fi
done
# The subprocess backend again, pointed at the interpreter itself rather than at what PATH finds first.
if [ "$REAL_PY" != "$(command -v "$PY")" ] && ms=$(export CLOACINA_PYTHON="$REAL_PY"; median_ms "$CLI" run \
        --backend subprocess --context '{"n": 1}' "$PKG"); then
    entry firstResult '{"backend":"subprocess","python":"resolved"}' "$ms"
fi
(IFS=,; echo "[${entries[*]}]") > "$OUT"
