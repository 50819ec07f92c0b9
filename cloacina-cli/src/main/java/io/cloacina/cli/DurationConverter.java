package io.cloacina.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration the way people write it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, a bare
 * number of seconds, or ISO-8601 ({@code PT1M30S}).
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    @Override
    public Duration convert(String text) {
        Duration duration = parse(text.trim());
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a positive duration");
        }
        return duration;
    }

    static Duration parse(String text) {
        if (text.regionMatches(true, 0, "P", 0, 1)) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (text.matches("\\d+(\\.\\d+)?")) {
            return millis(text, 1000);
        }
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long unit = switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            total = total.plus(millis(part.group(1), unit));
            end = part.end();
        }
        if (end == 0 || end != text.length()) {
            throw invalid(text);
        }
        return total;
    }

    private static Duration millis(String number, long unitMillis) {
        return Duration.ofMillis(new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(unitMillis))
                .longValue());
    }

    private static CommandLine.TypeConversionException invalid(String text) {
        return new CommandLine.TypeConversionException("'" + text
                + "' is not a duration (examples: 500ms, 30s, 5m, 1h30m, PT2M)");
    }
}
