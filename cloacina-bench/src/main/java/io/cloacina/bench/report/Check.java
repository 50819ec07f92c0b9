package io.cloacina.bench.report;

import java.util.Locale;

/** How a comparison's subject is judged against its baseline, and how the target reads in the report. */
public sealed interface Check {

    /** Whether the measured pair meets the target; {@code null} when there is no target (information only). */
    Boolean met(double subject, double baseline);

    /** The figure the target is about, as the report prints it. */
    String measured(double subject, double baseline);

    String target();

    /** The subject may take at most {@code max} times the baseline's time ({@code max} null: just report). */
    record Ratio(Double max) implements Check {
        @Override
        public Boolean met(double subject, double baseline) {
            return max == null ? null : subject / baseline <= max;
        }

        @Override
        public String measured(double subject, double baseline) {
            return String.format(Locale.ROOT, "%.2f×", subject / baseline);
        }

        @Override
        public String target() {
            return max == null ? "—" : String.format(Locale.ROOT, "≤ %.2f×", max);
        }
    }

    /** The baseline (one worker) must take at least {@code min} times (null: just report) the subject's time (two workers). */
    record Speedup(Double min) implements Check {
        @Override
        public Boolean met(double subject, double baseline) {
            return min == null ? null : baseline / subject >= min;
        }

        @Override
        public String measured(double subject, double baseline) {
            return String.format(Locale.ROOT, "%.2f× faster", baseline / subject);
        }

        @Override
        public String target() {
            return min == null ? "—" : String.format(Locale.ROOT, "≥ %.2f× faster", min);
        }
    }

    /** The subject may cost at most {@code maxNanos} per task more than the baseline, over {@code tasks} tasks. */
    record OverheadPerTask(int tasks, double maxNanos) implements Check {
        @Override
        public Boolean met(double subject, double baseline) {
            return (subject - baseline) / tasks <= maxNanos;
        }

        @Override
        public String measured(double subject, double baseline) {
            return Units.time((subject - baseline) / tasks) + " per task";
        }

        @Override
        public String target() {
            return "≤ " + Units.time(maxNanos) + " per task";
        }
    }

    /** An absolute bound on the subject; the baseline is shown for scale only. */
    record AtMost(Double maxNanos) implements Check {
        @Override
        public Boolean met(double subject, double baseline) {
            return maxNanos == null ? null : subject <= maxNanos;
        }

        @Override
        public String measured(double subject, double baseline) {
            return Units.time(subject);
        }

        @Override
        public String target() {
            return maxNanos == null ? "report the number" : "≤ " + Units.time(maxNanos);
        }
    }
}
