"""Retries and failures for the metrics tests:

    extract -> wobbly (fails once, then succeeds)
            -> load (always loses its connection: 3 attempts) -> report (skipped)
                                                              -> cleanup (runs because load failed)
"""
import os

import cloaca


@cloaca.task(id="extract")
def extract(context):
    context["rows"] = 3


@cloaca.task(id="wobbly", dependencies=["extract"], retry_attempts=2, retry_delay_ms=10, retry_backoff="fixed",
             retry_jitter=False)
def wobbly(context):
    # The marker file outlives the attempt, whichever worker process runs the next one.
    marker = os.path.join(context["state_dir"], "wobbly-tried")
    if not os.path.exists(marker):
        open(marker, "w").close()
        raise TimeoutError("first attempt times out")
    context["wobbly"] = "ok"


@cloaca.task(id="load", dependencies=["extract"], retry_attempts=3, retry_delay_ms=10, retry_backoff="fixed",
             retry_jitter=False)
def load(context):
    raise ConnectionError("warehouse unreachable")


@cloaca.task(id="report", dependencies=["load"])
def report(context):
    context["reported"] = True


@cloaca.task(id="cleanup", dependencies=["load"], trigger_rules=cloaca.task_failed("load"))
def cleanup(context):
    context["cleaned"] = True
