"""200 independent CPU-bound tasks of about 5 ms each (throughput at parallelism 1 and 2)."""

from cloaca import task

from bench_tasks import spin

COUNT = 200

for i in range(COUNT):
    task(id=f"s{i}")(spin)
