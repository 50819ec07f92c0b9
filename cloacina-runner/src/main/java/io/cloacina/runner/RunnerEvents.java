package io.cloacina.runner;

import io.cloacina.error.TaskError;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The runner's JDK Flight Recorder events, off unless a recording enables them ({@code docs/perf/notes.md} says
 * how). Each is created, checked with {@code isEnabled()} and dropped at once when disabled, so the JIT can leave
 * the allocation out: a disabled event costs a check per attempt.
 */
final class RunnerEvents {

    private RunnerEvents() {
    }

    /** Fields every task-attempt event carries. */
    @Category({"Cloacina", "Runner"})
    @StackTrace(false)
    abstract static class AttemptFields extends Event {
        @Label("Run Id")
        String runId;
        @Label("Package")
        String packageName;
        @Label("Workflow")
        String workflow;
        @Label("Backend")
        String backend;
        @Label("Task")
        String task;
        @Label("Attempt")
        @Description("1 for the first run of the task, 2 for its first retry, ...")
        int attempt;

        void describe(RunInfo run, String taskId, int number) {
            runId = run.runId();
            packageName = run.packageName();
            workflow = run.workflow();
            backend = run.backend();
            task = taskId;
            attempt = number;
        }
    }

    /** An attempt counts as running (the instant): recorded even if the JVM stops before the attempt ends. */
    @Name("io.cloacina.TaskAttemptStarted")
    @Label("Task Attempt Started")
    static final class AttemptStartedEvent extends AttemptFields {
    }

    /** An attempt, from its start to its end, with how it ended. */
    @Name("io.cloacina.TaskAttempt")
    @Label("Task Attempt")
    @Description("One run of a task: its start time and duration, and how it ended")
    static final class AttemptEvent extends AttemptFields {
        @Label("Outcome")
        @Description("succeeded, failed (a retry may follow) or cancelled")
        String outcome;
        @Label("Error Type")
        @Description("The Python exception's type, else the kind of failure (Timeout, WorkerCrashed, ...); none on success")
        String errorType;
    }

    /** Records that the attempt started; returns the begun duration event, or {@code null} when it is disabled. */
    static AttemptEvent started(RunInfo run, String taskId, int attempt) {
        AttemptStartedEvent instant = new AttemptStartedEvent();
        if (instant.isEnabled()) {
            instant.describe(run, taskId, attempt);
            instant.commit();
        }
        AttemptEvent span = new AttemptEvent();
        if (!span.isEnabled()) {
            return null;
        }
        span.describe(run, taskId, attempt);
        span.begin();
        return span;
    }

    /** Ends what {@link #started} began ({@code null}: disabled, nothing to do). */
    static void finished(AttemptEvent span, TaskError failure) {
        if (span == null) {
            return;
        }
        span.end();
        if (span.shouldCommit()) {
            span.outcome = failure == null ? "succeeded" : failure instanceof TaskError.Cancelled ? "cancelled" : "failed";
            span.errorType = failure == null ? null : errorType(failure);
            span.commit();
        }
    }

    /** The Python type when there is one (ConnectionError), else the kind of failure (Timeout, WorkerCrashed). */
    static String errorType(TaskError failure) {
        return failure.pythonType().orElse(failure.getClass().getSimpleName());
    }
}
