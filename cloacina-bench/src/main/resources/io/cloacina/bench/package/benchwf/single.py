"""The per-task benchmarks' package: the trivial task and the CPU-bound one."""

from cloaca import task

from bench_tasks import increment, spin

task(id="incr")(increment)
task(id="spin")(spin)
