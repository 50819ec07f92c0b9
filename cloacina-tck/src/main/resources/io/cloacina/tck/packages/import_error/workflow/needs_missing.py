from cloaca import task
import tck_surely_missing_dependency  # noqa: F401  # tck:mark import


@task
def never(context):
    pass
