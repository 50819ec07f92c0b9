package io.cloacina.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups a package's tasks into its workflows (see {@link LoadedPackage#workflows()}). */
final class Workflows {

    private Workflows() {
    }

    static List<WorkflowDescriptor> of(PythonPackage pkg, TaskDiscovery discovery) {
        Map<String, List<String>> taskIds = new LinkedHashMap<>();
        taskIds.put(pkg.workflowName(), new ArrayList<>());
        for (TaskDescriptor task : discovery.tasks()) {
            taskIds.computeIfAbsent(task.workflowOr(pkg.workflowName()), name -> new ArrayList<>()).add(task.id());
        }
        Map<String, WorkflowDescriptor> declared = new LinkedHashMap<>();
        for (WorkflowDescriptor workflow : discovery.declaredWorkflows()) {
            declared.put(workflow.name(), workflow);
        }
        List<WorkflowDescriptor> workflows = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : taskIds.entrySet()) {
            if (entry.getValue().isEmpty()) {
                continue; // the package's own workflow, when every task was declared in a builder
            }
            WorkflowDescriptor known = declared.get(entry.getKey());
            workflows.add(new WorkflowDescriptor(entry.getKey(), known != null ? known.description() : "",
                    known != null ? known.tags() : Map.of(), entry.getValue()));
        }
        return List.copyOf(workflows);
    }
}
