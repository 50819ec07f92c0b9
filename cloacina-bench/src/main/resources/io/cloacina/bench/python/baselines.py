"""CPython-only baselines for the Cloacina benchmarks, driven by the JVM over a line protocol.

Each request is one line; the reply is one line starting with "ok" (or "error ..."). The timed loops run
here, in Python, so that one request amortises the pipe round trip over many repetitions:

    floor REPS          REPS x (json.loads of {"n": 1}, the trivial task, json.dumps): the in-process floor
    json PATH REPS      REPS x (json.dumps + json.loads) of the context in the file PATH (read once, cached)
    spin                one call of the CPU-bound task body (to check its duration)
    quit
"""

import json
import sys

from bench_tasks import increment, spin

_TRIVIAL = '{"n":1}'
_cache = {}


def floor(reps):
    out = None
    for _ in range(reps):
        out = json.dumps(increment(json.loads(_TRIVIAL)), separators=(",", ":"))
    return out


def json_round_trip(path, reps):
    data = _cache.get(path)
    if data is None:
        with open(path, "rb") as f:
            data = json.loads(f.read())
        _cache.clear()  # one size at a time: a 10 MB context is big enough to keep only one
        _cache[path] = data
    size = 0
    for _ in range(reps):
        text = json.dumps(data, separators=(",", ":"))
        size = len(json.loads(text)["records"])
    return size


def main():
    out = sys.stdout
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        command = parts[0]
        try:
            if command == "floor":
                reply = floor(int(parts[1]))
            elif command == "json":
                reply = json_round_trip(parts[1], int(parts[2]))
            elif command == "spin":
                reply = spin({"n": 0})["n"]
            elif command == "quit":
                return
            else:
                reply = None
                out.write(f"error unknown command {command!r}\n")
                out.flush()
                continue
        except Exception as error:  # noqa: B902 - tell the JVM instead of dying silently
            out.write(f"error {type(error).__name__}: {error}\n")
            out.flush()
            continue
        out.write(f"ok {reply}\n")
        out.flush()


if __name__ == "__main__":
    main()
