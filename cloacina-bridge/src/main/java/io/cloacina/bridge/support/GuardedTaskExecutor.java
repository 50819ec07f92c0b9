package io.cloacina.bridge.support;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;
import io.cloacina.spi.TriggerDescriptor;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The part of {@link TaskExecutor}'s contract that is the same for every backend, so that a backend writes
 * only what is its own ({@link #start}): arguments must not be null ({@code NullPointerException} naming the
 * argument, thrown), a closed package fails the future with {@code TaskError.Cancelled} ("Package 'p' is
 * closed"), an id discovery does not know fails it with {@code TaskError.TaskNotFound}. None of these
 * reaches the backend. The TCK checks each.
 *
 * <p>A trigger's execution id ({@link TriggerDescriptor#executionId(String)}, {@code "::trigger::" + name}) is let
 * through when discovery lists that trigger: the bridge ({@code cloaca._host.execute}) polls the trigger for it, so
 * a backend that hands every id to the bridge unchanged supports polling without doing anything.
 *
 * @since 0.1
 */
public abstract class GuardedTaskExecutor implements TaskExecutor {

    private final String packageName;
    private final TaskDiscovery discovery;

    /**
     * @param packageName the package's name, for messages
     * @param discovery   the package's tasks: an id it does not know never reaches {@link #start}
     */
    protected GuardedTaskExecutor(String packageName, TaskDiscovery discovery) {
        this.packageName = Objects.requireNonNull(packageName, "packageName");
        this.discovery = Objects.requireNonNull(discovery, "discovery");
    }

    @Override
    public final CompletableFuture<Context> execute(String taskId, Context input, ExecutionOptions options) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedError(taskId));
        }
        if (discovery.task(taskId).isEmpty()) {
            String trigger = TriggerDescriptor.triggerName(taskId);
            if (trigger == null) {
                return CompletableFuture.failedFuture(new TaskError.TaskNotFound(taskId, packageName));
            }
            if (discovery.triggers().stream().noneMatch(t -> t.name().equals(trigger))) {
                return CompletableFuture.failedFuture(TaskError.TaskNotFound.withMessage(taskId, "Trigger '" + trigger
                        + "' not found in package '" + packageName + "'"));
            }
        }
        return start(taskId, input, options);
    }

    /**
     * Starts a known task of an open package. The input is the caller's: take what you need of it before
     * returning ({@link Context#snapshot()} is free), the caller may change it afterwards. When the package is
     * closed between the check and the start, fail the future with {@link #closedError}.
     */
    protected abstract CompletableFuture<Context> start(String taskId, Context input, ExecutionOptions options);

    /** Whether the package is closed: executions then fail at once. */
    protected abstract boolean isClosed();

    /** The error of an execution that meets a closed package (the same words on every backend). */
    protected final TaskError.Cancelled closedError(String taskId) {
        return new TaskError.Cancelled(taskId, "Package '" + packageName + "' is closed");
    }

    /** The package's name, as given. */
    protected final String packageName() {
        return packageName;
    }
}
