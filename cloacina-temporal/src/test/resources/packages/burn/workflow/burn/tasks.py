"""One task that keeps a core busy for a while (context["n"] iterations)."""
from cloaca import task


@task(id="burn")
def burn(context):
    total = 0
    for i in range(context.get("n", 3_000_000)):
        total += i * i % 7
    context["total"] = total
