import asyncio
import threading

from cloaca import task


@task
async def asyncio_origin(context):
    context["asyncio_file"] = asyncio.__file__


@task
async def simple_async(context):
    await asyncio.sleep(0)
    context["awaited"] = context["value"] * 2


async def _child(name, delay):
    await asyncio.sleep(delay)
    return name


@task
async def gather_children(context):
    spawned = asyncio.create_task(_child("spawned", 0.01))
    gathered = await asyncio.gather(_child("a", 0.02), _child("b", 0.01), _child("c", 0))
    context["gathered"] = list(gathered)
    context["spawned"] = await spawned


@task
async def counter(context):
    await asyncio.sleep(0)
    context["i"] = context["i"] + 1


@task
def python_state(context):
    """Sync on purpose: reports what an earlier async task may have left behind."""
    try:
        asyncio.get_running_loop()
        running = True
    except RuntimeError:
        running = False
    # Only threads Python started count: an embedding backend that enters Python from several Java threads
    # shows each of them as a _DummyThread, which says nothing about what async tasks left behind.
    started = [t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)]
    context["threads"] = len(started)
    context["thread_names"] = sorted(t.name for t in started)
    context["running_loop"] = running
