# The workflow bin/cloacina runs once after each build to record which classes a run loads (see
# bin/lib/class-archive.sh): two tasks, so that the runner's dependency handling is part of the recording.
from cloaca import task


@task(id="first")
def first(context):
    context["n"] = context.get("n", 0) + 1
    return context


@task(id="second", dependencies=["first"])
def second(context):
    context["n"] = context["n"] + 1
    return context
