package io.cloacina.python.graal;

import io.cloacina.error.TaskError;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.PythonPackage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.spi.TaskDescriptor;
import org.graalvm.polyglot.PolyglotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Makes a context that holds one package: starts it, then imports the entry module under a time limit. */
final class PackageStarter {

    private static final Logger LOG = LoggerFactory.getLogger(PackageStarter.class);

    /** An interpreter holding the package, and the tasks the import registered. */
    record Started(PackageInterpreter interpreter, DiscoveredTasks tasks) {
    }

    private final SharedEngine engine;
    private final GraalSettings settings;
    private final ScheduledExecutorService timers;
    private final Executor control;

    PackageStarter(SharedEngine engine, GraalSettings settings, ScheduledExecutorService timers, Executor control) {
        this.engine = engine;
        this.settings = settings;
        this.timers = timers;
        this.control = control;
    }

    /**
     * @throws TaskError.ImportFailed     the entry module is missing, failed, or did not finish in time
     * @throws TaskError.ValidationFailed a task declaration is invalid
     * @throws IllegalStateException      GraalPy could not start a context
     */
    Started start(PythonPackage pkg, Path cloacaEntry) {
        long begin = System.nanoTime();
        PackageInterpreter interpreter;
        try {
            interpreter = PackageInterpreter.start(engine.get(), engine.homes(), settings.sandbox(), pkg, cloacaEntry);
        } catch (PolyglotException e) {
            throw new IllegalStateException("GraalPy could not start a context for package '" + pkg.name() + "': "
                    + e.getMessage(), e);
        }
        long started = System.nanoTime();
        try {
            JsonNode reply = BridgeReplies.parse(importEntryModule(interpreter, pkg));
            PythonLogs.forward(reply, PythonLogs.packageScope(GraalRuntime.NAME, pkg.name()));
            DiscoveredTasks tasks = BridgeReplies.discovery(reply);
            LOG.debug("GraalPy context for package '{}' started in {} ms, entry module imported in {} ms", pkg.name(),
                    (started - begin) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
            return new Started(interpreter, tasks);
        } catch (RuntimeException | Error e) {
            interpreter.close();
            throw e;
        }
    }

    private String importEntryModule(PackageInterpreter interpreter, PythonPackage pkg) {
        RunGuard guard = new RunGuard(interpreter, settings.interruptGrace());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timer = timers.schedule(() -> {
            timedOut.set(true);
            control.execute(guard::stop);
        }, settings.loadTimeout().toNanos(), TimeUnit.NANOSECONDS);
        try {
            return interpreter.load(pkg, PythonLogs.packageScope(GraalRuntime.NAME, pkg.name()));
        } catch (PolyglotException e) {
            if (timedOut.get()) {
                throw new TaskError.ImportFailed(null, "Importing entry module '" + pkg.entryModule() + "' of package '"
                        + pkg.name() + "' did not finish within " + settings.loadTimeout(), null, null);
            }
            throw PolyglotFailures.toImportFailure(e, pkg.entryModule());
        } finally {
            guard.finish();
            timer.cancel(false);
        }
    }
}
