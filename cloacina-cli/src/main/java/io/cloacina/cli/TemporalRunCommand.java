package io.cloacina.cli;

import io.cloacina.context.Context;
import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.temporal.RunOptions;
import io.cloacina.temporal.TaskQueues;
import io.cloacina.temporal.TemporalConnection;
import io.cloacina.temporal.TemporalRun;
import io.cloacina.temporal.TemporalRunResult;
import io.cloacina.temporal.TemporalWorkflows;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code run PACKAGE --temporal HOST:PORT}: the package's manifest is read here (its name and version name the
 * task queue), the run itself happens on the workers. What it prints and returns is a local run's: the final
 * context on stdout, progress and the failure report on stderr, the same exit codes.
 */
final class TemporalRunCommand implements Callable<Integer> {

    private final RunCommand run;

    TemporalRunCommand(RunCommand run) {
        this.run = run;
    }

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = run.spec.commandLine();
        if (run.backend != null) {
            throw new CommandLine.ParameterException(commandLine,
                    "--backend does not apply with --temporal: the workers choose it (cloacina worker --backend)");
        }
        if (run.parallelism != null) {
            throw new CommandLine.ParameterException(commandLine,
                    "--parallelism does not apply with --temporal: each worker's --max-concurrent bounds it");
        }
        RetryPolicy retryDefault = run.retryDefault();
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        Context initial = InitialContext.parse(run.context, System.in);
        PythonPackage pkg;
        try (OpenedPackage opened = new PackageReader().open(run.packagePath)) {
            pkg = opened.pythonPackage();
        }
        RunOptions options = RunOptions.defaults().workflow(run.workflowName);
        if (run.timeout != null) {
            options.defaultTimeout(run.timeout);
        }
        if (retryDefault != null) {
            options.defaultRetryPolicy(retryDefault);
        }
        try (TemporalConnection connection = TemporalSupport.connect(run.temporal, run.namespace)) {
            TemporalRun started = TemporalWorkflows.start(connection.client(), pkg, initial, options);
            if (run.noWait) {
                out.println(started.workflowId());
                out.flush();
                return ExitCodes.OK;
            }
            err.println("cloacina: running " + pkg.name() + " " + pkg.version()
                    + (run.workflowName != null ? ", workflow " + run.workflowName : "")
                    + " on Temporal at " + run.temporal + " (namespace " + TemporalSupport.namespace(run.namespace)
                    + ", task queue " + TaskQueues.of(pkg) + ", workflow id " + started.workflowId() + ")");
            err.flush();
            Runnable onCtrlC = () -> {
                try {
                    started.cancel();
                } catch (RuntimeException ignored) {
                    // the cluster is gone: nothing to cancel there
                }
            };
            ShutdownCleanup.register(onCtrlC);
            try {
                TemporalRunResult done = started.await(new ProgressReporter(CloacinaCli.progressOutput(err)));
                return RunCommand.report(done.result(), out, err);
            } finally {
                ShutdownCleanup.unregister(onCtrlC);
            }
        }
    }
}
