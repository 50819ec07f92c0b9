package io.cloacina.python.subprocess;

import io.cloacina.spi.SpiVersion;
import io.cloacina.bridge.concurrent.BriefSpin;
import io.cloacina.bridge.support.AvailabilityProbe;
import io.cloacina.bridge.concurrent.DeadlineTimer;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.OptionalInt;

/**
 * The {@value #NAME} backend: every loaded package gets its own pool of CPython worker processes
 * (the interpreter named by {@code -Dcloacina.python.executable}, {@code $CLOACINA_PYTHON}, else
 * {@code python3} on the {@code PATH}; it must be Python 3.10 or newer).
 *
 * <p>A process boundary buys what no in-process backend can promise: tasks run in parallel (one GIL per
 * process), a task that crashes its interpreter ({@code os._exit}, a segfault) fails alone with
 * {@code WorkerCrashed}, and a task stuck anywhere, even inside C code, is stopped at its timeout or on
 * {@code cancel(true)} by killing its process, which is then replaced. The price is a process start per
 * worker (about 0.1 s here, paid on first use) and JSON encoding of contexts on each call.
 *
 * <p>Workers start lazily: {@link #load} starts one (it imports the package and discovers its tasks), and
 * the others start when tasks are queued while every worker is busy, up to {@link #parallelism()}
 * ({@code -Dcloacina.subprocess.workers}, default: the number of processors).
 *
 * <p>Priority {@value #PRIORITY}: the backend works wherever a CPython is installed and isolates best;
 * other backends choose their own priorities relative to it.
 */
public final class SubprocessRuntime implements PythonRuntime {

    public static final String NAME = "subprocess";
    public static final int PRIORITY = 100;

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(Capability.PARALLEL_EXECUTION,
            Capability.CRASH_ISOLATION, Capability.INTERRUPT_RUNNING_TASK, Capability.INTERRUPT_NATIVE_CODE,
            Capability.NATIVE_EXTENSIONS));

    private final SubprocessSettings settings;
    private final String settingsProblem;
    private final Set<SubprocessPackage> packages = ConcurrentHashMap.newKeySet();
    private final Set<WorkerProcess> liveWorkers = ConcurrentHashMap.newKeySet();
    private volatile InterpreterProbe.Result probe;
    private DeadlineTimer timers;
    private Thread shutdownHook;
    private boolean closed;

    /** For {@link java.util.ServiceLoader}: settings from system properties and the environment. Cheap. */
    public SubprocessRuntime() {
        SubprocessSettings parsed = null;
        String problem = null;
        try {
            parsed = SubprocessSettings.fromEnvironment();
            BriefSpin.configure(SubprocessSettings.spin(System.getProperties(), System.getenv()));
        } catch (IllegalArgumentException e) {
            problem = e.getMessage(); // names the setting, its source and the value (BackendConfig)
        }
        this.settings = parsed;
        this.settingsProblem = problem;
    }

    public SubprocessRuntime(SubprocessSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.settingsProblem = null;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Runs the interpreter once (bounded by a timeout) the first time it is asked; remembers the answer. */
    @Override
    public Availability availability() {
        if (settingsProblem != null) {
            return Availability.unavailable(settingsProblem);
        }
        InterpreterProbe.Result result = probe();
        if (!result.ok()) {
            return Availability.unavailable(result.problem());
        }
        return Availability.available(result.interpreter().describe() + ", up to " + settings.workers()
                + " worker processes per package");
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public int parallelism() {
        return settings == null ? 1 : settings.workers();
    }

    /** The worker processes alive now, of every loaded package (those starting and those being retired too). */
    @Override
    public OptionalInt interpreters() {
        return OptionalInt.of(liveWorkers.size());
    }

    /**
     * Starts the package's first worker, which imports the entry module and reports its tasks.
     *
     * @throws TaskError             the import failed (ImportFailed, ValidationFailed) or the worker died
     *                               while importing (WorkerCrashed); no process is left behind
     * @throws IllegalStateException the backend is unavailable or closed
     */
    @Override
    public LoadedPackage load(PythonPackage pkg) {
        Objects.requireNonNull(pkg, "pkg");
        Availability availability = availability();
        if (!availability.available()) {
            throw new IllegalStateException(AvailabilityProbe.unavailableMessage(name(), availability.reason()));
        }
        DeadlineTimer packageTimers = startUsing();
        TaskLogs logs = new TaskLogs(pkg.name());
        WorkerLauncher launcher = new WorkerLauncher(probe().interpreter(), pkg, settings, logs, liveWorkers);
        WorkerPool pool = new WorkerPool(pkg.name(), launcher, settings.workers(), settings.shutdownGrace(),
                packageTimers, liveWorkers);
        WorkerLauncher.Started first = launcher.start(pool.nextWorkerNumber());
        SubprocessPackage loaded = new SubprocessPackage(pkg, first.tasks(), pool, packages::remove);
        packages.add(loaded);
        pool.adopt(first.worker());
        synchronized (this) {
            if (closed) {
                // close() ran while this package was importing: it must not outlive the runtime.
                loaded.close();
                throw new IllegalStateException("The subprocess Python backend was closed while loading " + pkg);
            }
        }
        return loaded;
    }

    @Override
    public void close() {
        List<SubprocessPackage> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(packages);
        }
        open.forEach(SubprocessPackage::close);
        liveWorkers.forEach(WorkerProcess::killAndWait);
        DeadlineTimer stoppedTimers;
        synchronized (this) {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running or about to: it does the same job
                }
                shutdownHook = null;
            }
            stoppedTimers = timers;
        }
        if (stoppedTimers != null) {
            stoppedTimers.close(); // waits for its thread, which may be in a run's abort: not under this lock
        }
    }

    @Override
    public String toString() {
        return "SubprocessRuntime" + (settings == null ? "" : "[" + settings.executable() + ", "
                + settings.workers() + " workers]");
    }

    private InterpreterProbe.Result probe() {
        InterpreterProbe.Result result = probe;
        if (result == null) {
            synchronized (this) {
                result = probe;
                if (result == null) {
                    result = InterpreterProbe.probe(settings.executable());
                    probe = result;
                }
            }
        }
        return result;
    }

    /** The timeout scheduler and the JVM shutdown hook, created on first use so that probing stays cheap. */
    private synchronized DeadlineTimer startUsing() {
        if (closed) {
            throw new IllegalStateException("The subprocess Python backend is closed");
        }
        if (timers == null) {
            timers = new DeadlineTimer("cloacina-subprocess-timeouts"); // its thread starts with the first task
        }
        if (shutdownHook == null) {
            // Workers must not outlive the JVM. (If the JVM is killed too hard to run hooks, each worker
            // notices its parent is gone within a second and leaves by itself.)
            shutdownHook = Thread.ofPlatform().name("cloacina-subprocess-shutdown").unstarted(this::killEverything);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return timers;
    }

    /** The JVM shutdown hook while one is registered (after the first load, until close). */
    synchronized java.util.Optional<Thread> registeredShutdownHook() {
        return java.util.Optional.ofNullable(shutdownHook);
    }

    private void killEverything() {
        packages.forEach(SubprocessPackage::killNow);
        liveWorkers.forEach(WorkerProcess::kill);
    }
}
