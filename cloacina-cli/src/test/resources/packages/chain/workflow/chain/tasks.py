from cloaca import task


@task(id="first")
def first(context):
    context["trail"] = context.get("trail", []) + ["first"]


# Declared before its dependency on purpose: order comes from the graph, not the file.
@task(id="third", dependencies=["second"])
def third(context):
    context["trail"] = context["trail"] + ["third"]


@task(id="second", dependencies=["first"])
def second(context):
    context["trail"] = context["trail"] + ["second"]
