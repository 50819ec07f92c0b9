package io.cloacina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.ContextJson;
import io.cloacina.error.TaskError;
import io.cloacina.runner.TaskGraph;
import io.cloacina.spi.TaskDescriptor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = {"Lists the tasks a package declares, in declaration order, with their dependencies and whether they are async.",
                "Exits 2 (after listing) when the graph is invalid: an unknown dependency or a cycle."})
final class TasksCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "A package folder or a .cloacina archive.")
    Path packagePath;

    @Option(names = "--json", description = "Print a JSON array of {\"id\", \"function\", \"dependencies\", \"async\"}.")
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
        try (OpenWorkflow workflow = OpenWorkflow.open(packagePath, backend, BackendChoice.start(backend))) {
            tasks = workflow.loaded().discovery().tasks();
        }
        if (json) {
            printJson(tasks, out);
        } else {
            printTable(tasks, out);
        }
        out.flush();
        try {
            TaskGraph.of(tasks);
        } catch (TaskError.ValidationFailed invalid) {
            err.println("cloacina: the workflow in " + packagePath + " cannot run: " + invalid.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.OK;
    }

    private static void printJson(List<TaskDescriptor> tasks, PrintWriter out) throws Exception {
        ArrayNode array = ContextJson.MAPPER.createArrayNode();
        for (TaskDescriptor task : tasks) {
            ObjectNode node = array.addObject();
            node.put("id", task.id());
            node.put("function", task.functionName());
            ArrayNode dependencies = node.putArray("dependencies");
            task.dependencies().forEach(dependencies::add);
            node.put("async", task.async());
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
