package io.cloacina.cli;

import io.cloacina.spi.PythonPackage;
import io.cloacina.temporal.CloacinaWorker;
import io.cloacina.temporal.TaskQueues;
import io.cloacina.temporal.TemporalConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Serves packages on a Temporal cluster: loads them on a backend and runs the tasks of their runs",
                "(started by `cloacina run PACKAGE --temporal ...`) until stopped with Ctrl-C or SIGTERM.",
                "Start any number of workers, on any number of machines; each package's task queue is named",
                "after the package and its version."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"2:bad usage, or a package that cannot be used", "3:no usable Python backend, or Temporal unreachable",
                "130/143:stopped by SIGINT/SIGTERM (running tasks finished or handed back)"})
final class WorkerCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PACKAGE", description = "Package folders or archives to serve.")
    List<Path> packages;

    @Option(names = "--temporal", required = true, paramLabel = "HOST:PORT",
            description = "The Temporal frontend to connect to.")
    String temporal;

    @Option(names = "--namespace", paramLabel = "NS", description = "Temporal namespace; default: default.")
    String namespace;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Python backend to run the tasks on (see `cloacina backends`); default: the best available.")
    String backend;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "Tasks this worker runs at once, per package; default: what the backend can run in parallel.")
    Integer maxConcurrent;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On SIGINT/SIGTERM, how long running tasks may take to finish before they are handed back "
                    + "to other workers; default: 20s.")
    Duration grace = Duration.ofSeconds(20);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (maxConcurrent != null && maxConcurrent < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-concurrent must be at least 1, got " + maxConcurrent);
        }
        PrintWriter err = spec.commandLine().getErr();
        TemporalSupport.quietLogs();
        BackendChoice choice = BackendChoice.start(backend);
        List<OpenWorkflow> open = new ArrayList<>();
        TemporalConnection connection = null;
        CloacinaWorker worker;
        try {
            for (Path pkg : packages) {
                open.add(OpenWorkflow.open(pkg, backend, choice, open.isEmpty()));
            }
            connection = TemporalSupport.connect(temporal, namespace);
            int concurrent = maxConcurrent != null ? maxConcurrent : Math.max(1, open.get(0).runtime().parallelism());
            worker = CloacinaWorker.start(connection.client(), open.stream().map(OpenWorkflow::loaded).toList(), concurrent);
            for (OpenWorkflow workflow : open) {
                PythonPackage pkg = workflow.loaded().pythonPackage();
                err.println("cloacina: serving " + pkg.name() + " " + pkg.version() + " on task queue " + TaskQueues.of(pkg));
            }
            err.println("cloacina: worker " + worker.identity() + " connected to Temporal at " + temporal + ", namespace "
                    + TemporalSupport.namespace(namespace) + ", backend '" + open.get(0).runtime().name() + "', up to "
                    + concurrent + " tasks at once per package; Ctrl-C to stop");
            err.flush();
        } catch (RuntimeException | Error failure) {
            closeAll(open, connection);
            throw failure;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        TemporalConnection finalConnection = connection;
        ShutdownCleanup.register(() -> {
            err.println("cloacina: worker stopping: running tasks get " + Durations.format(grace)
                    + " to finish, then go back to other workers");
            err.flush();
            try {
                worker.shutdown(grace);
            } finally {
                closeAll(open, finalConnection);
                stopped.countDown();
            }
        });
        stopped.await();
        return ExitCodes.OK;
    }

    /** The packages in reverse order: the first one owns the backend and closes it last. */
    private static void closeAll(List<OpenWorkflow> open, TemporalConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (RuntimeException ignored) {
                // the others must still close
            }
        }
    }
}
