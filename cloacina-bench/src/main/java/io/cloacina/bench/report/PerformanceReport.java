package io.cloacina.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one run's JMH JSON (and the extra probes' JSON) into docs/performance.md and its two PNG charts.
 *
 * <pre>
 * PerformanceReport --docs DOCS_DIR --pom ROOT_POM JMH_JSON [EXTRA_JSON...]
 * </pre>
 * Writes DOCS_DIR/performance.md, DOCS_DIR/perf/ratios.png and DOCS_DIR/perf/sizes.png; copies
 * DOCS_DIR/perf/notes.md (hand-written) into the report when it exists.
 */
public final class PerformanceReport {

    private PerformanceReport() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path docs = null;
        Path pom = Path.of("pom.xml");
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs" -> docs = Path.of(args[++i]);
                case "--pom" -> pom = Path.of(args[++i]);
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (docs == null || inputs.isEmpty()) {
            System.err.println("usage: PerformanceReport --docs DOCS_DIR [--pom ROOT_POM] JMH_JSON [EXTRA_JSON...]");
            System.exit(2);
        }
        List<Measurement> results = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) {
                System.err.println("cloacina-bench: skipping missing result file " + input);
                continue;
            }
            results.addAll(JmhJson.read(input));
        }
        write(docs, pom, inputs.get(0), results);
    }

    static void write(Path docs, Path pom, Path jmhJson, List<Measurement> results) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Comparison c : Catalogue.all()) {
            rows.add(new Row(c, c.subjectIn(results), c.baselineIn(results)));
        }
        Map<String, String> run = Files.isRegularFile(jmhJson) ? JmhJson.runInfo(jmhJson) : Map.of();
        Path perf = docs.resolve("perf");
        RatioChart.ratios(rows, perf.resolve("ratios.png"));
        RatioChart.sizes(results, Catalogue.sizeLines(), perf.resolve("sizes.png"));
        Path notesFile = perf.resolve("notes.md");
        Optional<String> notes = Files.isRegularFile(notesFile) ? Optional.of(Files.readString(notesFile)) : Optional.empty();
        String md = PerformanceMarkdown.render(MachineInfo.describe(run, pom), rows, results, "perf/ratios.png",
                "perf/sizes.png", notes);
        Files.writeString(docs.resolve("performance.md"), md);
        long met = rows.stream().filter(r -> Boolean.TRUE.equals(r.met())).count();
        long missed = rows.stream().filter(r -> Boolean.FALSE.equals(r.met())).count();
        System.out.println("cloacina-bench: wrote " + docs.resolve("performance.md") + " (" + results.size()
                + " results; targets met " + met + ", missed " + missed + ")");
    }
}
