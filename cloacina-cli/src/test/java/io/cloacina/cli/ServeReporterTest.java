package io.cloacina.cli;

import io.cloacina.error.TaskError;
import io.cloacina.runner.triggers.PollOutcome;
import io.cloacina.runner.triggers.ServedTrigger;
import io.cloacina.spi.TriggerDescriptor;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines serve prints for what the trigger service reports (runs are covered by CliServeProcessTest). */
class ServeReporterTest {

    private final StringWriter written = new StringWriter();
    private final ServeReporter reporter = new ServeReporter(ProgressOutput.plain(new PrintWriter(written, true)));

    private static ServedTrigger trigger(String cron) {
        return new ServedTrigger("intake", "ingest", new TriggerDescriptor("feed", "ingest",
                cron == null ? Duration.ofSeconds(5) : null, cron, null, false), cron == null ? "every 5s" : "cron");
    }

    @Test
    void a_failed_poll_is_one_line_with_the_python_type_and_when_it_is_polled_again() {
        reporter.polled(trigger(null), new PollOutcome.Failed(new TaskError.ExecutionFailed("::trigger::feed",
                "feed down\nsecond line", "ConnectionError", "Traceback ...")));
        reporter.polled(trigger("0 6 * * *"), new PollOutcome.Failed(new TaskError.Timeout("::trigger::feed",
                Duration.ofMinutes(1))));
        String[] lines = written.toString().split("\n");
        assertEquals(2, lines.length, written::toString);
        assertTrue(lines[0].matches("\\[\\d\\d:\\d\\d:\\d\\d] trigger intake/feed: poll failed: ConnectionError: "
                + "feed down \\.\\.\\. \\(polled again in 5s\\)"), lines[0]);
        assertTrue(lines[1].endsWith("(polled again at its next tick)"), lines[1]);
    }

    @Test
    void skips_print_nothing() {
        reporter.polled(trigger(null), new PollOutcome.Skipped());
        reporter.pollSkipped(trigger(null), "a run it started is still running");
        assertEquals("", written.toString());
    }
}
