"""cloaca: the Python side of Cloacina, compatible with Cloacina 0.12's authoring API.

Workflow code uses only this module::

    import cloaca

    @cloaca.task(id="extract", retry_attempts=3)
    def extract(context):
        context.set("rows", [1, 2, 3])
        return context

    @cloaca.task(dependencies=[extract], trigger_rules=cloaca.context_value("rows", "exists", None))
    async def load(context):
        return {"loaded": len(context["rows"])}

The host side (``cloaca._host``) is what the Java backends call; workflow code never needs it.
"""

from ._attempt import attempt_value, current_traceparent, current_tracestate
from ._context import ContextError, KeyExistsError, TaskContext
from ._retry import BackoffStrategy, RetryCondition, RetryPolicy, RetryPolicyBuilder
from ._rules import all_of, always, any_of, context_value, none_of, task_failed, task_skipped, task_success
from ._tasks import (TaskHandle, TaskRegistrationError, UnsupportedFeatureError, _task_registry, get_task,
                     list_tasks, task)
from ._triggers import TriggerResult, trigger
from ._values import TaskNamespace, WorkflowContext, var, var_or
from ._workflows import Workflow, WorkflowBuilder, register_workflow_constructor

# Cloacina's name for the object a task receives.
Context = TaskContext

__version__ = "0.12.0"

__all__ = [
    "task", "get_task", "list_tasks", "TaskHandle", "Context", "TaskContext", "ContextError", "KeyExistsError",
    "TaskRegistrationError", "UnsupportedFeatureError",
    "task_success", "task_failed", "task_skipped", "context_value", "all_of", "any_of", "none_of", "always",
    "RetryPolicy", "RetryPolicyBuilder", "BackoffStrategy", "RetryCondition",
    "WorkflowBuilder", "Workflow", "register_workflow_constructor",
    "trigger", "TriggerResult", "TaskNamespace", "WorkflowContext", "var", "var_or",
    "current_traceparent", "current_tracestate", "attempt_value",
    "workflow_params", "workflow_secrets", "boundary_schema",
    "constructor", "reactor", "ComputationGraphBuilder", "node", "passthrough_accumulator", "stream_accumulator",
    "polling_accumulator", "batch_accumulator", "state_accumulator",
    "DefaultRunner", "DefaultRunnerConfig", "WorkflowResult",
]


def _passthrough(*args, **kwargs):
    """A decorator that returns its object unchanged: Cloacina reads these declarations from the source text
    when packaging, never at run time."""
    if len(args) == 1 and not kwargs and callable(args[0]):
        return args[0]
    return lambda obj: obj


workflow_params = _passthrough
workflow_secrets = _passthrough
boundary_schema = _passthrough


def _unsupported(name, what, advice):
    def refuse(*args, **kwargs):
        raise UnsupportedFeatureError(f"cloaca.{name} is not supported by this runtime: {what} are not available "
                                      f"in Cloacina for the JVM{advice}")
    refuse.__name__ = name
    refuse.__qualname__ = name
    return refuse


_GRAPHS = ("computation graphs", "")
constructor = _unsupported("constructor", "provider-backed constructor tasks", "")
reactor = _unsupported("reactor", "reactors", "")
ComputationGraphBuilder = _unsupported("ComputationGraphBuilder", *_GRAPHS)
node = _unsupported("node", *_GRAPHS)
passthrough_accumulator = _unsupported("passthrough_accumulator", *_GRAPHS)
stream_accumulator = _unsupported("stream_accumulator", *_GRAPHS)
polling_accumulator = _unsupported("polling_accumulator", *_GRAPHS)
batch_accumulator = _unsupported("batch_accumulator", *_GRAPHS)
state_accumulator = _unsupported("state_accumulator", *_GRAPHS)
# The wheel's in-process runner: packages run it under `if __name__ == "__main__":`, which never runs here.
_RUN_ADVICE = "; run the package with `bin/cloacina run PACKAGE` or the Java WorkflowRunner"
DefaultRunner = _unsupported("DefaultRunner", "the embedded database runner and its results", _RUN_ADVICE)
DefaultRunnerConfig = _unsupported("DefaultRunnerConfig", "the embedded database runner and its results",
                                   _RUN_ADVICE)
WorkflowResult = _unsupported("WorkflowResult", "the embedded database runner and its results", _RUN_ADVICE)
