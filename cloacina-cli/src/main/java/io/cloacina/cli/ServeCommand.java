package io.cloacina.cli;

import io.cloacina.runner.WorkflowRunner;
import io.cloacina.runner.triggers.ServedTrigger;
import io.cloacina.runner.triggers.TriggerService;
import io.cloacina.runner.triggers.TriggeredRun;
import io.cloacina.spi.LoadedPackage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the triggers (@cloaca.trigger) of one or more packages until stopped: polls each on its "
                + "schedule (poll_interval, or cron in its timezone) and starts a run of its workflow whenever it fires.",
                "stderr gets one line per fire, per failed poll and per run end; stdout stays empty.",
                "Ctrl-C or SIGTERM stops it gracefully: no new polls or runs, running runs get --grace to end, then are "
                        + "cancelled, and it exits 0: a requested stop is a normal end. A second Ctrl-C stops at once (exit 130)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by Ctrl-C or SIGTERM (running runs given --grace, then cancelled)",
                "2:bad usage, a package that cannot be used, declares no trigger, or a trigger that cannot be served",
                "3:no usable Python backend", "130:a second Ctrl-C: stopped at once"})
final class ServeCommand implements Callable<Integer> {

    /** How long closing the packages may take after the service stopped (a task stuck in native code). */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "PACKAGE",
            description = "Package folders or .cloacina archives whose triggers to serve.")
    List<Path> packagePaths;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Python backend to use (see `cloacina backends`); default: the best available.")
    String backend;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "On Ctrl-C or SIGTERM, how long running runs may take to end before they are cancelled; "
                    + "default: ${DEFAULT-VALUE}.")
    Duration grace;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Per-task timeout of the runs (500ms, 30s, 5m, 1h30m or ISO-8601 like PT2M); default: 10m.")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        BackendChoice choice = BackendChoice.start(backend);
        ServedPackages served = ServedPackages.open(packagePaths, backend, choice);
        try {
            return serve(served, err);
        } finally {
            closeBounded(served, err, ExitCodes.OK);
        }
    }

    private int serve(ServedPackages served, PrintWriter err) throws InterruptedException {
        ServeReporter reporter = new ServeReporter(CloacinaCli.progressOutput(err));
        WorkflowRunner.Builder runs = WorkflowRunner.builder();
        if (timeout != null) {
            runs.defaultTimeout(timeout);
        }
        TriggerService.Builder builder = TriggerService.builder().runner(runs.build()).listener(reporter);
        for (LoadedPackage loaded : served.loaded()) {
            builder.add(served.runtime(), loaded);
        }
        TriggerService service;
        try {
            service = builder.build();
        } catch (IllegalArgumentException unservable) {
            throw new UserError(ExitCodes.BAD_INPUT, "cannot serve: " + unservable.getMessage());
        }
        StopSignals signals = StopSignals.install();
        // A second Ctrl-C or SIGTERM takes the JVM's usual way out: its shutdown hooks, this among them.
        Runnable stopAtOnce = () -> {
            service.runningRuns().forEach(run -> run.run().cancel());
            closeBounded(served, err, ExitCodes.CANCELLED);
        };
        ShutdownCleanup.register(stopAtOnce);
        try {
            List<ServedTrigger> triggers = service.triggers();
            reporter.line("serving " + triggers.size() + (triggers.size() == 1 ? " trigger" : " triggers") + " of "
                    + served.loaded().size() + (served.loaded().size() == 1 ? " package" : " packages")
                    + " on backend '" + served.runtime().name() + "' (Ctrl-C or SIGTERM stops, with a grace period of "
                    + Durations.format(grace) + "):");
            for (ServedTrigger trigger : triggers) {
                reporter.line("  " + trigger + ": " + trigger.schedule() + " -> workflow '" + trigger.workflow() + "'"
                        + (trigger.descriptor().allowConcurrent() ? ", concurrent runs allowed" : ""));
            }
            service.start();
            String signal = signals.await();
            List<TriggeredRun> running = service.runningRuns();
            reporter.line("stopping (" + signal + "): no new polls or runs"
                    + (running.isEmpty() ? "" : "; " + running.size() + (running.size() == 1 ? " run" : " runs")
                    + " still going, given up to " + Durations.format(grace) + " to end (Ctrl-C again stops at once)"));
            boolean clean = service.shutdown(grace);
            reporter.line(clean ? "stopped" : "stopped; runs still going after the grace period were cancelled");
            return ExitCodes.OK;
        } finally {
            signals.restore();
            service.shutdown(Duration.ZERO);
            ShutdownCleanup.unregister(stopAtOnce);
        }
    }

    /**
     * Closes the packages and the backend, waiting at most {@link #CLOSE_LIMIT}: a task stuck in native code inside
     * an in-JVM interpreter can make closing wait for it, and a requested stop must still end the process.
     */
    private static void closeBounded(ServedPackages served, PrintWriter err, int haltCode) {
        Thread closer = Thread.ofPlatform().daemon().name("cloacina-serve-close").start(() -> {
            try {
                served.close();
            } catch (RuntimeException failure) {
                err.println("cloacina: closing the packages: " + failure.getMessage());
                err.flush();
            }
        });
        try {
            closer.join(CLOSE_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            err.println("cloacina: a task did not stop within " + Durations.format(CLOSE_LIMIT)
                    + " of closing (stuck in native code?); exiting without waiting for it");
            err.flush();
            Runtime.getRuntime().halt(haltCode);
        }
    }
}
