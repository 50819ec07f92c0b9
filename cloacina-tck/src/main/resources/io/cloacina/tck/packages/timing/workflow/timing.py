import os
import time

from cloaca import task


@task
def spin(context):
    """A pure-Python loop that only ends by itself after context["seconds"]: a backend must stop it sooner.

    With context["heartbeat"] (a file path) it rewrites that file every 50 ms, so the TCK can see whether it
    still runs after being stopped.
    """
    deadline = time.monotonic() + context["seconds"]
    heartbeat = context.get("heartbeat")
    next_beat = 0.0
    count = 0
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        if heartbeat and now >= next_beat:
            try:
                with open(heartbeat, "w") as beat:
                    beat.write(str(count))
            except OSError:
                heartbeat = None  # a sandbox may deny file access: spin on without a heartbeat
            next_beat = now + 0.05
        count += 1
    context["spun"] = count


@task
def crash(context):
    os._exit(3)


@task
def quick(context):
    context["quick"] = context.get("n", 0) + 1


@task
def interval_a(context):
    context["start"] = time.time()
    time.sleep(context["seconds"])
    context["end"] = time.time()


@task
def interval_b(context):
    context["start"] = time.time()
    time.sleep(context["seconds"])
    context["end"] = time.time()


@task
def interval(context):
    """Sleeps context["milliseconds"] and reports when it ran (wall clock: comparable across worker processes)."""
    context["start"] = time.time()
    time.sleep(context["milliseconds"] / 1000)
    context["end"] = time.time()
