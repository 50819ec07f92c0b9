package io.cloacina.runner;

import io.cloacina.error.TaskError;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.WorkflowDescriptor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Picks the tasks of the workflow a run asks for, among the workflows a package declares. */
final class WorkflowSelection {

    private WorkflowSelection() {
    }

    /** The tasks of {@code name}, or of the package's only workflow when {@code name} is null. */
    static List<TaskDescriptor> tasks(LoadedPackage loaded, String name) {
        List<WorkflowDescriptor> workflows = loaded.workflows();
        List<TaskDescriptor> all = loaded.discovery().tasks();
        if (name == null) {
            if (workflows.size() <= 1) {
                return all;
            }
            throw new TaskError.ValidationFailed(null, "package '" + loaded.pythonPackage().name()
                    + "' declares several workflows (" + names(workflows) + "): choose one (run --workflow NAME)");
        }
        for (WorkflowDescriptor workflow : workflows) {
            if (workflow.name().equals(name)) {
                Set<String> ids = new HashSet<>(workflow.taskIds());
                return all.stream().filter(task -> ids.contains(task.id())).toList();
            }
        }
        throw new TaskError.ValidationFailed(null, "package '" + loaded.pythonPackage().name()
                + "' has no workflow '" + name + "' (its workflows: " + names(workflows) + ")");
    }

    /** The name of the workflow that runs: {@code name}, or the package's only one (its own name without any). */
    static String name(LoadedPackage loaded, String name) {
        if (name != null) {
            return name;
        }
        List<WorkflowDescriptor> workflows = loaded.workflows();
        return workflows.isEmpty() ? loaded.pythonPackage().workflowName() : workflows.get(0).name();
    }

    private static String names(List<WorkflowDescriptor> workflows) {
        return workflows.isEmpty() ? "none" : String.join(", ", workflows.stream().map(WorkflowDescriptor::name).toList());
    }
}
