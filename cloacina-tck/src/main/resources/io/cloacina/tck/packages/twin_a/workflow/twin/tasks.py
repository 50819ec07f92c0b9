from cloaca import task
from twin import helper


@task
def which(context):
    context["value"] = helper.VALUE
    context["file"] = helper.__file__
