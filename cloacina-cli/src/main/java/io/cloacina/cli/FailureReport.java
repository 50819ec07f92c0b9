package io.cloacina.cli;

import io.cloacina.error.TaskError;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** What stderr says after a failed run: each failure in full (type, message, traceback) and what was skipped. */
final class FailureReport {

    private FailureReport() {
    }

    static void print(WorkflowResult result, PrintWriter err) {
        for (TaskOutcome.Failed failed : result.failures()) {
            TaskError error = failed.failure();
            err.println();
            err.println("cloacina: task '" + failed.taskId() + "' failed after " + Durations.format(failed.duration())
                    + " (" + error.getClass().getSimpleName() + ")");
            error.pythonType().ifPresent(type -> err.println("  Python exception: " + type));
            err.println("  Message: " + error.getMessage());
            error.traceback().ifPresent(traceback -> {
                err.println("  Traceback:");
                traceback.stripTrailing().lines().forEach(line -> err.println("    " + line));
            });
        }
        List<TaskOutcome.Skipped> skipped = result.skipped();
        if (!skipped.isEmpty()) {
            err.println();
            err.println("cloacina: skipped " + skipped.size() + " task" + (skipped.size() == 1 ? "" : "s") + ": "
                    + skipped.stream().map(TaskOutcome.Skipped::taskId).collect(Collectors.joining(", ")));
            for (TaskOutcome.Skipped skip : skipped) {
                err.println("  " + skip.taskId() + ": " + skip.reason());
            }
        }
        List<TaskOutcome> cancelled = result.withStatus(io.cloacina.runner.TaskStatus.CANCELLED);
        if (!cancelled.isEmpty()) {
            err.println("cloacina: cancelled: " + cancelled.stream().map(TaskOutcome::taskId)
                    .collect(Collectors.joining(", ")));
        }
        err.flush();
    }
}
