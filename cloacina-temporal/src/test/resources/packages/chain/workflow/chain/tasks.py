"""t01 -> t02 -> ... -> t20, each adding one key: what a run costs beyond the tasks' own work."""
from cloaca import task


def _step(number):
    def step(context):
        context[f"t{number:02d}"] = number
    step.__name__ = f"t{number:02d}"
    return step


for _n in range(1, 21):
    task(id=f"t{_n:02d}", dependencies=[f"t{_n - 1:02d}"] if _n > 1 else [])(_step(_n))
