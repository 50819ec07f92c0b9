package io.cloacina.cli;

import io.cloacina.error.TaskError;
import io.cloacina.runner.RunListener;
import io.cloacina.runner.TaskGraph;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.TaskStatus;
import io.cloacina.runner.WorkflowResult;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Prints a run's progress on stderr: one line per task start and finish (with its duration) and, on a terminal,
 * a live status line at the bottom saying how far the run is and what is running.
 */
final class ProgressReporter implements RunListener {

    private final ProgressOutput output;
    private final Set<String> running = new LinkedHashSet<>();
    private int total;
    private int finished;
    private int width;

    ProgressReporter(ProgressOutput output) {
        this.output = output;
    }

    @Override
    public void runStarted(TaskGraph graph, int parallelism) {
        total = graph.size();
        width = graph.topologicalOrder().stream().mapToInt(t -> t.id().length()).max().orElse(0);
        updateStatus();
    }

    @Override
    public void taskStarted(String taskId) {
        running.add(taskId);
        line("started  ", taskId, "");
    }

    @Override
    public void taskRetrying(String taskId, int failedAttempt, int maxAttempts, Duration delay, TaskError error) {
        running.remove(taskId);
        line("retry    ", taskId, "  " + (failedAttempt + 1) + "/" + maxAttempts + " in " + Durations.format(delay)
                + ": " + firstLine(FailureReport.summary(error)));
    }

    @Override
    public void taskSucceeded(TaskOutcome.Succeeded outcome) {
        done(outcome, "succeeded", "");
    }

    @Override
    public void taskFailed(TaskOutcome.Failed outcome) {
        done(outcome, "FAILED   ", "  " + firstLine(FailureReport.summary(outcome.failure())));
    }

    @Override
    public void taskSkipped(TaskOutcome.Skipped outcome) {
        done(outcome, "skipped  ", "  " + outcome.reason());
    }

    @Override
    public void taskCancelled(TaskOutcome.Cancelled outcome) {
        done(outcome, "cancelled", "");
    }

    @Override
    public void runFinished(WorkflowResult result) {
        output.clearStatus();
        StringBuilder summary = new StringBuilder("cloacina: run ")
                .append(result.status().name().toLowerCase(Locale.ROOT)).append(" in ")
                .append(Durations.format(result.duration())).append(':');
        String separator = " ";
        for (TaskStatus status : TaskStatus.values()) {
            int count = result.withStatus(status).size();
            if (count > 0) {
                summary.append(separator).append(count).append(' ').append(status.name().toLowerCase(Locale.ROOT));
                separator = ", ";
            }
        }
        output.line(summary.toString());
    }

    private void done(TaskOutcome outcome, String verb, String detail) {
        boolean ran = running.remove(outcome.taskId());
        finished++;
        line(verb, outcome.taskId(), (ran ? "  " + Durations.format(outcome.duration()) : "") + detail);
    }

    private void line(String verb, String taskId, String detail) {
        output.line("  " + verb + " " + (detail.isEmpty() ? taskId : pad(taskId) + detail));
        updateStatus();
    }

    private void updateStatus() {
        // Two per task: in plain output (pipes, CI logs) the text would be built only to be dropped.
        if (finished < total && output.showsStatus()) {
            output.status("[" + finished + "/" + total + " done] running: "
                    + (running.isEmpty() ? "-" : String.join(", ", running)));
        }
    }

    private String pad(String taskId) {
        return taskId + " ".repeat(Math.max(0, width - taskId.length()));
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }
}
