"""``@trigger`` and ``TriggerResult`` (Cloacina 0.12): triggers are registered and listed by discovery; the
runner decides when to poll them."""

import copy
import re

# name -> {"name", "function", "workflow", "poll_interval_ms", "cron", "timezone", "allow_concurrent"}
_trigger_registry = {}

_INTERVAL = re.compile(r"^(\d+)(ms|s|m|h)$")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}
_TOKEN = object()


class TriggerResult:
    """What a trigger function returns: ``TriggerResult.fire(context=None)`` or ``TriggerResult.skip()``."""

    __slots__ = ("_fire", "_context")

    def __init__(self, *args, _token=None, _fire=False, _context=None, **kwargs):
        if _token is not _TOKEN:
            raise TypeError("No constructor defined for TriggerResult: use TriggerResult.fire() or .skip()")
        self._fire = _fire
        self._context = _context

    @staticmethod
    def skip():
        return TriggerResult(_token=_TOKEN, _fire=False)

    @staticmethod
    def fire(context=None):
        # A copy taken now, as Cloacina takes one: later changes to the context do not reach the run.
        if context is not None and not isinstance(context, dict):
            raise TypeError(f"TriggerResult.fire expects a cloaca.Context or None, got {type(context).__name__}")
        return TriggerResult(_token=_TOKEN, _fire=True, _context=None if context is None else copy.deepcopy(dict(context)))

    def is_fire_result(self):
        return self._fire

    def is_skip_result(self):
        return not self._fire

    @property
    def context(self):
        """The context the run starts with (a plain dict), or None."""
        return None if self._context is None else copy.deepcopy(self._context)

    def __repr__(self):
        if not self._fire:
            return "TriggerResult.Skip"
        if self._context is None:
            return "TriggerResult.Fire(None)"
        from ._context import TaskContext
        return f"TriggerResult.Fire({TaskContext(self._context)!r})"


def trigger(func=None, *, name=None, on=None, poll_interval=None, cron=None, timezone=None, allow_concurrent=False):
    """Registers a trigger: a function called with no arguments that returns a TriggerResult or a bool.
    ``on`` names the workflow it starts; either ``poll_interval`` (``"30s"``, ``"500ms"``, ``"5m"``, ``"1h"``;
    default 30 s) or ``cron`` (which needs ``on``)."""
    if func is not None:
        raise TypeError("trigger() takes 0 positional arguments but 1 was given: write @cloaca.trigger(...)")
    if cron is not None and poll_interval is not None:
        raise ValueError("trigger: give either cron or poll_interval, not both")
    if cron is not None and on is None:
        raise ValueError("trigger: a cron trigger needs on= (the workflow it starts)")
    for label, value in (("name", name), ("on", on), ("cron", cron), ("timezone", timezone)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"trigger {label} must be a str, got {type(value).__name__}")
    if not isinstance(allow_concurrent, bool):
        raise TypeError(f"trigger allow_concurrent must be a bool, got {type(allow_concurrent).__name__}")
    interval_ms = None
    if cron is None:
        text = "30s" if poll_interval is None else poll_interval
        match = _INTERVAL.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"trigger: invalid poll_interval {text!r}: expected a whole number and a unit "
                             f"ms, s, m or h, such as '30s'")
        interval_ms = int(match.group(1)) * _UNIT_MS[match.group(2)]

    def register(fn):
        if not callable(fn):
            raise TypeError(f"@trigger expects a function, got {type(fn).__name__}")
        trigger_name = name or getattr(fn, "__name__", None)
        if trigger_name in _trigger_registry:
            raise ValueError(f"Duplicate trigger name '{trigger_name}'")
        _trigger_registry[trigger_name] = {
            "name": trigger_name, "function": fn, "workflow": on, "poll_interval_ms": interval_ms, "cron": cron,
            "timezone": timezone, "allow_concurrent": allow_concurrent,
        }
        return fn

    return register
