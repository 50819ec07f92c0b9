"""The ETL diamond:

    extract -> totals_by_region ----\
            -> convert_to_eur (async) -> load

The initial context may set "min_amount" (orders below it are dropped) and "statuses" (which order statuses
count, default ["paid"]).
"""

import asyncio
import os

from cloaca import task

import tabular  # vendored: examples/etl/vendor/tabular

DATA = os.path.join(os.path.dirname(__file__), "data", "orders.csv")

# What a rates service would answer; the async task "fetches" them.
RATES_TO_EUR = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}


@task(id="extract")
def extract(context):
    statuses = context.get("statuses", ["paid"])
    minimum = context.get("min_amount", 0)
    rows = tabular.read_csv(DATA, types={"order_id": int, "amount": float})
    orders = [r for r in rows if r["status"] in statuses and r["amount"] >= minimum]
    context["orders"] = orders
    context["source"] = {"file": "orders.csv", "rows_read": len(rows), "rows_kept": len(orders)}
    print(f"extracted {len(orders)} of {len(rows)} orders")


@task(id="totals_by_region", dependencies=[extract])
def totals_by_region(context):
    totals = tabular.group_sum(context["orders"], key="region", value="amount")
    context["totals_by_region"] = {region: tabular.money(total) for region, total in sorted(totals.items())}
    context["regions"] = sorted(totals)


async def fetch_rate(currency):
    await asyncio.sleep(0.01)  # stands in for an HTTP call
    return RATES_TO_EUR[currency]


@task(id="convert_to_eur", dependencies=["extract"])
async def convert_to_eur(context):
    currencies = sorted({o["currency"] for o in context["orders"]})
    rates = dict(zip(currencies, await asyncio.gather(*(fetch_rate(c) for c in currencies))))
    eur = [o["amount"] * rates[o["currency"]] for o in context["orders"]]
    return {"rates": rates, "total_eur": tabular.money(sum(eur))}


@task(id="load", dependencies=[totals_by_region, convert_to_eur])
def load(context):
    report = {
        "orders": len(context["orders"]),
        "regions": context["regions"],
        "largest_region": max(context["totals_by_region"], key=context["totals_by_region"].get),
        "total_eur": context["total_eur"],
    }
    context["report"] = report
    # The raw rows have served their purpose; the report is what leaves the workflow.
    del context["orders"]
    print(f"loaded report: {report}")
