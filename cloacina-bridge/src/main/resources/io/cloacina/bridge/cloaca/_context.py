"""The dict a task receives, with the Cloacina context operations on top (Cloacina 0.12's ``Context``)."""

import copy
import json


class ContextError(KeyError):
    """A context operation that does not fit the key's state (insert of an existing key, update of a missing one).

    A KeyError, so a task that lets it escape is reported as a context key error, as in Cloacina.
    """

    def __str__(self):
        # KeyError.__str__ quotes its argument; ours is a sentence.
        return self.args[0] if self.args else ""


class KeyExistsError(ContextError, ValueError):
    """``insert`` of a key that is already there. A ValueError as in Cloacina (code written for it catches
    ValueError), and a ContextError (a KeyError) as in the rest of this module."""


_MISSING = object()


class TaskContext(dict):
    """A plain dict plus Cloacina's ``Context`` API: ``insert``/``update``/``set``/``remove``, ``to_dict``,
    ``update_from_dict``, ``to_json``, ``Context.from_json``. Exposed as ``cloaca.Context`` too, so a task
    written for Cloacina finds the class it expects, and one written for us keeps its dict.

    ``update(key, value)`` keeps Cloacina's meaning (the key must exist), while ``update(mapping)`` and
    ``update(**kw)`` keep the dict's, so code written for either reads as expected.
    """

    __slots__ = ()

    def __init__(self, data=None, **kwargs):
        if data is not None and not isinstance(data, dict):
            raise TypeError(f"Context data must be a dict, got {type(data).__name__}")
        super().__init__(data or {}, **kwargs)
        for key in self:
            if not isinstance(key, str):
                raise TypeError(f"Context keys must be strings, got {type(key).__name__} {key!r}")

    def insert(self, key, value):
        if key in self:
            raise KeyExistsError(f"Key already exists: '{key}' (use update or set)")
        dict.__setitem__(self, key, value)

    def update(self, *args, **kwargs):
        if len(args) == 2 and not kwargs and isinstance(args[0], str):
            key, value = args
            if key not in self:
                raise ContextError(f"Key not found: '{key}' (use insert or set)")
            dict.__setitem__(self, key, value)
            return
        dict.update(self, *args, **kwargs)

    def set(self, key, value):
        dict.__setitem__(self, key, value)

    def remove(self, key, default=None):
        """Removes a key and returns its value (``default`` when it was missing)."""
        return dict.pop(self, key, default)

    def to_dict(self):
        """A deep copy as a plain dict: changing it does not change the context."""
        return copy.deepcopy(dict(self))

    def update_from_dict(self, data):
        """Sets every item of ``data``."""
        if not isinstance(data, dict):
            raise TypeError(f"update_from_dict expects a dict, got {type(data).__name__}")
        dict.update(self, data)

    def to_json(self):
        """Compact JSON of the context (NaN and other values JSON cannot carry are refused: ValueError)."""
        return json.dumps(self, separators=(",", ":"), allow_nan=False)

    @staticmethod
    def from_json(text):
        """A context from a JSON object's text; ValueError for anything else."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"Context.from_json expects a JSON object, got {type(data).__name__}")
        return TaskContext(data)

    def secret(self, name):
        """Cloacina's secrets: resolved by the host's secrets resolver, which this runtime does not configure."""
        raise RuntimeError(f"secret({name!r}): no secrets resolver is configured in this runtime; pass the value "
                           f"in the context or as a CLOACINA_VAR_ variable (cloaca.var)")

    def secret_field(self, name, field):
        raise RuntimeError(f"secret_field({name!r}, {field!r}): no secrets resolver is configured in this runtime; "
                           f"pass the value in the context or as a CLOACINA_VAR_ variable (cloaca.var)")

    def __repr__(self):
        try:
            return f"Context({self.to_json()})"
        except (TypeError, ValueError):
            return f"Context({dict.__repr__(self)})"
