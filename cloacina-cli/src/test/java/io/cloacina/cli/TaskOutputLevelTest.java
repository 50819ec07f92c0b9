package io.cloacina.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskOutputLevelTest {

    @Test
    void the_level_is_read_from_the_raw_arguments_the_last_one_winning() {
        assertNull(TaskOutputLevel.fromArguments(new String[]{"run", "pkg"}));
        assertEquals(TaskOutputLevel.DEBUG, TaskOutputLevel.fromArguments(new String[]{"run", "--log-level", "debug", "pkg"}));
        assertEquals(TaskOutputLevel.WARN, TaskOutputLevel.fromArguments(new String[]{"run", "--log-level=warning", "pkg"}));
        assertEquals(TaskOutputLevel.OFF, TaskOutputLevel.fromArguments(new String[]{"run", "--log-level", "info", "-q", "pkg"}));
        assertEquals(TaskOutputLevel.OFF, TaskOutputLevel.fromArguments(new String[]{"run", "--quiet", "pkg"}));
        assertNull(TaskOutputLevel.fromArguments(new String[]{"run", "--log-level", "loud", "pkg"}));
        assertNull(TaskOutputLevel.fromArguments(new String[]{"run", "--", "--quiet"}));
    }

    @Test
    void a_level_that_does_not_exist_is_a_usage_error() {
        StringWriter err = new StringWriter();
        int code = CloacinaCli.execute(new String[]{"run", "--log-level", "loud", "examples/etl"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(err.toString().contains("'loud' is not a level"), err.toString());
    }
}
