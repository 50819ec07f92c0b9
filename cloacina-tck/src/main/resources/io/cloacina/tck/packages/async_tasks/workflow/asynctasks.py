import asyncio
import threading

from cloaca import task


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
    context["threads"] = threading.active_count()
    context["thread_names"] = sorted(t.name for t in threading.enumerate())
    context["running_loop"] = running
