package io.cloacina.bench.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One measured result: a JMH benchmark with its parameters, or an extra measurement (cold start, memory)
 * written by the bench scripts in the same JSON shape.
 *
 * @param benchmark {@code Class.method}, without the package
 * @param params    JMH parameters (sorted), empty when none
 * @param nanos     score converted to nanoseconds per operation (or the raw score for non-time units)
 * @param error     the 99.9% confidence half-width in the same unit as {@code nanos}; NaN when unknown
 * @param unit      the unit {@code nanos} is in: "ns/op" for times, else the measurement's own unit
 */
public record Measurement(String benchmark, Map<String, String> params, double nanos, double error, String unit) {

    public Measurement {
        params = new TreeMap<>(params);
    }

    public boolean isTime() {
        return unit.equals("ns/op");
    }

    public boolean matches(String wantedBenchmark, Map<String, String> wantedParams) {
        return benchmark.equals(wantedBenchmark) && params.entrySet().containsAll(wantedParams.entrySet());
    }

    public String paramsText() {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        params.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }
}
