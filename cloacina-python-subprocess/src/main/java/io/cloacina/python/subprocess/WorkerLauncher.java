package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.bridge.LoadOptions;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.bridge.CloacaModule;
import io.cloacina.spi.TaskDescriptor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts worker processes for one package and has each import it before it is handed any task. */
final class WorkerLauncher {

    /** A worker that imported the package, and the tasks that import registered. */
    record Started(WorkerProcess worker, DiscoveredTasks tasks) {
    }

    private final List<String> command;
    private final PythonPackage pkg;
    private final SubprocessSettings settings;
    private final TaskLogs logs;
    /** Every worker of the package that may still be alive, so that nothing can outlive a close or the JVM. */
    private final Set<WorkerProcess> live;

    WorkerLauncher(Interpreter interpreter, PythonPackage pkg, SubprocessSettings settings, TaskLogs logs,
                   Set<WorkerProcess> live) {
        // No -I: it would drop PYTHONPATH and the user site-packages, where the native extensions a task
        // imports often live (an in-process backend sees them too). The worker takes its own folder off
        // sys.path itself. -u: unbuffered, so nothing a task prints waits in a buffer when the process dies.
        this.command = List.of(interpreter.executable().toString(), "-u", WorkerScript.path().toString(),
                CloacaModule.pythonPathEntry().toString());
        this.pkg = pkg;
        this.settings = settings;
        this.logs = logs;
        this.live = live;
    }

    /**
     * Starts a worker and loads the package into it, within the start timeout.
     *
     * @throws TaskError the import failed (as the bridge classified it), the worker died or hung while
     *                   importing; no process is left behind in any of these cases
     */
    Started start(int number) {
        WorkerProcess worker;
        try {
            worker = WorkerProcess.start(command, "Python worker " + number + " of package '" + pkg.name() + "'",
                    logs, settings.shutdownGrace());
        } catch (IOException e) {
            throw new TaskError.WorkerCrashed(null, "Could not start the Python worker '" + command.get(0)
                    + "' for package '" + pkg.name() + "': " + e.getMessage());
        }
        live.add(worker);
        boolean loaded = false;
        try {
            ObjectNode reply = worker.load(pkg.sourceDir().toString(), pkg.vendor().map(Path::toString).orElse(null),
                    pkg.entryModule(), LoadOptions.json(pkg)).get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            PythonLogs.forward(reply, logs.packageScope());
            DiscoveredTasks tasks = BridgeReplies.discovery(reply);
            loaded = true;
            return new Started(worker, tasks);
        } catch (ExecutionException e) {
            throw new TaskError.WorkerCrashed(null, "The Python worker died while importing '" + pkg.entryModule()
                    + "' of package '" + pkg.name() + "': " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            worker.kill();
            throw new TaskError.ImportFailed(null, "Importing '" + pkg.entryModule() + "' of package '" + pkg.name()
                    + "' did not finish within " + settings.startTimeout().toSeconds() + "s (-D"
                    + SubprocessSettings.START_TIMEOUT_PROPERTY + " raises the limit); the worker was killed",
                    null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskError.Cancelled(null, "Interrupted while starting a Python worker for package '"
                    + pkg.name() + "'");
        } finally {
            if (!loaded) {
                retire(worker);
            }
        }
    }

    /** Ends a worker for good: graceful when it is healthy and idle, a kill otherwise; bounded either way. */
    void retire(WorkerProcess worker) {
        try {
            if (worker.unusable()) {
                worker.killAndWait();
            } else {
                worker.shutdown();
            }
        } finally {
            live.remove(worker);
        }
    }
}
