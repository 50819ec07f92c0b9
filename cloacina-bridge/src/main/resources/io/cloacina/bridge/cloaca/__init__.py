"""cloaca: the Python side of Cloacina.

Workflow code uses only this module::

    from cloaca import task

    @task(id="extract")
    def extract(context):
        context["rows"] = [1, 2, 3]

    @task(dependencies=[extract])
    async def load(context):
        return {"loaded": len(context["rows"])}

The host side (``cloaca._host``) is what the Java backends call; workflow code never needs it.
"""

import inspect

from ._context import ContextError, KeyExistsError, TaskContext

# Cloacina's name for the object a task receives.
Context = TaskContext

__all__ = ["task", "get_task", "list_tasks", "Context", "TaskContext", "ContextError", "KeyExistsError",
           "TaskRegistrationError"]

# id -> {"id", "function", "function_name", "module", "dependencies", "is_async"}, in registration order.
_task_registry = {}


class TaskRegistrationError(Exception):
    """A @task declaration that cannot be registered (a duplicate id, a bad dependency)."""


def task(func=None, *, id=None, dependencies=None):
    """Registers a function as a Cloacina task.

    Usable bare (``@task``) or with arguments (``@task(id="x", dependencies=["a", other_task])``).
    ``id`` defaults to the function's name; ``dependencies`` name task ids or pass decorated functions.
    """
    if isinstance(func, str) and id is None:
        # @task("my_id") reads naturally; treat a lone string as the id.
        return task(id=func, dependencies=dependencies)
    if func is not None and not callable(func):
        raise TaskRegistrationError(f"@task expects a function, got {type(func).__name__}")

    def register(fn):
        if not callable(fn):
            raise TaskRegistrationError(f"@task expects a function, got {type(fn).__name__}")
        task_id = id if id is not None else fn.__name__
        if not isinstance(task_id, str) or not task_id:
            raise TaskRegistrationError(f"task id of {_describe(fn)} must be a non-empty string, got {task_id!r}")
        deps = [_dependency_id(fn, d) for d in (dependencies or [])]
        existing = _task_registry.get(task_id)
        if existing is not None:
            raise TaskRegistrationError(
                f"Duplicate task id '{task_id}': registered by {_describe(existing['function'])} "
                f"and again by {_describe(fn)}")
        _task_registry[task_id] = {
            "id": task_id,
            "function": fn,
            "function_name": fn.__name__,
            "module": getattr(fn, "__module__", None),
            "dependencies": deps,
            "is_async": inspect.iscoroutinefunction(fn),
        }
        fn.__cloaca_task_id__ = task_id
        return fn

    return register(func) if func is not None else register


def get_task(task_id):
    """The registry entry of a task (a dict with its function), or None."""
    return _task_registry.get(task_id)


def list_tasks():
    """The ids of every registered task, in registration order."""
    return list(_task_registry)


def _dependency_id(fn, dependency):
    if isinstance(dependency, str):
        return dependency
    task_id = getattr(dependency, "__cloaca_task_id__", None)
    if task_id is None:
        raise TaskRegistrationError(
            f"dependency {dependency!r} of {_describe(fn)} is neither a task id nor a @task function")
    return task_id


def _describe(fn):
    module = getattr(fn, "__module__", "?")
    name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
    code = getattr(fn, "__code__", None)
    where = f" ({code.co_filename}:{code.co_firstlineno})" if code is not None else ""
    return f"{module}.{name}{where}"
