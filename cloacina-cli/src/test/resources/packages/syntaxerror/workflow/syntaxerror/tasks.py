from cloaca import task


@task
def broken(context)
    return {}
