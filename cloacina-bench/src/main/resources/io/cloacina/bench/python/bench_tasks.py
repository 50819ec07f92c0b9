"""Task bodies shared by the benchmark package and the raw baselines, so both run exactly the same code."""


def increment(context):
    """The trivial task: {"n": 1} in, n + 1 out; any other keys travel through untouched."""
    context["n"] = context["n"] + 1
    return context


def spin(context):
    """A CPU-bound task of about 5 ms of pure-Python work on CPython (no I/O, holds the GIL throughout)."""
    total = 0
    for i in range(45_000):
        total = (total + i * i) % 1_000_003
    context["n"] = context.get("n", 0) + 1
    context["spin"] = total
    return context
