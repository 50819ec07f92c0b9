package io.cloacina.cli;

import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.runner.TaskGraph;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.runner.WorkflowRun;
import io.cloacina.runner.WorkflowRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs every task of a package in dependency order and prints the final context as JSON on stdout.",
                "Progress, task output and errors go to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every task succeeded", "1:a task failed (stderr: task id, Python type, message, traceback, skipped tasks)",
                "2:bad usage, or a package that cannot be used", "3:no usable Python backend",
                "130:interrupted (Ctrl-C)"})
final class RunCommand implements Callable<Integer> {

    private static final Duration CLOSE_ON_INTERRUPT = Duration.ofSeconds(3);

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "A package folder or a .cloacina archive.")
    Path packagePath;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Python backend to use (see `cloacina backends`); default: the best available.")
    String backend;

    @Option(names = "--workflow", paramLabel = "NAME",
            description = "The workflow to run, when the package declares several (see `cloacina tasks`).")
    String workflowName;

    @Option(names = "--retries", paramLabel = "default|none|N",
            description = {"Retries of tasks that declare no retry policy: default = the package format's",
                    "(Cloacina's 3 runs with backoff for package.toml packages, none for manifest.json),",
                    "none, or N runs in all with Cloacina's backoff. Declared policies are kept."})
    String retries;

    @Option(names = "--context", paramLabel = "JSON|@FILE",
            description = "Initial context: a JSON object, @file to read one from a file, @- from stdin.")
    String context;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Run at most N tasks at once; default: what the backend can run in parallel.")
    Integer parallelism;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Per-task timeout (500ms, 30s, 5m, 1h30m or ISO-8601 like PT2M); default: 10m.")
    Duration timeout;

    @Option(names = "--temporal", paramLabel = "HOST:PORT",
            description = {"Run on a Temporal cluster instead of here: the tasks run on `cloacina worker`s serving",
                    "this package; output and exit codes are a local run's."})
    String temporal;

    @Option(names = "--namespace", paramLabel = "NS", description = "With --temporal: the namespace; default: default.")
    String namespace;

    @Option(names = "--no-wait", description = "With --temporal: print the run's workflow id on stdout and return at once.")
    boolean noWait;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = TaskOutputLevel.Converter.class,
            description = {"What tasks write in Python (logging records, print, sys.stderr) is shown on stderr",
                    "from this level up: trace, debug, info (default), warn, error or off."})
    TaskOutputLevel logLevel;

    @Option(names = {"-q", "--quiet"}, description = "Show no task output (the same as --log-level off).")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (temporal != null) {
            return new TemporalRunCommand(this).call();
        }
        if (namespace != null || noWait) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--namespace and --no-wait need --temporal");
        }
        if (parallelism != null && parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--parallelism must be at least 1, got " + parallelism);
        }
        RetryPolicy retryDefault = retryDefault();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BackendChoice choice = BackendChoice.start(backend);
        Context initial;
        try {
            initial = InitialContext.parse(context, System.in);
        } catch (RuntimeException | Error failure) {
            choice.abandon();
            throw failure;
        }

        try (OpenWorkflow workflow = OpenWorkflow.open(packagePath, backend, choice)) {
            WorkflowRunner.Builder options = WorkflowRunner.builder()
                    .listener(new ProgressReporter(CloacinaCli.progressOutput(err)));
            if (parallelism != null) {
                options.parallelism(parallelism);
            }
            if (timeout != null) {
                options.defaultTimeout(timeout);
            }
            if (retryDefault != null) {
                options.defaultRetryPolicy(retryDefault);
            }
            WorkflowRunner runner = options.build();
            TaskGraph graph = runner.validate(workflow.loaded(), workflowName);
            int taskCount = graph.size();
            graph.ruleWarnings().forEach(warning -> err.println("cloacina: warning: " + warning));
            err.println("cloacina: running " + workflow.opened().pythonPackage().name() + " " + workflow.opened().pythonPackage().version()
                    + (workflowName != null ? ", workflow " + workflowName : "")
                    + " (" + taskCount + " tasks) on backend '"
                    + workflow.runtime().name() + "', parallelism "
                    + (parallelism != null ? parallelism : workflow.runtime().parallelism()));
            err.flush();
            WorkflowRun run = runner.start(workflow.runtime(), workflow.loaded(), workflowName, initial);
            Runnable onCtrlC = () -> stop(run, workflow, err);
            ShutdownCleanup.register(onCtrlC);
            try {
                WorkflowResult result = run.join();
                return report(result, out, err);
            } finally {
                ShutdownCleanup.unregister(onCtrlC);
            }
        }
    }

    /** {@code null}: the package format's default. */
    RetryPolicy retryDefault() {
        if (retries == null || retries.equals("default")) {
            return null;
        }
        if (retries.equals("none")) {
            return RetryPolicy.NO_RETRY;
        }
        try {
            int runs = Integer.parseInt(retries);
            if (runs >= 1) {
                RetryPolicy cloacinas = RetryPolicy.CLOACINA_DEFAULT;
                return new RetryPolicy(runs, cloacinas.backoff(), cloacinas.initialDelay(), cloacinas.maxDelay(),
                        cloacinas.jitter(), cloacinas.conditions());
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--retries must be default, none or a number of runs of at least 1, got '" + retries + "'");
    }

    static int report(WorkflowResult result, PrintWriter out, PrintWriter err) throws Exception {
        switch (result.status()) {
            case SUCCEEDED -> {
                out.println(ContextJson.MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(result.finalContext().orElseThrow().toJsonNode()));
                out.flush();
                return ExitCodes.OK;
            }
            case CANCELLED -> {
                FailureReport.print(result, err);
                return ExitCodes.CANCELLED;
            }
            default -> {
                FailureReport.print(result, err);
                return ExitCodes.TASK_FAILED;
            }
        }
    }

    /**
     * Ctrl-C: cancel the run (which stops running tasks), give it a moment, then close the backend (its workers).
     * Bounded: a task stuck in native code inside an in-JVM interpreter can make closing wait for it, and Ctrl-C
     * must still end the process promptly, so past the deadline the JVM is halted.
     */
    private static void stop(WorkflowRun run, OpenWorkflow workflow, PrintWriter err) {
        run.cancel();
        try {
            run.result().get(3, TimeUnit.SECONDS);
        } catch (Exception notInTime) {
            // closing the backend below stops whatever is left
        }
        Thread closer = Thread.ofPlatform().daemon().name("cloacina-close-on-interrupt").start(workflow::close);
        try {
            closer.join(CLOSE_ON_INTERRUPT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            err.println("cloacina: a task did not stop within " + Durations.format(CLOSE_ON_INTERRUPT)
                    + " (stuck in native code?); exiting without waiting for it");
            err.flush();
            Runtime.getRuntime().halt(ExitCodes.CANCELLED);
        }
    }
}
