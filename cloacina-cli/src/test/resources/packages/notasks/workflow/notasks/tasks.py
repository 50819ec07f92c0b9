"""A module that forgot its @task decorators."""


def extract(context):
    return {"rows": 1}
