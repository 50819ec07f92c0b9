package io.cloacina.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A benchmark and the baseline it is judged against, both from the same run.
 *
 * @param area     the report section ("Per-task round trip", ...)
 * @param label    what is compared, as a person reads it
 * @param subject  benchmark name ({@code Class.method}) of the thing measured
 * @param subjectParams  the JMH parameters that pick the subject's result
 * @param baseline benchmark name of the baseline
 * @param baselineParams the parameters that pick the baseline's result
 * @param check    how the pair is judged
 * @param charted  whether it appears in the ratio chart
 */
public record Comparison(String area, String label, String subject, Map<String, String> subjectParams,
                         String baseline, Map<String, String> baselineParams, Check check, boolean charted) {

    public Optional<Measurement> subjectIn(List<Measurement> results) {
        return find(results, subject, subjectParams);
    }

    public Optional<Measurement> baselineIn(List<Measurement> results) {
        return find(results, baseline, baselineParams);
    }

    /**
     * The result with the parameters asked for and the fewest others: a row that names no {@code jvm} gets the
     * default JVM's memory result, not the pre-touched one, whatever the order of the file.
     */
    private static Optional<Measurement> find(List<Measurement> results, String name, Map<String, String> params) {
        return results.stream().filter(m -> m.matches(name, params))
                .min(Comparator.comparingInt(m -> m.params().size()));
    }
}
