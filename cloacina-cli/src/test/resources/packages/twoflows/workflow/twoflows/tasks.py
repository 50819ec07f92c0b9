import cloaca


@cloaca.task(id="fetch", retry_attempts=4)
def fetch(context):
    context.set("fetched", True)
    return context


@cloaca.task(id="publish", dependencies=[fetch], trigger_rules=cloaca.task_success("fetch"))
def publish(context):
    context.set("published", context.get("fetched"))
    return context


with cloaca.WorkflowBuilder("cleanup") as cleanup:
    cleanup.description("Removes old files")

    @cloaca.task(id="sweep")
    def sweep(context, handle):
        context.set("swept", 3)
        return context
