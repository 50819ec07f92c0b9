package io.cloacina.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report generator on a small JMH-shaped input: ratios, verdicts, gaps and headless PNG charts. */
class PerformanceReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    private static String result(String benchmark, String params, double score, String unit) {
        return "{\"benchmark\":\"io.cloacina.bench." + benchmark + "\",\"mode\":\"avgt\",\"jmhVersion\":\"1.37\","
                + "\"jdkVersion\":\"21\",\"params\":" + params + ",\"primaryMetric\":{\"score\":" + score
                + ",\"scoreError\":1.5,\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    void readsJmhJsonInNanoseconds(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, "[" + result("SubprocessRawBenchmark.trivialTask", "{}", 40, "us/op") + "]");
        Measurement m = JmhJson.read(json).get(0);
        assertEquals("SubprocessRawBenchmark.trivialTask", m.benchmark());
        assertEquals(40_000, m.nanos(), 1e-9);
        assertEquals(1_500, m.error(), 1e-9);
    }

    @Test
    void aComparisonTakesTheResultWithTheFewestParametersBeyondThoseItNames() {
        Measurement pretouched = new Measurement("Memory.rss", java.util.Map.of("backend", "jep", "executions", "10000",
                "jvm", "pretouched"), 2, 0, "kB");
        Measurement plain = new Measurement("Memory.rss", java.util.Map.of("backend", "jep", "executions", "10000"),
                1, 0, "kB");
        Comparison plainRow = new Comparison("Memory", "plain", "Memory.rss",
                java.util.Map.of("backend", "jep", "executions", "10000"), "Memory.rss", java.util.Map.of(),
                new Check.Ratio(null), false);
        assertEquals(plain, plainRow.subjectIn(List.of(pretouched, plain)).orElseThrow(), "file order must not decide");
        Comparison pretouchedRow = new Comparison("Memory", "pre-touched", "Memory.rss",
                java.util.Map.of("backend", "jep", "executions", "10000", "jvm", "pretouched"), "Memory.rss",
                java.util.Map.of(), new Check.Ratio(null), false);
        assertEquals(pretouched, pretouchedRow.subjectIn(List.of(plain, pretouched)).orElseThrow());
    }

    @Test
    void writesRatiosVerdictsGapsAndCharts(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + String.join(",",
                result("TaskExecutorBenchmark.trivialTask", "{\"backend\":\"subprocess\"}", 50, "us/op"),
                result("SubprocessRawBenchmark.trivialTask", "{}", 40, "us/op"),
                result("TaskExecutorBenchmark.trivialTask", "{\"backend\":\"jep\"}", 30, "us/op"),
                result("JepRawBenchmark.trivialTask", "{}", 10, "us/op"),
                result("TaskExecutorBenchmark.sizedContext", "{\"backend\":\"subprocess\",\"size\":\"1MB\"}", 20, "ms/op"),
                result("CPythonJsonBenchmark.jsonRoundTrip", "{\"size\":\"1MB\"}", 10, "ms/op")) + "]");
        Path docs = dir.resolve("docs");
        Files.createDirectories(docs.resolve("perf"));
        Files.writeString(docs.resolve("perf/notes.md"), "Hand-written finding.");
        PerformanceReport.main(new String[] {"--docs", docs.toString(), "--pom", dir.resolve("none.xml").toString(),
                json.toString()});

        String md = Files.readString(docs.resolve("performance.md"));
        assertTrue(md.contains("| subprocess: TaskExecutor vs raw pipe echo | 1.25× | ≤ 1.30× | yes |"), md);
        assertTrue(md.contains("| jep: TaskExecutor vs raw Jep invoke | 3.00× | ≤ 1.50× | **no** |"), md);
        assertTrue(md.contains("| subprocess: 1MB context vs CPython json.dumps+loads | 2.00× | ≤ 3.00× | yes |"), md);
        assertTrue(md.contains("| graal: TaskExecutor vs raw Value.execute | not measured |"), md);
        assertTrue(md.contains("Hand-written finding."), md);
        for (String png : List.of("perf/ratios.png", "perf/sizes.png")) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(docs.resolve(png)), 4);
            assertArrayEquals(PNG_SIGNATURE, head, png + " is not a PNG");
        }
    }
}
