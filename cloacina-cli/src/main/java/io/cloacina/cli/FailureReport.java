package io.cloacina.cli;

import io.cloacina.error.TaskError;
import io.cloacina.runner.Attempt;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** What stderr says after a failed run: each failure in full (type, message, traceback) and what was skipped. */
final class FailureReport {

    private FailureReport() {
    }

    /** "Type: message" for a Python failure (without repeating the type), else the error's message. */
    static String summary(TaskError error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        return error.pythonType().map(type -> message.startsWith(type + ": ") ? message : type + ": " + message)
                .orElse(error.getClass().getSimpleName() + ": " + message);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }

    static void print(WorkflowResult result, PrintWriter err) {
        for (TaskOutcome.Failed failed : result.failures()) {
            TaskError error = failed.failure();
            err.println();
            err.println("cloacina: task '" + failed.taskId() + "' failed after " + Durations.format(failed.duration())
                    + " (" + error.getClass().getSimpleName() + ")");
            err.println("  " + (error.pythonType().isPresent() ? "Python exception: " : "Error: ") + summary(error));
            error.traceback().ifPresent(traceback -> {
                err.println("  Traceback:");
                traceback.stripTrailing().lines().forEach(line -> err.println("    " + line));
            });
            List<Attempt> attempts = failed.attempts();
            if (attempts.size() > 1) {
                err.println("  Attempts (" + attempts.size() + "):");
                for (Attempt attempt : attempts) {
                    err.println("    " + attempt.number() + ". " + Durations.format(attempt.duration()) + "  "
                            + attempt.error().map(FailureReport::summary).map(FailureReport::firstLine).orElse("ok"));
                }
            }
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
