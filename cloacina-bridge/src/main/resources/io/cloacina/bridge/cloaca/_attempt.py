"""Values the host hands one execution of a task (io.cloacina.spi.AttemptValues on the Java side).

They arrive in the input context under the reserved key ``__cloacina_attempt__``, which the bridge takes out
before the task sees the context, so they never reach its output. What a task reads here is its own
execution's: the bridge clears them when the execution ends.
"""

# The reserved key; the Java side's AttemptValues.CONTEXT_KEY.
CONTEXT_KEY = "__cloacina_attempt__"

# The running execution's values (one execution at a time per interpreter); empty between executions.
_current = {}


def take_from(context):
    """Removes the reserved key from the decoded input context and makes its string values the current ones."""
    _current.clear()
    if isinstance(context, dict):
        carried = context.pop(CONTEXT_KEY, None)
        if isinstance(carried, dict):
            for name, value in carried.items():
                if isinstance(name, str) and isinstance(value, str):
                    _current[name] = value


def clear():
    _current.clear()


def attempt_value(name, default=None):
    """A value the host handed this execution (``"traceparent"``, ``"tracestate"``, ...), or ``default``."""
    return _current.get(name, default)


def current_traceparent():
    """The W3C ``traceparent`` of the host's span for this execution, or None when the host traces nothing.

    With OpenTelemetry, a task joins the host's trace so::

        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
        parent = TraceContextTextMapPropagator().extract({"traceparent": cloaca.current_traceparent()})
        with tracer.start_as_current_span("work", context=parent): ...
    """
    return _current.get("traceparent")


def current_tracestate():
    """The W3C ``tracestate`` that goes with :func:`current_traceparent`, or None."""
    return _current.get("tracestate")
