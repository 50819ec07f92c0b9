from cloaca import task


@task(id="extract")
def extract(context):
    pass


@task(id="load", dependencies=["extract", "transfrom"])
def load(context):
    pass
