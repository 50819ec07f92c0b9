"""A workflow that fails in its second task, so its dependants are skipped:

    fetch_rows -> parse_amounts (raises ValueError on a bad row) -> summarize -> publish
"""

from cloaca import task

RAW_ROWS = ["12.50", "7.25", "twelve", "3.00"]


def parse_amount(index, text):
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"row {index}: amount {text!r} is not a number") from None


@task(id="fetch_rows")
def fetch_rows(context):
    context["rows"] = RAW_ROWS
    print(f"fetched {len(RAW_ROWS)} rows")


@task(id="parse_amounts", dependencies=[fetch_rows])
def parse_amounts(context):
    context["amounts"] = [parse_amount(i, text) for i, text in enumerate(context["rows"], start=1)]


@task(id="summarize", dependencies=[parse_amounts])
def summarize(context):
    context["total"] = sum(context["amounts"])


@task(id="publish", dependencies=[summarize])
def publish(context):
    context["published"] = True
