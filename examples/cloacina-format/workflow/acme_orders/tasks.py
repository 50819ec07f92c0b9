"""Written for Cloacina 0.12: module-level @cloaca.task functions that take a cloaca.Context and return it,
with Cloacina's retry keywords, trigger rules and callbacks. It runs here unchanged."""
import cloaca
from money import cents


def note_success(task_id, context):
    # Callbacks get a copy of the context: what they change is dropped, as in Cloacina.
    print(f"{task_id} finished with {len(context)} keys")


@cloaca.task(id="load_orders", retry_attempts=3, retry_backoff="fixed", retry_delay_ms=200,
             retry_condition="transient")
def load_orders(context):
    context.insert("orders", [
        {"id": 1, "region": "eu", "amount": 12.5},
        {"id": 2, "region": "us", "amount": 40.0},
        {"id": 3, "region": "eu", "amount": 7.25},
    ])
    return context


@cloaca.task(id="totals", dependencies=[load_orders], on_success=note_success)
def totals(context):
    by_region = {}
    for order in context.get("orders"):
        by_region[order["region"]] = by_region.get(order["region"], 0) + cents(order["amount"])
    context.set("totals_cents", by_region)
    return context


@cloaca.task(id="largest_region", dependencies=[totals],
             trigger_rules=cloaca.all_of(cloaca.task_success("totals"),
                                         cloaca.context_value("totals_cents", "exists", None)))
def largest_region(context):
    by_region = context.get("totals_cents")
    context.set("largest_region", max(by_region, key=by_region.get))
    return context
