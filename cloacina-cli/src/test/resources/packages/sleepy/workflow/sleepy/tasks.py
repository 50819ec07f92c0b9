import time

from cloaca import task


@task(id="quick")
def quick(context):
    context["quick"] = True


@task(id="sleeper", dependencies=["quick"])
def sleeper(context):
    print("sleeper started", flush=True)
    time.sleep(60)
    context["slept"] = True
