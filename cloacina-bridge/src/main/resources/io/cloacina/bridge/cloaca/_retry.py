"""Retry policies: Cloacina 0.12's ``RetryPolicy`` value objects and the ``retry_*`` keywords of ``@task``.

A policy is immutable. ``to_json()`` is the form the host reads at discovery (delays in milliseconds); the
runner, not Python, decides when to retry.
"""

import random

# Cloacina's RetryPolicy::default(): 3 runs in all, exponential from 1 s, capped at 60 s, with jitter, any error.
_DEFAULT = {
    "max_attempts": 3,
    "backoff": {"type": "exponential", "base": 2.0, "multiplier": 1.0},
    "initial_delay_ms": 1000,
    "max_delay_ms": 60000,
    "jitter": True,
    "conditions": [{"type": "all"}],
}

_BACKOFF_NAMES = ("fixed", "linear", "exponential")
_CONDITION_NAMES = ("never", "transient", "all")
_CONDITION_TYPES = {"never": "never", "transient": "transient", "all": "all"}

_TOKEN = object()  # only this module builds the value objects; Cloacina's have no Python constructor either


def _no_constructor(cls):
    raise TypeError(f"No constructor defined for {cls.__name__}: use {cls.__name__}'s static methods")


class BackoffStrategy:
    """How the delay grows between attempts: ``fixed()``, ``linear(multiplier)``, ``exponential(base, multiplier)``."""

    __slots__ = ("_json",)

    def __init__(self, *args, _token=None, _json=None, **kwargs):
        if _token is not _TOKEN:
            _no_constructor(BackoffStrategy)
        self._json = _json

    @staticmethod
    def fixed():
        return BackoffStrategy(_token=_TOKEN, _json={"type": "fixed"})

    @staticmethod
    def linear(multiplier):
        return BackoffStrategy(_token=_TOKEN, _json={"type": "linear", "multiplier": _number("multiplier", multiplier)})

    @staticmethod
    def exponential(base, multiplier=None):
        return BackoffStrategy(_token=_TOKEN, _json={
            "type": "exponential", "base": _number("base", base),
            "multiplier": 1.0 if multiplier is None else _number("multiplier", multiplier)})

    def to_json(self):
        return dict(self._json)

    def __eq__(self, other):
        return isinstance(other, BackoffStrategy) and other._json == self._json

    def __hash__(self):
        return hash(tuple(sorted(self._json.items())))

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._json.items() if k != "type")
        return f"BackoffStrategy.{self._json['type']}({args})"


class RetryCondition:
    """Which errors are retried: ``never()``, ``transient_only()``, ``all_errors()``, ``error_pattern([...])``."""

    __slots__ = ("_json",)

    def __init__(self, *args, _token=None, _json=None, **kwargs):
        if _token is not _TOKEN:
            _no_constructor(RetryCondition)
        self._json = _json

    @staticmethod
    def never():
        return RetryCondition(_token=_TOKEN, _json={"type": "never"})

    @staticmethod
    def transient_only():
        return RetryCondition(_token=_TOKEN, _json={"type": "transient"})

    @staticmethod
    def all_errors():
        return RetryCondition(_token=_TOKEN, _json={"type": "all"})

    @staticmethod
    def error_pattern(patterns):
        if isinstance(patterns, str) or not all(isinstance(p, str) for p in patterns):
            raise TypeError("error_pattern expects a list of strings")
        return RetryCondition(_token=_TOKEN, _json={"type": "error_pattern", "patterns": list(patterns)})

    def to_json(self):
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self._json.items()}

    def __eq__(self, other):
        return isinstance(other, RetryCondition) and other._json == self._json

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        return f"RetryCondition({self._json!r})"


class RetryPolicy:
    """An immutable retry policy. ``max_attempts`` counts every run, the first included (Cloacina's meaning);
    ``initial_delay`` and ``max_delay`` are in seconds."""

    __slots__ = ("_json",)

    def __init__(self, *args, _token=None, _json=None, **kwargs):
        if _token is not _TOKEN:
            _no_constructor(RetryPolicy)
        self._json = _json

    @staticmethod
    def default():
        return RetryPolicy(_token=_TOKEN, _json=_copy(_DEFAULT))

    @staticmethod
    def builder():
        return RetryPolicyBuilder(_token=_TOKEN, _json=_copy(_DEFAULT))

    @property
    def max_attempts(self):
        return self._json["max_attempts"]

    @property
    def initial_delay(self):
        return self._json["initial_delay_ms"] / 1000.0

    @property
    def max_delay(self):
        return self._json["max_delay_ms"] / 1000.0

    @property
    def with_jitter(self):
        return self._json["jitter"]

    @property
    def backoff_strategy(self):
        return BackoffStrategy(_token=_TOKEN, _json=dict(self._json["backoff"]))

    @property
    def retry_conditions(self):
        return [RetryCondition(_token=_TOKEN, _json=dict(c)) for c in self._json["conditions"]]

    def calculate_delay(self, attempt):
        """Seconds to wait after failed attempt ``attempt`` (from 1): Cloacina's formula, jitter after the cap."""
        backoff = self._json["backoff"]
        initial = self._json["initial_delay_ms"]
        kind = backoff["type"]
        if kind == "fixed":
            delay = initial
        elif kind == "linear":
            delay = initial * attempt * backoff["multiplier"]
        else:
            delay = initial * backoff["multiplier"] * backoff["base"] ** (attempt - 1)
        delay = min(delay, self._json["max_delay_ms"])
        if self._json["jitter"]:
            delay = delay * random.uniform(0.75, 1.25)
        return int(delay) / 1000.0

    def should_retry(self, attempt, error_type=None):
        return attempt < self._json["max_attempts"]

    def to_json(self):
        """The policy as the host reads it: delays in milliseconds."""
        return _copy(self._json)

    def __eq__(self, other):
        return isinstance(other, RetryPolicy) and other._json == self._json

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        j = self._json
        return (f"RetryPolicy(max_attempts={j['max_attempts']}, backoff={self.backoff_strategy!r}, "
                f"initial_delay={self.initial_delay}, max_delay={self.max_delay}, jitter={j['jitter']})")


class RetryPolicyBuilder:
    """Builds a RetryPolicy; every call returns a new builder, unset fields keep Cloacina's defaults."""

    __slots__ = ("_json",)

    def __init__(self, *args, _token=None, _json=None, **kwargs):
        if _token is not _TOKEN:
            _no_constructor(RetryPolicyBuilder)
        self._json = _json

    def _with(self, key, value):
        data = _copy(self._json)
        data[key] = value
        return RetryPolicyBuilder(_token=_TOKEN, _json=data)

    def max_attempts(self, attempts):
        return self._with("max_attempts", _count("max_attempts", attempts))

    def initial_delay(self, seconds):
        return self._with("initial_delay_ms", _seconds_to_ms("initial_delay", seconds))

    def max_delay(self, seconds):
        return self._with("max_delay_ms", _seconds_to_ms("max_delay", seconds))

    def backoff_strategy(self, strategy):
        if not isinstance(strategy, BackoffStrategy):
            raise TypeError(f"backoff_strategy expects a BackoffStrategy, got {type(strategy).__name__}")
        return self._with("backoff", strategy.to_json())

    def retry_condition(self, condition):
        if not isinstance(condition, RetryCondition):
            raise TypeError(f"retry_condition expects a RetryCondition, got {type(condition).__name__}")
        return self._with("conditions", [condition.to_json()])

    def with_jitter(self, jitter):
        if not isinstance(jitter, bool):
            raise TypeError(f"with_jitter expects a bool, got {type(jitter).__name__}")
        return self._with("jitter", jitter)

    def build(self):
        return RetryPolicy(_token=_TOKEN, _json=_copy(self._json))


def policy_from_keywords(task_id, retry, keywords):
    """The policy ``@task`` declares: ``retry=`` or the ``retry_*`` keywords over Cloacina's default; None when
    the task declares nothing (the host then applies the package format's default)."""
    given = {name: value for name, value in keywords.items() if value is not None}
    if retry is not None:
        if given:
            raise ValueError(f"task '{task_id}': retry= cannot be combined with "
                             f"{', '.join(sorted('retry_' + k for k in given))}; put everything in the RetryPolicy")
        if not isinstance(retry, RetryPolicy):
            raise TypeError(f"task '{task_id}': retry must be a cloaca.RetryPolicy, got {type(retry).__name__}")
        return retry.to_json()
    if not given:
        return None
    policy = _copy(_DEFAULT)
    if "attempts" in given:
        policy["max_attempts"] = _count("retry_attempts", given["attempts"])
    if "backoff" in given:
        name = given["backoff"]
        if name not in _BACKOFF_NAMES:
            raise ValueError(f"task '{task_id}': invalid retry_backoff {name!r}: "
                             f"must be 'fixed', 'linear' or 'exponential'")
        policy["backoff"] = ({"type": "fixed"} if name == "fixed"
                             else {"type": "linear", "multiplier": 1.0} if name == "linear"
                             else {"type": "exponential", "base": 2.0, "multiplier": 1.0})
    if "delay_ms" in given:
        policy["initial_delay_ms"] = _count("retry_delay_ms", given["delay_ms"])
    if "max_delay_ms" in given:
        policy["max_delay_ms"] = _count("retry_max_delay_ms", given["max_delay_ms"])
    if "condition" in given:
        name = given["condition"]
        if name not in _CONDITION_NAMES:
            raise ValueError(f"task '{task_id}': invalid retry_condition {name!r}: "
                             f"must be 'never', 'transient' or 'all'")
        policy["conditions"] = [{"type": _CONDITION_TYPES[name]}]
    if "jitter" in given:
        if not isinstance(given["jitter"], bool):
            raise TypeError(f"task '{task_id}': retry_jitter must be a bool, got {type(given['jitter']).__name__}")
        policy["jitter"] = given["jitter"]
    return policy


def _count(name, value):
    # Cloacina converts to an unsigned integer: a bool or float is a TypeError, a negative an OverflowError.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise OverflowError(f"{name} must not be negative, got {value}")
    return value


def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    return float(value)


def _seconds_to_ms(name, seconds):
    seconds = _number(name, seconds)
    if seconds < 0 or seconds != seconds:
        raise ValueError(f"{name} must be a non-negative number of seconds, got {seconds}")
    return int(round(seconds * 1000))


def _copy(data):
    return {k: ([dict(c) for c in v] if k == "conditions" else dict(v) if isinstance(v, dict) else v)
            for k, v in data.items()}
