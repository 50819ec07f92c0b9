"""What a package writes for people: ``logging`` records and ``print``/``sys.stdout``/``sys.stderr`` lines, collected
for the host, which logs them through SLF4J (``io.cloacina.bridge.PythonLogs``) on every backend alike.

A handler on the root logger and two line-buffered stream proxies put each record into one collector as a small
dict: ``n`` the Python logger's name (``sys.stdout`` and ``sys.stderr`` for the streams), ``l`` its level number,
``m`` the message, ``x`` the exception of ``exc_info`` (type, message, frames, formatted traceback, cause), and
``o`` set for a record written outside a task (a thread the task left running). The bridge takes them after each
load and execution and returns them in its reply under ``logs``; a backend that can stream them as they are written
(the subprocess worker, so that a process that dies keeps what it wrote) sets a sink instead.

Bounded: each execution (and each stretch between two) may write ``budget`` characters; the rest is counted
(``logs_dropped`` in the reply), never kept, so a task printing 100 MB costs time, not memory.
"""

import io
import json
import logging
import sys
import threading
import traceback

STDOUT = "sys.stdout"
STDERR = "sys.stderr"
DEFAULT_BUDGET = 8 * 1024 * 1024
_LONGEST_LINE = 64 * 1024
_CAUSE_DEPTH = 5
_RECORD_OVERHEAD = 48  # roughly what a record costs beyond its text: a huge number of empty lines still counts


class _Collector:
    def __init__(self):
        self.records = []
        self.used = 0
        self.dropped = 0
        self.budget = DEFAULT_BUDGET
        self.sink = None
        self.active = False
        self.lock = threading.Lock()

    def admit(self, size):
        """Whether a record of size characters fits this stretch's budget; counts it as dropped if not."""
        with self.lock:
            if self.used + size > self.budget:
                self.dropped += 1
                return False
            self.used += size
            return True

    def add(self, record):
        if not self.active:
            record["o"] = 1
        sink = self.sink
        if sink is None:
            self.records.append(record)
            return
        try:
            sink(record)
        except Exception:  # noqa: BLE001 - the host is gone or the record cannot travel: nothing to tell
            pass

    def take(self):
        if not self.records and not self.dropped and not self.used:
            return [], 0  # nothing was written: no lock to take
        with self.lock:
            records, self.records = self.records, []
            dropped, self.dropped = self.dropped, 0
            self.used = 0
        return records, dropped


_collector = _Collector()


def _type_name(value):
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__", None) else f"{module}.{kind.__qualname__}"


def _safe_str(value):
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - a broken __str__ must not lose the record
        return f"<{_type_name(value)} whose str() failed>"


def describe_exception(error, depth=0, seen=None):
    """The exception as the host rebuilds it: type, message, frames (module, function, file, line; outermost
    first), the formatted traceback (top level only: it already shows the chain) and its cause."""
    seen = seen if seen is not None else set()
    seen.add(id(error))
    frames = []
    for frame, line in traceback.walk_tb(error.__traceback__):
        code = frame.f_code
        frames.append([_safe_str(frame.f_globals.get("__name__", "?")), code.co_name, code.co_filename, line or 0])
    described = {"type": _type_name(error), "message": _safe_str(error), "frames": frames}
    if depth == 0:
        try:
            described["traceback"] = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        except Exception:  # noqa: BLE001
            described["traceback"] = ""
    cause = error.__cause__ if error.__cause__ is not None else (
        None if error.__suppress_context__ else error.__context__)
    if cause is not None and depth < _CAUSE_DEPTH and id(cause) not in seen:
        described["cause"] = describe_exception(cause, depth + 1, seen)
    return described


class _Handler(logging.Handler):
    """Every record that reaches the root logger, at the level the host asked for."""

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - bad %-arguments: the template is still worth seeing
            message = _safe_str(record.msg)
        if record.stack_info:
            message = f"{message}\n{record.stack_info}"
        entry = {"n": record.name, "l": record.levelno, "m": message}
        size = len(message) + len(record.name) + _RECORD_OVERHEAD
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            entry["x"] = described = describe_exception(error)
            size += len(described.get("traceback", ""))
        if _collector.admit(size):
            _collector.add(entry)

    def handleError(self, record):
        pass  # logging's default prints to sys.stderr: that is us


class _LineStream(io.TextIOBase):
    """sys.stdout or sys.stderr: whole lines become records (INFO or WARNING); a partial line waits for its newline,
    the end of the execution, or 64 KiB. Anything beyond text writing is the original stream's (fileno, buffer)."""

    def __init__(self, name, level, original):
        super().__init__()
        self._name = name
        self._level = level
        self._original = original
        self._pending = ""
        self._cut = False  # a line over 64 KiB was sent in part: its newline must not make an empty line
        self._lock = threading.Lock()

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self._original.fileno()

    def __getattr__(self, name):
        return getattr(self._original, name)

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        with self._lock:
            pending = self._pending + text if self._pending else text
            start = 0
            while True:
                newline = pending.find("\n", start)
                if newline < 0:
                    break
                if newline > start or not self._cut:
                    self._line(pending[start:newline])
                self._cut = False
                start = newline + 1
            rest = pending[start:]
            if len(rest) > _LONGEST_LINE:
                self._line(rest)
                self._cut = True
                rest = ""
            self._pending = rest
        return len(text)

    def flush(self):
        pass  # line-buffered: a partial line goes out with its newline or at the end of the execution

    def finish_line(self):
        if not self._pending:
            return  # the usual case, checked without the lock: a write racing this one ends its own line later
        with self._lock:
            if self._pending:
                self._line(self._pending)
                self._pending = ""

    def _line(self, line):
        if line.endswith("\r"):
            line = line[:-1]
        if _collector.admit(len(line) + _RECORD_OVERHEAD):
            _collector.add({"n": self._name, "l": self._level, "m": line})


_handler = _Handler()
_streams = []


def install(level=logging.DEBUG, budget=DEFAULT_BUDGET):
    """Puts the handler on the root logger (at ``level``, the finest the host will log) and the proxies in place of
    sys.stdout and sys.stderr. Called by every load; idempotent."""
    root = logging.getLogger()
    if _handler not in root.handlers:
        root.addHandler(_handler)
    root.setLevel(level)
    _collector.budget = budget
    if not (isinstance(sys.stdout, _LineStream) and isinstance(sys.stderr, _LineStream)):
        _streams[:] = [_LineStream(STDOUT, logging.INFO, sys.stdout), _LineStream(STDERR, logging.WARNING, sys.stderr)]
        sys.stdout, sys.stderr = _streams


def reset_package_logging():
    """After unload: handlers the package put on the root logger go (they would hold its objects and repeat every
    record), and the root's level is the host's again. Loggers it created stay, as Python keeps them anyway."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler is not _handler:
            root.removeHandler(handler)


def stream_to(sink):
    """Sends every record to ``sink`` as it is written instead of keeping it for the reply."""
    _collector.sink = sink


def stream_json_to(sink):
    """Like stream_to, each record as JSON text (for hosts that take strings best: GraalPy's Java side)."""
    dumps = json.dumps
    stream_to(lambda record: sink(dumps(record, separators=(",", ":"))))


def begin():
    """An execution (or load) starts: what is written from now on is its own, with a fresh budget."""
    _finish_lines()
    _collector.active = True


def end():
    """The execution ended: its records (with those written before it, outside any task) and the dropped count."""
    _finish_lines()
    _collector.active = False
    return _collector.take()


def abandon():
    """The execution ended without a reply (interrupted): its records wait for the next reply."""
    _finish_lines()
    _collector.active = False


def _finish_lines():
    for stream in _streams:
        stream.finish_line()
