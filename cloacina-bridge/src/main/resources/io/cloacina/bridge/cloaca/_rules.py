"""Trigger rules: Cloacina 0.12's builders (plain dicts of the same JSON shape) and ``@task(trigger_rules=)``
parsing. The runner evaluates them; here they are only built and checked."""

import json

_OPERATORS = {
    "equals": "Equals", "==": "Equals", "eq": "Equals",
    "notequals": "NotEquals", "!=": "NotEquals", "ne": "NotEquals",
    "greaterthan": "GreaterThan", ">": "GreaterThan", "gt": "GreaterThan",
    "lessthan": "LessThan", "<": "LessThan", "lt": "LessThan",
    "contains": "Contains",
    "notcontains": "NotContains",
    "exists": "Exists",
    "notexists": "NotExists",
}
_CANONICAL_OPERATORS = ("Equals", "NotEquals", "GreaterThan", "LessThan", "Contains", "NotContains", "Exists",
                        "NotExists")
_TASK_CONDITIONS = ("TaskSuccess", "TaskFailed", "TaskSkipped")
_CONDITIONS = _TASK_CONDITIONS + ("ContextValue",)
_GROUPS = ("All", "Any", "None")

ALWAYS = {"type": "Always"}


def task_success(task_name):
    """True when that task completed."""
    return {"type": "TaskSuccess", "task_name": _name(task_name)}


def task_failed(task_name):
    """True when that task failed."""
    return {"type": "TaskFailed", "task_name": _name(task_name)}


def task_skipped(task_name):
    """True when that task was skipped."""
    return {"type": "TaskSkipped", "task_name": _name(task_name)}


def context_value(key, operator, value):
    """Compares a top-level key of the task's input context; operators as Cloacina names them (``equals``,
    ``==``, ``not_equals``, ``greater_than``, ``contains``, ``exists``, ...)."""
    if not isinstance(key, str):
        raise TypeError(f"context_value key must be a str, got {type(key).__name__}")
    if not isinstance(operator, str):
        raise TypeError(f"context_value operator must be a str, got {type(operator).__name__}")
    canonical = _OPERATORS.get(operator.lower().replace("_", ""))
    if canonical is None:
        raise ValueError(f"Invalid operator {operator!r}: must be one of {', '.join(_CANONICAL_OPERATORS)}")
    return {"type": "ContextValue", "key": key, "operator": canonical, "value": _json_value(value)}


def all_of(*conditions):
    """True when every condition holds (none given: true)."""
    return {"type": "All", "conditions": list(conditions)}


def any_of(*conditions):
    """True when at least one condition holds (none given: false)."""
    return {"type": "Any", "conditions": list(conditions)}


def none_of(*conditions):
    """True when no condition holds (none given: true)."""
    return {"type": "None", "conditions": list(conditions)}


def always():
    """The default rule: the task runs once its dependencies have finished."""
    return {"type": "Always"}


def parse_rule(task_id, rule):
    """``@task(trigger_rules=...)``: a lone condition is wrapped in All; groups cannot nest (as in Cloacina).
    Returns the rule as JSON-ready dicts; ValueError names the task and what is wrong."""
    if rule is None:
        return dict(ALWAYS)
    try:
        data = json.loads(json.dumps(rule, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"task '{task_id}': trigger_rules is not JSON-serializable: {error}") from None
    if not isinstance(data, dict):
        raise ValueError(f"task '{task_id}': invalid trigger rule: expected a dict such as all_of(...), "
                         f"got {type(rule).__name__}")
    if data.get("type") in _CONDITIONS:
        data = {"type": "All", "conditions": [data]}
    kind = data.get("type")
    if kind == "Always":
        return {"type": "Always"}
    if kind not in _GROUPS:
        raise ValueError(f"task '{task_id}': invalid trigger rule: type {kind!r} is not one of Always, All, Any, "
                         f"None, TaskSuccess, TaskFailed, TaskSkipped, ContextValue")
    conditions = data.get("conditions")
    if not isinstance(conditions, list):
        raise ValueError(f"task '{task_id}': invalid trigger rule: {kind} needs a list of conditions")
    return {"type": kind, "conditions": [_condition(task_id, c, i) for i, c in enumerate(conditions)]}


def _condition(task_id, condition, index):
    where = f"task '{task_id}': invalid trigger rule: condition {index}"
    if not isinstance(condition, dict):
        raise ValueError(f"{where} must be a dict, got {type(condition).__name__}")
    kind = condition.get("type")
    if kind in _GROUPS or kind == "Always":
        raise ValueError(f"{where} is a {kind} rule: rules cannot be nested (Cloacina refuses it too); "
                         f"combine conditions in one all_of/any_of/none_of")
    if kind in _TASK_CONDITIONS:
        name = condition.get("task_name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"{where} ({kind}) needs a task_name string")
        return {"type": kind, "task_name": name}
    if kind == "ContextValue":
        key = condition.get("key")
        operator = condition.get("operator")
        if not isinstance(key, str):
            raise ValueError(f"{where} (ContextValue) needs a key string")
        if operator not in _CANONICAL_OPERATORS:
            raise ValueError(f"{where} (ContextValue) has operator {operator!r}: must be one of "
                             f"{', '.join(_CANONICAL_OPERATORS)}")
        if "value" not in condition:
            raise ValueError(f"{where} (ContextValue) needs a value")
        return {"type": "ContextValue", "key": key, "operator": operator, "value": condition["value"]}
    raise ValueError(f"{where} has type {kind!r}: must be one of {', '.join(_CONDITIONS)}")


def _name(task_name):
    # A @task function is accepted too: its registered id, as for dependencies.
    task_id = getattr(task_name, "__cloaca_task_id__", None)
    if task_id is not None:
        return task_id
    if not isinstance(task_name, str):
        raise TypeError(f"task name must be a str, got {type(task_name).__name__}")
    return task_name


def _json_value(value):
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"context_value value is not JSON-serializable: {error}") from None
