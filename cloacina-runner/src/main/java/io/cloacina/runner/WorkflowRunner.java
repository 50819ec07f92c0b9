package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.spi.TaskDescriptor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Runs every task of a loaded package in dependency order, using only the backend SPIs.
 *
 * <pre>{@code
 * WorkflowRunner runner = WorkflowRunner.builder()
 *         .parallelism(4)
 *         .defaultTimeout(Duration.ofMinutes(5))
 *         .taskTimeout("load", Duration.ofMinutes(30))
 *         .listener(myProgress)
 *         .build();
 * WorkflowResult result = runner.run(runtime, pkg, Context.fromJson("{\"day\":\"2024-05-01\"}"));
 * }</pre>
 *
 * <h2>Validation</h2>
 * Before anything runs, the graph is checked: a duplicate id, a dependency on an unknown task, or a cycle
 * throws {@link TaskError.ValidationFailed} naming the tasks involved (a cycle as {@code a -> b -> c -> a}).
 *
 * <h2>Context flow</h2>
 * <ul>
 *   <li>A task with no dependencies receives the run's initial context.</li>
 *   <li>A task with dependencies receives the merge of its dependencies' output contexts, taken in
 *       topological order (see {@link TaskGraph}).</li>
 *   <li>The final context is the merge, in topological order, of the outputs of the tasks no other task
 *       depends on (ties between independent tasks: declaration order).</li>
 * </ul>
 * The merge is Cloacina's rule ({@link ContextMerge}): objects merge recursively, arrays concatenate without
 * duplicates, any other value: the later one wins.
 *
 * <h2>Scheduling and failures</h2>
 * Independent tasks run concurrently, at most {@code parallelism} at a time (default: what the backend says
 * it can run in parallel). With fail-fast (the default), once a task fails no new task starts; tasks already
 * running finish or reach their timeout; tasks downstream of the failure are {@code SKIPPED} naming the
 * failed dependency, other unstarted tasks are {@code SKIPPED} because the run stopped. Without fail-fast,
 * only the failure's dependants are skipped and everything else still runs.
 *
 * <p>A runner is immutable and may start any number of runs, concurrently too.
 *
 * @since 0.1
 */
public final class WorkflowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunner.class);

    /** The options of a runner; {@code parallelism} 0 means "what the backend declares". */
    record Settings(int parallelism, Duration defaultTimeout, Map<String, Duration> taskTimeouts, Boolean failFast,
                    RunListener listener, List<Function<RunInfo, ? extends RunListener>> listenersPerRun,
                    Map<String, RetryPolicy> taskRetries, RetryPolicy defaultRetry, DoubleSupplier random) {

        /**
         * The listener of one run: the shared one, then what each per-run factory made for it, in the order the
         * factories were added. Just the shared one (no wrapper) when there is no factory.
         */
        RunListener listenerFor(RunInfo run) {
            if (listenersPerRun.isEmpty()) {
                return listener;
            }
            List<RunListener> all = new ArrayList<>();
            all.add(listener);
            for (Function<RunInfo, ? extends RunListener> factory : listenersPerRun) {
                try {
                    RunListener made = factory.apply(run);
                    if (made != null) {
                        all.add(made);
                    }
                } catch (RuntimeException e) {
                    // The same promise as for a listener that throws: the run goes on, without this one.
                    LOG.warn("A per-run listener factory threw; run {} goes on without its listener", run.runId(), e);
                }
            }
            return new AllListeners(List.copyOf(all));
        }

        Duration timeoutFor(String taskId) {
            return taskTimeouts.getOrDefault(taskId, defaultTimeout);
        }

        /** Set explicitly, or the package format's: on for ours, off for Cloacina's (which runs what it can). */
        boolean failFastFor(PackageFormat format) {
            return failFast != null ? failFast : format != PackageFormat.CLOACINA;
        }

        /** A per-task override, else what the task declares, else the run's default, else the format's. */
        RetryPolicy retryPolicyFor(TaskDescriptor task, PackageFormat format) {
            RetryPolicy override = taskRetries.get(task.id());
            if (override != null) {
                return override;
            }
            RetryPolicy declared = task.metadata().retryPolicy();
            if (declared != null) {
                return declared;
            }
            return defaultRetry != null ? defaultRetry : format.defaultRetryPolicy();
        }
    }

    private final Settings settings;

    private WorkflowRunner(Settings settings) {
        this.settings = settings;
    }

    /** The options this runner was built with (for tests in this package). */
    Settings settings() {
        return settings;
    }

    /**
     * The timeout of a task's every attempt: its own, else the default. For runners that drive the graph
     * themselves (a Temporal workflow) and must decide exactly as this one does.
     *
     * @since 0.3
     */
    public Duration timeoutFor(String taskId) {
        return settings.timeoutFor(taskId);
    }

    /**
     * The retry policy of a task: a per-task override, else what it declares, else the run's default, else the
     * package format's.
     *
     * @since 0.3
     */
    public RetryPolicy retryPolicyFor(TaskDescriptor task, PackageFormat format) {
        return settings.retryPolicyFor(task, format);
    }

    /**
     * Whether a task that ends without success stops new tasks: as set, else on for {@code manifest.json} packages
     * and off for Cloacina's.
     *
     * @since 0.3
     */
    public boolean failFastFor(PackageFormat format) {
        return settings.failFastFor(format);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A runner with the defaults: backend parallelism, 10-minute task timeout, fail-fast, no listener. */
    public static WorkflowRunner withDefaults() {
        return builder().build();
    }

    /**
     * Loads the package on the backend, runs it and unloads it.
     *
     * @throws TaskError.ImportFailed     the package's entry module could not be imported
     * @throws TaskError.ValidationFailed the task graph is invalid
     */
    public WorkflowResult run(PythonRuntime runtime, PythonPackage pkg, Context initial) {
        return run(runtime, pkg, null, initial);
    }

    /**
     * Loads the package, runs the named workflow ({@code null}: the package's only one) and unloads it.
     *
     * @since 0.2
     */
    public WorkflowResult run(PythonRuntime runtime, PythonPackage pkg, String workflow, Context initial) {
        try (LoadedPackage loaded = runtime.load(pkg)) {
            return start(runtime, loaded, workflow, initial).join();
        }
    }

    /** Starts a run of a loaded package with the backend's parallelism as the default. */
    public WorkflowRun start(PythonRuntime runtime, LoadedPackage loaded, Context initial) {
        return start(runtime, loaded, null, initial);
    }

    /**
     * Starts a run of one workflow of a loaded package ({@code null}: its only one) with the backend's parallelism
     * as the default.
     *
     * @since 0.2
     */
    public WorkflowRun start(PythonRuntime runtime, LoadedPackage loaded, String workflow, Context initial) {
        return start(loaded, workflow, initial, runtime.parallelism(), true, runtime.name());
    }

    /**
     * Starts a run; without an explicit parallelism it runs as many tasks at once as this machine has
     * processors (prefer {@link #start(PythonRuntime, LoadedPackage, Context)}, which asks the backend).
     */
    public WorkflowRun start(LoadedPackage loaded, Context initial) {
        return start(loaded, null, initial, Runtime.getRuntime().availableProcessors(), false, null);
    }

    private WorkflowRun start(LoadedPackage loaded, String workflow, Context initial, int backendParallelism,
                              boolean backendKnown, String backend) {
        Objects.requireNonNull(loaded, "loaded");
        Objects.requireNonNull(initial, "initial");
        TaskGraph graph = validate(loaded, workflow);
        int parallelism = settings.parallelism() > 0 ? settings.parallelism() : Math.max(1, backendParallelism);
        // Handing the backend a few tasks beyond what it runs at once lets it start the next one the moment one
        // ends, instead of idling while the runner hears of the end and submits the next. Safe only when the run's
        // parallelism is exactly what the backend runs at once: the extra tasks then wait in its queue (the
        // PythonRuntime#parallelism contract), so no more than `parallelism` tasks ever run together.
        int queuedAhead = backendKnown && parallelism == backendParallelism ? parallelism : 0;
        RunInfo info = new RunInfo(UUID.randomUUID().toString(), loaded.pythonPackage().name(),
                WorkflowSelection.name(loaded, workflow), backend, graph, parallelism);
        WorkflowRun run = new WorkflowRun(info, settings.listenerFor(info), loaded.executor(), initial, settings,
                queuedAhead, loaded.pythonPackage().format());
        run.start();
        return run;
    }

    /** Validates the package's task graph and the per-task timeouts without running anything. */
    public TaskGraph validate(LoadedPackage loaded) {
        return validate(loaded, null);
    }

    /**
     * Validates one workflow's task graph ({@code null}: the package's only workflow) and the per-task timeouts.
     *
     * @throws TaskError.ValidationFailed an unknown workflow, several workflows and none chosen, or a bad graph
     * @since 0.2
     */
    public TaskGraph validate(LoadedPackage loaded, String workflow) {
        TaskGraph graph = TaskGraph.of(WorkflowSelection.tasks(loaded, workflow));
        for (String taskId : settings.taskTimeouts().keySet()) {
            try {
                graph.task(taskId);
            } catch (IllegalArgumentException unknown) {
                throw new TaskError.ValidationFailed(taskId, "A timeout is set for task '" + taskId
                        + "', which package '" + loaded.pythonPackage().name() + "' does not have");
            }
        }
        for (String taskId : settings.taskRetries().keySet()) {
            try {
                graph.task(taskId);
            } catch (IllegalArgumentException unknown) {
                throw new TaskError.ValidationFailed(taskId, "A retry policy is set for task '" + taskId
                        + "', which package '" + loaded.pythonPackage().name() + "' does not have");
            }
        }
        return graph;
    }

    /** Builds a {@link WorkflowRunner}; every option has a default. */
    public static final class Builder {
        private int parallelism;
        private Duration defaultTimeout = ExecutionOptions.DEFAULT_TIMEOUT;
        private final Map<String, Duration> taskTimeouts = new LinkedHashMap<>();
        private Boolean failFast;
        private RunListener listener = RunListener.NONE;
        private final List<Function<RunInfo, ? extends RunListener>> listenersPerRun = new ArrayList<>();
        private final Map<String, RetryPolicy> taskRetries = new LinkedHashMap<>();
        private RetryPolicy defaultRetry;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /**
         * At most this many tasks run at once (default: the backend's {@code parallelism()}). More than the
         * backend can run makes tasks wait inside the backend, and that wait counts against their timeout.
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** The timeout of every task without its own (default 10 minutes). */
        public Builder defaultTimeout(Duration timeout) {
            this.defaultTimeout = checked(timeout);
            return this;
        }

        /** A task's own timeout, overriding the default. */
        public Builder taskTimeout(String taskId, Duration timeout) {
            taskTimeouts.put(Objects.requireNonNull(taskId, "taskId"), checked(timeout));
            return this;
        }

        /**
         * Whether a task that ends without success stops new tasks from starting. Default: on for
         * {@code manifest.json} packages, off for Cloacina's {@code package.toml} packages (Cloacina runs every
         * task whose trigger rule allows it, so a clean-up task with {@code task_failed(...)} runs).
         */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /**
         * The retry policy of every task that declares none, overriding the package format's default (Cloacina's
         * for {@code package.toml} packages, {@link RetryPolicy#NO_RETRY} for ours).
         *
         * @since 0.2
         */
        public Builder defaultRetryPolicy(RetryPolicy policy) {
            this.defaultRetry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * One task's retry policy, overriding what it declares.
         *
         * @since 0.2
         */
        public Builder retryPolicy(String taskId, RetryPolicy policy) {
            taskRetries.put(Objects.requireNonNull(taskId, "taskId"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** The uniform [0, 1) source of retry jitter (tests pin it). */
        Builder jitterSource(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The listener every run of the runner reports to (replaces the one set before; default none). */
        public Builder listener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Adds a factory of listeners, one per run: it is called once for each run, on the thread that starts it
         * and before {@code start} returns (so it sees that thread's context: a trace's current span, say), with
         * the run's {@link RunInfo}; the listener it returns hears only that run's events, after the shared
         * {@link #listener}. Each call adds one; factories are called in the order added. A factory that returns
         * {@code null} adds no listener to that run; one that throws is logged and the run goes on without it.
         *
         * <pre>{@code
         * WorkflowRunner.builder()
         *         .listenerPerRun(run -> new RunListener() {
         *             final long started = System.nanoTime();   // this run's state, in this run's listener
         *             @Override public void runFinished(WorkflowResult result) {
         *                 log.info("{} {} in {} ns", run.runId(), result.status(), System.nanoTime() - started);
         *             }
         *         })
         *         .build();
         * }</pre>
         *
         * @since 0.3
         */
        public Builder listenerPerRun(Function<RunInfo, ? extends RunListener> factory) {
            listenersPerRun.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        public WorkflowRunner build() {
            return new WorkflowRunner(new Settings(parallelism, defaultTimeout, Map.copyOf(taskTimeouts), failFast,
                    listener, List.copyOf(listenersPerRun), Map.copyOf(taskRetries), defaultRetry, random));
        }

        private static Duration checked(Duration timeout) {
            return ExecutionOptions.withTimeout(timeout).timeout();
        }
    }
}
