from cloaca import task

from midfail.errors import BadInput


@task(id="load_records")
def load_records(context):
    context["records"] = [{"id": 1, "qty": 2}, {"id": 2, "qty": -1}]


def check(record):
    if record["qty"] < 0:
        raise BadInput(f"record {record['id']} has a negative quantity ({record['qty']})")


@task(id="validate", dependencies=["load_records"])
def validate(context):
    for record in context["records"]:
        check(record)


@task(id="aggregate", dependencies=["validate"])
def aggregate(context):
    context["total"] = sum(r["qty"] for r in context["records"])


@task(id="notify", dependencies=["aggregate"])
def notify(context):
    context["notified"] = True
