from cloaca import task

WHO = "twin-b"


@task(id="which")
def which(context):
    context["which"] = WHO
