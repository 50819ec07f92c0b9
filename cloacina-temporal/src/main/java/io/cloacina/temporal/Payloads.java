package io.cloacina.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.runner.WorkflowRunner;
import io.cloacina.spi.RetryPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What travels through Temporal: the workflow's input and result, the activities' arguments and replies, the
 * progress events. Plain records of JSON-friendly values (contexts as JSON trees), so that Temporal's default
 * JSON payload converter writes them and a person can read them in the cluster's history.
 *
 * <p>These are the wire format of recorded histories: change them only in ways old histories still read
 * (add nullable fields), or replay of running workflows breaks.
 *
 * @since 0.3
 */
public final class Payloads {

    private Payloads() {
    }

    /**
     * The options of a run that decide what the workflow does, as {@link WorkflowRunner} takes them.
     *
     * @param defaultTimeoutMs   every task's timeout unless it has its own
     * @param taskTimeoutsMs     per-task timeouts
     * @param failFast           {@code null}: the package format's default
     * @param defaultRetry       {@link RetryPolicy#toJson()} of the run's default policy, {@code null}: the format's
     * @param taskRetries        per-task policies, overriding what the tasks declare
     * @param heartbeatTimeoutMs how long a worker may go silent before its task is handed to another worker
     * @param deliveryAttempts   how many times Temporal hands one attempt to a worker when workers are lost
     */
    public record RunSettings(long defaultTimeoutMs, Map<String, Long> taskTimeoutsMs, Boolean failFast,
                              JsonNode defaultRetry, Map<String, JsonNode> taskRetries, long heartbeatTimeoutMs,
                              int deliveryAttempts) {
        public RunSettings {
            taskTimeoutsMs = taskTimeoutsMs == null ? Map.of() : Map.copyOf(taskTimeoutsMs);
            taskRetries = taskRetries == null ? Map.of() : Map.copyOf(taskRetries);
        }

        /** The local runner with the same options: the one place timeouts, retry policies and fail-fast are resolved. */
        WorkflowRunner runner() {
            WorkflowRunner.Builder builder = WorkflowRunner.builder().defaultTimeout(Duration.ofMillis(defaultTimeoutMs));
            taskTimeoutsMs.forEach((task, ms) -> builder.taskTimeout(task, Duration.ofMillis(ms)));
            if (failFast != null) {
                builder.failFast(failFast);
            }
            if (!Codec.absent(defaultRetry)) {
                builder.defaultRetryPolicy(RetryPolicy.fromJson(defaultRetry));
            }
            taskRetries.forEach((task, policy) -> builder.retryPolicy(task, RetryPolicy.fromJson(policy)));
            return builder.build();
        }
    }

    /** The workflow's input: which workflow of the package, its initial context, the options. */
    public record RunRequest(String workflow, JsonNode initial, RunSettings settings) {
    }

    /** One task as discovery reports it. */
    public record TaskRecord(String id, String functionName, List<String> dependencies, boolean async,
                             String workflow, JsonNode retryPolicy, JsonNode triggerRule, boolean onSuccess,
                             boolean onFailure, boolean wantsHandle) {
    }

    /** A workflow's validated task graph, as a worker that loaded the package describes it (declaration order). */
    public record GraphRecord(String packageName, String version, String format, String workflow,
                              List<TaskRecord> tasks) {
    }

    /** One attempt of one task, for the activity. */
    public record TaskRequest(String taskId, JsonNode input, long timeoutMs, int attempt) {
    }

    /**
     * A task's success.
     *
     * @param durationMs how long the task ran on the worker
     * @param worker     the identity of the worker that ran it
     * @param deliveries Temporal's attempt number: above 1 when a worker was lost while running it
     */
    public record TaskReply(JsonNode output, long durationMs, String worker, int deliveries) {
    }

    /** A {@link io.cloacina.error.TaskError}: its kind (the class's simple name) and fields. */
    public record ErrorRecord(String kind, String taskId, String message, String pythonType, String traceback,
                              Long timeoutMs) {
    }

    /** The details of a task's failure, carried by the activity's {@code ApplicationFailure}. */
    public record FailureDetails(ErrorRecord error, long durationMs, String worker, int deliveries) {
    }

    /**
     * One attempt of a task, with where it ran.
     *
     * @param worker     the worker's identity, {@code null} when no worker answered
     * @param deliveries how many times Temporal handed this attempt to a worker
     */
    public record AttemptRecord(int number, long durationMs, ErrorRecord error, String worker, int deliveries) {
    }

    /** A {@link io.cloacina.runner.TaskOutcome}; {@code output} only for a success (and never in events). */
    public record OutcomeRecord(String taskId, String status, long durationMs, JsonNode output, ErrorRecord error,
                                List<AttemptRecord> attempts, String failedTask, String reason) {
    }

    /**
     * Something that happened in a run, in order: {@code run-started} (with the graph), {@code task-started},
     * {@code task-retrying}, {@code outcome}.
     */
    public record RunEvent(String kind, String taskId, int failedAttempt, int maxAttempts, long delayMs,
                           ErrorRecord error, OutcomeRecord outcome, GraphRecord graph) {
    }

    /** The events from an index on (the progress query's answer). */
    public record EventPage(List<RunEvent> events) {
    }

    /**
     * The workflow's result: a {@link io.cloacina.runner.WorkflowResult} and every progress event.
     *
     * @param finalContext present only when the run succeeded
     */
    public record RunRecord(String status, List<OutcomeRecord> outcomes, JsonNode finalContext, long durationMs,
                            List<RunEvent> events) {
    }
}
