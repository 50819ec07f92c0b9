"""Small value classes and helpers of Cloacina 0.12: ``TaskNamespace``, ``WorkflowContext``, ``var``/``var_or``."""

import os

# CLOACINA_VAR_* values the host passed in at load: a sandbox (GraalPy) may hide the process environment.
_host_variables = {}

_VAR_PREFIX = "CLOACINA_VAR_"


def var(name):
    """The value of the environment variable ``CLOACINA_VAR_<name>``; KeyError when it is not set."""
    if not isinstance(name, str):
        raise TypeError(f"var name must be a str, got {type(name).__name__}")
    key = _VAR_PREFIX + name
    value = os.environ.get(key)
    if value is None:
        value = _host_variables.get(key)
    if value is None:
        raise KeyError(f"Variable '{name}' not found: set the environment variable {key}")
    return value


def var_or(name, default):
    """``var(name)``, or ``default`` when it is not set."""
    try:
        return var(name)
    except KeyError:
        return default


class TaskNamespace:
    """``tenant::package::workflow::task``, Cloacina's full name of a task."""

    __slots__ = ("tenant_id", "package_name", "workflow_id", "task_id")

    def __init__(self, tenant_id, package_name, workflow_id, task_id):
        for value in (tenant_id, package_name, workflow_id, task_id):
            if not isinstance(value, str):
                raise TypeError(f"TaskNamespace parts must be strings, got {type(value).__name__}")
        self.tenant_id = tenant_id
        self.package_name = package_name
        self.workflow_id = workflow_id
        self.task_id = task_id

    @staticmethod
    def from_string(text):
        parts = text.split("::")
        if len(parts) != 4:
            raise ValueError(f"Invalid namespace {text!r}: expected tenant::package::workflow::task "
                             f"(4 parts), found {len(parts)}")
        return TaskNamespace(*parts)

    def parent(self):
        return TaskNamespace(self.tenant_id, self.package_name, self.workflow_id, "")

    def is_child_of(self, other):
        return (self.tenant_id, self.package_name, self.workflow_id) == \
            (other.tenant_id, other.package_name, other.workflow_id) and other.task_id == "" and self.task_id != ""

    def is_sibling_of(self, other):
        return (self.tenant_id, self.package_name, self.workflow_id) == \
            (other.tenant_id, other.package_name, other.workflow_id) and self.task_id != other.task_id

    def _parts(self):
        return self.tenant_id, self.package_name, self.workflow_id, self.task_id

    def __str__(self):
        return "::".join(self._parts())

    def __repr__(self):
        return f"TaskNamespace({str(self)!r})"

    def __eq__(self, other):
        return isinstance(other, TaskNamespace) and other._parts() == self._parts()

    def __hash__(self):
        return hash(self._parts())


class WorkflowContext:
    """``tenant::package::workflow``: where a workflow's tasks are named."""

    __slots__ = ("tenant_id", "package_name", "workflow_id")

    def __init__(self, tenant_id, package_name, workflow_id):
        for value in (tenant_id, package_name, workflow_id):
            if not isinstance(value, str):
                raise TypeError(f"WorkflowContext parts must be strings, got {type(value).__name__}")
        self.tenant_id = tenant_id
        self.package_name = package_name
        self.workflow_id = workflow_id

    def task_namespace(self, task_id):
        return TaskNamespace(self.tenant_id, self.package_name, self.workflow_id, task_id)

    def resolve_dependency(self, name):
        return self.task_namespace(name)

    def workflow_namespace(self):
        return TaskNamespace(self.tenant_id, self.package_name, self.workflow_id, "")

    def contains_namespace(self, namespace):
        return (namespace.tenant_id, namespace.package_name, namespace.workflow_id) == \
            (self.tenant_id, self.package_name, self.workflow_id)

    def __str__(self):
        return f"{self.tenant_id}::{self.package_name}::{self.workflow_id}"

    def __repr__(self):
        return f"WorkflowContext({str(self)!r})"
