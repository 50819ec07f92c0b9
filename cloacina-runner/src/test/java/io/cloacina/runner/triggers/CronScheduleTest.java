package io.cloacina.runner.triggers;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronScheduleTest {

    private static List<Instant> next(CronSchedule schedule, String from, int count) {
        List<Instant> instants = new ArrayList<>();
        Instant at = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            at = schedule.next(at).orElseThrow();
            instants.add(at);
        }
        return instants;
    }

    private static List<Instant> instants(String... texts) {
        return List.of(texts).stream().map(Instant::parse).toList();
    }

    @Test
    void five_fields_are_unix_cron_in_utc_by_default() {
        CronSchedule quarterly = CronSchedule.parse("*/15 * * * *", null);
        assertEquals(instants("2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z"),
                next(quarterly, "2026-01-01T00:07:00Z", 3));
        // From an instant that is itself a tick: strictly after it.
        assertEquals(instants("2026-01-01T00:30:00Z"), next(quarterly, "2026-01-01T00:15:00Z", 1));
        assertEquals("cron '*/15 * * * *' (UTC)", quarterly.toString());
    }

    @Test
    void a_time_zone_moves_the_instants_and_follows_daylight_saving() {
        // 09:00 in Paris: 08:00Z in winter (CET), 07:00Z once summer time starts on Sunday 2026-03-29.
        CronSchedule nine = CronSchedule.parse("0 9 * * *", "Europe/Paris");
        assertEquals(instants("2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"),
                next(nine, "2026-03-27T12:00:00Z", 3));
    }

    @Test
    void unix_day_fields_and_names_work() {
        // Weekdays at 06:30: Friday 2026-01-02, then Monday 2026-01-05.
        assertEquals(instants("2026-01-02T06:30:00Z", "2026-01-05T06:30:00Z"),
                next(CronSchedule.parse("30 6 * * MON-FRI", null), "2026-01-01T12:00:00Z", 2));
    }

    @Test
    void six_fields_put_the_seconds_first_and_seven_add_the_year() {
        assertEquals(instants("2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z"),
                next(CronSchedule.parse("*/20 * * * * *", null), "2026-01-01T00:00:05Z", 3));
        assertEquals(instants("2027-06-01T12:00:00Z"),
                next(CronSchedule.parse("0 0 12 1 6 ? 2027", null), "2026-01-01T00:00:00Z", 1));
    }

    @Test
    void unreadable_expressions_and_zones_are_refused_saying_why() {
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse("* * *", null));
        assertTrue(fields.getMessage().contains("has 3 fields"), fields.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse("61 * * * *", null));
        assertTrue(value.getMessage().contains("'61 * * * *' cannot be read"), value.getMessage());
        IllegalArgumentException zone = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse("0 9 * * *", "Mars/Olympus"));
        assertTrue(zone.getMessage().contains("unknown time zone 'Mars/Olympus'"), zone.getMessage());
    }
}
