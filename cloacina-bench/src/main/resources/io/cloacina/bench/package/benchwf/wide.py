"""10,000 independent trivial tasks (throughput)."""

from cloaca import task

from bench_tasks import increment

COUNT = 10_000

for i in range(COUNT):
    task(id=f"t{i}")(increment)
