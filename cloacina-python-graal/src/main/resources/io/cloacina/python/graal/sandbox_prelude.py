"""Run once in every sandboxed GraalPy context before the package is imported.

The real enforcement is GraalVM's (no host access, no process creation, no sockets, read-only files under
the package): this prelude only turns refusals that GraalPy reports as internal errors into ordinary
Python exceptions, and gives asyncio an event loop that needs no socket. Evaluating it yields ``install``,
which the backend calls with what the sandbox denies.
"""

import asyncio
import errno
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


def install(processes_denied, sockets_denied):
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
        asyncio.set_event_loop_policy(_SandboxEventLoopPolicy())


install
