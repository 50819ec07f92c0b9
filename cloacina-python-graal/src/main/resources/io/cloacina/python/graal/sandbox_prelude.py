"""Run once in every GraalPy context before the package is imported, sandboxed or not.

The real enforcement is GraalVM's (no host access, no process creation, no sockets, read-only files under
the package): this prelude turns refusals that GraalPy reports as internal errors into ordinary Python
exceptions, gives asyncio an event loop that needs no socket, and keeps the JVM's process-wide state (its
signal handlers, its signals) out of every task's reach. Evaluating it yields ``install``, which the backend
calls with what the sandbox denies.
"""

import errno
import io
import os
import selectors
import threading


def _refused(what):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EPERM, f"{what} is not allowed in the Cloacina GraalPy sandbox")
    refused.__name__ = what
    return refused


class _TimerOnlySelector(selectors.BaseSelector):
    """A selector for a loop that has no file descriptors: it only sleeps until a timer is due or another
    thread wakes it (call_soon_threadsafe, run_in_executor)."""

    def __init__(self):
        self._wakeup = threading.Condition()
        self._woken = False

    def register(self, fileobj, events, data=None):
        raise PermissionError(errno.EPERM, "sockets and pipes are not allowed in the Cloacina GraalPy sandbox")

    def unregister(self, fileobj):
        raise KeyError(f"{fileobj!r} is not registered")

    def select(self, timeout=None):
        with self._wakeup:
            if not self._woken:
                self._wakeup.wait(None if timeout is None else max(timeout, 0))
            self._woken = False
        return []

    def wake(self):
        with self._wakeup:
            self._woken = True
            self._wakeup.notify_all()

    def close(self):
        pass

    def get_map(self):
        return {}


def _install_sandbox_event_loop(asyncio):
    """Makes asyncio's loops the sandbox's (run by cloaca._host once asyncio is imported: importing it costs GraalPy's
    interpreter seconds, and most packages have no async task)."""

    class _SandboxEventLoop(asyncio.SelectorEventLoop):
        """asyncio's selector loop without its self-pipe: the stock loop opens a socketpair, which the sandbox
        refuses, so every async task would fail before it started."""

        def __init__(self):
            super().__init__(_TimerOnlySelector())

        def _make_self_pipe(self):
            pass

        def _close_self_pipe(self):
            pass

        def _write_to_self(self):
            selector = self._selector
            if selector is not None:
                selector.wake()

    class _SandboxEventLoopPolicy(asyncio.DefaultEventLoopPolicy):
        _loop_factory = _SandboxEventLoop

    asyncio.set_event_loop_policy(_SandboxEventLoopPolicy())


def _refuse_sockets():
    # GraalPy reports refused sockets, name lookups and select() as internal errors, which would cost the
    # task its context; these raise PermissionError instead, with the user's own line in the traceback.
    import select
    import socket

    class RefusedSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            raise PermissionError(errno.EPERM, "sockets are not allowed in the Cloacina GraalPy sandbox")

    socket.socket = RefusedSocket
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo"):
        setattr(socket, name, _refused("socket." + name))
    select.select = _refused("select.select")


def _virtualise_signals():
    """GraalPy's signal module acts on the JVM itself: signal.signal(SIGINT, SIG_IGN) made the whole JVM ignore
    Ctrl-C and SIGTERM, alarm() and setitimer() send it SIGALRM (which ends a JVM), raise_signal() signals it.
    The host's signals are the host's: handlers a task installs are recorded per context and returned by
    getsignal (so libraries that save and restore them work) but never installed or called; what would send
    a signal to the JVM raises PermissionError. No reference to the real functions is kept where a task could
    reach it (GraalPy creates a builtin module once per context: re-importing _signal gives this same one)."""
    import _signal
    import signal

    # Only the signals GraalPy names: it fails with a Java error, not a Python one, on a number it cannot name.
    initial = {}
    for name in dir(_signal):
        if name.startswith("SIG") and not name.startswith("SIG_"):
            number = getattr(_signal, name)
            initial[number] = _signal.getsignal(number)
    handlers = dict(initial)
    ignore, default = _signal.SIG_IGN, _signal.SIG_DFL

    def _number(signalnum):
        number = int(signalnum)
        if number not in initial:
            raise ValueError(f"signal number {number} out of range")
        return number

    def getsignal(signalnum):
        return handlers[_number(signalnum)]

    def signal_(signalnum, handler):
        number = _number(signalnum)
        if handler not in (ignore, default) and not callable(handler):
            raise TypeError("signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
        previous = handlers[number]
        handlers[number] = handler
        return previous

    def refused(what):
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EPERM, f"{what} would signal the JVM that runs this task; "
                                               f"the Cloacina GraalPy backend does not allow it")
        refuse.__name__ = what.split(".")[-1]
        return refuse

    replacements = {
        "getsignal": getsignal,
        "signal": signal_,
        "raise_signal": refused("signal.raise_signal"),
        "alarm": refused("signal.alarm"),
        "setitimer": refused("signal.setitimer"),
        "pthread_kill": refused("signal.pthread_kill"),
        "siginterrupt": lambda signalnum, flag: None,
    }
    for name, function in replacements.items():
        if hasattr(_signal, name):
            setattr(_signal, name, function)
        if name not in ("getsignal", "signal") and hasattr(signal, name):
            setattr(signal, name, function)  # copied by "from _signal import *"; signal() and getsignal() wrap

    import posix
    host = os.getpid()
    real_kill = posix.kill
    real_killpg = getattr(posix, "killpg", None)

    # 0 is the JVM's own process group and -1 every process it may signal; any other negative pid is a
    # process group, which may be the JVM's (GraalPy's Java POSIX layer cannot tell: it has no getpgrp).
    def kill(pid, sig):
        if sig != 0 and (pid == host or pid <= 0):
            raise PermissionError(errno.EPERM, f"os.kill({pid}, {sig}) would signal the JVM that runs this task; "
                                               f"the Cloacina GraalPy backend does not allow it")
        return real_kill(pid, sig)

    def killpg(pgid, sig):
        if sig != 0 and pgid in (0, host):
            raise PermissionError(errno.EPERM, f"os.killpg({pgid}, {sig}) would signal the JVM's process group; "
                                               f"the Cloacina GraalPy backend does not allow it")
        return real_killpg(pgid, sig)

    for module in (os, posix):
        module.kill = kill
        if real_killpg is not None:
            module.killpg = killpg


# Functions GraalPy 25.0's Java POSIX layer does not implement: it throws a Java exception that Python cannot
# catch, so a task that merely asks os.getppid() lost its context (reported as a crash). Upstream turned them
# into io.UnsupportedOperation after 25.0; this does the same here. The list is read from GraalPy 25.0's
# EmulatedPosixSupport (always unsupported there).
_UNSUPPORTED_POSIX = ("getppid", "getpgrp", "getpgid", "setpgid", "setpgrp", "getsid", "setsid", "openpty",
                      "chown", "lchown", "fchown")


def _unsupported(name):
    def unsupported(*args, **kwargs):
        raise io.UnsupportedOperation(errno.ENOSYS, f"os.{name} is not supported by GraalPy's Java POSIX layer "
                                                    f"(the Cloacina GraalPy backend)")
    unsupported.__name__ = name
    return unsupported


def _catchable_posix_gaps(sockets_denied):
    import posix

    replacements = {name: _unsupported(name) for name in _UNSUPPORTED_POSIX if hasattr(posix, name)}
    real_access = posix.access
    real_lseek = posix.lseek

    def access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
        if effective_ids or not follow_symlinks:
            raise io.UnsupportedOperation(errno.ENOSYS, "os.access with effective_ids or follow_symlinks=False is "
                                                        "not supported by GraalPy's Java POSIX layer")
        return real_access(path, mode, dir_fd=dir_fd)

    def lseek(fd, position, how):
        if how in (getattr(os, "SEEK_DATA", None), getattr(os, "SEEK_HOLE", None)):
            raise io.UnsupportedOperation(errno.ENOSYS, "os.lseek with SEEK_DATA or SEEK_HOLE is not supported by "
                                                        "GraalPy's Java POSIX layer")
        return real_lseek(fd, position, how)

    replacements["access"] = access
    replacements["lseek"] = lseek
    if sockets_denied and hasattr(posix, "set_blocking"):
        replacements["set_blocking"] = _unsupported("set_blocking")
    for name, function in replacements.items():
        setattr(posix, name, function)
        if hasattr(os, name):
            setattr(os, name, function)


def install(processes_denied, sockets_denied):
    _virtualise_signals()
    _catchable_posix_gaps(sockets_denied)
    if processes_denied:
        # GraalPy raises a host SecurityException from os.system instead of an OSError, and subprocess
        # fails with a misleading FileNotFoundError (it cannot see the executable): both say what it is.
        import posix
        import subprocess
        os.system = posix.system = _refused("os.system")
        refuse_child = _refused("subprocess")
        subprocess.Popen._execute_child = lambda self, *args, **kwargs: refuse_child()
    if sockets_denied:
        _refuse_sockets()
        from cloaca import _host
        _host.after_asyncio_import(_install_sandbox_event_loop)


install
