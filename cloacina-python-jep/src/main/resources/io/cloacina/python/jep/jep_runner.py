"""Runs inside each Jep sub-interpreter, next to cloaca._host: arms tasks for interruption.

A Jep interpreter can only be entered by the thread that created it, so Java cannot call into it while a
task runs there. Instead a small Python thread of the same interpreter blocks on a Java queue (Jep releases
the GIL while it waits) and, when Java posts the id of an execution past its timeout or cancelled, raises
cloaca._host.TaskInterrupted asynchronously in the interpreter thread if that execution is still running.
"""

import ctypes
import json
import threading

from cloaca import _host

_lock = threading.Lock()
_running = None          # id of the execution now running in the interpreter thread, or None
_fired = None            # id of the last execution interrupted: one asynchronous exception per execution
_interpreter_ident = threading.get_ident()
_interrupter = None

_INTERRUPTED = json.dumps({"ok": False, "error": {
    "kind": "interrupted", "type": "cloaca._host.TaskInterrupted",
    "message": "task interrupted past its timeout", "traceback": ""}})


def _set_async_exc(ident, exception):
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), exception)


def _interrupt_loop(requests):
    global _fired
    while True:
        execution = int(requests.take())
        if execution < 0:
            return
        with _lock:
            if _running == execution and _fired != execution:
                _fired = execution
                _set_async_exc(_interpreter_ident, ctypes.py_object(_host.TaskInterrupted))


def start(requests):
    """Starts the interrupter thread; `requests` is a java.util.concurrent.BlockingQueue of execution ids."""
    global _interrupter
    # Not a daemon: sub-interpreters must end with no thread alive, so stop() always joins it.
    _interrupter = threading.Thread(target=_interrupt_loop, args=(requests,), name="cloacina-interrupter")
    _interrupter.start()


def stop(requests, timeout):
    if _interrupter is not None:
        requests.put(-1)
        _interrupter.join(timeout)
        return not _interrupter.is_alive()
    return True


def _disarm():
    global _running
    with _lock:
        _running = None
    # An exception posted just before disarming must not surface in the next task.
    _set_async_exc(_interpreter_ident, None)


def execute(execution, task_id, context_json):
    """_host.execute_json with the execution armed for interruption; always returns a JSON reply."""
    global _running
    reply = _INTERRUPTED
    try:
        with _lock:
            _running = execution
        reply = _host.execute_json(task_id, context_json)
    except _host.TaskInterrupted:
        reply = _INTERRUPTED
    while True:
        # The interrupter fires at most once per execution, so this loop runs at most twice.
        try:
            _disarm()
            break
        except _host.TaskInterrupted:
            reply = _INTERRUPTED
    return reply


def other_threads(wait_seconds):
    """Names of live threads the package started, after giving them wait_seconds to end: a sub-interpreter
    cannot end while one is alive."""
    import time
    deadline = time.monotonic() + wait_seconds
    me = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not me and thread is not _interrupter:
            thread.join(max(0.0, deadline - time.monotonic()))
    return ", ".join(t.name for t in threading.enumerate() if t is not me and t is not _interrupter and t.is_alive())
