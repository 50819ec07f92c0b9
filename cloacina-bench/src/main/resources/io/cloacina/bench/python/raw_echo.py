"""The subprocess backend's raw channel: the same pipes and framing, nothing else.

Reads frames of a 4-byte big-endian length and UTF-8 JSON from stdin, applies the trivial task to the
decoded dict, and writes the result back as one frame, encoded as the worker encodes its replies.
"""

import json
import struct
import sys

from bench_tasks import increment

_HEADER = struct.Struct(">I")


def main():
    source = open(sys.stdin.fileno(), "rb", buffering=1 << 16, closefd=False)
    sink = open(sys.stdout.fileno(), "wb", buffering=1 << 16, closefd=False)
    while True:
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        (length,) = _HEADER.unpack(header)
        context = json.loads(source.read(length))
        body = json.dumps(increment(context), allow_nan=False, separators=(",", ":")).encode("ascii")
        sink.write(_HEADER.pack(len(body)))
        sink.write(body)
        sink.flush()


if __name__ == "__main__":
    main()
