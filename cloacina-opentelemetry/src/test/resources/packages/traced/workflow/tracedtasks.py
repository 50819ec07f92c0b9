"""Tasks for the tracing tests: one reports the traceparent it was handed, one fails, one is skipped.

    whoami -> broken (ValueError) -> after (skipped)
"""
import cloaca


@cloaca.task(id="whoami")
def whoami(context):
    context["traceparent"] = cloaca.current_traceparent()


@cloaca.task(id="broken", dependencies=["whoami"])
def broken(context):
    raise ValueError("broken on purpose")


@cloaca.task(id="after", dependencies=["broken"])
def after(context):
    context["after"] = True
