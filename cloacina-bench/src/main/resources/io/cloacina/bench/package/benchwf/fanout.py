"""One root and 1,000 trivial tasks that depend on it alone (runner overhead, parallel)."""

from cloaca import task

from bench_tasks import increment

WIDTH = 1000

task(id="root")(increment)
for i in range(WIDTH):
    task(id=f"f{i}", dependencies=["root"])(increment)
