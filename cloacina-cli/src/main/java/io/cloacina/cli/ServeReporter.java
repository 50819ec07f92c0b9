package io.cloacina.cli;

import io.cloacina.error.TaskError;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import io.cloacina.runner.triggers.PollOutcome;
import io.cloacina.runner.triggers.ServedTrigger;
import io.cloacina.runner.triggers.TriggerListener;
import io.cloacina.runner.triggers.TriggeredRun;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;

/**
 * What {@code serve} prints on stderr: one line per fire (the run it started), per failed poll and per run end,
 * each with the local time. Skips and polls that decide not to fire print nothing: a trigger polled every second
 * would drown everything else.
 */
final class ServeReporter implements TriggerListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int CONTEXT_SHOWN = 200;

    private final ProgressOutput output;

    ServeReporter(ProgressOutput output) {
        this.output = output;
    }

    void line(String text) {
        output.line("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(TIME) + "] " + text);
    }

    @Override
    public void polled(ServedTrigger trigger, PollOutcome outcome) {
        if (outcome instanceof PollOutcome.Failed failed) {
            TaskError error = failed.error();
            line("trigger " + trigger + ": poll failed: " + error.pythonType().map(type -> type + ": ").orElse("")
                    + firstLine(error.getMessage()) + " (polled again " + again(trigger) + ")");
        }
    }

    @Override
    public void runStarted(TriggeredRun run) {
        String context = run.initial().isEmpty() ? "" : " with " + shorten(run.initial().toJson());
        line("trigger " + run.trigger() + " fired" + context + ": run #" + run.number() + " of workflow '"
                + run.trigger().workflow() + "' started");
    }

    @Override
    public void runNotStarted(ServedTrigger trigger, RuntimeException reason) {
        line("trigger " + trigger + " fired, but workflow '" + trigger.workflow() + "' could not start: "
                + firstLine(String.valueOf(reason.getMessage())));
    }

    @Override
    public void runFinished(TriggeredRun run, WorkflowResult result) {
        String took = Durations.format(result.duration());
        String what = "run #" + run.number() + " of workflow '" + run.trigger().workflow() + "' (trigger "
                + run.trigger().name() + ")";
        switch (result.status()) {
            case SUCCEEDED -> line(what + " succeeded in " + took);
            case CANCELLED -> line(what + " cancelled after " + took);
            case FAILED -> line(what + " failed after " + took + ": " + failures(result));
        }
    }

    private static String failures(WorkflowResult result) {
        String failed = result.failures().stream().map(ServeReporter::failure).collect(Collectors.joining("; "));
        return failed.isEmpty() ? "no task failed" : failed;
    }

    private static String failure(TaskOutcome.Failed outcome) {
        TaskError error = outcome.failure();
        return "task " + outcome.taskId() + ": " + error.pythonType().map(type -> type + ": ").orElse("")
                + firstLine(error.getMessage());
    }

    private static String again(ServedTrigger trigger) {
        return trigger.descriptor().cron() != null ? "at its next tick" : trigger.schedule().replace("every ", "in ");
    }

    private static String shorten(String json) {
        return json.length() <= CONTEXT_SHOWN ? json : json.substring(0, CONTEXT_SHOWN - 3) + "...";
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end) + " ...";
    }
}
