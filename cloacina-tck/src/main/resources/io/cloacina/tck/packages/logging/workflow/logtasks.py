import logging
import os
import sys

from cloaca import task

logging.getLogger("tck.import").warning("imported at load time")
print("printed at load time")

log = logging.getLogger("tck.logging")


@task
def log_levels(context):
    log.debug("a debug record")
    log.info("an info record %s", "with an argument")
    log.warning("a warning record")
    log.error("an error record")
    log.critical("a critical record")
    logging.info("a record of the root logger")
    try:
        raise ValueError("boom")  # tck:mark raise
    except ValueError:
        log.exception("caught it")
    return {"logged": True}


@task
def prints(context):
    print("hello from print ✓😀")
    sys.stdout.write("one line ")
    sys.stdout.write("in two writes\n")
    print("to stderr", file=sys.stderr)
    sys.stderr.write("stderr, first line\nstderr, second line\n")
    sys.stdout.write("a last line without a newline")


@task
def fails_after_writing(context):
    print("written before the failure")
    log.warning("logged before the failure")
    raise RuntimeError("failed after writing")


@task
def exits_after_writing(context):
    print("written before the exit")
    log.warning("logged before the exit")
    os._exit(0)


@task
def floods(context):
    # 100 MB in 1 MB lines, then 100,000 short lines (10 MB): bounded on the host's side by the budget.
    big = "x" * 1_000_000
    for _ in range(100):
        print(big)
    for index in range(100_000):
        print(f"line {index:06d} of a flood of short lines............................................")
    context["flooded"] = True
    return context
