"""The test graph:

    flaky (ConnectionError twice, then succeeds) -> broken (raises when context["break"]) -> after_broken
                                                 -> cleanup (only when broken failed)
                                                 -> slow (sleeps context["slow_seconds"])

Attempts are counted in files under context["state_dir"]: every attempt gets a fresh copy of its input, so
what one attempt writes to the context the next does not see.
"""
import os
import time

import cloaca


def _count(context, name):
    path = os.path.join(context.get("state_dir"), name)
    count = 1
    if os.path.exists(path):
        with open(path) as handle:
            count = int(handle.read()) + 1
    with open(path, "w") as handle:
        handle.write(str(count))
    return count


@cloaca.task(id="flaky", retry_attempts=3, retry_backoff="exponential", retry_delay_ms=20000,
             retry_max_delay_ms=60000, retry_condition="transient")
def flaky(context):
    count = _count(context, "flaky")
    if count < context.get("flaky_failures", 2) + 1:
        raise ConnectionError(f"attempt {count}: connection refused")
    context.set("flaky_attempts", count)
    return context


@cloaca.task(id="broken", dependencies=[flaky], retry_attempts=2, retry_delay_ms=30000)
def broken(context):
    _count(context, "broken")
    if context.get("break"):
        raise ValueError("broken on purpose")
    context.set("broken_ran", True)
    return context


@cloaca.task(id="after_broken", dependencies=[broken])
def after_broken(context):
    context.set("after_broken_ran", True)
    return context


@cloaca.task(id="cleanup", dependencies=[broken], trigger_rules=cloaca.any_of(cloaca.task_failed("broken")))
def cleanup(context):
    context.set("cleaned_up", True)
    return context


@cloaca.task(id="slow", dependencies=[flaky])
def slow(context):
    marker = context.get("slow_marker")
    if marker:
        with open(marker, "a") as handle:
            handle.write(f"{os.getppid()}\n")
    time.sleep(context.get("slow_seconds", 0))
    context.set("slow_done", True)
    return context
