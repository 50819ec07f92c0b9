from cloaca import task


def read_settings():
    raise RuntimeError("tck settings are missing")  # tck:mark raise


SETTINGS = read_settings()  # tck:mark call


@task
def never(context):
    pass
