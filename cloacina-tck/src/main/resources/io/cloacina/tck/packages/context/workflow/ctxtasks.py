"""Tasks that show what Python saw of the context and what it hands back."""
import copy

from cloaca import task


def _type_names(value):
    if isinstance(value, dict):
        return {k: _type_names(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_type_names(v) for v in value]
    return type(value).__name__


@task
def mirror(context):
    """Copies the whole input under "seen" and describes the Python type of every value under "types"."""
    seen = copy.deepcopy(dict(context))
    context["seen"] = seen
    context["types"] = _type_names(seen)


@task
def unicode_facts(context):
    text = context["text"]
    context["code_points"] = len(text)
    context["last_code_point"] = ord(text[-1])
    context["made"] = "\u00e9\u4e2d\U0001F680\U0001F600"


@task
def big_numbers(context):
    big = context["big"]
    context["big_is_int"] = type(big) is int
    context["big_plus_one"] = big + 1
    context["made_big"] = -(2 ** 127) - 5
    context["float_sum"] = context["a"] + context["b"]
    context["float_is_float"] = type(context["whole_float"]) is float


@task
def big_string(context):
    blob = context["blob"]
    context["blob_length"] = len(blob)
    context["blob_tail"] = blob[-12:]
    context["made_blob"] = "y" * (10 * 1024 * 1024)


@task
def modify_in_place(context):
    context["counter"] += 1
    context["items"].append("added")
    context["nested"]["inner"]["flag"] = True


@task
def return_none(context):
    context["touched"] = True
    return None


@task
def return_dict(context):
    return {"added": context["existing"] + "!", "existing": "replaced"}


@task
def delete_key(context):
    del context["remove_me"]
    context["kept_count"] = len(context)


@task
def non_json_set(context):
    context["report"] = {"title": "ok", "when": {1, 2}}


@task
def self_reference(context):
    """A value that contains itself: json cannot write it, and a checker that follows it never ends."""
    node = {"name": "loop"}
    node["children"] = [node]
    context["tree"] = node


@task
def int_key(context):
    context["lookup"] = {1: "one"}


@task
def return_list(context):
    return [1, 2, 3]


@task
def produce_nan(context):
    context["ratio"] = float("nan")


@task
def compute(context):
    n = context["n"]
    context["result"] = n * n + 1


@task
def nulls_and_order(context):
    """Adds null-valued keys and empty containers after the input's own keys, in a non-alphabetical order."""
    context["made_null"] = None
    context["made_empty"] = {}
    context["made_nested"] = {"z": None, "a": {}, "m": []}


@task
def cloacina_api(context):
    """Cloacina 0.12's Context methods, as a task written for Cloacina uses them."""
    import cloaca

    report = {"is_context": isinstance(context, cloaca.Context)}
    try:
        context.insert("existing", 2)
    except ValueError as error:  # Cloacina raises ValueError here
        report["insert_error"] = str(error)
    try:
        context.update("absent", 1)
    except KeyError:
        report["update_error"] = "KeyError"
    context.update_from_dict({"merged": True})
    copied = context.to_dict()
    copied["existing"] = "changed in the copy"
    report["copy_is_separate"] = context.get("existing") == 1
    report["json_round_trip"] = cloaca.Context.from_json(context.to_json()).to_dict() == dict(context)
    context.set("report", report)
    return context


@task
def fresh_context(context):
    """Returning a new cloaca.Context makes it the whole output, as in Cloacina."""
    import cloaca

    return cloaca.Context({"only": "this"})


@task
def attempt_values(context):
    """What the host handed this execution (AttemptValues on the Java side), and whether their key showed."""
    import cloaca

    context["traceparent"] = cloaca.current_traceparent()
    context["tracestate"] = cloaca.current_tracestate()
    context["tenant"] = cloaca.attempt_value("tenant", "none")
    context["saw_reserved_key"] = "__cloacina_attempt__" in context
