package io.cloacina.bench.report;

import java.util.Locale;

/** Formats nanoseconds with the unit a person would pick. */
public final class Units {

    private Units() {
    }

    public static String time(double nanos) {
        double abs = Math.abs(nanos);
        if (Double.isNaN(nanos)) {
            return "—";
        }
        if (abs >= 1e9) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        if (abs >= 1e3) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ns", nanos);
    }

    /** A measurement's value in its own unit ("ns/op" printed as a time). */
    public static String value(Measurement m) {
        if (m.isTime()) {
            return time(m.nanos());
        }
        if (m.unit().equals("kB")) {
            return String.format(Locale.ROOT, "%.1f MiB", m.nanos() / 1024);
        }
        if (m.nanos() == Math.rint(m.nanos())) {
            return String.format(Locale.ROOT, "%.0f %s", m.nanos(), m.unit());
        }
        return String.format(Locale.ROOT, "%.1f %s", m.nanos(), m.unit());
    }

    public static String error(Measurement m) {
        if (Double.isNaN(m.error())) {
            return "";
        }
        return m.isTime() ? "± " + time(m.error()) : String.format(Locale.ROOT, "± %.1f", m.error());
    }
}
