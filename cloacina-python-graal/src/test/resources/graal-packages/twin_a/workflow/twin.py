from cloaca import task

WHO = "twin-a"


@task(id="which")
def which(context):
    context["which"] = WHO
