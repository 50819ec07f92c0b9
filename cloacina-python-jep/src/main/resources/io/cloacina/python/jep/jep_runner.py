"""Runs inside each Jep sub-interpreter, next to cloaca._host: arms tasks for interruption.

A Jep interpreter can only be entered by the thread that created it, so Java cannot call into it while a
task runs there. Instead a small Python thread of the same interpreter watches an 8-byte slot of memory
shared with Java (a memory-mapped file): when Java writes there the id of an execution past its timeout or
cancelled, and that execution is still running, it raises cloaca._host.TaskInterrupted asynchronously in
the interpreter thread. The watcher never calls into Java: a Python thread that calls Java stays attached to
the JVM after it ends, one leaked JVM thread per loaded package.

The watcher polls while tasks run and for a short while after (_IDLE_POLLS), then sleeps until the next task
arms it. A task that finds it polling does not wake it, so back-to-back short tasks cost no thread wake-up
(and no wait for the GIL the woken watcher would want) each.
"""

import ctypes
import io
import json
import mmap
import os
import struct
import subprocess
import sys
import threading
import time

from cloaca import _host

_POLL_SECONDS = 0.01
_IDLE_POLLS = 10         # polls in a row with no task running before the watcher goes to sleep
_lock = threading.Lock()
_running = None          # id of the execution now running in the interpreter thread, or None
_fired = None            # id of the last execution interrupted: one asynchronous exception per execution
_armed = threading.Event()  # set while the watcher polls; changed only under _lock
_stopping = False
_slot = None
_interpreter_ident = threading.get_ident()
_interrupter = None

_INTERRUPTED = json.dumps({"ok": False, "error": {
    "kind": "interrupted", "type": "cloaca._host.TaskInterrupted",
    "message": "task interrupted past its timeout", "traceback": ""}})


def _set_async_exc(ident, exception):
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), exception)


def _requested():
    return struct.unpack_from("=q", _slot, 0)[0]


def _interrupt_loop():
    global _fired
    idle_polls = 0
    while True:
        _armed.wait()
        if _stopping:
            return
        time.sleep(_POLL_SECONDS)
        wanted = _requested()
        with _lock:
            if _running is not None and wanted == _running and _fired != wanted:
                _fired = wanted
                _set_async_exc(_interpreter_ident, ctypes.py_object(_host.TaskInterrupted))
            idle_polls = 0 if _running is not None else idle_polls + 1
            if idle_polls >= _IDLE_POLLS and not _stopping:
                # Under the lock, like stop(): a stop that came in this poll is not cleared away (the watcher
                # would then sleep for ever and its sub-interpreter could never end).
                idle_polls = 0
                _armed.clear()


def _guard_the_host():
    """Turns what would end or signal the JVM into a task error (cloaca._host.HostExitRefused, reported as
    WorkerCrashed). The sub-interpreter shares the JVM's process: os._exit(0) from a task would end the JVM with
    status 0, its dependents never run and `cloacina run ... && deploy` would deploy. This guards careless
    code, not hostile code: ctypes can still reach libc (the Jep backend is not a sandbox, see the README).
    Each sub-interpreter has its own os and posix modules, so this is done in every one of them."""
    import os
    import posix
    import signal

    host = os.getpid()

    def signal_name(number):
        try:
            return signal.Signals(number).name
        except (ValueError, TypeError):
            return str(number)

    def refuse(call, why):
        _host.refuse_host_exit(f"{call} {why}; the Jep backend runs tasks inside the JVM, so it was refused "
                               f"and the task reported as crashed")

    def _exit(status):
        refuse(f"os._exit({status!r})", "would end the JVM")

    def abort():
        refuse("os.abort()", "would abort the JVM")

    def hits_host(pid):
        # 0 is our own process group, -1 every process we may signal, -pgid a whole group.
        return pid in (host, 0, -1) or (pid < -1 and -pid == os.getpgrp())

    real_kill = posix.kill
    real_killpg = posix.killpg

    def kill(pid, sig):
        if sig != 0 and hits_host(pid):
            refuse(f"os.kill({pid}, {signal_name(sig)})", "would signal the JVM")
        return real_kill(pid, sig)

    def killpg(pgid, sig):
        if sig != 0 and pgid in (0, os.getpgrp()):
            refuse(f"os.killpg({pgid}, {signal_name(sig)})", "would signal the JVM's process group")
        return real_killpg(pgid, sig)

    def raise_signal(sig):
        refuse(f"signal.raise_signal({signal_name(sig)})", "would signal the JVM")

    def pthread_kill(thread_id, sig):
        if sig != 0:
            refuse(f"signal.pthread_kill(..., {signal_name(sig)})", "would signal a JVM thread")

    for module in (os, posix):
        module._exit = _exit
        module.abort = abort
        module.kill = kill
        module.killpg = killpg
    import _signal
    for module in (signal, _signal):
        module.raise_signal = raise_signal
        module.pthread_kill = pthread_kill


# --------------------------------------------------------------------------- what a task leaves behind

# The process environment is the JVM's: a sub-interpreter's os.environ writes through to it (putenv), so one
# package's changes were seen by every later package. Each task's changes are undone when it ends. The check
# is one C-level dict copy and compare (~1 us), the restore runs only when something changed.
_environ_data = os.environ._data
_children = []  # Popen objects a task started and that may still run


def _track_children():
    """Records every child process a task starts (subprocess.Popen, which subprocess.run and friends use), so
    that none outlives its task: in the subprocess backend they die with the worker; here they would outlive
    the JVM."""
    original_init = subprocess.Popen.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        _children.append(self)

    subprocess.Popen.__init__ = __init__


def _end_children():
    """Kills (SIGKILL) and reaps the children the task started that are still running."""
    while _children:
        child = _children.pop()
        try:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=5)
        except Exception:  # noqa: BLE001 - a child that is already gone or unreapable must not fail the task
            pass


def _restore_environ(before):
    for key in [k for k in _environ_data if k not in before]:
        del _environ_data[key]
        os.unsetenv(key)
    for key, value in before.items():
        if _environ_data.get(key) != value:
            _environ_data[key] = value
            os.putenv(key, value)


def start(slot_path):
    """Guards the host's process, maps Java's interrupt slot and starts the watcher thread."""
    global _slot, _interrupter
    _guard_the_host()
    _track_children()
    # The JVM's standard input is not a task's: input() in a task ends with EOFError instead of blocking the
    # interpreter in a read that no interrupt reaches (or eating what the host reads from stdin).
    sys.stdin = io.StringIO("")
    with open(slot_path, "r+b") as file:
        _slot = mmap.mmap(file.fileno(), 8)
    # Not a daemon: a sub-interpreter must end with no other thread alive, so stop() always joins it.
    _interrupter = threading.Thread(target=_interrupt_loop, name="cloacina-interrupter")
    _interrupter.start()


def stop(timeout):
    """Ends the watcher; True when it is gone."""
    global _stopping
    _end_children()
    if _interrupter is None:
        return True
    with _lock:
        _stopping = True
        _armed.set()
    _interrupter.join(timeout)
    if _interrupter.is_alive():
        return False
    _slot.close()
    return True


def _arm(execution):
    global _running
    with _lock:
        _running = execution
        if not _armed.is_set():
            _armed.set()


def _disarm():
    global _running
    with _lock:
        fired = _fired is not None and _fired == _running
        _running = None
    if fired:
        # An exception posted just before disarming must not surface in the next task.
        _set_async_exc(_interpreter_ident, None)


def execute(execution, task_id, context_json):
    """_host.execute_json with the execution armed for interruption; always returns a JSON reply. What the task
    changed in the process environment is undone, and the child processes it left running are killed."""
    reply = _INTERRUPTED
    environ_before = _environ_data.copy()
    try:
        _arm(execution)
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
    if reply is _INTERRUPTED:
        reply = _with_pending_logs(reply)
    if _children:
        _end_children()
    if _environ_data != environ_before:
        _restore_environ(environ_before)
    return reply


def _with_pending_logs(reply_json):
    """The interrupted task's reply with what it wrote before the interrupt (kept by cloaca._logs)."""
    records, dropped = _host._logs.end()
    if not records and not dropped:
        return reply_json
    reply = json.loads(reply_json)
    reply["logs"] = records
    if dropped:
        reply["logs_dropped"] = dropped
    return json.dumps(reply)


def load(execution, source_dir, vendor_dir, entry_module, options_json=None):
    """_host.load_json with the import armed for interruption, so an entry module that never finishes
    importing can be stopped at the load timeout. Children started while importing do not outlive it."""
    reply = None
    environ_before = _environ_data.copy()
    try:
        _arm(execution)
        reply = _host.load_json(source_dir, vendor_dir, entry_module, options_json)
    except _host.TaskInterrupted:
        reply = None
    while True:
        try:
            _disarm()
            break
        except _host.TaskInterrupted:
            reply = None
    _end_children()
    if _environ_data != environ_before:
        _restore_environ(environ_before)
    if reply is None or _fired == execution:
        _host.unload()
        reply = json.dumps({"ok": False, "error": {
            "kind": "load", "type": "cloaca._host.TaskInterrupted",
            "message": f"entry module '{entry_module}' did not finish importing within the load timeout",
            "traceback": ""}})
    return reply


def other_threads(wait_seconds):
    """Names of live threads the package started, after giving them wait_seconds to end: a sub-interpreter
    cannot end while one is alive."""
    deadline = time.monotonic() + wait_seconds
    me = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not me and thread is not _interrupter:
            thread.join(max(0.0, deadline - time.monotonic()))
    return ", ".join(t.name for t in threading.enumerate() if t is not me and t is not _interrupter and t.is_alive())
