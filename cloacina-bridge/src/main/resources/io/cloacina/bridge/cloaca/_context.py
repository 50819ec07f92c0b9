"""The dict a task receives, with the Cloacina context operations on top."""


class ContextError(KeyError):
    """A context operation that does not fit the key's state (insert of an existing key, update of a missing one).

    A KeyError, so a task that lets it escape is reported as a context key error, as in Cloacina.
    """

    def __str__(self):
        # KeyError.__str__ quotes its argument; ours is a sentence.
        return self.args[0] if self.args else ""


_MISSING = object()


class TaskContext(dict):
    """A plain dict plus ``insert``/``update``/``set``/``remove``, with the Java ``Context``'s errors.

    ``update(key, value)`` keeps Cloacina's meaning (the key must exist), while ``update(mapping)`` and
    ``update(**kw)`` keep the dict's, so code written for either reads as expected.
    """

    __slots__ = ()

    def insert(self, key, value):
        if key in self:
            raise ContextError(f"Key '{key}' already exists in the context (use update or set)")
        dict.__setitem__(self, key, value)

    def update(self, *args, **kwargs):
        if len(args) == 2 and not kwargs and isinstance(args[0], str):
            key, value = args
            if key not in self:
                raise ContextError(f"Key '{key}' is not in the context (use insert or set)")
            dict.__setitem__(self, key, value)
            return
        dict.update(self, *args, **kwargs)

    def set(self, key, value):
        dict.__setitem__(self, key, value)

    def remove(self, key, default=None):
        """Removes a key and returns its value (``default`` when it was missing)."""
        return dict.pop(self, key, default)
