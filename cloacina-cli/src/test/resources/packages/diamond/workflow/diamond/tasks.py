import asyncio

from cloaca import task


@task(id="root")
def root(context):
    context["cfg"] = {"base": 1}
    context["log"] = ["root"]


@task(id="left", dependencies=["root"])
def left(context):
    context["cfg"]["left"] = True
    context["log"].append("left")
    context["winner"] = "left"


@task(id="right", dependencies=["root"])
async def right(context):
    await asyncio.sleep(0)
    context["cfg"]["right"] = True
    context["log"].append("right")
    context["winner"] = "right"


@task(id="join", dependencies=["left", "right"])
def join(context):
    # What the merge handed us, kept for the test to check.
    context["join_saw"] = {"cfg": dict(context["cfg"]), "log": list(context["log"]), "winner": context["winner"]}
