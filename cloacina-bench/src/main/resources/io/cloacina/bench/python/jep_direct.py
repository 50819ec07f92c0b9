"""The direct-conversion candidate of JepConversionBenchmark: Java objects in, Java objects out, no JSON text.

Jep 4.2.2 (measured): Java String/Long/Integer/Double/Boolean/BigInteger arrive as Python str/int/float/bool/int,
but a java.util.Map or java.util.List arrives as a wrapper (PyJMap/PyJList) whose every access is a JNI call,
so the context is copied into dicts and lists before the task sees it. On the way back Jep turns dict into
java.util.HashMap (insertion order lost), list into ArrayList, tuple into an unmodifiable List, int into Long or
BigInteger, float into Double (NaN included): so dicts go back as (key, value, key, value, ...) tuples to keep
their order, lists as lists, and the bridge's own validation (NaN, non-str keys, key paths) runs first.
"""

from cloaca import _host

_SCALARS = (str, int, float, bool, type(None))
_is_map = {}  # Jep's wrapper type -> whether it wraps a java.util.Map (hasattr on a wrapper is slow)


def to_python(value):
    kind = type(value)
    if kind in _SCALARS:
        return value
    is_map = _is_map.get(kind)
    if is_map is None:
        is_map = _is_map[kind] = hasattr(value, "entrySet")
    if is_map:  # iterating a java.util.Map yields its keys
        return {key: to_python(value[key]) for key in value}
    return [to_python(item) for item in value]  # java.util.List


def to_java(value):
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if isinstance(value, dict):
        pairs = []
        for key, item in value.items():
            pairs.append(key)
            pairs.append(to_java(item))
        return tuple(pairs)
    if isinstance(value, (list, tuple)):
        return [to_java(item) for item in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)   # IntEnum and other int subclasses: their value, as json.dumps writes it
    if isinstance(value, float):
        return float(value)
    return str(value)       # str subclasses (validation already refused anything else)


def execute_direct(task_id, context):
    reply = _host.execute(task_id, to_python(context))
    if reply["ok"]:
        reply["context"] = to_java(reply["context"])
    return reply
