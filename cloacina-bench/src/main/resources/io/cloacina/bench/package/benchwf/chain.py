"""A chain of 1,000 trivial tasks: c1 depends on c0, c2 on c1, ... (runner overhead, sequential)."""

from cloaca import task

from bench_tasks import increment

LENGTH = 1000

for i in range(LENGTH):
    task(id=f"c{i}", dependencies=[f"c{i - 1}"] if i else [])(increment)
