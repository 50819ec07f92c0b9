import sys

import shadowed
import vendlib
from cloaca import task


@task
def use_vendor(context):
    context["greeting"] = vendlib.greet(context["name"])


@task
def which_shadowed(context):
    context["origin"] = shadowed.ORIGIN


@task
def report_environment(context):
    context["sys_path"] = list(sys.path)
    context["present"] = [m for m in context.get("probe_modules", []) if m in sys.modules]
