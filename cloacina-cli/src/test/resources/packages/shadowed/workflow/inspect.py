"""Named like the standard library's inspect, which the bridge has already imported: never imported itself."""
from cloaca import task


@task
def hidden(context):
    return {"ran": True}
