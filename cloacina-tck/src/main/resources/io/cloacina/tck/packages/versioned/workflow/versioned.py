from cloaca import task

VERSION = 1  # the TCK rewrites this line in a copy to check that a reload sees new code


@task
def version(context):
    context["version"] = VERSION
