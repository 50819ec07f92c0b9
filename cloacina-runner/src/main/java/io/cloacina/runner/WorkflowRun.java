package io.cloacina.runner;

import io.cloacina.bridge.concurrent.DeadlineTimer;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.AttemptValues;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.spi.TaskExecutor;
import io.cloacina.spi.TaskLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One run of a workflow, started by {@link WorkflowRunner}: a handle to wait for its {@link WorkflowResult}
 * or to {@link #cancel()} it.
 *
 * <p>Inside, a small scheduler: every state change (a task started, finished, timed out; the run cancelled)
 * is an action on one {@link SerialExecutor}, so the state needs no lock and listener calls come in order.
 * Actions run on the thread that submits them when none is running (a backend's thread reporting a task's end),
 * so moving from one task to the next costs no thread wake-up.
 * Tasks are started through the non-blocking {@link TaskExecutor} and their futures are composed, never
 * waited on; per-task timeouts are enforced by watchdogs on one shared daemon timer thread.
 *
 * @since 0.1
 */
public final class WorkflowRun {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRun.class);
    private static final AtomicLong RUN_NUMBERS = new AtomicLong();
    /**
     * The backend is asked to stop a task at its timeout; the runner's own watchdog fires a little later, so
     * the backend's {@code Timeout} normally wins and a backend that never answers cannot hang the run.
     */
    static final Duration WATCHDOG_GRACE = Duration.ofSeconds(1);

    private final RunInfo info;
    /** The runner's shared listener and this run's own ones (WorkflowRunner.Settings#listenerFor). */
    private final RunListener listener;
    /**
     * The MDC of the thread that started the run: every task is handed over with it (plus the run's keys),
     * whichever thread launches it (a retry's timer, a backend's thread reporting the previous task's end).
     */
    private final Map<String, String> startersMdc;
    private final TaskGraph graph;
    private final TaskExecutor executor;
    private final Context initial;
    private final WorkflowRunner.Settings settings;
    private final int parallelism;
    /** Tasks handed to the backend beyond {@code parallelism}, to wait in its queue (see WorkflowRunner). */
    private final int queuedAhead;
    private final SerialExecutor serial;
    private final CompletableFuture<WorkflowResult> result = new CompletableFuture<>();

    // State below is touched only by actions on `serial`.
    /** Outcomes, attempts, eligibility and skips: the decisions every runner shares. */
    private final RunProgress progress;
    /** Every task handed to the backend and not finished: those presumed running and those queued ahead. */
    private final Map<String, Running> running = new LinkedHashMap<>();
    /**
     * Tasks queued ahead, in the order they were handed over. The backend starts them first come first served
     * as its running tasks end, so the runner counts one as started (listener, duration, watchdog) when one of
     * the {@code parallelism} running tasks ends.
     */
    private final ArrayDeque<Running> queuedInBackend = new ArrayDeque<>();
    private int presumedRunning;
    /** Tasks waiting for their next attempt: no slot, no thread, a timer. */
    private final Map<String, DeadlineTimer.Handle> retryWaits = new LinkedHashMap<>();
    private final PriorityQueue<String> ready;
    private String stoppedBy;
    private boolean cancelled;
    /** finish() ran: the result is being completed (on its own thread). */
    private boolean finished;
    private long startedAt;

    /**
     * One daemon thread for every run's timeouts, gone after a few idle seconds. Watchdogs are cancelled (and
     * removed) as soon as their task finishes, so a finished run is not kept in memory until its timeouts.
     */
    private static final DeadlineTimer WATCHDOGS = new DeadlineTimer("cloacina-runner-watchdog");

    /** A task in flight; compared by identity so a late completion of an already-resolved task is ignored. */
    private static final class Running {
        final String taskId;
        final Duration timeout;
        final int attempt;
        CompletableFuture<Context> future;
        /** When the task (presumably) started running; 0 while it waits in the backend's queue. */
        long startedAt;
        DeadlineTimer.Handle watchdog;
        /** The attempt's flight-recorder event while it runs; {@code null} when no recording wants it. */
        RunnerEvents.AttemptEvent recorded;

        Running(String taskId, Duration timeout, int attempt) {
            this.taskId = taskId;
            this.timeout = timeout;
            this.attempt = attempt;
        }

        boolean started() {
            return startedAt != 0;
        }

        /** Forgets the task: stops its watchdog. */
        void settled() {
            if (watchdog != null) {
                watchdog.cancel();
            }
        }
    }

    private final PackageFormat format;
    private final boolean failFast;

    WorkflowRun(RunInfo info, RunListener listener, TaskExecutor executor, Context initial,
                WorkflowRunner.Settings settings, int queuedAhead, PackageFormat format) {
        this.info = info;
        this.listener = listener;
        Map<String, String> startersMdc = MDC.getCopyOfContextMap();
        this.startersMdc = startersMdc == null ? Map.of() : Map.copyOf(startersMdc);
        TaskGraph graph = info.graph();
        this.graph = graph;
        this.format = format;
        this.failFast = settings.failFastFor(format);
        this.executor = executor;
        this.initial = initial.snapshot();
        this.settings = settings;
        this.parallelism = info.parallelism();
        this.queuedAhead = queuedAhead;
        this.serial = new SerialExecutor("cloacina-run-" + RUN_NUMBERS.incrementAndGet());
        this.ready = new PriorityQueue<>((a, b) -> Integer.compare(graph.positionOf(a), graph.positionOf(b)));
        this.progress = new RunProgress(graph, this.initial, this::notifyOutcome);
    }

    void start() {
        act(() -> {
            startedAt = System.nanoTime();
            notifyListener(l -> l.runStarted(info));
            ready.addAll(progress.start());
            pump();
        });
    }

    /** This run's id (a random UUID), as its listener and its tasks' log MDC see it. @since 0.3 */
    public String runId() {
        return info.runId();
    }

    /** Completes with the run's result (never exceptionally, unless the runner itself has a bug). */
    public CompletableFuture<WorkflowResult> result() {
        // A copy: cancelling what a caller holds must not complete the run's own future.
        return result.copy();
    }

    /** Waits for the result; every task has a timeout, so this returns. */
    public WorkflowResult join() {
        return result.join();
    }

    /** Waits at most {@code limit} for the result. */
    public WorkflowResult await(Duration limit) throws InterruptedException, TimeoutException {
        try {
            return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The run failed unexpectedly", e.getCause());
        }
    }

    public boolean isDone() {
        return result.isDone();
    }

    /**
     * Cancels the run: running tasks are cancelled (their backend futures with {@code cancel(true)}, which
     * stops them) and reported {@code CANCELLED}, tasks not started yet are reported {@code CANCELLED} too.
     * Does nothing once the run has finished.
     */
    public void cancel() {
        act(() -> {
            if (finished || result.isDone() || cancelled) {
                return;
            }
            cancelled = true;
            // Tasks queued in the backend first: cancelling a running task frees a backend worker, which would
            // otherwise start the next queued task before its cancel comes. A cancelled one is reported as not
            // started, by finish(); one the backend already finished is reported as it ended, by completed().
            for (Running queued : List.copyOf(queuedInBackend)) {
                if (queued.future.cancel(true)) {
                    forget(queued);
                }
            }
            for (Map.Entry<String, DeadlineTimer.Handle> wait : List.copyOf(retryWaits.entrySet())) {
                wait.getValue().cancel();
                retryWaits.remove(wait.getKey());
                progress.cancelledWithRun(wait.getKey(), Duration.ZERO, new TaskError.Cancelled(wait.getKey(),
                        "Task '" + wait.getKey() + "' was waiting to be retried: the run was cancelled"));
            }
            for (Running task : List.copyOf(running.values())) {
                if (!task.started()) {
                    continue; // queued, already finished: its completion is on its way
                }
                String taskId = task.taskId;
                forget(task);
                task.future.cancel(true);
                Duration ran = since(task.startedAt);
                TaskError.Cancelled cancellation = new TaskError.Cancelled(taskId,
                        "Task '" + taskId + "' was cancelled while running: the run was cancelled");
                attemptFinished(task, ran, cancellation);
                progress.cancelledWithRun(taskId, ran, cancellation);
            }
            pump();
        });
    }

    // ------------------------------------------------------------------------------------------ scheduling

    private void pump() {
        while (presumedRunning < parallelism && !queuedInBackend.isEmpty() && stoppedBy == null && !cancelled) {
            markStarted(queuedInBackend.poll());
        }
        while (stoppedBy == null && !cancelled && running.size() < parallelism + queuedAhead && !ready.isEmpty()) {
            launch(ready.poll());
        }
        if (running.isEmpty() && retryWaits.isEmpty() && (ready.isEmpty() || stoppedBy != null || cancelled)) {
            finish();
        }
    }

    private void launch(String taskId) {
        Running task = new Running(taskId, settings.timeoutFor(taskId), progress.nextAttempt(taskId));
        Context input = progress.inputOf(taskId);
        // Asked before the task counts as started: a span made here is the parent the task's Python code sees.
        input = withAttemptValues(input, taskId, task.attempt);
        boolean startsNow = presumedRunning < parallelism;
        if (startsNow) {
            markStarted(task);
        }
        CompletableFuture<Context> future;
        // The backend takes the caller's MDC for what the task writes in Python (TaskLogging): the starter's MDC
        // and the run's keys, on whichever thread this runs.
        Map<String, String> callersMdc = MDC.getCopyOfContextMap();
        try {
            MDC.setContextMap(startersMdc);
            MDC.put(TaskLogging.MDC_RUN_ID, info.runId());
            MDC.put(TaskLogging.MDC_WORKFLOW, info.workflow());
            MDC.put(TaskLogging.MDC_ATTEMPT, Integer.toString(task.attempt));
            // Inline completion: the backend may run the callback below on its own thread. It only queues an
            // action on this run's SerialExecutor, whose actions never block, so the backend's thread is not
            // held; a next task started from there needs no thread wake-up (ExecutionOptions#withInlineCompletion).
            future = executor.execute(taskId, input, ExecutionOptions.withTimeout(task.timeout).withInlineCompletion());
        } catch (RuntimeException refused) {
            future = CompletableFuture.failedFuture(refused);
        } finally {
            if (callersMdc == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(callersMdc);
            }
        }
        task.future = future;
        running.put(taskId, task);
        if (!startsNow) {
            queuedInBackend.add(task);
        }
        future.whenComplete((output, error) -> act(() -> completed(taskId, task, output, error)));
    }

    /**
     * The listener's values for this attempt under their reserved key (AttemptValues), entries holding a null left
     * out; the input as it is when there are none.
     */
    private Context withAttemptValues(Context input, String taskId, int attempt) {
        Map<String, String> values;
        try {
            values = listener.attemptValues(taskId, attempt);
        } catch (RuntimeException e) {
            LOG.warn("A run listener threw; the run goes on", e);
            return input;
        }
        if (values == null || values.isEmpty()) {
            return input;
        }
        Map<String, String> usable = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (name != null && value != null) {
                usable.put(name, value);
            }
        });
        return AttemptValues.attach(input, usable);
    }

    /** From now on the task counts as running: the listener hears of it, its duration and watchdog start. */
    private void markStarted(Running task) {
        presumedRunning++;
        task.startedAt = System.nanoTime();
        task.recorded = RunnerEvents.started(info, task.taskId, task.attempt);
        notifyListener(l -> l.taskStarted(task.taskId, task.attempt));
        task.watchdog = WATCHDOGS.schedule(task.timeout.plus(WATCHDOG_GRACE), () -> act(() -> timedOut(task.taskId, task)));
    }

    /** The task is no longer in flight (the next {@link #pump()} counts a queued one as started in its place). */
    private void forget(Running task) {
        running.remove(task.taskId);
        task.settled();
        if (task.started()) {
            presumedRunning--;
        } else {
            queuedInBackend.remove(task);
        }
    }

    private void completed(String taskId, Running task, Context output, Throwable error) {
        if (running.get(taskId) != task) {
            return; // already resolved by the watchdog or a cancel
        }
        if (!task.started()) {
            // Ended before the runner counted it as started (it failed at once, or the backend was faster
            // than its queue suggested): it did run, so the listener hears of its start first.
            queuedInBackend.remove(task);
            markStarted(task);
        }
        forget(task);
        Duration duration = since(task.startedAt);
        if (error == null && output == null) {
            error = new TaskError.ValidationFailed(taskId, "the backend returned no output context");
        }
        if (error == null && output.containsKey(AttemptValues.CONTEXT_KEY)) {
            // The bridge takes the reserved key out; a backend that echoes its input without the bridge must not
            // pass it on to dependants' inputs and the final context.
            output = output.mutableCopy();
            output.remove(AttemptValues.CONTEXT_KEY);
        }
        if (error == null) {
            attemptFinished(task, duration, null);
            ready.addAll(progress.succeeded(taskId, duration, output));
        } else {
            attemptFailed(task, duration, TaskError.of(taskId, error));
        }
        pump();
    }

    private void timedOut(String taskId, Running task) {
        if (running.get(taskId) != task) {
            return;
        }
        forget(task);
        task.future.cancel(true);
        attemptFailed(task, since(task.startedAt), new TaskError.Timeout(taskId, task.timeout));
        pump();
    }

    /** An attempt failed: retried after its policy's delay when the policy allows, else the task failed. */
    private void attemptFailed(Running task, Duration duration, TaskError failure) {
        String taskId = task.taskId;
        attemptFinished(task, duration, failure);
        if (failure instanceof TaskError.Cancelled cancellation) {
            ready.addAll(progress.cancelled(taskId, duration, cancellation));
            stopIfFailFast(taskId);
            return;
        }
        RetryPolicy policy = settings.retryPolicyFor(graph.task(taskId), format);
        if (!cancelled && stoppedBy == null && Retries.shouldRetry(policy, task.attempt, failure)) {
            Duration delay = Retries.delay(policy, task.attempt, settings.random());
            progress.attemptFailed(taskId, duration, failure);
            notifyListener(l -> l.taskRetrying(taskId, task.attempt, policy.maxAttempts(), delay, failure));
            retryWaits.put(taskId, WATCHDOGS.schedule(delay, () -> act(() -> retryDue(taskId))));
            return;
        }
        ready.addAll(progress.failed(taskId, duration, failure));
        stopIfFailFast(taskId);
    }

    private void retryDue(String taskId) {
        if (retryWaits.remove(taskId) == null) {
            return; // cancelled meanwhile
        }
        if (!cancelled && stoppedBy == null) {
            ready.add(taskId);
        }
        pump();
    }

    /** Under fail-fast, a task that ended without success stops new tasks (and pending retries) from starting. */
    private void stopIfFailFast(String taskId) {
        if (failFast && stoppedBy == null && !cancelled) {
            stoppedBy = taskId;
            // Fail-fast starts nothing new: tasks still waiting in the backend's queue are taken back (finish()
            // reports them as not started). One the backend already finished is reported as it ended.
            for (Running queued : List.copyOf(queuedInBackend)) {
                if (queued.future.cancel(true)) {
                    forget(queued);
                }
            }
            for (DeadlineTimer.Handle wait : retryWaits.values()) {
                wait.cancel();
            }
            retryWaits.clear();
        }
    }

    /** Every attempt that started ends here once, before what follows from it (RunListener's order). */
    private void attemptFinished(Running task, Duration duration, TaskError failure) {
        RunnerEvents.finished(task.recorded, failure);
        Attempt attempt = new Attempt(task.attempt, duration, failure);
        notifyListener(l -> l.attemptFinished(task.taskId, attempt));
    }

    private void finish() {
        if (finished || result.isDone()) {
            return;
        }
        finished = true;
        progress.stopRemaining(cancelled, stoppedBy);
        WorkflowResult done = progress.result(cancelled, since(startedAt));
        notifyListener(l -> l.runFinished(done));
        // Not on this thread: it may be a backend's (tasks complete inline, see launch), and what callers attach
        // to the run's result may block, say on another run of the same package. One thread start per run.
        Thread.ofVirtual().name("cloacina-run-result").start(() -> result.complete(done));
    }

    /** RunProgress records every outcome through here: the listener hears of it in order. */
    private void notifyOutcome(TaskOutcome outcome) {
        switch (outcome) {
            case TaskOutcome.Succeeded s -> notifyListener(l -> l.taskSucceeded(s));
            case TaskOutcome.Failed f -> notifyListener(l -> l.taskFailed(f));
            case TaskOutcome.Skipped s -> notifyListener(l -> l.taskSkipped(s));
            case TaskOutcome.Cancelled c -> notifyListener(l -> l.taskCancelled(c));
        }
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private void act(Runnable action) {
        serial.execute(() -> guard(action));
    }

    /** A bug in the scheduler must not leave callers waiting forever: fail the run and stop its tasks. */
    private void guard(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error bug) {
            LOG.error("Cloacina workflow runner failed; cancelling the run's tasks", bug);
            running.values().forEach(t -> {
                t.settled();
                t.future.cancel(true);
            });
            running.clear();
            queuedInBackend.clear();
            result.completeExceptionally(bug);
        }
    }

    private void notifyListener(Consumer<RunListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("A run listener threw; the run goes on", e);
        }
    }

    /** Timeouts still armed, across all runs (for tests: a finished run must leave none). */
    static int armedWatchdogs() {
        return WATCHDOGS.pendingCount();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
