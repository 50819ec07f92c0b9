"""Cloacina 0.12 task code: every @cloaca.task keyword, callbacks, a handle, a second workflow, triggers."""
import cloaca

EVENTS = []


def record_success(task_id, context):
    EVENTS.append({"callback": "on_success", "task_id": task_id, "context": context.to_dict()})


def record_failure(task_id, error, context):
    EVENTS.append({"callback": "on_failure", "task_id": task_id, "error": error, "context": context.to_dict()})


def raising_callback(task_id, context):
    raise RuntimeError("callback trouble")


@cloaca.task(id="extract", retry_attempts=5, retry_backoff="linear", retry_delay_ms=250, retry_max_delay_ms=4000,
             retry_condition="transient", retry_jitter=False)
def extract_rows(context):
    context.insert("rows", [1, 2, 3])
    return context


@cloaca.task(id="transform", dependencies=[extract_rows],
             retry=cloaca.RetryPolicy.builder().max_attempts(2).initial_delay(0.5).max_delay(3.0)
             .backoff_strategy(cloaca.BackoffStrategy.exponential(3.0, 2.0))
             .retry_condition(cloaca.RetryCondition.error_pattern(["deadlock"])).with_jitter(False).build(),
             trigger_rules=cloaca.task_success("extract"))
def transform_rows(context):
    context.update("rows", [r * 10 for r in context.get("rows")])
    return context


@cloaca.task(id="report", dependencies=["transform"], on_success=record_success, on_failure=record_failure,
             trigger_rules=cloaca.any_of(cloaca.context_value("rows", "not_equals", []),
                                         cloaca.task_failed("transform")))
def report(context):
    if context.get("fail"):
        context.set("seen_by_body", True)
        raise ValueError("boom")
    context.set("total", sum(context.get("rows", [])))
    return context


@cloaca.task(id="raising_callback", on_success=raising_callback)
def with_raising_callback(context):
    context.set("done", True)
    return context


@cloaca.task(id="deferred")
def deferred(context, handle):
    calls = []

    def ready():
        calls.append(1)
        return len(calls) >= 3 and "yes"  # truthy, not True: Python truthiness counts

    context.set("held_before", handle.is_slot_held())
    handle.defer_until(ready, poll_interval_ms=10)
    context.set("condition_calls", len(calls))
    return context


@cloaca.task(id="callback_probe")
def callback_probe(context):
    # Callbacks run inside the interpreter after the task, and what they do is invisible to the caller by design;
    # this task runs the others through the bridge in the same interpreter to observe them.
    from cloaca import _host
    EVENTS.clear()
    ok = _host.execute("report", {"rows": [1, 2]})
    failed = _host.execute("report", {"rows": [5], "fail": True})
    context.set("ok", ok["ok"])
    context.set("failed_error", failed["error"]["message"])
    context.set("events", list(EVENTS))
    return context


@cloaca.task(id="decorator_errors")
def decorator_errors(context):
    cases = {
        "dependencies_str": lambda: cloaca.task(id="x1", dependencies="extract"),
        "bad_backoff": lambda: cloaca.task(id="x2", retry_backoff="quadratic"),
        "bad_condition": lambda: cloaca.task(id="x3", retry_condition="sometimes"),
        "negative_attempts": lambda: cloaca.task(id="x4", retry_attempts=-1),
        "jitter_not_bool": lambda: cloaca.task(id="x5", retry_jitter=1),
        "retry_and_keywords": lambda: cloaca.task(id="x6", retry=cloaca.RetryPolicy.default(), retry_attempts=2),
        "invokes": lambda: cloaca.task(id="x7", invokes=object()),
        "unknown_keyword": lambda: cloaca.task(id="x8", priority=3),
        "colons_in_id": lambda: cloaca.task(id="a::b")(lambda ctx: None),
        "nested_rule": lambda: cloaca.task(id="x9", trigger_rules=cloaca.all_of(cloaca.any_of())),
        "bad_operator": lambda: cloaca.context_value("k", ">=", 1),
        "bad_poll_interval": lambda: cloaca.trigger(on="compat", poll_interval="1.5s"),
        "cron_and_interval": lambda: cloaca.trigger(on="compat", cron="* * * * *", poll_interval="5s"),
        "reactor": lambda: cloaca.reactor(name="r", accumulators=["a"]),
        "default_runner": lambda: cloaca.DefaultRunner("sqlite://:memory:"),
        "missing_var": lambda: cloaca.var("TCK_SURELY_MISSING"),
        "secret": lambda: context.secret("db"),
    }
    outcome = {}
    for name, attempt in cases.items():
        try:
            attempt()
            outcome[name] = "no error"
        except Exception as error:  # noqa: BLE001 - the kit checks the type
            outcome[name] = [type(error).__name__, [c.__name__ for c in type(error).__mro__], str(error)]
    context.set("outcome", outcome)
    context.set("var_or", cloaca.var_or("TCK_SURELY_MISSING", "fallback"))
    return context


@cloaca.task(id="value_objects")
def value_objects(context):
    policy = cloaca.RetryPolicy.builder().max_attempts(4).initial_delay(2.0).with_jitter(False).build()
    context.set("policy", {
        "max_attempts": policy.max_attempts, "initial_delay": policy.initial_delay, "max_delay": policy.max_delay,
        "jitter": policy.with_jitter, "delays": [policy.calculate_delay(n) for n in (1, 2, 3)],
        "should_retry": [policy.should_retry(n, "x") for n in (3, 4)],
    })
    context.set("rules", {
        "success": cloaca.task_success("a"), "value": cloaca.context_value("k", "Not_Equals", [1]),
        "none": cloaca.none_of(cloaca.task_skipped("b")), "always": cloaca.always(),
    })
    ns = cloaca.TaskNamespace.from_string("public::pkg::wf::t")
    context.set("namespace", [str(ns), ns.task_id, str(ns.parent())])
    context.set("trigger_results", [repr(cloaca.TriggerResult.skip()), cloaca.TriggerResult.fire().is_fire_result()])
    return context


with cloaca.WorkflowBuilder("nightly") as nightly:
    nightly.description("Runs at night")
    nightly.tag("team", "data")

    @cloaca.task(id="nightly_start")
    def nightly_start(context):
        context.set("nightly", 1)
        return context

    @cloaca.task(id="nightly_end", dependencies=[nightly_start])
    def nightly_end(context):
        context.set("nightly", context.get("nightly") + 1)
        return context


@cloaca.trigger(name="new_files", on="compat", poll_interval="5s")
def new_files():
    return cloaca.TriggerResult.skip()


BATCHES = []


@cloaca.trigger(name="payments_due", on="nightly", poll_interval="250ms", allow_concurrent=True)
async def payments_due():
    # Async, and stateful between polls: fires on every second poll with the number of the poll.
    import asyncio
    await asyncio.sleep(0)
    BATCHES.append(len(BATCHES) + 1)
    if len(BATCHES) % 2:
        return cloaca.TriggerResult.skip()
    ctx = cloaca.Context({"batch": len(BATCHES)})
    result = cloaca.TriggerResult.fire(ctx)
    ctx.set("batch", -1)  # the fired context is a copy taken at fire(): this change must not reach the run
    return result


@cloaca.trigger(name="at_six", on="nightly", cron="0 6 * * *", timezone="Europe/Paris")
def at_six():
    return True


@cloaca.trigger(name="feed_down", on="compat", poll_interval="1m")
def feed_down():
    raise ConnectionError("feed unreachable")


@cloaca.trigger(name="answers_42", on="compat", poll_interval="1m")
def answers_42():
    return 42


@cloaca.trigger(name="no_inbox", on="compat", poll_interval="1m")
def no_inbox():
    return {}["inbox"]


if __name__ == "__main__":
    # Cloacina's wheel runs workflows like this; never run on import.
    with cloaca.DefaultRunner("sqlite://:memory:") as runner:
        runner.execute("compat", cloaca.Context())
