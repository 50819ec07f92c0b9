"""The host bridge: what every Java backend calls to load a package, run its tasks and unload it.

One interpreter (process, sub-interpreter or GraalPy context) holds at most one package at a time; that
is what keeps two packages with the same module names apart.

Every function returns plain data, never raises for task-level problems: a failure is a dict
``{"ok": False, "error": {"kind", "type", "message", "traceback"}}`` that the Java side turns into a
typed ``TaskError``. ``kind`` is decided here with ``isinstance`` so exception subclasses count.
"""

# No asyncio here: it is the bridge's costliest import (25-55 ms per interpreter start in CPython, 2-4 s in
# GraalPy's interpreter) and only async tasks need it (_StandardAsyncio). An earlier lazy import made async tasks
# fail in Jep sub-interpreters (NameError: 'len'); the cause was CPython 3.11's _asyncio accelerator sharing C
# globals between sub-interpreters, which the Jep backend now keeps out of them (JepBoot;
# JepAsyncAcrossInterpretersTest checks it).
import builtins
import copy
import importlib
import importlib.machinery
import importlib.util
import inspect
import json
import math
import operator
import os
import sys
import traceback

import cloaca
from cloaca import _attempt, _logs, _tasks, _triggers, _values, _workflows
from cloaca._context import TaskContext

_THIS_FILE = os.path.normcase(os.path.abspath(__file__))
_IMPORTLIB_INIT = os.path.normcase(os.path.abspath(importlib.__file__))


class _StandardAsyncio:
    """First on sys.meta_path until asyncio is imported, by the bridge for an async task or by a package: whoever
    imports it gets the standard library's, found when the bridge was imported (before any package's folders went
    first on sys.path, where a module of that name, such as PyPI's ancient backport, would stand in for it), and
    the actions given to after_asyncio_import run right after it is."""

    def __init__(self):
        found = importlib.util.find_spec("asyncio")
        locations = found.submodule_search_locations if found is not None else None
        self._home = [os.path.dirname(list(locations)[0])] if locations else None
        self._actions = []

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "asyncio" or self._home is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, self._home)
        if spec is not None and spec.loader is not None:
            spec.loader = _ThenRun(spec.loader, self._imported)
        return spec

    def after_import(self, action):
        module = sys.modules.get("asyncio")
        if module is not None:
            action(module)
        else:
            self._actions.append(action)

    def _imported(self, module):
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        actions, self._actions = self._actions, []
        for action in actions:
            action(module)


class _ThenRun:
    """A loader that runs then(module) once the module it loads has run (the rest is the wrapped loader's)."""

    def __init__(self, loader, then):
        self._loader = loader
        self._then = then

    def __getattr__(self, name):
        return getattr(self._loader, name)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._then(module)


_ASYNCIO = _StandardAsyncio()
if "asyncio" not in sys.modules:
    sys.meta_path.insert(0, _ASYNCIO)


def after_asyncio_import(action):
    """Runs action(asyncio) right after asyncio's first import in this interpreter, now if it already happened (a
    backend's set-up: GraalPy's sandbox installs an event loop that needs no socket)."""
    _ASYNCIO.after_import(action)


class TaskInterrupted(BaseException):
    """Raised asynchronously inside a task's thread by in-process backends to stop it past its timeout."""


class HostExitRefused(BaseException):
    """Raised instead of ending the host, by in-process backends whose interpreter shares the host's process
    (Jep): ``os._exit``, ``os.abort`` or a signal aimed at the host. A BaseException, like the exit it stands
    for, so ``except Exception`` does not swallow it; a task that swallows it anyway is still reported as
    crashed (``host_exit_attempt``)."""


# The first refused exit of the running task (its message), or None: a task that caught HostExitRefused, or
# whose thread triggered it, still ends as a crash. Reset by execute() for every task.
host_exit_attempt = None


def refuse_host_exit(message):
    """Records and raises the refusal; called by the backend's guards in place of the exit."""
    global host_exit_attempt
    if host_exit_attempt is None:
        host_exit_attempt = message
    raise HostExitRefused(message)


class _Package:
    def __init__(self, source_dir, vendor_dir, entry_module):
        self.source_dir = source_dir
        self.vendor_dir = vendor_dir
        self.entry_module = entry_module
        self.saved_path = list(sys.path)
        self.saved_dont_write_bytecode = sys.dont_write_bytecode
        self.roots = [os.path.normcase(os.path.abspath(d)) for d in (source_dir, vendor_dir) if d]


_package = None

# Builtins a task could replace for every later task of its interpreter (builtins.len = ...): the next task, the
# bridge's own code included, then failed and took the blame. Checked after every task by identity, a curated
# set in one C-level tuple compare (~0.2 us; all 150 would cost ~2.5 us a task); names added are allowed
# (gettext.install adds _).
_GUARDED_BUILTINS = ("len", "isinstance", "issubclass", "type", "str", "int", "float", "bool", "bytes", "dict",
                     "list", "tuple", "set", "frozenset", "object", "super", "print", "repr", "getattr", "setattr",
                     "hasattr", "iter", "next", "range", "enumerate", "zip", "map", "filter", "sorted", "min", "max",
                     "sum", "abs", "round", "open", "id", "hash", "callable", "Exception", "BaseException",
                     "KeyError", "ValueError", "TypeError", "ImportError", "__import__")
_guarded_values = operator.itemgetter(*_GUARDED_BUILTINS)
_builtins_before = _guarded_values(builtins.__dict__)


# ---------------------------------------------------------------------------------------------- loading

def load(source_dir, vendor_dir, entry_module, options=None):
    """``_load`` with what the package wrote while importing (``logs``, ``logs_dropped``) in the reply."""
    if isinstance(options, str):
        options = json.loads(options)
    options = options or {}
    _logs.install(options.get("log_level", 10), options.get("log_budget", _logs.DEFAULT_BUDGET))
    return _with_logs(_load, source_dir, vendor_dir, entry_module, options)


def _with_logs(call, *args):
    _logs.begin()
    try:
        reply = call(*args)
    except BaseException:
        _logs.abandon()  # no reply to carry them: the next one does
        raise
    records, dropped = _logs.end()
    if records:
        reply["logs"] = records
    if dropped:
        reply["logs_dropped"] = dropped
    return reply


def _load(source_dir, vendor_dir, entry_module, options):
    """Puts the package on sys.path (source first, then vendor), imports its entry module, returns its tasks,
    workflows and triggers.

    ``options`` (a dict, or its JSON text) may carry ``requires_python`` (a PEP 440 specifier checked against
    this interpreter before anything is imported) and ``variables`` (``CLOACINA_VAR_*`` values for
    ``cloaca.var``, for sandboxes that hide the environment)."""
    global _package
    if _package is not None:
        unload()
    requires = options.get("requires_python")
    if requires:
        problem = _python_mismatch(requires)
        if problem is not None:
            return {"ok": False, "error": {"kind": "load", "type": "RuntimeError", "message": problem,
                                           "traceback": ""}}
    _values._host_variables.clear()
    _values._host_variables.update(options.get("variables") or {})
    _package = _Package(source_dir, vendor_dir or None, entry_module)
    # Bytecode caches would be written into the user's package folder, and a stale one could hide an
    # updated source file that kept its size and mtime second; packages are small, compiling is cheap.
    sys.dont_write_bytecode = True
    # Java contexts carry integers of any size; CPython 3.11+ refuses to parse ones over 4,300 digits by
    # default. The interpreter is Cloacina's own (a worker, a sub-interpreter, a GraalPy context).
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    front = [p for p in (source_dir, vendor_dir) if p]
    sys.path[:0] = front
    importlib.invalidate_caches()
    _clear_registries()
    try:
        module = importlib.import_module(entry_module)
    except BaseException as error:  # noqa: B902 - anything at import time is the package's failure
        failure = _load_failure(error, entry_module, source_dir)
        unload()
        return {"ok": False, "error": failure}
    outside = _resolved_outside(module, entry_module, source_dir)
    if outside is not None:
        unload()
        return {"ok": False, "error": {"kind": "load", "type": "ImportError", "message": outside, "traceback": ""}}
    return {"ok": True, "tasks": describe_tasks(), "workflows": describe_workflows(), "triggers": describe_triggers()}


def _clear_registries():
    cloaca._task_registry.clear()
    _tasks._workflow_stack.clear()
    _workflows._workflow_registry.clear()
    _triggers._trigger_registry.clear()


def _python_mismatch(spec):
    """Why this interpreter does not satisfy the package's requires_python, or None. Release numbers and the
    PEP 440 operators (~=, ==, !=, <=, >=, <, >, with .* for == and !=); pre-release tags are not supported."""
    current = tuple(sys.version_info[:3])
    shown = ".".join(map(str, current))
    for clause in spec.split(","):
        clause = clause.strip()
        for operator_ in ("~=", "===", "==", "!=", "<=", ">=", "<", ">"):
            if clause.startswith(operator_):
                version = clause[len(operator_):].strip()
                break
        else:
            return f"requires_python {spec!r} cannot be read: clause {clause!r} has no comparison operator"
        wildcard = version.endswith(".*")
        if wildcard:
            version = version[:-2]
        try:
            wanted = tuple(int(part) for part in version.split("."))
        except ValueError:
            return f"requires_python {spec!r} cannot be read: {version!r} is not a release number such as 3.10"
        if not _version_matches(current, operator_, wanted, wildcard):
            return (f"the package requires Python {spec} (requires_python), but this backend's interpreter is "
                    f"Python {shown}")
    return None


def _version_matches(current, operator_, wanted, wildcard):
    padded = wanted + (0,) * (3 - len(wanted)) if len(wanted) < 3 else wanted
    if operator_ in ("==", "===", "!="):
        equal = current[:len(wanted)] == wanted if wildcard else current == padded[:3]
        return equal if operator_ != "!=" else not equal
    if operator_ == "~=":
        return current >= padded and current[:len(wanted) - 1] == wanted[:-1]
    return {"<=": current <= padded, ">=": current >= padded, "<": current < padded, ">": current > padded}[operator_]


def _resolved_outside(module, entry_module, source_dir):
    """Why the entry module is not the package's own, or None. A module named like one already imported (the
    bridge itself imports json, inspect, ...) or like a standard-library or installed module resolves
    to that one: the package then silently had no tasks at all."""
    where = getattr(module, "__file__", None)
    if where and _under(where, [os.path.normcase(os.path.abspath(source_dir))]):
        return None
    found = where or "a built-in module"
    return (f"entry module '{entry_module}' resolved to {found}, outside the package's source folder {source_dir}: "
            f"a module of that name was already importable (standard library, installed or built in); "
            f"rename the package's module")


def load_json(source_dir, vendor_dir, entry_module, options_json=None):
    return _dumps(load(source_dir, vendor_dir, entry_module, options_json))


def describe_tasks():
    """Every task with what the runner needs: ``workflow`` is None for the package's own (module-level)
    workflow, ``retry`` None when the task declares no policy (the host applies its default)."""
    return [
        {
            "id": entry["id"],
            "function": entry["function_name"],
            "dependencies": list(entry["dependencies"]),
            "async": entry["is_async"],
            "workflow": entry["workflow"],
            "retry": entry["retry"],
            "trigger_rule": entry["trigger_rule"],
            "on_success": entry["on_success"] is not None,
            "on_failure": entry["on_failure"] is not None,
            "handle": entry["handle"],
        }
        for entry in cloaca._task_registry.values()
    ]


def describe_workflows():
    """The workflows declared with WorkflowBuilder (the package's own workflow is the host's to name)."""
    return [workflow.to_json() for workflow in _workflows._workflow_registry.values()]


def describe_triggers():
    return [{key: value for key, value in entry.items() if key != "function"}
            for entry in _triggers._trigger_registry.values()]


def unload():
    """Restores sys.path exactly and evicts the modules loaded from the package's source and vendor folders."""
    global _package
    package = _package
    _package = None
    _clear_registries()
    if package is None:
        return True
    sys.path[:] = package.saved_path
    # Only the package's own modules go (those loaded from its source or vendor folder): standard-library
    # and site modules it happened to import first stay cached, as they would for any other importer.
    for name, module in list(sys.modules.items()):
        if name == "cloaca" or name.startswith("cloaca."):
            continue
        if _lives_under(module, package.roots):
            del sys.modules[name]
    for root in package.roots:
        for key in [k for k in sys.path_importer_cache if _under(k, [root])]:
            del sys.path_importer_cache[key]
    sys.dont_write_bytecode = package.saved_dont_write_bytecode
    importlib.invalidate_caches()
    _logs.reset_package_logging()
    return True


def _lives_under(module, roots):
    path = getattr(module, "__file__", None)
    if path:
        return _under(path, roots)
    # Namespace packages have no __file__, only __path__ entries.
    search = getattr(module, "__path__", None)
    try:
        return bool(search) and any(_under(entry, roots) for entry in list(search))
    except TypeError:
        return False


def _under(path, roots):
    try:
        full = os.path.normcase(os.path.abspath(path))
    except (TypeError, ValueError):
        return False
    return any(full == root or full.startswith(root + os.sep) for root in roots)


def _load_failure(error, entry_module, source_dir):
    # "import" reads "Import error (missing dependency?)" on the Java side: only for what really is one. The rest
    # is "load": the message says what happened, as is.
    if isinstance(error, ModuleNotFoundError) and error.name and entry_module.startswith(error.name) \
            and (entry_module == error.name or entry_module.startswith(error.name + ".")):
        return _failure(error, "load",
                        f"entry module '{entry_module}' not found in {source_dir} (No module named '{error.name}')")
    if isinstance(error, cloaca.TaskRegistrationError):
        return _failure(error, "validation", str(error))
    if isinstance(error, ImportError):
        return _failure(error, "import", _message(error))
    if isinstance(error, SyntaxError):
        return _failure(error, "load", f"syntax error while importing entry module '{entry_module}': {_message(error)}")
    return _failure(error, "load",
                    f"entry module '{entry_module}' raised {_type_name(error)} while being imported: {_message(error)}")


# -------------------------------------------------------------------------------------------- execution

# The execution id of a trigger's poll: this prefix and the trigger's name (TriggerDescriptor.executionId on the
# Java side). Task ids can never contain "::", so no task can be addressed by it.
TRIGGER_PREFIX = "::trigger::"


def execute(task_id, context):
    """``_execute`` with what the task (or trigger) wrote (``logs``, ``logs_dropped``) in the reply.

    The host's values for this execution (trace context: ``cloaca.current_traceparent()``) come out of the
    context first, under their reserved key, and are cleared when it ends: the task never sees the key, its
    output never carries it, and the next execution never sees this one's values."""
    _attempt.take_from(context)
    try:
        return _with_logs(_execute, task_id, context)
    finally:
        _attempt.clear()


def _execute(task_id, context):
    """Runs one task with a dict context; returns {"ok": True, "context": dict} or {"ok": False, "error": ...}.

    An id starting with ``::trigger::`` polls the trigger of that name instead (see _poll_trigger)."""
    if task_id.startswith(TRIGGER_PREFIX):
        return _poll_trigger(task_id[len(TRIGGER_PREFIX):])
    entry = cloaca._task_registry.get(task_id)
    if entry is None:
        known = ", ".join(sorted(cloaca._task_registry)) or "none"
        return {"ok": False, "error": {"kind": "not_found", "type": "LookupError",
                                       "message": f"Task '{task_id}' not found (known tasks: {known})",
                                       "traceback": ""}}
    ctx = TaskContext(context)
    returned, failure, refusal = _guarded("task", task_id, lambda: _call_task(entry, ctx))
    if refusal is not None:
        return refusal
    if failure is not None:
        return _failed(entry, ctx, failure)
    if returned is not None and returned is not ctx:
        if not isinstance(returned, dict):
            return _failed(entry, ctx, _validation(f"Task '{task_id}' returned {_type_name(returned)}; "
                                                   f"a task must return a dict, a cloaca.Context or None")["error"])
        if isinstance(returned, TaskContext):
            # A fresh cloaca.Context(...) is the whole output, as in Cloacina; a plain dict is merged.
            ctx = returned
        else:
            for key, value in returned.items():
                dict.__setitem__(ctx, key, value)
    problem = _first_non_json(ctx)
    if problem is not None:
        path, value, reason = problem
        return _failed(entry, ctx, _validation(
            f"Task '{task_id}' produced a value that is not JSON at '{path}': {reason}")["error"])
    if entry.get("on_success") is not None:
        _callback(entry, "on_success", entry["on_success"], task_id, _snapshot(ctx))
    return {"ok": True, "context": ctx}  # a dict subclass: json encodes it as is, no copy needed


def _failed(entry, ctx, failure):
    """The failure reply, after the task's on_failure callback (every failed attempt, with the context the body
    saw: Cloacina passes the context from before the call, and skips a wrong return type; we do not)."""
    if entry.get("on_failure") is not None and failure["kind"] not in ("interrupted", "crash", "exit"):
        error = f"Python task execution failed: {failure['type']}: {failure['message']}"
        _callback(entry, "on_failure", entry["on_failure"], entry["id"], error, _snapshot(ctx))
    return {"ok": False, "error": failure}


def _snapshot(ctx):
    try:
        return TaskContext(copy.deepcopy(dict(ctx)))
    except Exception:  # noqa: BLE001 - a value deepcopy refuses: the callback gets the values themselves
        return TaskContext(dict(ctx))


def _callback(entry, name, callback, *args):
    """Runs a callback; what it raises or returns is dropped (a line on stderr), as in Cloacina."""
    try:
        result = callback(*args)
        if inspect.iscoroutine(result):
            _run_coroutine(result)
    except Exception as error:  # noqa: BLE001 - a callback never changes the task's outcome
        print(f"cloaca: {name} callback of task '{entry['id']}' raised {_type_name(error)}: {error} "
              f"(ignored: a callback does not change the task's outcome)\n{_format_traceback(error)}",
              file=sys.stderr, end="")


def _guarded(what, name, call):
    """Runs user code (``call`` returns (returned, failure)) with the guards every execution needs: a fresh record
    of refused host exits, and the builtins check, also when an asynchronous interrupt ends it (the next execution,
    the bridge's own code included, must find builtins intact). Returns (returned, failure, refusal): a refusal is
    the whole reply, and wins (builtins replaced, or a refused exit the code swallowed)."""
    global host_exit_attempt
    host_exit_attempt = None
    try:
        returned, failure = call()
    finally:
        replaced = _replaced_builtins()
    if replaced:
        return None, None, _validation(f"{what.capitalize()} '{name}' replaced or removed builtins "
                                       f"({', '.join(replaced)}): restored for the code that follows; a {what} "
                                       f"must not change builtins")
    if failure is None and host_exit_attempt is not None:
        return None, None, {"ok": False, "error": {"kind": "crash", "type": "cloaca._host.HostExitRefused",
                                                   "message": host_exit_attempt, "traceback": ""}}
    return returned, failure, None


def _replaced_builtins(namespace=builtins.__dict__, getter=_guarded_values, before=_builtins_before,
                       names=_GUARDED_BUILTINS, _zip=zip):
    """Restores the guarded builtins a task replaced or removed; returns their names, or None when intact.
    Everything it calls is bound at definition time: the builtins themselves may be the ones replaced."""
    try:
        if getter(namespace) == before:
            return None
    except KeyError:
        pass  # one was deleted
    changed = []
    for name, value in _zip(names, before):
        if namespace.get(name) is not value:
            namespace[name] = value
            changed.append(name)
    return changed or None


def _call_task(entry, ctx):
    """Runs the task function (and its coroutine): (what it returned, None) or (None, the failure)."""
    handle = _tasks.TaskHandle(_task_id=entry["id"]) if entry.get("handle") else None
    try:
        return _call_user_code(lambda: entry["function"](ctx) if handle is None else entry["function"](ctx, handle),
                               "task")
    finally:
        if handle is not None:
            handle._consume()


def _call_user_code(call, what):
    """Calls a task or trigger function (awaiting the coroutine it returns): (what it returned, None) or (None, the
    failure). ``what`` ("task", "trigger") words the messages."""
    try:
        returned = call()
        if inspect.iscoroutine(returned):
            returned = _run_coroutine(returned)
        return returned, None
    except HostExitRefused as refused:
        return None, _failure(refused, "crash", host_exit_attempt or str(refused))
    except SystemExit as exit_:
        return None, _failure(exit_, "exit", f"{what} called sys.exit({exit_.code!r})")
    except TaskInterrupted as interrupted:
        return None, _failure(interrupted, "interrupted", f"{what} interrupted past its timeout")
    except BaseException as error:  # noqa: B902 - every failure is reported, none escapes to the host
        if host_exit_attempt is not None:
            return None, _failure(error, "crash", host_exit_attempt)
        return None, _classify(error)


def _poll_trigger(name):
    """Polls a trigger: calls its function with no arguments (awaited when async) and returns
    ``{"ok": True, "context": {"fire": bool, "context": dict or None}}``. ``TriggerResult.fire(ctx)`` fires with
    that context, ``TriggerResult.skip()`` does not fire, True/False fire with no context / skip. Anything else, an
    exception, or a fired context that is not JSON is a failure reply, as for a task (Cloacina: a failed poll)."""
    entry = _triggers._trigger_registry.get(name)
    if entry is None:
        known = ", ".join(sorted(_triggers._trigger_registry)) or "none"
        return {"ok": False, "error": {"kind": "not_found", "type": "LookupError",
                                       "message": f"Trigger '{name}' not found (known triggers: {known})",
                                       "traceback": ""}}
    returned, failure, refusal = _guarded("trigger", name, lambda: _call_user_code(entry["function"], "trigger"))
    if refusal is not None:
        return refusal
    if failure is not None:
        if failure["kind"] == "key":
            failure["kind"] = "other"  # a trigger has no context: "Context key error" would mislead
        return {"ok": False, "error": failure}
    if isinstance(returned, _triggers.TriggerResult):
        fire, fired = returned.is_fire_result(), returned._context
    elif returned is True or returned is False:
        fire, fired = returned, None
    else:
        return _validation(f"Trigger '{name}' returned {_type_name(returned)}; a trigger must return "
                           f"cloaca.TriggerResult.fire(...), cloaca.TriggerResult.skip() or a bool")
    if fired is not None:
        problem = _first_non_json(fired)
        if problem is not None:
            path, value, reason = problem
            return _validation(f"Trigger '{name}' fired a context with a value that is not JSON at '{path}': "
                               f"{reason}")
    return {"ok": True, "context": {"fire": fire, "context": fired}}


def execute_json(task_id, context_json):
    """The text form of execute, for backends that move JSON strings."""
    try:
        context = json.loads(context_json)
    except ValueError as error:
        return _dumps({"ok": False, "error": _failure(error, "validation", f"context is not valid JSON: {error}")})
    return _dumps(execute(task_id, context))


def _run_coroutine(coroutine):
    # A fresh loop per task: asyncio.run closes it and cancels stragglers, so 500 async tasks leave no
    # loops, threads or pending sub-tasks behind.
    # asyncio.run is called outside the except clause: inside it, every exception the task raises would be
    # chained to this "no running event loop" probe and the traceback would lead with bridge frames.
    import asyncio  # the standard library's: _StandardAsyncio
    try:
        asyncio.get_running_loop()
        inside_loop = True
    except RuntimeError:
        inside_loop = False
    if inside_loop:
        coroutine.close()
        raise RuntimeError("cloaca cannot run an async task from inside a running event loop")
    return asyncio.run(coroutine)


# ensure_ascii keeps lone surrogates and non-BMP characters transportable as pure ASCII escapes. One encoder for
# every reply: json.dumps with options builds a new one per call.
_REPLY_ENCODER = json.JSONEncoder(allow_nan=False, separators=(",", ":"))


def _dumps(payload):
    return _REPLY_ENCODER.encode(payload)


# --------------------------------------------------------------------------------------- JSON checking

def _first_non_json(root):
    """(path, value, reason) of the first value json cannot carry faithfully, or None.

    The common case, a clean context, takes a fast walk that builds no paths (on a 1 MB context the
    path-building walk cost more than json.dumps itself); only a suspicious tree is walked again with paths.
    """
    if _plainly_json(root):
        return None
    return _locate_non_json(root)


# The fast walk gives up (leaving the tree to the slow walk) after this many values: a context that contains
# itself would otherwise be walked for ever. Above real contexts (10 MB of records is ~1 million values); a
# bigger one is still checked, by the slower walk.
_FAST_WALK_LIMIT = 2_000_000
# Past this many values the fast walk also remembers the containers it has seen, and gives up at the first one
# seen twice: a context that contains itself then reaches the slow walk (which names the cycle) after ~100,000
# steps instead of 2 million (GraalPy, interpreted, took 11-19 s for those). Small contexts never pay for it.
_FAST_WALK_TRACK_BELOW = _FAST_WALK_LIMIT - 100_000


def _plainly_json(root):
    """True when every value is of an exact JSON type (no subclasses), every float finite, every key a str.
    The root itself may be any dict (the task's TaskContext is a dict subclass)."""
    isfinite = math.isfinite
    if not isinstance(root, dict):
        return False
    for key in root:
        if type(key) is not str:
            return False
    pending = list(dict.values(root))
    pop = pending.pop
    extend = pending.extend
    budget = _FAST_WALK_LIMIT
    seen = set()
    track_below = _FAST_WALK_TRACK_BELOW
    while pending:
        budget -= 1
        if not budget:
            return False
        value = pop()
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            continue
        if kind is float:
            if not isfinite(value):
                return False
            continue
        if kind is dict:
            if budget < track_below:
                if id(value) in seen:
                    return False  # a cycle, or a shared container: the slow walk tells them apart
                seen.add(id(value))
            for key in value:
                if type(key) is not str:
                    return False
            extend(value.values())
            continue
        if kind is list or kind is tuple:
            if budget < track_below:
                if id(value) in seen:
                    return False
                seen.add(id(value))
            extend(value)
            continue
        return False
    return True


_LEAVE = object()  # marks, on the slow walk's stack, the end of a container's children


def _locate_non_json(root):
    """The slow walk: iterative (deep trees are fine), with the key path of every value. It knows which
    containers enclose the value it looks at, so a container inside itself is reported, not walked for ever;
    one shared by several keys (legal: json writes it twice) is checked once."""
    stack = [("", root)]
    enclosing = set()
    checked = set()
    while stack:
        path, value = stack.pop()
        if path is _LEAVE:
            enclosing.discard(value)
            checked.add(value)
            continue
        if value is None or value is True or value is False or type(value) in (str, int):
            continue
        if type(value) is float:
            if not math.isfinite(value):
                return path or "<root>", value, f"{value!r} is not a JSON number (use None, or a string)"
            continue
        if isinstance(value, (dict, list, tuple)):
            if id(value) in enclosing:
                return path or "<root>", value, "a reference cycle (the value contains itself)"
            if id(value) in checked:
                continue
            enclosing.add(id(value))
            stack.append((_LEAVE, id(value)))
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    where = f"{path}.{key!r}" if path else repr(key)
                    return where, key, f"dict key of type {_type_name(key)} (JSON keys are strings)"
                stack.append((f"{path}.{key}" if path else key, item))
            continue
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                stack.append((f"{path}[{index}]", item))
            continue
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            continue  # str/int subclasses (IntEnum, ...) serialise as their base value
        if isinstance(value, float):
            if not math.isfinite(value):
                return path or "<root>", value, f"{value!r} is not a JSON number (use None, or a string)"
            continue
        return path or "<root>", value, f"{_type_name(value)} {_short_repr(value)}: {_json_advice(value)}"
    return None


def _json_advice(value):
    """What to change, for the values tasks most often return by mistake. Cloacina silently turns sets into
    lists and NaN into null; we refuse them, so the message must say what to do instead."""
    if isinstance(value, (set, frozenset)):
        return "JSON has no sets; convert the set to a sorted list"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "JSON has no bytes; decode them to str (or base64-encode binary data)"
    kind = type(value).__name__
    if kind in ("datetime", "date", "time"):
        return "convert it to a string with .isoformat()"
    if kind in ("Decimal", "UUID", "Path", "PosixPath", "WindowsPath"):
        return "convert it to a string with str()"
    return "convert it to a dict, list, str, int, float, bool or None"


def _short_repr(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# ------------------------------------------------------------------------------------------- failures

def _classify(error):
    if isinstance(error, KeyError):
        return _failure(error, "key", _message(error))
    if isinstance(error, TypeError):
        return _failure(error, "type", _message(error))
    if isinstance(error, ImportError):
        return _failure(error, "import", _message(error))
    return _failure(error, "other", _message(error))


def _validation(message):
    return {"ok": False, "error": {"kind": "validation", "type": "ValueError", "message": message, "traceback": ""}}


def _failure(error, kind, message):
    return {"kind": kind, "type": _type_name(error), "message": message, "traceback": _format_traceback(error)}


def _message(error):
    if isinstance(error, KeyError) and len(error.args) == 1 and not isinstance(error, cloaca.ContextError):
        return repr(error.args[0])
    return str(error)


def _type_name(value):
    kind = value if isinstance(value, type) else type(value)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__", None) else f"{module}.{kind.__qualname__}"


def _format_traceback(error):
    """The traceback with the bridge's own frames removed, so the first frame is the user's code."""
    frames = error.__traceback__
    while frames is not None and _is_bridge_frame(frames.tb_frame.f_code.co_filename):
        frames = frames.tb_next
    return "".join(traceback.format_exception(type(error), error, frames))


def _is_bridge_frame(filename):
    # The bridge itself and the import machinery that ran the entry module say nothing about the user's bug.
    if filename.startswith("<frozen importlib"):
        return True
    try:
        full = os.path.normcase(os.path.abspath(filename))
    except (TypeError, ValueError):
        return False
    return full == _THIS_FILE or full == _IMPORTLIB_INIT
