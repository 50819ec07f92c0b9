"""Written for Cloacina: module-level @cloaca.task functions that take the context and return it."""
import cloaca
from money import cents


@cloaca.task(id="load_orders")
def load_orders(context):
    context.set("orders", [
        {"id": 1, "region": "eu", "amount": 12.5},
        {"id": 2, "region": "us", "amount": 40.0},
        {"id": 3, "region": "eu", "amount": 7.25},
    ])
    return context


@cloaca.task(id="totals", dependencies=["load_orders"])
def totals(context):
    by_region = {}
    for order in context.get("orders"):
        by_region[order["region"]] = by_region.get(order["region"], 0) + cents(order["amount"])
    context.set("totals_cents", by_region)
    return context
