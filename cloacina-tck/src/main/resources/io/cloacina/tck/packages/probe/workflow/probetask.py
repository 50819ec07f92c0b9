"""Loaded after another package was closed: reports what of it is still visible."""
import sys

from cloaca import task


@task
def report_environment(context):
    context["sys_path"] = list(sys.path)
    context["present"] = [m for m in context.get("probe_modules", []) if m in sys.modules]
