package io.cloacina.python.jep;

import io.cloacina.bridge.support.BackendConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import io.cloacina.spi.SpiVersion;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.bridge.LoadOptions;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.bridge.support.AvailabilityProbe;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskDescriptor;
import jep.JepConfig;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.OptionalInt;

/**
 * CPython embedded in the JVM through Jep: real CPython with C extensions, no process boundary.
 *
 * <p>Each loaded package gets its own sub-interpreter (its own {@code sys.modules}, so two packages with the
 * same module names stay apart) on its own thread. What it cannot do: survive a segfault or {@code os._exit}
 * in a task (they end the JVM), stop a task stuck inside C code, or run two tasks of one package at once.
 */
public final class JepRuntime implements PythonRuntime {

    public static final String NAME = "jep";
    /**
     * Above the subprocess backend (100): when Jep is installed it runs the same CPython and C extensions
     * without a process hop per task. Embedders who need crash isolation name "subprocess" explicitly.
     */
    public static final int PRIORITY = 200;
    private static final String NAME_FOR_MESSAGES = "jep";
    static final String LOAD_TIMEOUT_PROPERTY = "cloacina.jep.load-timeout";
    static final long DEFAULT_LOAD_TIMEOUT_SECONDS = 600;
    /** The id under which an import is armed for interruption; task executions use positive ids. */
    private static final long LOAD_EXECUTION_ID = -2;
    private static final long INTERRUPTED_LOAD_GRACE_SECONDS = 10;
    static final String SHARED_MODULES_PROPERTY = "cloacina.jep.shared-modules";
    static final String JAVA_IMPORTS_PROPERTY = "cloacina.jep.java-imports";
    static final String SHARED_MODULES_ENV = "CLOACINA_JEP_SHARED_MODULES";
    /**
     * numpy cannot be loaded into a second sub-interpreter ("cannot load module more than once per process"),
     * so by default it is imported once in Jep's main interpreter and shared by every package.
     */
    static final String DEFAULT_SHARED_MODULES = "numpy";

    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.NATIVE_EXTENSIONS, Capability.INTERRUPT_RUNNING_TASK));
    private static final AtomicInteger PACKAGE_NUMBERS = new AtomicInteger();

    private final Properties properties;
    private final Map<String, String> env;
    private final Set<JepPackage> loaded = ConcurrentHashMap.newKeySet();
    private volatile JepServices services;
    private final AvailabilityProbe availability = new AvailabilityProbe(NAME_FOR_MESSAGES, this::probe);
    private volatile JepInstallation installation;
    private volatile boolean closed;

    /** For ServiceLoader: reads this JVM's system properties and environment. Does no work. */
    public JepRuntime() {
        this(System.getProperties(), System.getenv());
    }

    JepRuntime(Properties properties, Map<String, String> env) {
        this.properties = properties;
        this.env = env;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** One interpreter thread per package: its tasks run one at a time. */
    @Override
    public int parallelism() {
        return 1;
    }

    /** One sub-interpreter per loaded package (Jep's shared main interpreter is not counted). */
    @Override
    public OptionalInt interpreters() {
        return OptionalInt.of(loaded.size());
    }

    /**
     * Finds Jep and checks that the jar and the native library are the same version: one short Python
     * process, no native code loaded here (CPython starts at the first {@link #load}). Remembered; if CPython
     * then fails to start, the answer becomes "unavailable" with the reason.
     */
    @Override
    public Availability availability() {
        return availability.get();
    }

    private Availability probe() {
        JepLocation location;
        try {
            location = JepLocator.locate(properties, env);
        } catch (RuntimeException e) {
            return Availability.unavailable("could not look for Jep: " + e.getMessage());
        }
        if (!location.isFound()) {
            return Availability.unavailable(location.problem());
        }
        JepInstallation found = location.installation();
        String javaSide = JepVersions.javaSide();
        if (found.jepVersion() == null) {
            return Availability.unavailable("cannot tell the version of the native Jep at " + found.library()
                    + " (the jar is " + javaSide + "); reinstall it: " + JepVersions.pipInstallLine(found.python()));
        }
        if (!found.jepVersion().equals(javaSide)) {
            return Availability.unavailable("Jep versions differ: the jar on the class path is " + javaSide
                    + " but the native library (" + found.library() + ") is " + found.jepVersion()
                    + "; run: " + JepVersions.pipInstallLine(found.python()));
        }
        installation = found;
        return Availability.available("Jep " + javaSide + " from " + found.library());
    }

    /** Points Jep at the installation found (once per JVM); a failure to start before makes us unavailable. */
    private void startPython() {
        try {
            EmbeddedPython.start(installation);
        } catch (IllegalStateException e) {
            throw unavailable(e.getMessage(), e);
        }
    }

    /**
     * Creates the package's sub-interpreter on its thread. The JVM's first one also starts CPython: when that
     * fails (UnsatisfiedLinkError, ...), the backend is unavailable from then on, with the reason.
     */
    private void openInterpreter(PythonPackage pkg, InterpreterThread thread, InterruptSlot slot, long timeoutSeconds) {
        try {
            thread.open(interpreterConfig()).get(timeoutSeconds, TimeUnit.SECONDS);
            EmbeddedPython.opened();
        } catch (ExecutionException e) {
            // No interpreter was made: nothing maps the slot but us, and the thread only has to end.
            discard(thread, slot);
            slot.close();
            String startProblem = EmbeddedPython.openFailed(e.getCause());
            if (startProblem != null) {
                throw unavailable(startProblem, e.getCause());
            }
            throw new TaskError.ImportFailed(null, "package '" + pkg.name() + "' could not be loaded into Jep: "
                    + e.getCause().getMessage(), null, null);
        } catch (TimeoutException e) {
            discard(thread, slot);
            String startProblem = EmbeddedPython.openFailed(
                    new TimeoutException("no Python interpreter within " + timeoutSeconds + " s"));
            if (startProblem != null) {
                throw unavailable(startProblem, e);
            }
            throw new TaskError.ImportFailed(null, "package '" + pkg.name() + "': Jep did not create its Python "
                    + "interpreter within " + timeoutSeconds + " s", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(thread, slot);
            throw new IllegalStateException("interrupted while starting a Python interpreter");
        }
    }

    private IllegalStateException unavailable(String reason, Throwable cause) {
        availability.markUnavailable(reason);
        return new IllegalStateException(AvailabilityProbe.unavailableMessage(NAME_FOR_MESSAGES, reason), cause);
    }

    @Override
    public LoadedPackage load(PythonPackage pkg) {
        if (closed) {
            throw new IllegalStateException("the jep backend is closed");
        }
        availability.requireAvailable();
        startPython();
        InterpreterThread thread = new InterpreterThread("cloacina-jep-" + pkg.name() + "-"
                + PACKAGE_NUMBERS.incrementAndGet());
        InterruptSlot slot = InterruptSlot.create();
        DiscoveredTasks tasks;
        String options = LoadOptions.json(pkg);
        JepLogSink logSink = new JepLogSink(PythonLogs.packageScope(NAME, pkg.name()));
        long timeout = loadTimeoutSeconds();
        openInterpreter(pkg, thread, slot, timeout);
        try {
            var loading = thread.submit(interpreter -> {
                JepBoot.boot(interpreter, slot, installation.sitePackages(), logSink);
                return (String) interpreter.invoke(JepBoot.LOAD, LOAD_EXECUTION_ID, pkg.sourceDir().toString(),
                        pkg.vendor().map(Object::toString).orElse(null), pkg.entryModule(), options);
            });
            String reply;
            try {
                reply = loading.get(timeout, TimeUnit.SECONDS);
            } catch (TimeoutException stuck) {
                // Stop a pure-Python import loop; its reply, an ImportFailed, follows shortly.
                slot.request(LOAD_EXECUTION_ID);
                reply = loading.get(INTERRUPTED_LOAD_GRACE_SECONDS, TimeUnit.SECONDS);
            }
            JsonNode parsed = BridgeReplies.parse(reply);
            PythonLogs.forward(parsed, PythonLogs.packageScope(NAME, pkg.name()));
            tasks = BridgeReplies.discovery(parsed);
        } catch (TaskError failure) {
            discard(thread, slot);
            throw failure;
        } catch (ExecutionException e) {
            discard(thread, slot);
            throw new TaskError.ImportFailed(null, "package '" + pkg.name() + "' could not be loaded into Jep: "
                    + e.getCause().getMessage(), null, null);
        } catch (TimeoutException e) {
            discard(thread, slot);
            throw new TaskError.ImportFailed(null, "package '" + pkg.name() + "' did not finish importing its entry "
                    + "module '" + pkg.entryModule() + "' within " + timeout + " s (stuck in native code?)", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(thread, slot);
            throw new IllegalStateException("interrupted while loading package '" + pkg.name() + "'");
        }
        JepPackage result = new JepPackage(pkg, thread, slot, tasks, services(), loaded::remove, logSink);
        loaded.add(result);
        if (closed) { // raced with close(): it may have missed this package
            result.close();
            throw new IllegalStateException("the jep backend is closed");
        }
        return result;
    }

    /**
     * Ends a half-loaded package's interpreter (its import failed or hung). If the import is still running
     * this waits behind it on the interpreter thread, a daemon, and never blocks the caller.
     */
    private static void discard(InterpreterThread thread, InterruptSlot slot) {
        thread.close(interpreter -> {
            interpreter.exec("import sys\n"
                    + "_r = sys.modules.get('cloacina_jep_runner')\n"
                    + "_cloacina_safe = _r is None or (_r.stop(2) and not _r.other_threads(2))");
            boolean safe = Boolean.TRUE.equals(interpreter.getValue("_cloacina_safe", Boolean.class));
            if (safe) {
                slot.close();
            }
            return safe;
        });
    }

    /**
     * Top-level modules imported once in Jep's main interpreter and shared by every package instead of being
     * imported per sub-interpreter: for C extensions that do not support sub-interpreters. Comma-separated;
     * an empty value shares nothing.
     */
    List<String> sharedModules() {
        return BackendConfig.of("jep", properties, env).list("shared-modules",
                List.of(DEFAULT_SHARED_MODULES.split(",")));
    }

    /** A package's sub-interpreter: the shared modules, and Java imports only when asked for. */
    JepConfig interpreterConfig() {
        JepConfig config = new JepConfig().addSharedModules(sharedModules().toArray(String[]::new));
        if (!javaImports()) {
            config.setClassEnquirer(NoJavaImports.INSTANCE);
        }
        return config;
    }

    /** Whether tasks may {@code import java...} ({@value #JAVA_IMPORTS_PROPERTY}; off by default, see NoJavaImports). */
    boolean javaImports() {
        return BackendConfig.of("jep", properties, env).flag("java-imports", false);
    }

    /** How long a package's entry module may take to import ({@value #LOAD_TIMEOUT_PROPERTY}; bare number: seconds). */
    long loadTimeoutSeconds() {
        return BackendConfig.of("jep", properties, env)
                .duration("load-timeout", Duration.ofSeconds(DEFAULT_LOAD_TIMEOUT_SECONDS), ChronoUnit.SECONDS, false)
                .toSeconds();
    }

    private JepServices services() {
        JepServices current = services;
        if (current == null) {
            synchronized (this) {
                current = services;
                if (current == null) {
                    current = new JepServices();
                    services = current;
                }
            }
        }
        return current;
    }

    @Override
    public void close() {
        closed = true;
        for (JepPackage pkg : List.copyOf(loaded)) {
            pkg.close();
        }
        JepServices current = services;
        if (current != null) {
            current.close();
        }
    }
}
