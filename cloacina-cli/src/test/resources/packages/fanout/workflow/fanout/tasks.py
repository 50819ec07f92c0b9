from cloaca import task


@task(id="split")
def split(context):
    context["numbers"] = [1, 2, 3, 4]


def make_square(i):
    def square(context):
        context[f"square_{i}"] = context["numbers"][i] ** 2
    square.__name__ = f"square_{i}"
    return square


for i in range(4):
    task(id=f"square_{i}", dependencies=["split"])(make_square(i))


@task(id="gather", dependencies=[f"square_{i}" for i in range(4)])
def gather(context):
    context["sum_of_squares"] = sum(context[f"square_{i}"] for i in range(4))
