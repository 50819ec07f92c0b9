package io.cloacina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.ContextJson;
import io.cloacina.error.TaskError;
import io.cloacina.runner.TaskGraph;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskMetadata;
import io.cloacina.spi.WorkflowDescriptor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = {"Lists the tasks a package declares, in declaration order, with their dependencies and whether they are async;",
                "grouped by workflow when the package declares several (with cloaca.WorkflowBuilder).",
                "Exits 2 (after listing) when a workflow's graph is invalid: an unknown dependency or a cycle."})
final class TasksCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "A package folder or a .cloacina archive.")
    Path packagePath;

    @Option(names = "--json", description = {"Print a JSON array of task objects: \"id\", \"function\", \"dependencies\", \"async\",",
            "\"workflow\", \"retry\" (the policy that applies), \"retry_declared\", \"trigger_rule\", \"on_success\",",
            "\"on_failure\", \"handle\"."})
    boolean json;

    @Option(names = "--backend", paramLabel = "NAME", description = "Python backend used to import the package.")
    String backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<TaskDescriptor> tasks;
        List<WorkflowDescriptor> workflows;
        PythonPackage pkg;
        try (OpenWorkflow workflow = OpenWorkflow.open(packagePath, backend, BackendChoice.start(backend))) {
            tasks = workflow.loaded().discovery().tasks();
            workflows = workflow.loaded().workflows();
            pkg = workflow.loaded().pythonPackage();
        }
        if (json) {
            printJson(tasks, pkg, out);
        } else if (workflows.size() <= 1) {
            printTable(tasks, out);
        } else {
            for (WorkflowDescriptor workflow : workflows) {
                out.println("WORKFLOW " + workflow.name()
                        + (workflow.description().isEmpty() ? "" : "  (" + workflow.description() + ")"));
                printTable(tasks.stream().filter(t -> workflow.taskIds().contains(t.id())).toList(), out);
                out.println();
            }
        }
        out.flush();
        int status = ExitCodes.OK;
        for (WorkflowDescriptor workflow : workflows.isEmpty() ? List.<WorkflowDescriptor>of() : workflows) {
            try {
                TaskGraph graph = TaskGraph.of(tasks.stream().filter(t -> workflow.taskIds().contains(t.id())).toList());
                graph.ruleWarnings().forEach(warning -> err.println("cloacina: warning: " + warning));
            } catch (TaskError.ValidationFailed invalid) {
                err.println("cloacina: the workflow " + (workflows.size() > 1 ? "'" + workflow.name() + "' " : "")
                        + "in " + packagePath + " cannot run: " + invalid.getMessage());
                status = ExitCodes.BAD_INPUT;
            }
        }
        return status;
    }

    private static void printJson(List<TaskDescriptor> tasks, PythonPackage pkg, PrintWriter out) throws Exception {
        ArrayNode array = ContextJson.MAPPER.createArrayNode();
        for (TaskDescriptor task : tasks) {
            ObjectNode node = array.addObject();
            node.put("id", task.id());
            node.put("function", task.functionName());
            ArrayNode dependencies = node.putArray("dependencies");
            task.dependencies().forEach(dependencies::add);
            node.put("async", task.async());
            TaskMetadata metadata = task.metadata();
            node.put("workflow", task.workflowOr(pkg.workflowName()));
            node.set("retry", metadata.retryPolicyOr(pkg.format()).toJson());
            node.put("retry_declared", metadata.retryPolicy() != null);
            node.set("trigger_rule", metadata.triggerRule().toJson());
            node.put("on_success", metadata.onSuccess());
            node.put("on_failure", metadata.onFailure());
            node.put("handle", metadata.wantsHandle());
        }
        out.println(ContextJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    }

    private static void printTable(List<TaskDescriptor> tasks, PrintWriter out) {
        int idWidth = Math.max("TASK".length(), tasks.stream().mapToInt(t -> t.id().length()).max().orElse(0));
        int fnWidth = Math.max("FUNCTION".length(), tasks.stream().mapToInt(t -> t.functionName().length()).max().orElse(0));
        String format = "%-" + idWidth + "s  %-" + fnWidth + "s  %-5s  %s%n";
        out.printf(format, "TASK", "FUNCTION", "ASYNC", "DEPENDS ON");
        for (TaskDescriptor task : tasks) {
            out.printf(format, task.id(), task.functionName(), task.async() ? "yes" : "no",
                    task.dependencies().isEmpty() ? "-" : String.join(", ", task.dependencies()));
        }
    }
}
