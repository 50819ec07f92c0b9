package io.cloacina.runner.triggers;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * When a {@code cron=} trigger is due: the instants its expression names in its time zone (UTC when none is
 * given). Five fields are standard Unix cron (minute, hour, day of month, month, day of week; when both day
 * fields are restricted either one matching is enough, as in cron); six put the seconds first (Spring-style,
 * {@code ?} allowed), seven add the year (Quartz). Parsing and the calendar arithmetic are cron-utils'.
 */
final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
    private static final CronParser WITH_YEAR = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * @param timezone an IANA zone ({@code Europe/Paris}) or offset; {@code null} means UTC
     * @throws IllegalArgumentException the expression or the zone cannot be read; the message says why
     */
    static CronSchedule parse(String expression, String timezone) {
        Objects.requireNonNull(expression, "expression");
        String trimmed = expression.trim();
        ZoneId zone;
        try {
            zone = timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + timezone + "' (use a name such as "
                    + "Europe/Paris or UTC): " + e.getMessage(), e);
        }
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        CronParser parser = switch (fields) {
            case 5 -> UNIX;
            case 6 -> WITH_SECONDS;
            case 7 -> WITH_YEAR;
            default -> throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields
                    + " fields; expected 5 (minute hour day-of-month month day-of-week), or 6/7 with seconds first");
        };
        Cron cron;
        try {
            cron = parser.parse(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron expression '" + expression + "' cannot be read: "
                    + e.getMessage(), e);
        }
        return new CronSchedule(trimmed, zone, ExecutionTime.forCron(cron));
    }

    /** The first instant strictly after {@code after} that the expression names; empty when there is none. */
    Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant)
                .filter(next -> next.isAfter(after));
    }

    ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "cron '" + expression + "' (" + zone.getId() + ")";
    }
}
