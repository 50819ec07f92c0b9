"""Tasks for the GraalPy backend's own tests; the line numbers of 'raise' lines are asserted."""
import asyncio
import os
import sys
import time

import helperlib
from cloaca import task


@task(id="echo")
def echo(context):
    context["doubled"] = helperlib.double(context["big"])
    context["text"] = context["text"] + "\U0001F600"


@task(id="fails", dependencies=["echo"])
def fails(context):
    raise ValueError("fails on purpose")  # line 19


@task(id="exits")
def exits(context):
    sys.exit(3)


@task(id="crashes")
def crashes(context):
    os._exit(4)


@task(id="spin")
def spin(context):
    while True:
        pass


@task(id="interval")
def interval(context):
    context["start"] = time.time()
    time.sleep(context["seconds"])
    context["end"] = time.time()


@task(id="gathered")
async def gathered(context):
    async def child(name, delay):
        await asyncio.sleep(delay)
        return name

    context["names"] = await asyncio.gather(child("a", 0.02), child("b", 0.01))
    context["threaded"] = await asyncio.to_thread(lambda: 7)


@task(id="probe")
def probe(context):
    """Runs each snippet; reports 'allowed' or the exception that refused it."""
    here = os.path.dirname(os.path.abspath(__file__))
    outcomes = {}
    for name, code in context["probes"].items():
        try:
            exec(code, {"here": here})
            outcomes[name] = "allowed"
        except Exception as error:  # noqa: BLE001 - the refusal is the result
            outcomes[name] = f"{type(error).__name__}: {error}"
    context["outcomes"] = outcomes
