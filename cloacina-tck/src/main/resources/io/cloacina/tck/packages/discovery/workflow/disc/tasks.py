"""Every way of declaring a task: bare, with an id, async, with dependencies as ids and as functions."""
from cloaca import task


@task
def bare(context):
    context["bare"] = True


@task(id="extract")
def extract_rows(context):
    context["rows"] = [1, 2, 3]


@task(id="transform", dependencies=["extract"])
async def transform_rows(context):
    context["rows"] = [r * 10 for r in context["rows"]]


@task(id="load", dependencies=[extract_rows, transform_rows])
def load_rows(context):
    return {"loaded": sum(context["rows"])}
