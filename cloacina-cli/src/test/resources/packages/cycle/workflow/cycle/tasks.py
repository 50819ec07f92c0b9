from cloaca import task


@task(id="start")
def start(context):
    pass


@task(id="a", dependencies=["c", "start"])
def a(context):
    pass


@task(id="b", dependencies=["a"])
def b(context):
    pass


@task(id="c", dependencies=["b"])
def c(context):
    pass
