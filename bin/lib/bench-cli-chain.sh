#!/usr/bin/env bash
# Per-task cost as a user meets it, for bin/bench: `bin/cloacina run` in a fresh process per run (cold JVM,
# no warm-up), a chain of 2,001 trivial tasks against a chain of 1, and 2,000 independent tasks (plus a root)
# against the same 1-task package. The time is the CLI's own "run succeeded in ..." (runner and backend only:
# no JVM start, no package load), so per task = (T(2,001) - T(1)) / 2,000. Median of $CLOACINA_BENCH_CHAIN_RUNS
# (default 3) runs per shape and backend.
#
# The floor, measured in the same run: CPython calling the same task function with json.loads of its input and
# json.dumps of its output, in a Python loop -- what any bridge pays at least. Writes $1/cli-chain.json.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bin/lib/jdk.sh"
OUT="$1/cli-chain.json"
RUNS="${CLOACINA_BENCH_CHAIN_RUNS:-3}"
TASKS=2000
PY="${CLOACINA_PYTHON:-python3}"
CLI="$ROOT/bin/cloacina"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# make_package DIR NAME SHAPE COUNT: SHAPE chain (t1 <- t0, t2 <- t1, ...) or fanout (t1..tN all depend on t0).
make_package() {
    local dir="$1" name="$2" shape="$3" count="$4"
    mkdir -p "$dir/workflow/$name"
    cat > "$dir/manifest.json" <<JSON
{"format_version": "2", "language": "python", "package": {"name": "$name", "version": "1.0.0"},
 "python": {"entry_module": "$name.tasks", "requires_python": ">=3.10"}}
JSON
    : > "$dir/workflow/$name/__init__.py"
    cat > "$dir/workflow/$name/tasks.py" <<PY
import cloaca

SHAPE = "$shape"
COUNT = $count


def make(index):
    def step(context):
        return {"n": context.get("n", 0) + 1}
    step.__name__ = step.__qualname__ = f"t{index}"
    return step


for i in range(COUNT + 1):
    if i == 0:
        deps = []
    elif SHAPE == "chain":
        deps = [f"t{i - 1}"]
    else:
        deps = ["t0"]
    cloaca.task(id=f"t{i}", dependencies=deps)(make(i))
PY
}

make_package "$WORK/one" one chain 0
make_package "$WORK/chain" chain chain "$TASKS"
make_package "$WORK/fanout" fanout fanout "$TASKS"

# run_seconds BACKEND PACKAGE: the run time the CLI reports, in seconds; fails if the run fails.
run_seconds() {
    local err="$WORK/stderr" line
    if ! "$CLI" run --quiet --backend "$1" --context '{"n": 0}' "$2" >/dev/null 2>"$err"; then
        echo "cloacina: cli chain: $1 $2 failed" >&2
        tail -5 "$err" >&2
        return 1
    fi
    line="$(grep -o 'run succeeded in [0-9.]*m\?s' "$err" | tail -1)"
    case "$line" in
        *ms) echo "${line//[^0-9]/}" | awk '{ printf "%.4f\n", $1 / 1000 }' ;;
        *s) echo "$line" | sed 's/.* in \([0-9.]*\)s/\1/' ;;
        *) echo "cloacina: cli chain: no run time in the output of $1 $2" >&2; return 1 ;;
    esac
}

median_seconds() { # BACKEND PACKAGE
    local times=() i t
    for ((i = 0; i < RUNS; i++)); do
        t=$(run_seconds "$1" "$2") || return 1
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

entries=()
entry() { # benchmark, params-json, nanoseconds per task
    entries+=("{\"benchmark\":\"io.cloacina.bench.probe.CliChain.$1\",\"mode\":\"probe\",\"params\":$2,\"primaryMetric\":{\"score\":$3,\"scoreUnit\":\"ns/op\"}}")
}

# Builds the CLI if needed and records its class-data archive outside the timed runs.
"$CLI" --version >/dev/null 2>&1 || { echo "cloacina: bin/cloacina --version failed: cli chain not measured" >&2; echo "[]" > "$OUT"; exit 1; }

floor_ns=$("$PY" - <<'PY'
import json
import time


def step(context):
    return {"n": context.get("n", 0) + 1}


payload = json.dumps({"n": 1})
best = None
for _ in range(5):
    count = 100_000
    started = time.perf_counter()
    for _ in range(count):
        json.dumps(step(json.loads(payload)))
    elapsed = (time.perf_counter() - started) / count
    best = elapsed if best is None else min(best, elapsed)
print(f"{best * 1e9:.1f}")
PY
) && entry floor '{}' "$floor_ns" && echo "cloacina: cli chain floor: ${floor_ns} ns per call" >&2

for backend in ${CLOACINA_BENCH_BACKENDS:-subprocess jep graal}; do
    one=$(median_seconds "$backend" "$WORK/one") || continue
    for shape in chain fanout; do
        if total=$(median_seconds "$backend" "$WORK/$shape"); then
            per=$(awk -v t="$total" -v o="$one" -v n="$TASKS" 'BEGIN { printf "%.1f", (t - o) * 1e9 / n }')
            entry perTask "{\"backend\":\"$backend\",\"shape\":\"$shape\"}" "$per"
            echo "cloacina: cli chain $backend $shape: ${total}s for $((TASKS + 1)) tasks, ${one}s for 1: ${per} ns per task" >&2
        fi
    done
done
(IFS=,; echo "[${entries[*]}]") > "$OUT"
