package io.cloacina.cli;

import io.cloacina.runner.RunListener;
import io.cloacina.runner.TaskGraph;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.TaskStatus;
import io.cloacina.runner.WorkflowResult;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Prints a run's progress on stderr: one line per task start and finish (with its duration) and, when a person
 * watches a terminal, a live line at the bottom, redrawn after each event, saying what is running.
 */
final class ProgressReporter implements RunListener {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter err;
    private final boolean live;
    private final Set<String> running = new LinkedHashSet<>();
    private int total;
    private int finished;
    private int width;

    ProgressReporter(PrintWriter err, boolean live) {
        this.err = err;
        this.live = live;
    }

    @Override
    public void runStarted(TaskGraph graph, int parallelism) {
        total = graph.size();
        width = graph.topologicalOrder().stream().mapToInt(t -> t.id().length()).max().orElse(0);
        redraw();
    }

    @Override
    public void taskStarted(String taskId) {
        running.add(taskId);
        line("started  ", taskId, "");
    }

    @Override
    public void taskSucceeded(TaskOutcome.Succeeded outcome) {
        done(outcome, "succeeded", "");
    }

    @Override
    public void taskFailed(TaskOutcome.Failed outcome) {
        String type = outcome.failure().pythonType().orElse(outcome.failure().getClass().getSimpleName());
        done(outcome, "FAILED   ", "  " + type + ": " + firstLine(outcome.failure().getMessage()));
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
        if (live) {
            err.print(CLEAR_LINE);
        }
        StringBuilder summary = new StringBuilder("cloacina: run ")
                .append(result.status().name().toLowerCase(Locale.ROOT)).append(" in ")
                .append(Durations.format(result.duration())).append(':');
        for (TaskStatus status : TaskStatus.values()) {
            int count = result.withStatus(status).size();
            if (count > 0) {
                summary.append(' ').append(count).append(' ').append(status.name().toLowerCase(Locale.ROOT)).append(',');
            }
        }
        summary.setLength(summary.length() - (summary.charAt(summary.length() - 1) == ',' ? 1 : 0));
        err.println(summary);
        err.flush();
    }

    private void done(TaskOutcome outcome, String verb, String detail) {
        boolean ran = running.remove(outcome.taskId());
        finished++;
        line(verb, outcome.taskId(), (ran ? "  " + Durations.format(outcome.duration()) : "") + detail);
    }

    private void line(String verb, String taskId, String detail) {
        if (live) {
            err.print(CLEAR_LINE);
        }
        err.println("  " + verb + " " + pad(taskId) + detail);
        redraw();
        err.flush();
    }

    private void redraw() {
        if (live && finished < total) {
            err.print("[" + finished + "/" + total + " done] running: "
                    + (running.isEmpty() ? "-" : String.join(", ", running)));
        }
    }

    private String pad(String taskId) {
        return taskId + " ".repeat(Math.max(0, width - taskId.length()));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }
}
