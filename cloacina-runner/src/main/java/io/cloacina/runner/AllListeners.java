package io.cloacina.runner;

import io.cloacina.error.TaskError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@link RunListener#all}: each event to every listener, in order, one's exception logged and not passed on. */
final class AllListeners implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger(AllListeners.class);
    private final List<RunListener> listeners;

    AllListeners(List<RunListener> listeners) {
        this.listeners = listeners;
    }

    private void each(Consumer<RunListener> call) {
        for (RunListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("A run listener threw; the others and the run go on", e);
            }
        }
    }

    @Override
    public void runStarted(TaskGraph graph, int parallelism) {
        each(l -> l.runStarted(graph, parallelism));
    }

    @Override
    public void runStarted(RunInfo run) {
        each(l -> l.runStarted(run));
    }

    @Override
    public void taskStarted(String taskId) {
        each(l -> l.taskStarted(taskId));
    }

    @Override
    public void taskStarted(String taskId, int attempt) {
        each(l -> l.taskStarted(taskId, attempt));
    }

    @Override
    public void attemptFinished(String taskId, Attempt attempt) {
        each(l -> l.attemptFinished(taskId, attempt));
    }

    /** Every listener's values, merged in order: a later listener's value for a name wins. */
    @Override
    public Map<String, String> attemptValues(String taskId, int attempt) {
        Map<String, String> merged = null;
        for (RunListener listener : listeners) {
            try {
                Map<String, String> values = listener.attemptValues(taskId, attempt);
                if (values != null && !values.isEmpty()) {
                    if (merged == null) {
                        merged = new LinkedHashMap<>();
                    }
                    merged.putAll(values);
                }
            } catch (RuntimeException e) {
                LOG.warn("A run listener threw; the others and the run go on", e);
            }
        }
        return merged == null ? Map.of() : merged;
    }

    @Override
    public void taskSucceeded(TaskOutcome.Succeeded outcome) {
        each(l -> l.taskSucceeded(outcome));
    }

    @Override
    public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
        each(l -> l.taskRetrying(taskId, failedAttempt, maxAttempts, delay, error));
    }

    @Override
    public void taskFailed(TaskOutcome.Failed outcome) {
        each(l -> l.taskFailed(outcome));
    }

    @Override
    public void taskSkipped(TaskOutcome.Skipped outcome) {
        each(l -> l.taskSkipped(outcome));
    }

    @Override
    public void taskCancelled(TaskOutcome.Cancelled outcome) {
        each(l -> l.taskCancelled(outcome));
    }

    @Override
    public void runFinished(WorkflowResult result) {
        each(l -> l.runFinished(result));
    }
}
