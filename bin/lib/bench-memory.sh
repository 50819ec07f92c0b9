#!/usr/bin/env bash
# Memory probe for bin/bench: RSS and threads after 1,000 and 100,000 trivial tasks, per backend, each
# backend in a fresh JVM. Writes $1/memory.json. Backends that are unavailable fail alone (reported).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bin/lib/jdk.sh"
OUT="$1/memory.json"
CP="$ROOT/cloacina-bench/target/classes:$ROOT/cloacina-bench/target/lib/*"
rm -f "$OUT"
# probe BACKEND EXECUTIONS WHAT JVM-OPTION...: one MemoryProbe run in a fresh JVM.
probe() {
    local backend="$1" executions="$2" what="$3"
    shift 3
    timeout 900 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "$@" -cp "$CP" \
        io.cloacina.bench.probe.MemoryProbe "$backend" "$OUT" "$executions" \
        || echo "cloacina: memory probe ($what) failed for backend $backend" >&2
}

for backend in ${CLOACINA_BENCH_BACKENDS:-subprocess jep graal}; do
    executions=100000
    # CLOACINA_BENCH_GRAAL_EXECUTIONS lowers the count for GraalPy where it runs slowly (interpreted, busy machine).
    [ "$backend" = graal ] && executions="${CLOACINA_BENCH_GRAAL_EXECUTIONS:-100000}"
    probe "$backend" "$executions" "default JVM"
    # Again with the heap's pages touched at start and freed malloc memory returned (as the soak runs): a default
    # JVM's RSS keeps growing while G1 touches heap pages for the first time, which says nothing about leaks.
    probe "$backend" "$executions" "pre-touched heap" -XX:+AlwaysPreTouch -XX:TrimNativeHeapInterval=1000 \
        -Dcloacina.bench.memory.jvm=pretouched
done
