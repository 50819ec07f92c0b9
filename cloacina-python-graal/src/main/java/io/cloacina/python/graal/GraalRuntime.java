package io.cloacina.python.graal;

import io.cloacina.spi.SpiVersion;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import io.cloacina.bridge.CloacaModule;
import io.cloacina.bridge.support.AvailabilityProbe;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.TaskDiscovery;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.OptionalInt;

/**
 * The {@code graal} backend: Python tasks run inside this JVM on GraalPy, which comes from Maven Central,
 * so no CPython is needed on the machine.
 *
 * <p>One {@link org.graalvm.polyglot.Engine} per runtime, created on the first {@link #load}; each loaded
 * package gets its own contexts (up to {@link GraalSettings#contextsPerPackage()}, created as parallel
 * tasks need them and reused for every task), which is what isolates packages from each other. Python code
 * is sandboxed by default ({@link SandboxPolicy}); an embedder opts in with
 * {@code new GraalRuntime(GraalSettings.defaults().withSandbox(...))} or the system property
 * {@value SandboxPolicy#PROPERTY}.
 *
 * <p>Priority {@value #PRIORITY}: below the CPython backends, so GraalPy is chosen automatically only where no
 * CPython backend is available; its start-up (seconds per context) and interpreted speed on a stock JDK
 * make it the right default only where there is no Python to run.
 */
public final class GraalRuntime implements PythonRuntime {

    public static final String NAME = "graal";
    public static final int PRIORITY = 50;

    private final GraalSettings settings;
    private final SharedEngine engine = new SharedEngine();
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService control;
    private final PackageStarter starter;
    private final Set<GraalPackage> loaded = new LinkedHashSet<>();
    private final Set<ExecutorService> workerPools = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** The defaults, adjusted by system properties ({@value SandboxPolicy#PROPERTY}, {@value GraalSettings#CONTEXTS_PROPERTY}). */
    public GraalRuntime() {
        this(GraalSettings.from(System.getProperties(), System.getenv()));
    }

    public GraalRuntime(GraalSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        // Threads start only when first used, so probing an unused backend costs nothing.
        this.timers = new ScheduledThreadPoolExecutor(1, new DaemonThreads("cloacina-graal-timer-"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.control = Executors.newCachedThreadPool(new DaemonThreads("cloacina-graal-control-"));
        this.starter = new PackageStarter(engine, settings, timers, control);
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
    public Availability availability() {
        ClassLoader loader = GraalRuntime.class.getClassLoader();
        for (String required : List.of("org.graalvm.polyglot.Engine", "com.oracle.graal.python.PythonLanguage")) {
            try {
                Class.forName(required, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return Availability.unavailable("GraalPy is not on the class path (" + required + " is missing): add "
                        + "org.graalvm.polyglot:polyglot and org.graalvm.polyglot:python (type pom)");
            }
        }
        return Availability.available("GraalPy in this JVM (" + (SharedEngine.optimizingRuntimePresent()
                ? "optimizing runtime" : "interpreted: the Graal compiler is not enabled") + ", "
                + (settings.sandbox().deniesHostAccessAndProcesses() ? "sandboxed" : "sandbox relaxed: " + settings.sandbox())
                + ")");
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.of(Capability.INTERRUPT_RUNNING_TASK, Capability.CRASH_ISOLATION);
        if (settings.contextsPerPackage() > 1) {
            capabilities.add(Capability.PARALLEL_EXECUTION); // each context has its own GIL
        }
        if (settings.sandbox().deniesHostAccessAndProcesses()) {
            capabilities.add(Capability.SANDBOX);
        }
        return java.util.Collections.unmodifiableSet(capabilities);
    }

    @Override
    public int parallelism() {
        return settings.contextsPerPackage();
    }

    /** The GraalPy contexts of every loaded package (made as tasks need them, up to the contexts per package). */
    @Override
    public synchronized OptionalInt interpreters() {
        int contexts = 0;
        for (GraalPackage pkg : loaded) {
            contexts += pkg.contexts();
        }
        return OptionalInt.of(contexts);
    }

    public GraalSettings settings() {
        return settings;
    }

    @Override
    public LoadedPackage load(PythonPackage pkg) {
        Objects.requireNonNull(pkg, "pkg");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The GraalPy runtime is closed");
            }
        }
        Availability availability = availability();
        if (!availability.available()) {
            throw new IllegalStateException(AvailabilityProbe.unavailableMessage(name(), availability.reason()));
        }
        Path cloaca = CloacaModule.pythonPathEntry();
        ExecutorService workers = newWorkers(pkg);
        ThreadBoundInterpreters interpreters = new ThreadBoundInterpreters(() -> starter.start(pkg, cloaca).interpreter());
        try {
            // On the package's first worker thread, which from then on owns that context.
            Future<DiscoveredTasks> first = workers.submit(() -> {
                PackageStarter.Started started = starter.start(pkg, cloaca);
                interpreters.adopt(started.interpreter());
                return started.tasks();
            });
            TaskDiscovery discovery = await(first, pkg);
            GraalTaskExecutor executor = new GraalTaskExecutor(pkg.name(), discovery, interpreters, workers, timers,
                    control, settings.interruptGrace());
            GraalPackage loadedPackage = new GraalPackage(pkg, discovery, interpreters, workers, executor,
                    this::forget);
            // While fewer threads than contexts exist, each job starts a new worker thread: every one of them
            // makes its own context now, in the background, so that tasks submitted together overlap at once.
            for (int more = 1; more < settings.contextsPerPackage(); more++) {
                workers.execute(() -> prestart(interpreters, pkg));
            }
            synchronized (this) {
                if (closed) {
                    loadedPackage.close();
                    throw new IllegalStateException("The GraalPy runtime was closed while package '" + pkg.name()
                            + "' was loading");
                }
                loaded.add(loadedPackage);
            }
            return loadedPackage;
        } catch (RuntimeException e) {
            interpreters.close();
            workers.shutdownNow();
            throw e;
        }
    }

    /** One thread per context of the package; tracked until terminated so that close() can wait for them. */
    private ExecutorService newWorkers(PythonPackage pkg) {
        int threads = settings.contextsPerPackage();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreads("cloacina-graal-" + pkg.name() + "-")) {
            @Override
            protected void terminated() {
                workerPools.remove(this);
            }
        };
        workerPools.add(workers);
        return workers;
    }

    private DiscoveredTasks await(Future<DiscoveredTasks> first, PythonPackage pkg) {
        // The import is limited by loadTimeout inside; this outer limit only guards against a context that never starts.
        Duration limit = settings.loadTimeout().plus(Duration.ofMinutes(10));
        try {
            return first.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("Loading package '" + pkg.name() + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            first.cancel(true);
            throw new TaskError.ImportFailed(null, "Package '" + pkg.name() + "' did not load within " + limit, null, null);
        } catch (InterruptedException e) {
            first.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while loading package '" + pkg.name() + "'", e);
        }
    }

    private static void prestart(ThreadBoundInterpreters interpreters, PythonPackage pkg) {
        try {
            interpreters.forCurrentThread();
        } catch (RuntimeException e) {
            // Not fatal: a task that needs the context creates it (and reports the failure) itself.
            LoggerFactory.getLogger(GraalRuntime.class).debug("Could not pre-start a GraalPy context for "
                    + "package '{}': {}", pkg.name(), e.toString());
        }
    }

    private synchronized void forget(GraalPackage pkg) {
        loaded.remove(pkg);
    }

    @Override
    public void close() {
        List<GraalPackage> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(loaded);
        }
        open.forEach(GraalPackage::close);
        List<ExecutorService> threads = new ArrayList<>(workerPools);
        threads.add(timers);
        threads.add(control);
        threads.forEach(ExecutorService::shutdownNow);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (ExecutorService pool : threads) {
                // A worker may be finishing a context start (seconds, not interruptible) that is then discarded.
                if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LoggerFactory.getLogger(GraalRuntime.class).warn("GraalPy backend threads did not stop within 30 s");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }
}
