"""Cloacina-style: a load that keeps losing its connection, a clean-up that runs only when it failed."""
import sys

import cloaca


def note_failure(task_id, error, context):
    print(f"on_failure called: {task_id}: {error}", file=sys.stderr, flush=True)


@cloaca.task(id="extract")
def extract(context):
    context.set("rows", 3)
    return context


@cloaca.task(id="load", dependencies=[extract], retry_attempts=3, retry_delay_ms=20, retry_backoff="fixed",
             on_failure=note_failure)
def load(context):
    raise ConnectionError("warehouse unreachable")


@cloaca.task(id="cleanup", dependencies=[load], trigger_rules=cloaca.task_failed("load"))
def cleanup(context):
    context.set("cleaned", True)
    return context


@cloaca.task(id="report", dependencies=[load])
def report(context):
    context.set("reported", True)
    return context
