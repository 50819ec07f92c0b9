"""Two independent tasks that each wait until the other has started: they can only both succeed when they
run at the same time (run one after the other, the first gives up waiting and says so)."""

import os
import time

from cloaca import task


def meet(context, me, other):
    folder = context["meeting_dir"]
    open(os.path.join(folder, me), "w").close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if os.path.exists(os.path.join(folder, other)):
            context[f"{me}_saw_{other}"] = True
            return
        time.sleep(0.01)
    raise TimeoutError(f"{me} never saw {other} running")


@task(id="left")
def left(context):
    meet(context, "left", "right")


@task(id="right")
def right(context):
    meet(context, "right", "left")
