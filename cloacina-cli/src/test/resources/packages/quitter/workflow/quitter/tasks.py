"""os._exit(0) in a task: on an in-process backend it once ended the CLI with exit status 0."""
import os

from cloaca import task


@task(id="leave")
def leave(context):
    os._exit(0)


@task(id="deploy", dependencies=["leave"])
def deploy(context):
    context["deployed"] = True
