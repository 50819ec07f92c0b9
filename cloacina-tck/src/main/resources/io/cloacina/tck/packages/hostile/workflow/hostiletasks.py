"""What careless (or hostile) task code does to the process it runs in; the kit checks the host shrugs it off."""
import os
import signal
import subprocess

from cloaca import task


@task
def exits_hard(context):
    os._exit(0)


@task
def reads_stdin(context):
    try:
        context["read"] = input()
    except EOFError:
        context["eof"] = True


@task
def ignores_sigint(context):
    outcomes = {}
    for name, number in (("INT", signal.SIGINT), ("TERM", signal.SIGTERM)):
        try:
            signal.signal(number, signal.SIG_IGN)
            outcomes[name] = "changed"
        except (ValueError, OSError) as refused:  # not the main thread, or refused by a sandbox
            outcomes[name] = f"{type(refused).__name__}: {refused}"
    context["outcomes"] = outcomes


@task
def sets_environment(context):
    try:
        os.environ["CLOACINA_TCK_LEAK"] = "leaked"
    except OSError as refused:  # a sandbox may refuse it: nothing can leak then
        context["refused"] = f"{type(refused).__name__}: {refused}"


@task
def reads_environment(context):
    context["leak"] = os.environ.get("CLOACINA_TCK_LEAK")


@task
def spawns_sleeper(context):
    try:
        context["pid"] = subprocess.Popen(["sleep", "600"]).pid
    except (PermissionError, FileNotFoundError, OSError) as refused:
        context["refused"] = f"{type(refused).__name__}: {refused}"


@task
def pollutes_builtins(context):
    import builtins
    builtins.len = lambda value: 0


@task
def measures(context):
    context["length"] = len(context["items"])
