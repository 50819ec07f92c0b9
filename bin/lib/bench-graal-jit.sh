#!/usr/bin/env bash
# GraalPy start-up probe for bin/bench: a fresh JVM per run, interpreted (stock JDK) and optimized (the Graal
# compiler from cloacina-cli/target/graal-compiler, the flags of CLOACINA_GRAAL_JIT=1), median of
# $CLOACINA_BENCH_GRAAL_RUNS (default 3) runs each. Writes $1/graal-jit-startup.json (JMH's JSON shape).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bin/lib/jdk.sh"
OUT="$1/graal-jit-startup.json"
RUNS="${CLOACINA_BENCH_GRAAL_RUNS:-3}"
CP="$ROOT/cloacina-bench/target/classes:$ROOT/cloacina-bench/target/lib/*"
COMPILER="$ROOT/cloacina-cli/target/graal-compiler"
# One context per package, as in GraalJitBenchmark, so the next tasks measure one warming context.
COMMON=(--enable-native-access=ALL-UNNAMED -Dcloacina.graal.contexts=1)
JIT=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI "--upgrade-module-path=$COMPILER")
METRICS=(firstLoad firstTrivialTask firstSpinTask nextSpinTasksMean)

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

entries=()
for mode in interpreted optimized; do
    flags=("${COMMON[@]}")
    # Interpreted on purpose here: silence Truffle's warning about it.
    if [ "$mode" = optimized ]; then flags+=("${JIT[@]}"); else flags+=(-Dpolyglot.engine.WarnInterpreterOnly=false); fi
    lines=()
    for ((i = 0; i < RUNS; i++)); do
        if line=$(timeout 600 "$JAVA_HOME/bin/java" "${flags[@]}" -cp "$CP" \
                io.cloacina.bench.probe.GraalStartupProbe "$mode" 2>/tmp/graal-jit-probe.$$.err); then
            echo "cloacina: graal start-up ($mode): $line (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
            lines+=("$line")
        else
            echo "cloacina: graal start-up probe failed ($mode):" >&2
            tail -5 /tmp/graal-jit-probe.$$.err >&2
        fi
    done
    rm -f /tmp/graal-jit-probe.$$.err
    [ ${#lines[@]} -gt 0 ] || continue
    for col in 1 2 3 4; do
        ms=$(printf '%s\n' "${lines[@]}" | awk -v c=$col '{ print $c }' | median)
        entries+=("{\"benchmark\":\"io.cloacina.bench.probe.GraalStartup.${METRICS[$((col - 1))]}\",\"mode\":\"probe\",\"params\":{\"runtime\":\"$mode\"},\"primaryMetric\":{\"score\":$ms,\"scoreUnit\":\"ms/op\"}}")
    done
done
(IFS=,; echo "[${entries[*]}]") > "$OUT"
echo "cloacina: wrote $OUT" >&2
