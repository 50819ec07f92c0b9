package io.cloacina.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the report says about the machine and the software a run used. */
public final class MachineInfo {

    private static final Pattern POM_VERSION = Pattern.compile("<([A-Za-z0-9.-]+)\\.version>([^<]+)</");

    private MachineInfo() {
    }

    /** Ordered name/value rows: date, CPU, cores, memory, load, OS, JDK, Python, JMH, pinned libraries. */
    public static Map<String, String> describe(Map<String, String> run, Path rootPom) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        rows.put("CPU", firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.+)").orElse("unknown"));
        rows.put("Cores (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        rows.put("Memory", firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s*(\\d+) kB")
                .map(kb -> String.format("%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0)).orElse("unknown"));
        rows.put("Load average when the report was written", read(Path.of("/proc/loadavg")).map(String::trim)
                .map(l -> String.join(" / ", List.of(l.split("\\s+")).subList(0, 3))).orElse("unknown"));
        rows.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        rows.put("JDK", run.getOrDefault("jdkVersion", Runtime.version().toString()) + " — "
                + run.getOrDefault("vmName", System.getProperty("java.vm.name")) + " "
                + run.getOrDefault("vmVersion", System.getProperty("java.vm.version")));
        rows.put("Python", command(List.of(pythonCommand(), "--version")).orElse("not found"));
        command(List.of(pythonCommand(), "-c", "import importlib.metadata as m; print(m.version('jep'))"))
                .ifPresent(v -> rows.put("Jep (native, pip)", v));
        rows.put("JMH", run.getOrDefault("jmhVersion", "unknown"));
        rows.put("JMH settings", "warmup " + run.getOrDefault("warmupIterations", "?") + " × "
                + run.getOrDefault("warmupTime", "?") + ", measurement " + run.getOrDefault("measurementIterations", "?")
                + " × " + run.getOrDefault("measurementTime", "?") + ", forks " + run.getOrDefault("forks", "?"));
        pomVersions(rootPom).forEach((name, version) -> rows.put(name + " (pinned in pom.xml)", version));
        return rows;
    }

    static String pythonCommand() {
        String configured = System.getenv("CLOACINA_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    private static Map<String, String> pomVersions(Path pom) {
        Map<String, String> versions = new LinkedHashMap<>();
        read(pom).ifPresent(text -> {
            Matcher m = POM_VERSION.matcher(text);
            while (m.find()) {
                versions.putIfAbsent(m.group(1), m.group(2).trim());
            }
        });
        return versions;
    }

    private static java.util.Optional<String> firstMatch(Path file, String regex) {
        return read(file).flatMap(text -> {
            Matcher m = Pattern.compile(regex).matcher(text);
            return m.find() ? java.util.Optional.of(m.group(1).trim()) : java.util.Optional.empty();
        });
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The trimmed output of a short command, or empty when it fails or takes over 10 s. */
    private static java.util.Optional<String> command(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out;
            try (InputStream in = process.getInputStream()) {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return java.util.Optional.empty();
                }
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            return process.exitValue() == 0 && !out.isEmpty() ? java.util.Optional.of(out) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
