package io.cloacina.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A third-party backend, written from the README and docs/backend-guide.md only (examples/backend-template),
 * is built as its own Maven project against the Cloacina artifacts and must pass the whole kit. It lives in
 * this module because the reactor installs every module the template needs (api, bridge, tck) before this one
 * runs (bin/test runs `mvn install`).
 */
class BackendTemplateBuildTest {

    // Counted element by element: for nested test classes Surefire's suite attributes say tests="0".
    private static final Pattern TEST_CASE = Pattern.compile("<testcase ");
    private static final Pattern FAILED = Pattern.compile("<(failure|error)[ >]");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theTemplateBackendBuildsAndPassesTheKit(@TempDir Path tmp) throws Exception {
        Path template = repositoryRoot().resolve("examples/backend-template");
        Path project = tmp.resolve("backend-template");
        copy(template, project);
        Path log = tmp.resolve("mvn.log");
        // Offline: everything the template needs is what this build itself resolved (same plugin versions).
        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-ntp", "-o", "verify"));
        String repository = System.getProperty("maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process maven = builder.start();
        maven.getOutputStream().close();
        if (!maven.waitFor(9, TimeUnit.MINUTES)) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            throw new AssertionError("the template's build did not finish in 9 minutes:\n" + tail(log));
        }
        assertEquals(0, maven.exitValue(), "the template's build failed:\n" + tail(log));

        // The kit really ran (a build with no tests also succeeds): count what Surefire reported.
        int tests = 0;
        int failed = 0;
        try (Stream<Path> reports = Files.list(project.resolve("target/surefire-reports"))) {
            for (Path report : reports.filter(p -> p.getFileName().toString().endsWith(".xml")).toList()) {
                String xml = Files.readString(report, StandardCharsets.UTF_8);
                tests += (int) TEST_CASE.matcher(xml).results().count();
                failed += (int) FAILED.matcher(xml).results().count();
            }
        }
        assertTrue(tests >= 50, "the kit ran only " + tests + " tests against the template backend:\n" + tail(log));
        assertEquals(0, failed, "kit failures:\n" + tail(log));
    }

    private static String maven() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/backend-template"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/backend-template not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
