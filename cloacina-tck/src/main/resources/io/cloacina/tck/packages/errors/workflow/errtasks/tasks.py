import asyncio
import sys

import strictlib
from cloaca import task
from errtasks.errors import PaymentDeclined


@task
def key_error(context):
    return {"value": context["tck_no_such_key"]}  # tck:mark key_error


@task
def type_error(context):
    context["sum"] = 1 + "one"  # tck:mark type_error


@task
def import_inside(context):
    import tck_missing_inside_task  # noqa: F401  # tck:mark import_inside


@task
def custom_error(context):
    raise PaymentDeclined(f"card {context['card']} declined")  # tck:mark custom_error


@task
def vendor_error(context):
    context["checked"] = strictlib.check_positive(-1)  # tck:mark vendor_call


@task
async def async_error(context):
    await asyncio.sleep(0)
    raise ValueError("async task failed after awaiting")  # tck:mark async_error


@task
def exits(context):
    sys.exit(3)  # tck:mark exits


@task
def healthy(context):
    context["healthy"] = True

