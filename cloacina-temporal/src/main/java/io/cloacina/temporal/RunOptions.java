package io.cloacina.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.temporal.Payloads.RunSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options of a run on Temporal: the same as {@link io.cloacina.runner.WorkflowRunner.Builder}'s (timeouts,
 * retry policies, fail-fast) plus how lost workers are handled. Parallelism is not one: the workers' {@code
 * maxConcurrent} bounds it.
 *
 * @since 0.3
 */
public final class RunOptions {

    /** A worker silent this long is presumed dead and its task handed to another worker. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    /** How many times Temporal hands one attempt to a worker when workers are lost under it. */
    public static final int DEFAULT_DELIVERY_ATTEMPTS = 5;

    private String workflow;
    private Duration defaultTimeout = ExecutionOptions.DEFAULT_TIMEOUT;
    private final Map<String, Duration> taskTimeouts = new LinkedHashMap<>();
    private Boolean failFast;
    private RetryPolicy defaultRetry;
    private final Map<String, RetryPolicy> taskRetries = new LinkedHashMap<>();
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    private int deliveryAttempts = DEFAULT_DELIVERY_ATTEMPTS;
    private String workflowId;

    public static RunOptions defaults() {
        return new RunOptions();
    }

    /** The workflow to run, when the package declares several. */
    public RunOptions workflow(String name) {
        this.workflow = name;
        return this;
    }

    public RunOptions defaultTimeout(Duration timeout) {
        this.defaultTimeout = ExecutionOptions.withTimeout(timeout).timeout();
        return this;
    }

    public RunOptions taskTimeout(String taskId, Duration timeout) {
        taskTimeouts.put(Objects.requireNonNull(taskId, "taskId"), ExecutionOptions.withTimeout(timeout).timeout());
        return this;
    }

    public RunOptions failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    public RunOptions defaultRetryPolicy(RetryPolicy policy) {
        this.defaultRetry = Objects.requireNonNull(policy, "policy");
        return this;
    }

    public RunOptions retryPolicy(String taskId, RetryPolicy policy) {
        taskRetries.put(Objects.requireNonNull(taskId, "taskId"), Objects.requireNonNull(policy, "policy"));
        return this;
    }

    /** How long a worker may go without heartbeating before its task is given to another (default 10 s). */
    public RunOptions heartbeatTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("heartbeat timeout must be positive, got " + timeout);
        }
        this.heartbeatTimeout = timeout;
        return this;
    }

    /** How many times one attempt may be handed to a worker when workers are lost (default 5). */
    public RunOptions deliveryAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("delivery attempts must be at least 1, got " + attempts);
        }
        this.deliveryAttempts = attempts;
        return this;
    }

    /** The Temporal workflow id (default: {@code cloacina-<package>-<version>-<random>}); must be unique. */
    public RunOptions workflowId(String id) {
        this.workflowId = id;
        return this;
    }

    String workflow() {
        return workflow;
    }

    String workflowId() {
        return workflowId;
    }

    RunSettings settings() {
        Map<String, Long> timeouts = new LinkedHashMap<>();
        taskTimeouts.forEach((task, timeout) -> timeouts.put(task, timeout.toMillis()));
        Map<String, JsonNode> retries = new LinkedHashMap<>();
        taskRetries.forEach((task, policy) -> retries.put(task, policy.toJson()));
        RunSettings settings = new RunSettings(defaultTimeout.toMillis(), timeouts, failFast,
                defaultRetry == null ? null : defaultRetry.toJson(), retries, heartbeatTimeout.toMillis(), deliveryAttempts);
        settings.runner(); // fails here, not inside the workflow, on an option the runner refuses
        return settings;
    }
}
