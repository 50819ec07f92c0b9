package io.cloacina.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "5m,300000", "1h30m,5400000", "1.5s,1500", "2,2000", "PT2M,120000",
            "pt1m30s,90000", "1d,86400000"})
    void reads_what_people_write(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), new DurationConverter().convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5x", "s", "5 m", "m5", "PTxS", "0s", "-5s", "10s5"})
    void refuses_anything_else_with_examples_in_the_message(String text) {
        CommandLine.TypeConversionException error = assertThrows(CommandLine.TypeConversionException.class,
                () -> new DurationConverter().convert(text));
        assertEquals(true, error.getMessage().contains("'" + text.trim() + "'"), error.getMessage());
    }

    @Test
    void formats_durations_for_people() {
        assertEquals("87ms", Durations.format(Duration.ofMillis(87)));
        assertEquals("1.24s", Durations.format(Duration.ofMillis(1240)));
        assertEquals("2m05s", Durations.format(Duration.ofSeconds(125)));
    }
}
