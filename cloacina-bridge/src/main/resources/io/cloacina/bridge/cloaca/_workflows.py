"""Workflows: Cloacina 0.12's ``WorkflowBuilder`` (a context manager; tasks declared inside belong to it) and the
read-only ``Workflow``. A package's module-level tasks form its own workflow, which the host names."""

import hashlib
import json

from . import _tasks

# name -> Workflow registered by a ``with WorkflowBuilder(...)`` block or register_workflow_constructor, in
# registration order. Cleared by the host per load.
_workflow_registry = {}

_TOKEN = object()


class WorkflowBuilder:
    """``with WorkflowBuilder("etl") as builder:`` declares the workflow ``etl``: every ``@task`` inside the
    block belongs to it. The workflow is validated and registered when the block ends without an error (a block
    that raised registers nothing; Cloacina registers it anyway)."""

    def __init__(self, name, *, tenant=None, package=None, workflow=None):
        if not isinstance(name, str) or not name:
            raise TypeError(f"WorkflowBuilder name must be a non-empty str, got {name!r}")
        for label, value in (("tenant", tenant), ("package", package), ("workflow", workflow)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"WorkflowBuilder {label} must be a str, got {type(value).__name__}")
        if "::" in name or (workflow and "::" in workflow):
            raise ValueError(f"workflow name {workflow or name!r} contains '::', which separates namespace parts")
        self.name = name
        self.tenant = tenant or "public"
        self.package = package or "embedded"
        self.workflow_id = workflow or name
        self._description = ""
        self._tags = {}
        self._declared = []  # ids of the tasks declared inside the with block
        self._added = []  # ids given to add_task, for build()

    def description(self, text):
        if not isinstance(text, str):
            raise TypeError(f"description must be a str, got {type(text).__name__}")
        self._description = text

    def tag(self, key, value):
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError("tag key and value must be strings")
        self._tags[key] = value

    def add_task(self, task):
        """Adds a task of this workflow (its id or its function) to what ``build()`` builds."""
        task_id = getattr(task, "__cloaca_task_id__", task)
        if not isinstance(task_id, str):
            raise ValueError(f"add_task expects a task id or a @task function, got {task!r}")
        entry = _tasks._task_registry.get(task_id)
        if entry is None or entry["workflow"] != self.workflow_id:
            raise ValueError(f"Task '{task_id}' not found in workflow '{self.workflow_id}'")
        if task_id not in self._added:
            self._added.append(task_id)

    def build(self):
        """The Workflow of the tasks given to ``add_task`` (validated, not registered)."""
        return _make_workflow(self.workflow_id, self.package, self.tenant, self._description, self._tags,
                              self._added)

    def __enter__(self):
        _tasks._workflow_stack.append(self)
        return self

    def __exit__(self, exc_type, exc, tb):
        if _tasks._workflow_stack and _tasks._workflow_stack[-1] is self:
            _tasks._workflow_stack.pop()
        if exc_type is not None:
            return False
        earlier = _workflow_registry.get(self.workflow_id)
        ids = ([t for t in earlier.task_ids] if earlier is not None else []) + \
              [t for t in self._declared if earlier is None or t not in earlier.task_ids]
        description = self._description or (earlier.description if earlier is not None else "")
        tags = dict(earlier.tags) if earlier is not None else {}
        tags.update(self._tags)
        _workflow_registry[self.workflow_id] = _make_workflow(self.workflow_id, self.package, self.tenant,
                                                              description, tags, ids)
        return False

    def __repr__(self):
        return f"WorkflowBuilder(name={self.name!r})"


class Workflow:
    """A validated workflow: name, description, tags, version and its task graph."""

    __slots__ = ("name", "description", "tags", "task_ids", "_package", "_tenant", "_deps", "version")

    def __init__(self, *args, _token=None, **kwargs):
        if _token is not _TOKEN:
            raise TypeError("No constructor defined for Workflow: use WorkflowBuilder")

    def _namespace(self, task_id):
        return f"{self._tenant}::{self._package}::{self.name}::{task_id}"

    def topological_sort(self):
        """Namespaced task names, every task after its dependencies."""
        return [self._namespace(t) for level in _levels(self.task_ids, self._deps) for t in level]

    def get_execution_levels(self):
        return [[self._namespace(t) for t in level] for level in _levels(self.task_ids, self._deps)]

    def get_roots(self):
        return [self._namespace(t) for t in self.task_ids if not self._deps[t]]

    def get_leaves(self):
        used = {d for t in self.task_ids for d in self._deps[t]}
        return [self._namespace(t) for t in self.task_ids if t not in used]

    def validate(self):
        _validate(self.name, self.task_ids, self._deps)

    def to_json(self):
        return {"name": self.name, "description": self.description, "tags": dict(self.tags),
                "tasks": list(self.task_ids), "version": self.version}

    def __repr__(self):
        return f"Workflow(name={self.name!r}, tasks={len(self.task_ids)})"


def register_workflow_constructor(name, constructor):
    """Calls ``constructor()`` now; it must return a Workflow, registered under ``name``."""
    workflow = constructor()
    if not isinstance(workflow, Workflow):
        raise ValueError(f"workflow constructor for '{name}' must return a cloaca.Workflow, "
                         f"got {type(workflow).__name__}")
    _workflow_registry[name] = workflow


def _make_workflow(name, package, tenant, description, tags, task_ids):
    deps = {t: list(_tasks._task_registry[t]["dependencies"]) for t in task_ids if t in _tasks._task_registry}
    _validate(name, list(task_ids), deps)
    workflow = Workflow(_token=_TOKEN)
    workflow.name = name
    workflow.description = description
    workflow.tags = dict(tags)
    workflow.task_ids = tuple(task_ids)
    workflow._package = package
    workflow._tenant = tenant
    workflow._deps = deps
    # A content hash (Cloacina's is a SipHash of the same fields; both are opaque).
    digest = hashlib.sha256(json.dumps([name, tenant, description, sorted(tags.items()),
                                        sorted((t, sorted(deps[t])) for t in task_ids)]).encode()).hexdigest()
    workflow.version = digest[:16]
    return workflow


def _validate(name, task_ids, deps):
    if not task_ids:
        raise ValueError(f"Workflow validation failed: workflow '{name}' is empty (no tasks were declared in it)")
    known = set(task_ids)
    for task_id in task_ids:
        if task_id not in deps:
            raise ValueError(f"Workflow validation failed: task '{task_id}' of workflow '{name}' is not registered")
        for dependency in deps[task_id]:
            if dependency not in known:
                raise ValueError(f"Workflow validation failed: task '{task_id}' of workflow '{name}' depends on "
                                 f"'{dependency}', which is not a task of that workflow")
    _levels(task_ids, deps, name)


def _levels(task_ids, deps, name=None):
    """Kahn's algorithm in declaration order; a cycle is a ValueError naming it."""
    remaining = {t: set(deps[t]) for t in task_ids}
    levels = []
    while remaining:
        ready = [t for t in task_ids if t in remaining and not remaining[t]]
        if not ready:
            cycle = sorted(remaining)
            raise ValueError(f"Workflow validation failed: circular dependency in workflow '{name}' among "
                             f"{', '.join(cycle)}")
        levels.append(ready)
        for t in ready:
            del remaining[t]
        for pending in remaining.values():
            pending.difference_update(ready)
    return levels
