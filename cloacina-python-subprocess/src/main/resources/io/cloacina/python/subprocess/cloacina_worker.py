"""Cloacina worker process: holds ONE loaded package and runs its tasks on request from the JVM.

Started as ``python -u cloacina_worker.py <folder holding cloaca/>``. Speaks length-prefixed frames (4-byte
big-endian length, then UTF-8 JSON) on private copies of its original stdin/stdout. File descriptors 0 and 1
are then pointed elsewhere so nothing a task does can corrupt the protocol: ``input()`` reads /dev/null, and
``print()`` or a C library writing to fd 1 lands in a pipe that a thread turns into
``{"type": "log", "stream": "stdout", "line": ...}`` frames; ``cloaca._logs`` records (logging calls, Python-level
``sys.stdout``/``sys.stderr`` writes) go out as ``{"type": "log", "record": ...}`` frames as they are written. stderr stays the process's stderr: the JVM reads
it directly, so a crash's last words (faulthandler's report of a segfault) survive the process.

Requests:  {"type": "load", "source_dir", "vendor_dir", "entry_module", "options"}
           {"type": "execute", "task", "context"}
           {"type": "shutdown"}
Replies:   the cloaca._host reply with "type" set to "loaded" or "result"; "error" for a request it cannot read.
"""

import faulthandler
import fcntl
import json
import os
import select
import signal
import struct
import sys
import termios
import threading
import time

_HEADER = struct.Struct(">I")
_INT = struct.Struct("i")  # the C int FIONREAD fills in
_MAX_FRAME = (1 << 31) - 1
# Written to stderr after each request: the JVM's stderr reader attributes the lines before it to that request's
# task, however late it reads them.
_STDERR_MARK = b"\x00cloacina-stderr-mark\x00\n"
_LONGEST_LINE = 64 * 1024
_PARENT_POLL_SECONDS = 1.0


class ProtocolError(Exception):
    pass


class Channel:
    """Frames over the private protocol descriptors; writes from several threads are serialised."""

    def __init__(self, in_fd, out_fd):
        self._in = open(in_fd, "rb", buffering=1 << 16)
        self._out = open(out_fd, "wb", buffering=1 << 16)
        self._lock = threading.Lock()

    def read(self):
        """The next request's JSON bytes, or None when the JVM closed our stdin."""
        header = self._in.read(_HEADER.size)
        if not header:
            return None
        if len(header) < _HEADER.size:
            raise ProtocolError("stdin closed inside a frame header")
        (length,) = _HEADER.unpack(header)
        body = self._in.read(length)
        if len(body) < length:
            raise ProtocolError(f"stdin closed inside a frame ({len(body)} of {length} bytes)")
        return body

    def write(self, payload):
        # ensure_ascii: lone surrogates a task may produce still travel, as escapes Jackson understands.
        body = json.dumps(payload, allow_nan=False, separators=(",", ":")).encode("ascii")
        if len(body) > _MAX_FRAME:
            raise ValueError(f"reply of {len(body)} bytes is larger than a frame can carry")
        with self._lock:
            self._out.write(_HEADER.pack(len(body)))
            self._out.write(body)
            self._out.flush()


class StdoutCapture:
    """Points fd 1 at a pipe and forwards what arrives there as log frames, one per line.

    The pipe is read in two places, always under one lock and never blocking: by a thread that forwards output
    written between requests (a task's leftover threads or children), and by the main thread after each request,
    which drains what is left before the reply goes out. So every line a request printed arrives before its reply,
    and a request that printed nothing costs one failed read instead of a round trip through the thread.
    """

    def __init__(self, channel):
        self._channel = channel
        read_fd, write_fd = os.pipe()
        os.dup2(write_fd, 1)  # dup2 leaves fd 1 inheritable: a task's child processes print here too
        os.close(write_fd)
        os.set_blocking(read_fd, False)  # only the read end: writers to fd 1 still block on a full pipe
        self._read_fd = read_fd
        self._lock = threading.Lock()  # one reader at a time, and what it read emitted before the next reads
        self._pending = b""
        self._closed = False
        threading.Thread(target=self._pump, name="cloacina-stdout", daemon=True).start()

    def sync(self):
        """Sends everything written to fd 1 so far (a last line without a newline too); marks the end on fd 2."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass  # a task replaced or closed the stream; nothing of ours to flush
        try:
            os.write(2, _STDERR_MARK)
        except OSError:
            pass
        with self._lock:
            # Only what is in the pipe now: a thread the task left printing non-stop must not hold back the reply.
            self._drain(self._unread())
            if self._pending:
                self._emit(self._pending)  # a partial last line the task left without a newline
                self._pending = b""

    def _pump(self):
        readable = select.poll()  # poll, not select: no limit on the descriptor's number
        readable.register(self._read_fd, select.POLLIN)
        while True:
            try:
                readable.poll()  # also returns once every writer is gone (POLLHUP); the read then sees the end
            except OSError:
                return
            with self._lock:
                self._drain(1 << 16)  # one chunk per turn, so the main thread's sync is never locked out
                if self._closed:
                    if self._pending:
                        self._emit(self._pending)
                        self._pending = b""
                    return

    def _unread(self):
        """How many bytes wait in the pipe (FIONREAD); a generous bound if the system cannot say."""
        try:
            return _INT.unpack(fcntl.ioctl(self._read_fd, termios.FIONREAD, bytes(_INT.size)))[0]
        except OSError:
            return 1 << 20

    def _drain(self, limit):
        """Reads (holding the lock) up to limit bytes, or until the pipe is empty, emitting every complete line."""
        while limit > 0 and not self._closed:
            try:
                chunk = os.read(self._read_fd, min(limit, 1 << 16))
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                self._closed = True  # every writer of fd 1 is gone
                return
            limit -= len(chunk)
            self._pending = self._split(self._pending + chunk)

    def _split(self, pending):
        """Emits every complete line of pending (scanning by index: no copy per line); returns the rest."""
        start = 0
        while True:
            newline = pending.find(b"\n", start)
            if newline < 0:
                break
            self._emit(pending[start:newline])
            start = newline + 1
        rest = pending[start:]
        if len(rest) > _LONGEST_LINE:
            # A huge line without a newline: forward it in pieces rather than hold it all.
            self._emit(rest)
            return b""
        return rest

    def _emit(self, raw):
        line = raw.decode("utf-8", errors="replace")
        if line.endswith("\r"):
            line = line[:-1]
        try:
            self._channel.write({"type": "log", "stream": "stdout", "line": line})
        except (OSError, ValueError):
            pass  # the JVM is gone; the main loop will notice


def _take_over_standard_streams():
    """Keeps private copies of fds 0 and 1 for the protocol and gives tasks harmless ones instead."""
    protocol_in = os.dup(0)   # os.dup makes non-inheritable descriptors: a task's children never see them
    protocol_out = os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return protocol_in, protocol_out


def _configure_text_streams():
    # The JVM decodes both streams as UTF-8 whatever the machine's locale says.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace", line_buffering=True)
        except (AttributeError, ValueError):
            pass


def _ignore_interrupts():
    # Ctrl-C in a terminal reaches the whole process group; the JVM decides when workers stop, not the
    # keyboard. A Python-level no-op handler (not SIG_IGN) so that processes a task starts get the default.
    signal.signal(signal.SIGINT, lambda signum, frame: None)


def _exit_with_parent():
    """Ends this worker when the JVM is gone, even if it died too hard to run its shutdown hook."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(_PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(70)

    threading.Thread(target=watch, name="cloacina-parent-watch", daemon=True).start()


def _put_cloaca_on_path(cloaca_folder):
    # 'python script.py' put this script's own folder first on sys.path; the package must not see it.
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        del sys.path[0]
    sys.path.insert(0, cloaca_folder)


def _finish(exit_code):
    """Leaves without waiting for threads a task may have left behind, after running atexit hooks."""
    run_exit_functions = getattr(__import__("atexit"), "_run_exitfuncs", None)
    if run_exit_functions is not None:
        try:
            run_exit_functions()
        except BaseException:  # noqa: B902 - a broken hook must not keep the worker alive
            pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(exit_code)


def _validation(reply_type, error, what):
    message = f"{what}: {type(error).__name__}: {error}"
    return {"type": reply_type, "ok": False,
            "error": {"kind": "validation", "type": type(error).__name__, "message": message, "traceback": ""}}


def _decode(body):
    """The request as a dict, or the reply that says why it cannot be read (too deeply nested for Python)."""
    try:
        return json.loads(body), None
    except (ValueError, RecursionError) as error:
        kind = "loaded" if b'"type":"load"' in body[:64] else "result"
        return None, _validation(kind, error, "the request could not be decoded by Python's json module")


def serve(channel, capture, host):
    while True:
        body = channel.read()
        if body is None:
            return 0
        request, refusal = _decode(body)
        if refusal is not None:
            channel.write(refusal)
            continue
        kind = request.get("type")
        if kind == "execute":
            reply = host.execute(request["task"], request["context"])
            capture.sync()
            reply["type"] = "result"
            try:
                channel.write(reply)
            except (TypeError, ValueError, RecursionError) as error:
                channel.write(_validation("result", error, "the task's output context could not be encoded as JSON"))
        elif kind == "load":
            reply = host.load(request["source_dir"], request.get("vendor_dir"), request["entry_module"],
                              request.get("options"))
            capture.sync()
            reply["type"] = "loaded"
            channel.write(reply)
        elif kind == "shutdown":
            host.unload()
            return 0
        else:
            channel.write({"type": "error", "message": f"unknown request type {kind!r}"})


def main(argv):
    if len(argv) != 2:
        print("usage: cloacina_worker.py <folder holding the cloaca package>", file=sys.stderr)
        return 2
    protocol_in, protocol_out = _take_over_standard_streams()
    channel = Channel(protocol_in, protocol_out)
    capture = StdoutCapture(channel)
    _configure_text_streams()
    _ignore_interrupts()
    faulthandler.enable(file=sys.stderr, all_threads=False)  # the crashing thread is the one that matters
    _exit_with_parent()
    _put_cloaca_on_path(argv[1])
    from cloaca import _host
    # logging records and sys.stdout/sys.stderr lines leave as they are written: a worker that dies mid-task
    # has already sent what it wrote.
    _host._logs.stream_to(lambda record: channel.write({"type": "log", "record": record}))
    return serve(channel, capture, _host)


if __name__ == "__main__":
    try:
        code = main(sys.argv)
    except BaseException:  # noqa: B902 - report, then leave without waiting for a task's threads
        import traceback
        traceback.print_exc()
        code = 1
    _finish(code)
