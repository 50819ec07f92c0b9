"""``@task``: Cloacina 0.12's decorator (every keyword of its reference) over this runtime's task registry."""

import inspect
import sys
import time

from . import _retry, _rules

# id -> entry dict, in registration order. The host reads it (describe_tasks, execute) and clears it per load.
_task_registry = {}

# The workflows being declared (``with WorkflowBuilder(...)``), innermost last; module-level tasks belong to
# the package's own workflow (None here; the host names it).
_workflow_stack = []

_RETRY_KEYWORDS = ("attempts", "backoff", "delay_ms", "max_delay_ms", "condition", "jitter")
_UNSUPPORTED_KEYWORDS = {
    "invokes": "computation graphs",
    "post_invocation": "computation graphs",
}
_HANDLE_NAMES = ("handle", "task_handle")


class TaskRegistrationError(ValueError):
    """A ``@task`` declaration that cannot be registered (a duplicate id, a bad keyword, a bad dependency).
    A ValueError, as Cloacina raises for these."""


class UnsupportedFeatureError(NotImplementedError):
    """A Cloacina feature this runtime does not offer (computation graphs, reactors, constructors, the
    in-process ``DefaultRunner``): raised where the package uses it, never silently ignored."""


def task(func=None, *, id=None, dependencies=None, retry=None, retry_attempts=None, retry_backoff=None,
         retry_delay_ms=None, retry_max_delay_ms=None, retry_condition=None, retry_jitter=None, on_success=None,
         on_failure=None, trigger_rules=None, **other):
    """Registers a function as a task. ``@task``, ``@task()`` and ``@task(id=..., dependencies=[...], ...)``
    with Cloacina's keywords: ``retry`` (a RetryPolicy) or the ``retry_*`` keywords, ``on_success(task_id,
    context)``, ``on_failure(task_id, error, context)`` and ``trigger_rules``. ``dependencies`` name task ids or
    pass ``@task`` functions (their registered id). Returns the function unchanged."""
    for keyword in other:
        if keyword in _UNSUPPORTED_KEYWORDS:
            raise UnsupportedFeatureError(
                f"@task({keyword}=...) is not supported by this runtime ({_UNSUPPORTED_KEYWORDS[keyword]} are "
                f"not available in Cloacina for the JVM)")
        raise TypeError(f"task() got an unexpected keyword argument '{keyword}'")
    if isinstance(func, str) and id is None:
        # @task("my_id") reads naturally; treat a lone string as the id.
        func, id = None, func
    if func is not None and not callable(func):
        raise TaskRegistrationError(f"@task expects a function, got {type(func).__name__}")
    keywords = dict(attempts=retry_attempts, backoff=retry_backoff, delay_ms=retry_delay_ms,
                    max_delay_ms=retry_max_delay_ms, condition=retry_condition, jitter=retry_jitter)
    if dependencies is not None and (isinstance(dependencies, (str, bytes)) or not _is_sequence(dependencies)):
        raise TypeError(f"dependencies must be a list of task ids or @task functions, "
                        f"got {type(dependencies).__name__}")
    for name, callback in (("on_success", on_success), ("on_failure", on_failure)):
        if callback is not None and not callable(callback):
            raise TypeError(f"{name} must be callable, got {type(callback).__name__}")
    # Checked before the decorator is applied, as Cloacina does.
    label = id if isinstance(id, str) else "<function name>"
    policy = _retry.policy_from_keywords(label, retry, keywords)
    rule = _rules.parse_rule(label, trigger_rules)

    def register(fn):
        if not callable(fn):
            raise TaskRegistrationError(f"@task expects a function, got {type(fn).__name__}")
        task_id = id if id is not None else getattr(fn, "__name__", None)
        if not isinstance(task_id, str) or not task_id:
            raise TaskRegistrationError(f"task id of {_describe(fn)} must be a non-empty string, got {task_id!r}")
        if "::" in task_id:
            raise TaskRegistrationError(f"task id '{task_id}' of {_describe(fn)} contains '::', which separates "
                                        f"namespace parts in Cloacina; choose an id without it")
        deps = [_dependency_id(task_id, index, d) for index, d in enumerate(dependencies or [])]
        existing = _task_registry.get(task_id)
        if existing is not None:
            raise TaskRegistrationError(
                f"Duplicate task id '{task_id}': registered by {_describe(existing['function'])} "
                f"and again by {_describe(fn)}")
        _task_registry[task_id] = {
            "id": task_id,
            "function": fn,
            "function_name": getattr(fn, "__name__", repr(fn)),
            "module": getattr(fn, "__module__", None),
            "dependencies": deps,
            "is_async": _is_async(fn),
            "workflow": _workflow_stack[-1].workflow_id if _workflow_stack else None,
            "retry": policy,
            "trigger_rule": dict(rule),
            "on_success": on_success,
            "on_failure": on_failure,
            "handle": _wants_handle(fn),
        }
        if _workflow_stack:
            _workflow_stack[-1]._declared.append(task_id)
        try:
            fn.__cloaca_task_id__ = task_id
        except (AttributeError, TypeError):
            pass  # a builtin or bound method: it can still be named by id
        return fn

    return register(func) if func is not None else register


def get_task(task_id):
    """The registry entry of a task (a dict with its function), or None."""
    return _task_registry.get(task_id)


def list_tasks():
    """The ids of every registered task, in registration order."""
    return list(_task_registry)


class TaskHandle:
    """What a task whose second parameter is named ``handle`` or ``task_handle`` receives."""

    __slots__ = ("_task_id", "_consumed", "_deferring")

    def __init__(self, *args, _task_id=None, **kwargs):
        if _task_id is None:
            raise TypeError("No constructor defined for TaskHandle: the runtime passes one to the task")
        self._task_id = _task_id
        self._consumed = False
        self._deferring = False

    def defer_until(self, condition, poll_interval_ms=1000):
        """Waits until ``condition()`` is truthy, calling it every ``poll_interval_ms`` (the wait comes first).
        A condition that raises counts as false (the error goes to stderr). The task's timeout still applies."""
        self._check()
        if not callable(condition):
            raise ValueError(f"defer_until failed: condition must be callable, got {type(condition).__name__}")
        if isinstance(poll_interval_ms, bool) or not isinstance(poll_interval_ms, int) or poll_interval_ms < 0:
            raise ValueError(f"defer_until failed: poll_interval_ms must be a non-negative int, "
                             f"got {poll_interval_ms!r}")
        self._deferring = True
        try:
            while True:
                _sleep_ms(poll_interval_ms)
                self._check()
                try:
                    if condition():
                        return None
                except Exception as error:  # noqa: BLE001 - Cloacina counts a failing condition as false
                    print(f"cloaca: defer_until condition of task '{self._task_id}' raised "
                          f"{type(error).__name__}: {error}", file=sys.stderr)
        finally:
            self._deferring = False

    def is_slot_held(self):
        """Whether the task holds its executor slot. This runtime keeps the slot while a task defers."""
        self._check()
        return True

    def _consume(self):
        self._consumed = True

    def _check(self):
        if self._consumed:
            raise ValueError(f"TaskHandle of task '{self._task_id}' has already been consumed: "
                             f"the task has returned")

    def __repr__(self):
        return f"TaskHandle(task_id={self._task_id!r})"


def _sleep_ms(milliseconds):
    # In short slices: the backends stop a task past its timeout between Python steps, and a long sleep in C
    # would delay that.
    deadline = time.monotonic() + milliseconds / 1000.0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.05))


def _wants_handle(fn):
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    return code.co_argcount >= 2 and code.co_varnames[1] in _HANDLE_NAMES


def _is_async(fn):
    return inspect.iscoroutinefunction(fn)


def _is_sequence(value):
    return isinstance(value, (list, tuple)) or (hasattr(value, "__iter__") and hasattr(value, "__len__")
                                                and not isinstance(value, dict))


def _dependency_id(task_id, index, dependency):
    if isinstance(dependency, str):
        return dependency
    registered = getattr(dependency, "__cloaca_task_id__", None)
    if registered is not None:
        # The id it was registered under, not its __name__ (Cloacina's bug 10.10 is not copied).
        return registered
    raise TaskRegistrationError(
        f"dependency {index} of task '{task_id}' ({dependency!r}) is neither a task id nor a @task function")


def _describe(fn):
    module = getattr(fn, "__module__", "?")
    name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
    code = getattr(fn, "__code__", None)
    where = f" ({code.co_filename}:{code.co_firstlineno})" if code is not None else ""
    return f"{module}.{name}{where}"
