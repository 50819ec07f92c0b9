package io.cloacina.temporal;

import io.cloacina.error.TaskError;
import io.cloacina.runner.RunListener;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.temporal.Payloads.AttemptRecord;
import io.cloacina.temporal.Payloads.ErrorRecord;
import io.cloacina.temporal.Payloads.OutcomeRecord;
import io.cloacina.temporal.Payloads.RunEvent;
import io.cloacina.temporal.Payloads.RunRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run on Temporal, seen from a client: wait for its result (with progress), or cancel it.
 *
 * @since 0.3
 */
public final class TemporalRun {

    /** How often a waiting client asks the workflow for new progress events. */
    static final Duration PROGRESS_POLL = Duration.ofMillis(250);

    private final WorkflowClient client;
    private final String workflowId;

    TemporalRun(WorkflowClient client, String workflowId) {
        this.client = client;
        this.workflowId = workflowId;
    }

    public String workflowId() {
        return workflowId;
    }

    /**
     * Asks Temporal to cancel the run: running tasks are cancelled on their workers (the backends stop them),
     * waiting retries and unstarted tasks are reported {@code CANCELLED}. Returns at once; {@link #await} then
     * returns the cancelled result.
     */
    public void cancel() {
        client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty()).cancel();
    }

    /**
     * Waits for the run's end, telling {@code listener} of its progress as a local run would (task started,
     * retrying, succeeded, failed, skipped, cancelled; the run's end). Progress comes from a query the workers
     * answer, a few times a second.
     *
     * @throws TaskError.ValidationFailed the workflow is unknown or invalid, or an option names a task it lacks
     * @throws IllegalStateException      the Temporal workflow ended otherwise than by a result (terminated, timed
     *                                    out)
     */
    public TemporalRunResult await(RunListener listener) throws InterruptedException {
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty());
        PackageRunWorkflow queries = client.newWorkflowStub(PackageRunWorkflow.class, workflowId);
        CompletableFuture<RunRecord> done = stub.getResultAsync(RunRecord.class);
        Relay relay = new Relay(listener);
        RunRecord record;
        while (true) {
            try {
                record = done.get(PROGRESS_POLL.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException running) {
                if (listener != RunListener.NONE) {
                    try {
                        relay.deliver(queries.events(relay.seen).events());
                    } catch (RuntimeException noAnswerYet) {
                        // no worker has picked the run up yet, or the query raced the end: the result has it all
                    }
                }
            } catch (ExecutionException ended) {
                record = recordOf(ended.getCause(), queries);
                break;
            }
        }
        List<RunEvent> events = record.events() == null ? List.of() : record.events();
        relay.deliver(events.subList(Math.min(relay.seen, events.size()), events.size()));
        WorkflowResult result = Codec.result(record);
        relay.call(l -> l.runFinished(result));
        return new TemporalRunResult(workflowId, result, placements(record));
    }

    /** Waits for the result without progress. */
    public TemporalRunResult await() throws InterruptedException {
        return await(RunListener.NONE);
    }

    private RunRecord recordOf(Throwable failure, PackageRunWorkflow queries) {
        Throwable cause = failure instanceof WorkflowFailedException failed ? failed.getCause() : failure;
        if (cause instanceof CanceledFailure cancelled) {
            if (cancelled.getDetails().getSize() > 0) {
                return cancelled.getDetails().get(0, RunRecord.class);
            }
            try {
                RunRecord record = queries.result();
                if (record != null) {
                    return record;
                }
            } catch (RuntimeException noWorkerAnswered) {
                throw new IllegalStateException("Temporal workflow " + workflowId + " was cancelled, and no worker "
                        + "answered the query for its outcomes: " + noWorkerAnswered.getMessage(), failure);
            }
        }
        if (cause instanceof ApplicationFailure app && "ValidationFailed".equals(app.getType())) {
            ErrorRecord error = app.getDetails().getSize() > 0 ? app.getDetails().get(0, ErrorRecord.class)
                    : new ErrorRecord("ValidationFailed", null, app.getOriginalMessage(), null, null, null);
            throw (TaskError) Codec.error(error);
        }
        String why = cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : String.valueOf(cause);
        throw new IllegalStateException("Temporal workflow " + workflowId + " ended without a result: " + why, failure);
    }

    private static Map<String, List<TemporalRunResult.Placement>> placements(RunRecord record) {
        Map<String, List<TemporalRunResult.Placement>> placements = new LinkedHashMap<>();
        for (OutcomeRecord outcome : record.outcomes()) {
            List<TemporalRunResult.Placement> list = new ArrayList<>();
            if (outcome.attempts() != null) {
                for (AttemptRecord attempt : outcome.attempts()) {
                    list.add(new TemporalRunResult.Placement(attempt.number(), attempt.worker(), attempt.deliveries()));
                }
            }
            placements.put(outcome.taskId(), List.copyOf(list));
        }
        return placements;
    }

    /** Replays the workflow's events into a listener, each once, in order. */
    private static final class Relay {
        private final RunListener listener;
        /** Starts heard per task: each start is the task's next attempt, as the workflow numbers them. */
        private final Map<String, Integer> starts = new HashMap<>();
        int seen;

        Relay(RunListener listener) {
            this.listener = listener;
        }

        void deliver(List<RunEvent> fresh) {
            for (RunEvent event : fresh) {
                seen++;
                switch (event.kind()) {
                    case "run-started" -> call(l -> l.runStarted(Codec.graph(event.graph()), 0));
                    case "task-started" -> {
                        int attempt = starts.merge(event.taskId(), 1, Integer::sum);
                        call(l -> l.taskStarted(event.taskId(), attempt));
                    }
                    case "task-retrying" -> call(l -> l.taskRetrying(event.taskId(), event.failedAttempt(),
                            event.maxAttempts(), Duration.ofMillis(event.delayMs()), Codec.error(event.error())));
                    case "outcome" -> {
                        TaskOutcome outcome = Codec.outcome(event.outcome());
                        switch (outcome) {
                            case TaskOutcome.Succeeded s -> call(l -> l.taskSucceeded(s));
                            case TaskOutcome.Failed f -> call(l -> l.taskFailed(f));
                            case TaskOutcome.Skipped s -> call(l -> l.taskSkipped(s));
                            case TaskOutcome.Cancelled c -> call(l -> l.taskCancelled(c));
                        }
                    }
                    default -> {
                        // an event kind from a newer workflow version: nothing to show
                    }
                }
            }
        }

        void call(java.util.function.Consumer<RunListener> call) {
            try {
                call.accept(listener);
            } catch (RuntimeException ignored) {
                // a listener's failure does not change the run, as in a local run
            }
        }
    }
}
