package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TriggerRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a run of a task graph has done so far, and what follows from it: which tasks may start, with which
 * input, which are skipped and why, and the run's result. Pure and deterministic — no threads, timers or clocks
 * (durations are given to it) — so that every runner (the local {@link WorkflowRun}, a Temporal workflow)
 * decides with the same code. Not thread-safe: one caller at a time.
 *
 * <p>A task becomes eligible once every dependency has finished (succeeded, failed or skipped). Its trigger rule
 * then decides; without a rule ({@link TriggerRule.Always}) a task whose dependency did not succeed is skipped,
 * naming it. A task's input is the deep merge of its succeeded dependencies' outputs (the initial context for a
 * task without dependencies).
 *
 * @since 0.2
 */
public final class RunProgress {

    private final TaskGraph graph;
    private final Context initial;
    private final Consumer<TaskOutcome> onOutcome;
    private final Map<String, TaskOutcome> outcomes = new HashMap<>();
    private final Map<String, Integer> unfinishedDependencies = new HashMap<>();
    private final Map<String, List<Attempt>> attempts = new HashMap<>();

    /**
     * @param onOutcome told of every outcome as it is recorded, in order (skips included)
     */
    public RunProgress(TaskGraph graph, Context initial, Consumer<TaskOutcome> onOutcome) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.initial = initial.snapshot();
        this.onOutcome = Objects.requireNonNull(onOutcome, "onOutcome");
        for (TaskDescriptor task : graph.topologicalOrder()) {
            unfinishedDependencies.put(task.id(), graph.dependenciesOf(task.id()).size());
        }
    }

    public TaskGraph graph() {
        return graph;
    }

    /** The tasks that may start at once (those without dependencies whose rule allows it), in topological order. */
    public List<String> start() {
        List<String> ready = new ArrayList<>();
        for (TaskDescriptor task : graph.topologicalOrder()) {
            if (graph.dependenciesOf(task.id()).isEmpty() && !outcomes.containsKey(task.id())) {
                becameEligible(task.id(), ready);
            }
        }
        return ready;
    }

    /** A fresh copy of the task's input: its succeeded dependencies' outputs merged, or the initial context. */
    public Context inputOf(String taskId) {
        List<String> dependencies = graph.dependenciesOf(taskId);
        if (dependencies.isEmpty()) {
            return initial.mutableCopy();
        }
        List<Context> outputs = new ArrayList<>();
        for (String dependency : dependencies) {
            outcomes.get(dependency).output().ifPresent(outputs::add);
        }
        return outputs.isEmpty() ? new Context() : ContextMerge.merge(outputs);
    }

    /** The number the task's next attempt gets (1 before its first). */
    public int nextAttempt(String taskId) {
        return attempts.getOrDefault(taskId, List.of()).size() + 1;
    }

    /** Every attempt of a task so far. */
    public List<Attempt> attempts(String taskId) {
        return List.copyOf(attempts.getOrDefault(taskId, List.of()));
    }

    /** Records a successful attempt: the task succeeded. Returns the tasks that may now start. */
    public List<String> succeeded(String taskId, Duration duration, Context output) {
        List<Attempt> all = addAttempt(taskId, new Attempt(nextAttempt(taskId), duration, null));
        return settle(new TaskOutcome.Succeeded(taskId, duration, output.snapshot(), all));
    }

    /** Records a failed attempt that will be retried: the task has no outcome yet. */
    public void attemptFailed(String taskId, Duration duration, TaskError failure) {
        addAttempt(taskId, new Attempt(nextAttempt(taskId), duration, failure));
    }

    /** Records the task's last attempt, which failed: the task failed. Returns the tasks that may now start. */
    public List<String> failed(String taskId, Duration duration, TaskError failure) {
        List<Attempt> all = addAttempt(taskId, new Attempt(nextAttempt(taskId), duration, failure));
        return settle(new TaskOutcome.Failed(taskId, duration, failure, all));
    }

    /**
     * Records a task the backend cancelled (its package was closed, say) while the run goes on: its dependants
     * are skipped as for a failure. Returns the tasks that may now start.
     */
    public List<String> cancelled(String taskId, Duration duration, TaskError.Cancelled cancellation) {
        return settle(new TaskOutcome.Cancelled(taskId, duration, cancellation));
    }

    /** Records a task stopped because the whole run is being cancelled: nothing follows from it. */
    public void cancelledWithRun(String taskId, Duration duration, TaskError.Cancelled cancellation) {
        record(new TaskOutcome.Cancelled(taskId, duration, cancellation));
    }

    public boolean isFinished(String taskId) {
        return outcomes.containsKey(taskId);
    }

    public Optional<TaskOutcome> outcome(String taskId) {
        return Optional.ofNullable(outcomes.get(taskId));
    }

    /**
     * Gives every task without an outcome its end, for a run that stops: cancelled when the run was cancelled; a
     * task that already failed an attempt (its retry abandoned) failed with its last error; any other skipped,
     * naming the task that stopped the run (fail-fast).
     */
    public void stopRemaining(boolean runCancelled, String stoppedBy) {
        for (TaskDescriptor task : graph.topologicalOrder()) {
            String taskId = task.id();
            if (outcomes.containsKey(taskId)) {
                continue;
            }
            List<Attempt> tried = attempts.get(taskId);
            if (runCancelled) {
                record(new TaskOutcome.Cancelled(taskId, Duration.ZERO,
                        new TaskError.Cancelled(taskId, "Task '" + taskId + "' did not start: the run was cancelled")));
            } else if (tried != null && !tried.isEmpty() && tried.get(tried.size() - 1).failure() != null) {
                Attempt last = tried.get(tried.size() - 1);
                record(new TaskOutcome.Failed(taskId, last.duration(), last.failure(), tried));
            } else {
                record(new TaskOutcome.Skipped(taskId, stoppedBy,
                        "not started: the run stopped after task '" + stoppedBy + "' did not succeed (fail-fast)"));
            }
        }
    }

    /**
     * The run's result once every task has an outcome: cancelled when {@code runCancelled}; failed when a task
     * failed or was cancelled; succeeded otherwise (skipped tasks do not fail a run), with the final context.
     */
    public WorkflowResult result(boolean runCancelled, Duration duration) {
        List<TaskOutcome> ordered = new ArrayList<>();
        for (TaskDescriptor task : graph.topologicalOrder()) {
            TaskOutcome outcome = outcomes.get(task.id());
            if (outcome == null) {
                throw new IllegalStateException("task '" + task.id() + "' has no outcome yet");
            }
            ordered.add(outcome);
        }
        boolean noneFailed = ordered.stream().allMatch(o -> o.status() == TaskStatus.SUCCEEDED
                || o.status() == TaskStatus.SKIPPED);
        WorkflowResult.Status status = runCancelled ? WorkflowResult.Status.CANCELLED
                : noneFailed ? WorkflowResult.Status.SUCCEEDED : WorkflowResult.Status.FAILED;
        Optional<Context> finalContext = status == WorkflowResult.Status.SUCCEEDED
                ? Optional.of(finalContext()) : Optional.empty();
        return new WorkflowResult(status, ordered, finalContext, duration);
    }

    /**
     * The merge, in dependency order, of the outputs of the tasks that succeeded and none of whose dependants
     * succeeded: the leaves of what ran (all the graph's sinks when everything ran). The initial context when
     * nothing ran.
     */
    private Context finalContext() {
        List<Context> leaves = new ArrayList<>();
        for (TaskDescriptor task : graph.topologicalOrder()) {
            Optional<Context> output = outcomes.get(task.id()).output();
            if (output.isPresent() && graph.dependantsOf(task.id()).stream()
                    .noneMatch(d -> outcomes.get(d).status() == TaskStatus.SUCCEEDED)) {
                leaves.add(output.get());
            }
        }
        return (leaves.isEmpty() ? initial : ContextMerge.merge(leaves)).snapshot();
    }

    private List<Attempt> addAttempt(String taskId, Attempt attempt) {
        List<Attempt> list = attempts.computeIfAbsent(taskId, id -> new ArrayList<>());
        list.add(attempt);
        return List.copyOf(list);
    }

    private List<String> settle(TaskOutcome outcome) {
        List<String> ready = new ArrayList<>();
        settle(outcome, ready);
        return ready;
    }

    /** Records a final outcome and lets dependants whose dependencies have all finished decide. */
    private void settle(TaskOutcome outcome, List<String> ready) {
        record(outcome);
        for (String dependant : graph.dependantsOf(outcome.taskId())) {
            if (unfinishedDependencies.merge(dependant, -1, Integer::sum) == 0 && !outcomes.containsKey(dependant)) {
                becameEligible(dependant, ready);
            }
        }
    }

    private void becameEligible(String taskId, List<String> ready) {
        TriggerRule rule = graph.task(taskId).metadata().triggerRule();
        if (rule instanceof TriggerRule.Always) {
            for (String dependency : graph.dependenciesOf(taskId)) {
                TaskOutcome outcome = outcomes.get(dependency);
                if (outcome.status() != TaskStatus.SUCCEEDED) {
                    skipBecauseOf(taskId, outcome, ready);
                    return;
                }
            }
            ready.add(taskId);
            return;
        }
        if (TriggerRules.evaluate(rule, this::statusOf, inputOf(taskId))) {
            ready.add(taskId);
        } else {
            settle(new TaskOutcome.Skipped(taskId, taskId, "trigger rule not satisfied: " + TriggerRules.describe(rule)),
                    ready);
        }
    }

    private TaskStatus statusOf(String taskId) {
        TaskOutcome outcome = outcomes.get(taskId);
        return outcome == null ? null : outcome.status();
    }

    private void skipBecauseOf(String taskId, TaskOutcome dependency, List<String> ready) {
        String name = dependency.taskId();
        String rootCause = name;
        String reason;
        if (dependency instanceof TaskOutcome.Skipped skipped) {
            rootCause = skipped.failedTask() != null ? skipped.failedTask() : name;
            TaskOutcome root = outcomes.get(rootCause);
            reason = rootCause.equals(name) || root == null
                    ? "dependency '" + name + "' was skipped"
                    : "dependency '" + name + "' was skipped because '" + rootCause + "' " + words(root);
        } else {
            reason = "dependency '" + name + "' " + words(dependency);
        }
        settle(new TaskOutcome.Skipped(taskId, rootCause, reason), ready);
    }

    private static String words(TaskOutcome outcome) {
        return switch (outcome.status()) {
            case FAILED -> "failed";
            case CANCELLED -> "was cancelled";
            case SKIPPED -> "was skipped";
            case SUCCEEDED -> "succeeded";
        };
    }

    private void record(TaskOutcome outcome) {
        outcomes.put(outcome.taskId(), outcome);
        onOutcome.accept(outcome);
    }
}
