package io.cloacina.temporal;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.runner.Attempt;
import io.cloacina.runner.Retries;
import io.cloacina.runner.RunProgress;
import io.cloacina.runner.TaskGraph;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.temporal.Payloads.AttemptRecord;
import io.cloacina.temporal.Payloads.ErrorRecord;
import io.cloacina.temporal.Payloads.EventPage;
import io.cloacina.temporal.Payloads.FailureDetails;
import io.cloacina.temporal.Payloads.GraphRecord;
import io.cloacina.temporal.Payloads.OutcomeRecord;
import io.cloacina.temporal.Payloads.RunEvent;
import io.cloacina.temporal.Payloads.RunRecord;
import io.cloacina.temporal.Payloads.RunRequest;
import io.cloacina.temporal.Payloads.RunSettings;
import io.cloacina.temporal.Payloads.TaskReply;
import io.cloacina.temporal.Payloads.TaskRequest;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The workflow: deterministic, as Temporal requires. Every decision — which tasks may start, with which input,
 * which are skipped and why, whether a failed attempt runs again and after how long, the result — is made by the
 * runner's own {@link RunProgress}, {@link Retries} and {@link WorkflowRunner} settings, exactly as a local run
 * makes it; time comes from {@link Workflow#currentTimeMillis()}, jitter from {@link Workflow#newRandom()}, waits
 * are Temporal timers.
 *
 * <p>Retries are driven here, not by Temporal's activity retry policy: Cloacina's policies have jitter, linear
 * backoff, a transient-error test and error patterns that {@code RetryOptions} cannot express, and every
 * attempt's error must reach the result. Temporal's own retries are kept for what only it can see: a worker
 * lost while it ran a task (heartbeat timeout) or handing a task back as it shuts down — those re-deliver the
 * same attempt to another worker.
 */
public final class PackageRunWorkflowImpl implements PackageRunWorkflow {

    /**
     * Temporal's start-to-close timeout is the task's timeout plus this: the worker's backend stops the task at its
     * timeout and reports a {@code Timeout} first; Temporal's timeout only catches a worker that cannot.
     */
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(5);

    private final List<RunEvent> events = new ArrayList<>();
    private final Map<String, Launched> running = new LinkedHashMap<>();
    private final Map<String, CancellationScope> retryWaits = new LinkedHashMap<>();
    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    /** Where each attempt ran: task id, then attempt number. */
    private final Map<String, Map<Integer, AttemptRecord>> placements = new HashMap<>();

    private RunSettings settings;
    private WorkflowRunner options;
    private TaskGraph graph;
    private PackageFormat format;
    private boolean failFast;
    private RunProgress progress;
    private PriorityQueue<String> ready;
    private Random random;
    private String stoppedBy;
    private RunRecord finished;

    /** One attempt handed to Temporal; compared by identity so that a stale completion is ignored. */
    private record Launched(String taskId, int attempt, Duration timeout, long startedAt) {
    }

    @Override
    public RunRecord run(RunRequest request) {
        long startedAt = Workflow.currentTimeMillis();
        random = Workflow.newRandom();
        settings = request.settings();
        options = settings.runner();
        GraphRecord described = describe(request);
        try {
            graph = Codec.graph(described);
        } catch (TaskError.ValidationFailed invalid) {
            throw invalidWorkflow(Codec.error(invalid));
        }
        format = Codec.format(described);
        failFast = options.failFastFor(format);
        progress = new RunProgress(graph, Context.fromJsonNode(request.initial()), this::recorded);
        ready = new PriorityQueue<>(Comparator.comparingInt(graph::positionOf));
        events.add(new RunEvent("run-started", null, 0, 0, 0, null, null, described));

        boolean cancelled = false;
        try {
            ready.addAll(progress.start());
            while (true) {
                while (stoppedBy == null && !ready.isEmpty()) {
                    launch(ready.poll());
                }
                if (running.isEmpty() && retryWaits.isEmpty() && (ready.isEmpty() || stoppedBy != null)) {
                    break;
                }
                Workflow.await(() -> !completions.isEmpty());
                completions.poll().run();
            }
        } catch (CanceledFailure cancellation) {
            cancelled = true;
            cancelEverything();
        }
        progress.stopRemaining(cancelled, stoppedBy);
        WorkflowResult result = progress.result(cancelled, Duration.ofMillis(Workflow.currentTimeMillis() - startedAt));
        finished = record(result);
        if (cancelled) {
            // Temporal records the run as cancelled; clients read the outcomes with the result query.
            throw new CanceledFailure("the run was cancelled", finished);
        }
        return finished;
    }

    @Override
    public RunRecord result() {
        return finished;
    }

    @Override
    public EventPage events(int from) {
        int start = Math.max(0, Math.min(from, events.size()));
        return new EventPage(List.copyOf(events.subList(start, events.size())));
    }

    // ------------------------------------------------------------------------------------------ the graph

    private GraphRecord describe(RunRequest request) {
        TaskActivities worker = Workflow.newActivityStub(TaskActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(deliveries())
                .build());
        try {
            return worker.describe(request.workflow(), request.settings());
        } catch (ActivityFailure failure) {
            if (failure.getCause() instanceof ApplicationFailure app && "ValidationFailed".equals(app.getType())) {
                throw invalidWorkflow(app.getDetails().getSize() > 0 ? app.getDetails().get(0, ErrorRecord.class)
                        : new ErrorRecord("ValidationFailed", null, app.getOriginalMessage(), null, null, null));
            }
            throw failure;
        }
    }

    private static ApplicationFailure invalidWorkflow(ErrorRecord error) {
        return ApplicationFailure.newNonRetryableFailure(error.message(), "ValidationFailed", error);
    }

    // ------------------------------------------------------------------------------------------ scheduling

    private void launch(String taskId) {
        int attempt = progress.nextAttempt(taskId);
        Duration timeout = options.timeoutFor(taskId);
        TaskActivities worker = Workflow.newActivityStub(TaskActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(timeout.plus(TIMEOUT_GRACE))
                .setHeartbeatTimeout(Duration.ofMillis(settings.heartbeatTimeoutMs()))
                .setCancellationType(ActivityCancellationType.TRY_CANCEL)
                .setRetryOptions(deliveries())
                .build());
        Promise<TaskReply> reply = Async.function(worker::runTask,
                new TaskRequest(taskId, progress.inputOf(taskId).toJsonNode(), timeout.toMillis(), attempt));
        Launched launched = new Launched(taskId, attempt, timeout, Workflow.currentTimeMillis());
        running.put(taskId, launched);
        events.add(new RunEvent("task-started", taskId, 0, 0, 0, null, null, null));
        reply.handle((done, failure) -> {
            completions.add(() -> completed(launched, done, failure));
            return null;
        });
    }

    /** Temporal re-delivers an attempt only when a worker was lost or handed it back; task failures are ours. */
    private RetryOptions deliveries() {
        return RetryOptions.newBuilder()
                .setMaximumAttempts(Math.max(1, settings.deliveryAttempts()))
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(10))
                .build();
    }

    private void completed(Launched launched, TaskReply reply, RuntimeException failure) {
        String taskId = launched.taskId();
        if (running.get(taskId) != launched) {
            return;
        }
        running.remove(taskId);
        if (failure == null) {
            place(taskId, launched.attempt(), reply.worker(), reply.deliveries());
            ready.addAll(progress.succeeded(taskId, Duration.ofMillis(reply.durationMs()),
                    Context.fromJsonNode(reply.output())));
            return;
        }
        long elapsed = Workflow.currentTimeMillis() - launched.startedAt();
        String worker = failure instanceof ActivityFailure activity ? activity.getIdentity() : null;
        Throwable cause = failure instanceof ActivityFailure activity && activity.getCause() != null
                ? activity.getCause() : failure;
        TaskError error;
        long duration = elapsed;
        int delivered = 1;
        if (cause instanceof ApplicationFailure app && app.getDetails().getSize() > 0
                && !"WorkerShutdown".equals(app.getType())) {
            FailureDetails details = app.getDetails().get(0, FailureDetails.class);
            error = Codec.error(details.error());
            duration = details.durationMs();
            worker = details.worker();
            delivered = details.deliveries();
        } else if (cause instanceof TimeoutFailure timeout && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE) {
            error = new TaskError.Timeout(taskId, launched.timeout());
        } else if (cause instanceof TimeoutFailure timeout) {
            error = new TaskError.WorkerCrashed(taskId, "Task '" + taskId + "': the worker running it stopped answering ("
                    + timeout.getTimeoutType() + ") and no other worker finished it within "
                    + settings.deliveryAttempts() + " deliveries");
        } else if (cause instanceof CanceledFailure) {
            error = new TaskError.Cancelled(taskId, "Task '" + taskId + "' was cancelled by its worker");
        } else {
            error = new TaskError.WorkerCrashed(taskId, "Task '" + taskId + "' could not be run on a worker: "
                    + (cause instanceof io.temporal.failure.TemporalFailure t ? t.getOriginalMessage() : String.valueOf(cause)));
        }
        place(taskId, launched.attempt(), worker, delivered);
        attemptFailed(launched, Duration.ofMillis(duration), error);
    }

    /** A failed attempt: retried after its policy's delay when the policy allows, else the task failed. */
    private void attemptFailed(Launched launched, Duration duration, TaskError error) {
        String taskId = launched.taskId();
        if (error instanceof TaskError.Cancelled cancellation) {
            ready.addAll(progress.cancelled(taskId, duration, cancellation));
            stopIfFailFast(taskId);
            return;
        }
        RetryPolicy policy = options.retryPolicyFor(graph.task(taskId), format);
        if (stoppedBy == null && Retries.shouldRetry(policy, launched.attempt(), error)) {
            Duration delay = Retries.delay(policy, launched.attempt(), random::nextDouble);
            progress.attemptFailed(taskId, duration, error);
            events.add(new RunEvent("task-retrying", taskId, launched.attempt(), policy.maxAttempts(), delay.toMillis(),
                    Codec.error(error), null, null));
            CancellationScope wait = Workflow.newCancellationScope(() -> Workflow.newTimer(delay).handle((fired, failure) -> {
                completions.add(() -> retryDue(taskId));
                return null;
            }));
            retryWaits.put(taskId, wait);
            wait.run();
            return;
        }
        ready.addAll(progress.failed(taskId, duration, error));
        stopIfFailFast(taskId);
    }

    private void retryDue(String taskId) {
        if (retryWaits.remove(taskId) != null && stoppedBy == null) {
            ready.add(taskId);
        }
    }

    private void stopIfFailFast(String taskId) {
        if (failFast && stoppedBy == null) {
            stoppedBy = taskId;
            retryWaits.values().forEach(CancellationScope::cancel);
            retryWaits.clear();
        }
    }

    /**
     * The workflow was cancelled: Temporal cancels the running activities (their workers stop the tasks); every
     * task running or waiting for a retry is cancelled with the run, as a local run reports it.
     */
    private void cancelEverything() {
        long now = Workflow.currentTimeMillis();
        for (String taskId : List.copyOf(retryWaits.keySet())) {
            progress.cancelledWithRun(taskId, Duration.ZERO, new TaskError.Cancelled(taskId,
                    "Task '" + taskId + "' was waiting to be retried: the run was cancelled"));
        }
        retryWaits.clear();
        for (Launched task : List.copyOf(running.values())) {
            progress.cancelledWithRun(task.taskId(), Duration.ofMillis(now - task.startedAt()), new TaskError.Cancelled(
                    task.taskId(), "Task '" + task.taskId() + "' was cancelled while running: the run was cancelled"));
        }
        running.clear();
    }

    // ------------------------------------------------------------------------------------------ records

    private void place(String taskId, int attempt, String worker, int deliveries) {
        placements.computeIfAbsent(taskId, id -> new HashMap<>())
                .put(attempt, new AttemptRecord(attempt, 0, null, worker, deliveries));
    }

    private AttemptRecord placement(String taskId, Attempt attempt) {
        AttemptRecord where = placements.getOrDefault(taskId, Map.of()).get(attempt.number());
        return new AttemptRecord(attempt.number(), attempt.duration().toMillis(),
                attempt.failure() == null ? null : Codec.error(attempt.failure()),
                where == null ? null : where.worker(), where == null ? 0 : where.deliveries());
    }

    private void recorded(TaskOutcome outcome) {
        OutcomeRecord record = Codec.outcome(outcome, this::placement, false);
        events.add(new RunEvent("outcome", outcome.taskId(), 0, 0, 0, null, record, null));
    }

    private RunRecord record(WorkflowResult result) {
        List<OutcomeRecord> outcomes = result.outcomes().stream()
                .map(o -> Codec.outcome(o, this::placement, true)).toList();
        return new RunRecord(result.status().name(), outcomes,
                result.finalContext().map(Context::toJsonNode).orElse(null), result.duration().toMillis(),
                List.copyOf(events));
    }
}
