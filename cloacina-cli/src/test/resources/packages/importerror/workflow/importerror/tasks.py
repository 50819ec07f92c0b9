from cloaca import task

SETTINGS = {"retries": 3}
TIMEOUT = SETTINGS["timeout"]  # a bug at import time


@task(id="never")
def never(context):
    pass
