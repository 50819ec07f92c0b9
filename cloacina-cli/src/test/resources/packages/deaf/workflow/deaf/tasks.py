"""A task that tries to make its host deaf to Ctrl-C and SIGTERM, then sleeps."""
import signal
import time

from cloaca import task


@task(id="deaf")
def deaf(context):
    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(number, signal.SIG_IGN)
        except (ValueError, OSError):
            pass  # refused (not the main interpreter, or a sandbox): nothing to prove then
    time.sleep(60)
