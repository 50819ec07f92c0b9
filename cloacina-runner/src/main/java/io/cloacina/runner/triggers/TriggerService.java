package io.cloacina.runner.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRun;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TriggerDescriptor;
import io.cloacina.spi.WorkflowDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Serves the {@code @cloaca.trigger}s of loaded packages: polls each one on its schedule and starts a run of its
 * workflow whenever it fires. For embedders; {@code bin/cloacina serve} is this service behind a command line.
 *
 * <pre>{@code
 * TriggerService service = TriggerService.builder()
 *         .add(runtime, loaded)                       // every trigger the package declares
 *         .runner(WorkflowRunner.builder().defaultTimeout(Duration.ofMinutes(5)).build())
 *         .listener(myListener)                      // poll outcomes, runs started and finished
 *         .build();                                  // checks every trigger: its workflow, its schedule
 * service.start();
 * ...
 * service.shutdown(Duration.ofSeconds(30));          // no new polls or runs; running runs get 30 s, then are cancelled
 * }</pre>
 *
 * <h2>Polling</h2>
 * A poll is one {@code executor().execute(TriggerDescriptor.executionId(name), new Context(), timeout)} on the
 * trigger's package (any backend; see {@link TriggerDescriptor}): the function is called with no arguments,
 * awaited when it is async, and its {@code TriggerResult} or bool decides. Nothing blocks a thread while Python
 * runs: the service has one thread, {@code cloacina-triggers}, for its timer and its bookkeeping, and polls
 * complete on the backend's threads.
 * <ul>
 *   <li>{@code poll_interval=} triggers are polled once at {@link #start()}, then {@code interval} after the end of
 *       each poll (a slow poll never overlaps the next; intervals under {@value #MIN_POLL_INTERVAL_MILLIS} ms are
 *       raised to it).</li>
 *   <li>{@code cron=} triggers are polled at each instant of their cron expression in their {@code timezone}
 *       (UTC when none is given). The function is still called at each tick and the tick starts a run only when
 *       it fires (Cloacina's reference says the function is called on each poll and does not exempt cron
 *       triggers); a function that just returns {@code True} fires on every tick. Ticks missed while the machine
 *       slept are not made up, as in cron. A tick that comes while the previous poll still runs is skipped.</li>
 * </ul>
 * A failed poll (the function raised, returned neither a {@code TriggerResult} nor a bool, or ran past the poll
 * timeout) is logged and reported; the trigger is polled again at its next time.
 *
 * <h2>Runs</h2>
 * A fire starts a run of the workflow named by the trigger's {@code on=} (the package's only workflow when it
 * names none), in the trigger's package, with the fired context (empty when it fired none), through the
 * {@link WorkflowRunner} given. With {@code allow_concurrent=False} (the default) a trigger is <em>not polled</em>
 * while a run it started is still running: the function is not called, so a trigger that takes what it found
 * (moves a file, acknowledges a message) loses nothing; {@link TriggerListener#pollSkipped} reports each such
 * time. With {@code allow_concurrent=True} it is polled as usual and every fire starts another run. Every run's
 * end is logged (SLF4J, this class's logger) and reported to the listener.
 *
 * <h2>Stopping</h2>
 * {@link #shutdown(Duration)}: no poll or run starts any more, polls under way are cancelled, running runs get the
 * grace period to end, then are cancelled ({@link WorkflowRun#cancel()}); the service's thread ends. It does not
 * close the packages or runtimes: they are the caller's, to close after it.
 *
 * @since 0.2
 */
public final class TriggerService implements AutoCloseable {

    /**
     * How long one poll may run before it fails with {@code Timeout}, unless the builder says otherwise. Counted
     * from the poll's start in the backend: a poll waits in the backend's queue behind running tasks like a task.
     */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMinutes(1);
    /** The grace period of {@link #close()}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    /** The shortest interval between two polls of one trigger, in milliseconds ({@code poll_interval="0s"} allowed). */
    public static final long MIN_POLL_INTERVAL_MILLIS = 10;
    /** {@code poll_interval=} left out: Cloacina's default. */
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    /** How long shutdown waits for cancelled runs to report, and for the service's thread to end. */
    static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(TriggerService.class);

    private final List<Slot> slots;
    private final WorkflowRunner runner;
    private final TriggerListener listener;
    private final Duration pollTimeout;
    /** One thread: the timer of the system clock, and every change of the slots' state (so they need no lock). */
    private final ScheduledThreadPoolExecutor worker;
    private final TriggerClock clock;
    private final AtomicLong runNumbers = new AtomicLong();
    /** Runs under way, with the future that completes once their end was reported. */
    private final Map<TriggeredRun, CompletableFuture<Void>> active = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private boolean started;
    private Boolean stoppedCleanly;

    /** Every thread the pool made (at most one at a time), so shutdown can wait for them to end. */
    private final List<Thread> workerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TriggerService(Builder builder, List<Slot> slots) {
        this.slots = List.copyOf(slots);
        this.runner = builder.runner;
        this.listener = builder.listener;
        this.pollTimeout = builder.pollTimeout;
        this.worker = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = Thread.ofPlatform().daemon().name("cloacina-triggers").unstarted(task);
            workerThreads.add(thread);
            return thread;
        });
        this.worker.setRemoveOnCancelPolicy(true);
        this.worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.clock = builder.clock != null ? builder.clock : new SystemClock();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The triggers served, in the order their packages were added and each package declares them. */
    public List<ServedTrigger> triggers() {
        return slots.stream().map(slot -> slot.trigger).toList();
    }

    /** The runs started by triggers and not finished yet, oldest first. */
    public List<TriggeredRun> runningRuns() {
        return active.keySet().stream().sorted(Comparator.comparingLong(TriggeredRun::number)).toList();
    }

    /**
     * Starts polling: each {@code poll_interval} trigger at once, each cron trigger at its next instant.
     *
     * @throws IllegalStateException already started, or shut down
     */
    public synchronized void start() {
        if (started || stoppedCleanly != null || stopping) {
            throw new IllegalStateException(stopping || stoppedCleanly != null ? "The trigger service is shut down"
                    : "The trigger service is already started");
        }
        started = true;
        onWorker(() -> {
            for (Slot slot : slots) {
                LOG.info("Serving trigger {} ({}; starts workflow '{}')", slot.trigger, slot.trigger.schedule(),
                        slot.trigger.workflow());
                if (slot.cron != null) {
                    scheduleTick(slot, clock.now());
                } else {
                    poll(slot);
                }
            }
        });
    }

    /**
     * Stops: no poll or run starts any more and polls under way are cancelled; runs still going get {@code grace}
     * to end, then are cancelled. Returns once every run has reported its end (a cancelled run is waited for
     * 10 s at most) and the service's thread has ended. Idempotent: a second call returns what
     * the first did.
     *
     * @return true when every run ended by itself within the grace period (none had to be cancelled)
     */
    public synchronized boolean shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (stoppedCleanly != null) {
            return stoppedCleanly;
        }
        stopping = true;
        boolean interrupted = false;
        try {
            worker.submit(this::stopPolling).get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            LOG.warn("Trigger service: could not stop polling in order ({}); stopping anyway", e.toString());
        } catch (InterruptedException e) {
            interrupted = true;
        }
        List<Map.Entry<TriggeredRun, CompletableFuture<Void>>> runs = List.copyOf(active.entrySet());
        boolean clean = true;
        if (!runs.isEmpty()) {
            LOG.info("Trigger service stopping: waiting up to {} for {} running run(s)", grace, runs.size());
            clean = !interrupted && waitFor(runs, grace);
            if (!clean) {
                List<TriggeredRun> left = runs.stream().filter(r -> !r.getValue().isDone()).map(Map.Entry::getKey).toList();
                LOG.warn("Trigger service stopping: cancelling {} run(s) still going after the grace period of {}: {}",
                        left.size(), grace, left);
                left.forEach(run -> run.run().cancel());
                if (!waitFor(runs, CANCEL_WAIT)) {
                    LOG.warn("Trigger service stopping: a cancelled run did not report its end within {}", CANCEL_WAIT);
                }
            }
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Trigger service: a listener call did not end within {}; interrupting it", CANCEL_WAIT);
                worker.shutdownNow();
            }
            // The pool counts as terminated while its last thread is still on its way out: wait for the thread
            // itself, so that "stopped" means no thread of ours is left.
            for (Thread thread : workerThreads) {
                if (!interrupted && !thread.join(CANCEL_WAIT)) {
                    LOG.warn("Trigger service: its thread did not end within {}", CANCEL_WAIT);
                }
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        stoppedCleanly = clean;
        LOG.info("Trigger service stopped");
        return clean;
    }

    /** Whether every report completed within {@code limit}; false also when interrupted (the flag is kept). */
    private static boolean waitFor(List<Map.Entry<TriggeredRun, CompletableFuture<Void>>> runs, Duration limit) {
        CompletableFuture<?>[] reports = runs.stream().map(Map.Entry::getValue).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(reports).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException notAll) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #shutdown(Duration) shutdown} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        shutdown(DEFAULT_GRACE);
    }

    // ------------------------------------------------------------------------------- on the service's thread

    private Void stopPolling() {
        for (Slot slot : slots) {
            if (slot.timer != null) {
                slot.timer.cancel();
                slot.timer = null;
            }
            if (slot.poll != null) {
                slot.poll.cancel(true);
                slot.poll = null;
            }
        }
        return null;
    }

    private void scheduleTick(Slot slot, Instant after) {
        Optional<Instant> next = slot.cron.next(after);
        if (next.isEmpty()) {
            LOG.warn("Trigger {}: {} names no instant after {}; it will not be polled again", slot.trigger,
                    slot.cron, after);
            return;
        }
        Instant due = next.get();
        slot.timer = later(Duration.between(clock.now(), due), () -> tick(slot, due));
    }

    private void tick(Slot slot, Instant due) {
        // From the tick it was scheduled for, or from now if the timer was late: missed ticks are not made up.
        Instant now = clock.now();
        scheduleTick(slot, now.isAfter(due) ? now : due);
        poll(slot);
    }

    private void poll(Slot slot) {
        if (stopping) {
            return;
        }
        if (slot.poll != null) {
            skipped(slot, "its previous poll has not ended");
            return;
        }
        if (!slot.trigger.descriptor().allowConcurrent() && slot.running > 0) {
            skipped(slot, "a run it started is still running (allow_concurrent=False)");
            pollAgainLater(slot);
            return;
        }
        String executionId = slot.trigger.descriptor().executionId();
        CompletableFuture<Context> future;
        try {
            future = slot.loaded.executor().execute(executionId, new Context(), ExecutionOptions.withTimeout(pollTimeout));
        } catch (RuntimeException failure) {
            future = CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<Context> poll = future;
        slot.poll = poll;
        // No watchdog of our own: a backend completes every execution (its timeout counts from the poll's start,
        // and a poll may wait in its queue behind running tasks for longer than that).
        poll.whenCompleteAsync((output, error) -> pollEnded(slot, poll, output, error), this::onWorker);
    }

    private void pollEnded(Slot slot, CompletableFuture<Context> poll, Context output, Throwable error) {
        if (slot.poll == poll) {
            slot.poll = null;
        }
        if (stopping) {
            return;
        }
        PollOutcome outcome = outcome(slot, output, error);
        switch (outcome) {
            case PollOutcome.Fired fired -> LOG.info("Trigger {} fired{}: starting workflow '{}'", slot.trigger,
                    fired.context().map(c -> " with " + c.toJson()).orElse(""), slot.trigger.workflow());
            case PollOutcome.Skipped ignored -> LOG.debug("Trigger {} skipped", slot.trigger);
            case PollOutcome.Failed failed -> {
                LOG.warn("Trigger {}: poll failed: {}{}; polled again at its next time", slot.trigger,
                        failed.error().pythonType().map(type -> type + ": ").orElse(""), failed.error().getMessage());
                failed.error().traceback().ifPresent(traceback -> LOG.debug("Trigger {}: {}", slot.trigger, traceback));
            }
        }
        tell(l -> l.polled(slot.trigger, outcome));
        if (outcome instanceof PollOutcome.Fired fired) {
            startRun(slot, fired.context().orElseGet(Context::new));
        }
        pollAgainLater(slot);
    }

    private void pollAgainLater(Slot slot) {
        if (slot.interval != null && !stopping) {
            slot.timer = later(slot.interval, () -> poll(slot));
        }
    }

    private PollOutcome outcome(Slot slot, Context output, Throwable error) {
        String executionId = slot.trigger.descriptor().executionId();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CancellationException) {
                return new PollOutcome.Failed(new TaskError.Cancelled(executionId, "the poll of trigger '"
                        + slot.trigger.name() + "' was cancelled"));
            }
            return new PollOutcome.Failed(cause instanceof TaskError taskError ? taskError
                    : new TaskError.ExecutionFailed(executionId, "the poll of trigger '" + slot.trigger.name()
                    + "' failed: " + cause, null, null));
        }
        Optional<JsonNode> fire = output.get("fire");
        Optional<JsonNode> context = output.get("context");
        if (fire.isEmpty() || !fire.get().isBoolean()
                || context.isPresent() && !context.get().isNull() && !context.get().isObject()) {
            return new PollOutcome.Failed(new TaskError.ValidationFailed(executionId, "the backend answered the poll "
                    + "of trigger '" + slot.trigger.name() + "' with " + output.toJson() + ", not {\"fire\": bool, "
                    + "\"context\": object or null}: does it hand '::trigger::' ids to cloaca._host unchanged?"));
        }
        if (!fire.get().booleanValue()) {
            return new PollOutcome.Skipped();
        }
        return new PollOutcome.Fired(context.filter(JsonNode::isObject).map(Context::fromJsonNode));
    }

    private void startRun(Slot slot, Context initial) {
        Context recorded = initial.snapshot();
        WorkflowRun run;
        try {
            run = runner.start(slot.runtime, slot.loaded, slot.descriptorWorkflow(), initial);
        } catch (RuntimeException refused) {
            LOG.error("Trigger {} fired, but workflow '{}' could not start: {}", slot.trigger, slot.trigger.workflow(),
                    refused.getMessage());
            tell(l -> l.runNotStarted(slot.trigger, refused));
            return;
        }
        TriggeredRun triggered = new TriggeredRun(runNumbers.incrementAndGet(), slot.trigger, recorded, clock.now(), run);
        CompletableFuture<Void> reported = new CompletableFuture<>();
        slot.running++;
        active.put(triggered, reported);
        LOG.info("{} started", triggered);
        tell(l -> l.runStarted(triggered));
        // Reported even while stopping: shutdown waits for these reports.
        run.result().whenCompleteAsync((result, error) -> {
            try {
                runEnded(slot, triggered, result, error);
            } finally {
                reported.complete(null);
            }
        }, this::evenWhenStopping);
    }

    private void runEnded(Slot slot, TriggeredRun triggered, WorkflowResult result, Throwable error) {
        slot.running--;
        active.remove(triggered);
        if (error != null) {
            LOG.error("{}: the runner failed", triggered, error);
            return;
        }
        switch (result.status()) {
            case SUCCEEDED -> LOG.info("{} succeeded in {} ms", triggered, result.duration().toMillis());
            case CANCELLED -> LOG.warn("{} was cancelled after {} ms", triggered, result.duration().toMillis());
            case FAILED -> LOG.warn("{} failed after {} ms: {}", triggered, result.duration().toMillis(),
                    failures(result));
        }
        tell(l -> l.runFinished(triggered, result));
    }

    private static String failures(WorkflowResult result) {
        List<String> parts = new ArrayList<>();
        for (TaskOutcome.Failed failed : result.failures()) {
            TaskError error = failed.failure();
            parts.add("task " + failed.taskId() + ": " + error.pythonType().map(type -> type + ": ").orElse("")
                    + error.getMessage());
        }
        return parts.isEmpty() ? "no task failed (skipped)" : String.join("; ", parts);
    }

    private void skipped(Slot slot, String reason) {
        LOG.debug("Trigger {} not polled: {}", slot.trigger, reason);
        tell(l -> l.pollSkipped(slot.trigger, reason));
    }

    private void tell(Consumer<TriggerListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException broken) {
            LOG.warn("Trigger service: the listener threw; ignored", broken);
        }
    }

    // ------------------------------------------------------------------------------------------ timing

    /** Runs {@code action} on the service's thread after {@code delay} on the clock, unless stopping by then. */
    private TriggerClock.Scheduled later(Duration delay, Runnable action) {
        try {
            return clock.schedule(delay, () -> onWorker(action));
        } catch (RejectedExecutionException stopped) {
            return () -> { };
        }
    }

    private void onWorker(Runnable action) {
        try {
            worker.execute(() -> {
                if (!stopping) {
                    action.run();
                }
            });
        } catch (RejectedExecutionException stopped) {
            // shut down: nothing is polled or started any more
        }
    }

    /** For what shutdown waits for: on the service's thread while it runs, else on the caller's. */
    private void evenWhenStopping(Runnable action) {
        try {
            worker.execute(action);
        } catch (RejectedExecutionException stopped) {
            action.run();
        }
    }

    /** The system clock; its timer is the service's own thread. */
    private final class SystemClock implements TriggerClock {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public Scheduled schedule(Duration delay, Runnable action) {
            long nanos;
            try {
                nanos = Math.max(0, delay.toNanos());
            } catch (ArithmeticException tooFar) {
                nanos = Long.MAX_VALUE;
            }
            ScheduledFuture<?> timer = worker.schedule(action, nanos, TimeUnit.NANOSECONDS);
            return () -> timer.cancel(false);
        }
    }

    // ------------------------------------------------------------------------------------------ building

    /** One trigger and its state; the state is touched on the service's thread only. */
    private static final class Slot {
        final ServedTrigger trigger;
        final PythonRuntime runtime;
        final LoadedPackage loaded;
        /** Null for a cron trigger. */
        final Duration interval;
        /** Null for a poll-interval trigger. */
        final CronSchedule cron;
        TriggerClock.Scheduled timer;
        CompletableFuture<Context> poll;
        int running;

        Slot(ServedTrigger trigger, PythonRuntime runtime, LoadedPackage loaded, Duration interval, CronSchedule cron) {
            this.trigger = trigger;
            this.runtime = runtime;
            this.loaded = loaded;
            this.interval = interval;
            this.cron = cron;
        }

        /** What the runner is given: the declared {@code on=}, or null for the package's only workflow. */
        String descriptorWorkflow() {
            return trigger.descriptor().workflow();
        }
    }

    /** Builds a {@link TriggerService}; add at least one package that declares a trigger. */
    public static final class Builder {
        private record Source(PythonRuntime runtime, LoadedPackage loaded) {
        }

        private final List<Source> sources = new ArrayList<>();
        private WorkflowRunner runner = WorkflowRunner.withDefaults();
        private TriggerListener listener = new TriggerListener() { };
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private TriggerClock clock;

        private Builder() {
        }

        /** Serves every trigger {@code loaded} declares; its runs use {@code runtime}'s parallelism. */
        public Builder add(PythonRuntime runtime, LoadedPackage loaded) {
            sources.add(new Source(Objects.requireNonNull(runtime, "runtime"), Objects.requireNonNull(loaded, "loaded")));
            return this;
        }

        /** The runner that runs what triggers fire (default {@link WorkflowRunner#withDefaults()}). */
        public Builder runner(WorkflowRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        public Builder listener(TriggerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How long one poll may run (default {@link #DEFAULT_POLL_TIMEOUT}). */
        public Builder pollTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("pollTimeout must be positive, got " + timeout);
            }
            this.pollTimeout = timeout;
            return this;
        }

        /** The clock and timer (default: the system clock, timed on the service's thread). */
        public Builder clock(TriggerClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks every trigger and builds the service (not started).
         *
         * @throws TaskError.ValidationFailed a trigger starts a workflow its package does not declare, names none
         *                                    in a package of several workflows, or its workflow's graph is invalid
         * @throws IllegalArgumentException   a cron expression or time zone cannot be read, or no package declares
         *                                    a trigger
         */
        public TriggerService build() {
            List<Slot> slots = new ArrayList<>();
            for (Source source : sources) {
                for (TriggerDescriptor descriptor : source.loaded().discovery().triggers()) {
                    slots.add(slot(source, descriptor));
                }
            }
            if (slots.isEmpty()) {
                throw new IllegalArgumentException("no triggers to serve: none of the packages declares a "
                        + "@cloaca.trigger");
            }
            return new TriggerService(this, slots);
        }

        private Slot slot(Source source, TriggerDescriptor descriptor) {
            LoadedPackage loaded = source.loaded();
            String packageName = loaded.pythonPackage().name();
            String where = "trigger '" + descriptor.name() + "' of package '" + packageName + "'";
            List<WorkflowDescriptor> workflows = loaded.workflows();
            List<String> names = workflows.stream().map(WorkflowDescriptor::name).toList();
            String workflow = descriptor.workflow();
            if (workflow == null && workflows.size() > 1) {
                throw new TaskError.ValidationFailed(descriptor.executionId(), where + " names no workflow (on=) and "
                        + "the package declares several (" + String.join(", ", names) + "): add on=\"...\"");
            }
            if (workflow != null && !names.contains(workflow)) {
                throw new TaskError.ValidationFailed(descriptor.executionId(), where + " starts workflow '" + workflow
                        + "' (on=), which the package does not declare (its workflows: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
            try {
                runner.validate(loaded, workflow);
            } catch (TaskError.ValidationFailed invalid) {
                throw new TaskError.ValidationFailed(descriptor.executionId(), where + ": " + invalid.getMessage());
            }
            String resolved = workflow != null ? workflow
                    : workflows.isEmpty() ? loaded.pythonPackage().workflowName() : workflows.get(0).name();
            if (descriptor.cron() != null) {
                CronSchedule cron;
                try {
                    cron = CronSchedule.parse(descriptor.cron(), descriptor.timezone());
                } catch (IllegalArgumentException unreadable) {
                    throw new IllegalArgumentException(where + ": " + unreadable.getMessage(), unreadable);
                }
                return new Slot(new ServedTrigger(packageName, resolved, descriptor, cron.toString()), source.runtime(),
                        loaded, null, cron);
            }
            Duration interval = descriptor.pollInterval() == null ? DEFAULT_POLL_INTERVAL : descriptor.pollInterval();
            if (interval.toMillis() < MIN_POLL_INTERVAL_MILLIS) {
                interval = Duration.ofMillis(MIN_POLL_INTERVAL_MILLIS);
            }
            return new Slot(new ServedTrigger(packageName, resolved, descriptor, "every " + human(interval)),
                    source.runtime(), loaded, interval, null);
        }

        private static String human(Duration interval) {
            long millis = interval.toMillis();
            if (millis % 3_600_000 == 0) {
                return millis / 3_600_000 + "h";
            }
            if (millis % 60_000 == 0) {
                return millis / 60_000 + "m";
            }
            return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        }
    }
}
