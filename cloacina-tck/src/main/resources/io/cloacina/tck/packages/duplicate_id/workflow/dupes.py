from cloaca import task


@task(id="same")
def first_same(context):
    pass


@task(id="same")
def second_same(context):
    pass
