"""A Cloacina-format task that declares no retry policy: it gets Cloacina's default unless the run says otherwise."""
import cloaca


@cloaca.task(id="flaky")
def flaky(context):
    raise ConnectionError("database unavailable")
