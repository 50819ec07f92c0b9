import os
import time

from cloaca import task


@task
def spin(context):
    """A pure-Python loop that only ends by itself after context["seconds"]: a backend must stop it sooner."""
    deadline = time.monotonic() + context["seconds"]
    count = 0
    while time.monotonic() < deadline:
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
