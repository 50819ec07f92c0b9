package io.cloacina.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JMH's JSON result format ({@code -rf json}); the extra measurements use the same shape. */
public final class JmhJson {

    private JmhJson() {
    }

    /** Every result in the file; an unreadable file is an error naming it. */
    public static List<Measurement> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a JMH JSON result (expected an array of benchmarks)");
        }
        List<Measurement> measurements = new ArrayList<>();
        for (JsonNode entry : root) {
            measurements.add(measurement(entry, file));
        }
        return measurements;
    }

    /** The JVM and JMH of the run, from the first result that names them. */
    public static Map<String, String> runInfo(Path file) throws IOException {
        Map<String, String> info = new LinkedHashMap<>();
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        for (JsonNode entry : root) {
            for (String field : List.of("jmhVersion", "jdkVersion", "vmName", "vmVersion", "jvmArgs",
                    "warmupIterations", "warmupTime", "measurementIterations", "measurementTime", "forks")) {
                if (entry.has(field) && !info.containsKey(field)) {
                    info.put(field, entry.get(field).isTextual() ? entry.get(field).asText() : entry.get(field).toString());
                }
            }
        }
        return info;
    }

    private static Measurement measurement(JsonNode entry, Path file) throws IOException {
        String name = entry.path("benchmark").asText();
        JsonNode metric = entry.path("primaryMetric");
        if (name.isEmpty() || !metric.has("score")) {
            throw new IOException(file + ": a result without 'benchmark' or 'primaryMetric.score'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        entry.path("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
        String unit = metric.path("scoreUnit").asText("ns/op");
        double factor = nanosPer(unit);
        double score = metric.get("score").asDouble();
        JsonNode errorNode = metric.get("scoreError");
        double error = errorNode == null || !errorNode.isNumber() ? Double.NaN : errorNode.asDouble();
        if (Double.isNaN(factor)) {
            return new Measurement(shortName(name), params, score, error, unit);
        }
        return new Measurement(shortName(name), params, score * factor, error * factor, "ns/op");
    }

    /** "io.cloacina.bench.SubprocessBenchmark.trivialTask" becomes "SubprocessBenchmark.trivialTask". */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return type < 0 ? benchmark : benchmark.substring(type + 1);
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> Double.NaN;
        };
    }
}
