package io.cloacina.temporal;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.runner.Attempt;
import io.cloacina.runner.TaskGraph;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.spi.PackageFormat;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskMetadata;
import io.cloacina.spi.TriggerRule;
import io.cloacina.temporal.Payloads.AttemptRecord;
import io.cloacina.temporal.Payloads.ErrorRecord;
import io.cloacina.temporal.Payloads.GraphRecord;
import io.cloacina.temporal.Payloads.OutcomeRecord;
import io.cloacina.temporal.Payloads.RunRecord;
import io.cloacina.temporal.Payloads.TaskRecord;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** Converts between the runner's types and {@link Payloads}; the same code on workers, workflows and clients. */
final class Codec {

    private static final String TIMEOUT_WORDS = " did not finish within ";

    private Codec() {
    }

    // ------------------------------------------------------------------------------------------ errors

    static ErrorRecord error(TaskError error) {
        Long timeoutMs = null;
        if (error instanceof TaskError.Timeout) {
            timeoutMs = timeoutOf(error.getMessage()).map(Duration::toMillis).orElse(null);
        }
        return new ErrorRecord(error.getClass().getSimpleName(), error.taskId(), error.getMessage(),
                error.pythonType().orElse(null), error.traceback().orElse(null), timeoutMs);
    }

    static TaskError error(ErrorRecord record) {
        String taskId = record.taskId();
        String message = record.message();
        return switch (record.kind()) {
            case "ExecutionFailed" -> new TaskError.ExecutionFailed(taskId, message,
                    record.pythonType() == null ? "Exception" : record.pythonType(), record.traceback());
            case "ValidationFailed" -> new TaskError.ValidationFailed(taskId, message, record.pythonType(),
                    record.traceback());
            case "TaskNotFound" -> TaskError.TaskNotFound.withMessage(taskId, message);
            case "ImportFailed" -> new TaskError.ImportFailed(taskId, message, record.pythonType(), record.traceback());
            case "Timeout" -> record.timeoutMs() != null
                    ? new TaskError.Timeout(taskId, Duration.ofMillis(record.timeoutMs()))
                    : new TaskError.WorkerCrashed(taskId, message);
            case "Cancelled" -> new TaskError.Cancelled(taskId, message);
            default -> record.pythonType() != null
                    ? new TaskError.WorkerCrashed(taskId, message, record.pythonType(), record.traceback())
                    : new TaskError.WorkerCrashed(taskId, message);
        };
    }

    /** The limit a backend's {@code Timeout} names ("Task 'x' did not finish within PT5S"). */
    private static Optional<Duration> timeoutOf(String message) {
        int at = message == null ? -1 : message.lastIndexOf(TIMEOUT_WORDS);
        if (at < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(message.substring(at + TIMEOUT_WORDS.length()).trim()));
        } catch (DateTimeParseException notOurs) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------ graphs

    static TaskRecord task(TaskDescriptor task) {
        TaskMetadata meta = task.metadata();
        return new TaskRecord(task.id(), task.functionName(), task.dependencies(), task.async(), meta.workflow(),
                meta.retryPolicy() == null ? null : meta.retryPolicy().toJson(), meta.triggerRule().toJson(),
                meta.onSuccess(), meta.onFailure(), meta.wantsHandle());
    }

    static TaskDescriptor task(TaskRecord record) {
        TaskMetadata meta = new TaskMetadata(record.workflow(),
                absent(record.retryPolicy()) ? null : RetryPolicy.fromJson(record.retryPolicy()),
                TriggerRule.fromJson(record.triggerRule()), record.onSuccess(), record.onFailure(), record.wantsHandle());
        return new TaskDescriptor(record.id(), record.functionName(), record.dependencies(), record.async(), meta);
    }

    static TaskGraph graph(GraphRecord record) {
        return TaskGraph.of(record.tasks().stream().map(Codec::task).toList());
    }

    static PackageFormat format(GraphRecord record) {
        return PackageFormat.valueOf(record.format());
    }

    // ------------------------------------------------------------------------------------------ outcomes

    /**
     * @param placement where each attempt of a task ran ({@code null} when unknown): attempt number to record
     * @param withOutput whether a success carries its output context
     */
    static OutcomeRecord outcome(TaskOutcome outcome, BiFunction<String, Attempt, AttemptRecord> placement,
                                 boolean withOutput) {
        List<AttemptRecord> attempts = new ArrayList<>();
        for (Attempt attempt : outcome.attempts()) {
            attempts.add(placement.apply(outcome.taskId(), attempt));
        }
        return switch (outcome) {
            case TaskOutcome.Succeeded s -> new OutcomeRecord(s.taskId(), "SUCCEEDED", s.duration().toMillis(),
                    withOutput ? s.context().toJsonNode() : null, null, attempts, null, null);
            case TaskOutcome.Failed f -> new OutcomeRecord(f.taskId(), "FAILED", f.duration().toMillis(), null,
                    error(f.failure()), attempts, null, null);
            case TaskOutcome.Skipped s -> new OutcomeRecord(s.taskId(), "SKIPPED", 0, null, null, attempts,
                    s.failedTask(), s.reason());
            case TaskOutcome.Cancelled c -> new OutcomeRecord(c.taskId(), "CANCELLED", c.duration().toMillis(), null,
                    error(c.cancellation()), attempts, null, null);
        };
    }

    static TaskOutcome outcome(OutcomeRecord record) {
        Duration duration = Duration.ofMillis(record.durationMs());
        List<Attempt> attempts = record.attempts() == null ? List.of() : record.attempts().stream()
                .map(a -> new Attempt(a.number(), Duration.ofMillis(a.durationMs()),
                        a.error() == null ? null : error(a.error())))
                .toList();
        return switch (record.status()) {
            case "SUCCEEDED" -> new TaskOutcome.Succeeded(record.taskId(), duration,
                    absent(record.output()) ? new Context().snapshot() : Context.fromJsonNode(record.output()).snapshot(),
                    attempts);
            case "FAILED" -> new TaskOutcome.Failed(record.taskId(), duration, error(record.error()), attempts);
            case "SKIPPED" -> new TaskOutcome.Skipped(record.taskId(), record.failedTask(), record.reason());
            case "CANCELLED" -> new TaskOutcome.Cancelled(record.taskId(), duration,
                    record.error() != null && error(record.error()) instanceof TaskError.Cancelled c ? c
                            : new TaskError.Cancelled(record.taskId(), "cancelled"));
            default -> throw new IllegalArgumentException("unknown task status " + record.status());
        };
    }

    /** Temporal's JSON converter reads a JSON {@code null} into a {@code JsonNode} field as a null node. */
    static boolean absent(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static WorkflowResult result(RunRecord record) {
        List<TaskOutcome> outcomes = record.outcomes().stream().map(Codec::outcome).toList();
        Optional<Context> finalContext = absent(record.finalContext()) ? Optional.empty() : Optional.of(Context.fromJsonNode(record.finalContext()).snapshot());
        return new WorkflowResult(WorkflowResult.Status.valueOf(record.status()), outcomes, finalContext,
                Duration.ofMillis(record.durationMs()));
    }
}
