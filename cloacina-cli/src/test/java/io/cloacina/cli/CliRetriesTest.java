package io.cloacina.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --retries}: the default policy of tasks that declare none, for one run. */
class CliRetriesTest {

    @BeforeEach
    void needsPython() {
        Cli.assumeSubprocessBackend();
    }

    @Test
    void retries_none_runs_a_task_without_a_policy_once_even_in_a_cloacina_package() {
        Cli.Result result = Cli.run("run", "--retries", "none", Cli.pkg("flakydefault"));
        assertEquals(1, result.code(), result::toString);
        assertFalse(result.err().contains("retry "), result::toString);
        assertFalse(result.err().contains("Attempts ("), result::toString);
        assertTrue(result.err().contains("ConnectionError: database unavailable"), result::toString);
    }

    @Test
    void retries_n_gives_n_runs_with_cloacinas_backoff() {
        Cli.Result result = Cli.run("run", "--retries", "2", Cli.pkg("flakydefault"));
        assertEquals(1, result.code(), result::toString);
        // Cloacina's default backoff: about 1 s (+-25 %) before the second run.
        assertTrue(java.util.regex.Pattern.compile("retry +flaky +2/2 in ((7[5-9]\\d|[89]\\d\\d)ms|1\\.[0-2]\\ds)")
                .matcher(result.err()).find(), result::toString);
        assertTrue(result.err().contains("Attempts (2):"), result::toString);
    }

    @Test
    void retries_must_be_default_none_or_a_positive_number() {
        Cli.Result result = Cli.run("run", "--retries", "0", Cli.pkg("flakydefault"));
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("--retries must be default, none or a number of runs of at least 1"),
                result::toString);
    }
}
