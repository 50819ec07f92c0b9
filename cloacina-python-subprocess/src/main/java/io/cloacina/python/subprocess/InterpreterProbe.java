package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.ContextJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the configured interpreter once to learn its version and real executable, and decides whether it
 * is good enough (Python >= 3.10).
 */
final class InterpreterProbe {

    static final int MIN_MAJOR = 3;
    static final int MIN_MINOR = 10;
    /** A cold interpreter behind a pyenv or conda wrapper can take a second or two on a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final String MARKER = "CLOACINA-PROBE ";
    // Written to run on any Python, so that an old one is reported by version rather than by a syntax error.
    private static final String SCRIPT = "import sys, json, platform\n"
            + "print('" + MARKER + "' + json.dumps({'version': list(sys.version_info[:3]),"
            + " 'executable': sys.executable or '', 'implementation': platform.python_implementation()}))\n";
    private static final int MAX_OUTPUT = 64 * 1024;

    /** What the probe found: an interpreter, or the reason there is none. */
    record Result(Interpreter interpreter, String problem) {
        boolean ok() {
            return interpreter != null;
        }
    }

    private InterpreterProbe() {
    }

    static Result probe(String command) {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command, "-c", SCRIPT)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return failure("could not run '" + command + "' (" + e.getMessage() + "); install Python >= "
                    + MIN_MAJOR + "." + MIN_MINOR + " or name an interpreter with -D"
                    + SubprocessSettings.EXECUTABLE_PROPERTY + "=... or $" + SubprocessSettings.EXECUTABLE_ENV);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        // A watchdog kills a hung interpreter so that reading its output, too, is bounded by the timeout.
        Thread watchdog = Thread.ofVirtual().name("cloacina-python-probe").start(() -> {
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    ProcessTrees.killNow(process);
                }
            } catch (InterruptedException ignored) {
                // the probe finished first
            }
        });
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || timedOut.get()) {
                return failure("'" + command + "' did not answer within " + TIMEOUT.toSeconds() + "s");
            }
            if (process.exitValue() != 0) {
                return failure("'" + command + "' failed with exit code " + process.exitValue() + ": "
                        + output.strip());
            }
            return interpret(command, output);
        } catch (IOException e) {
            return failure("could not read the answer of '" + command + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("interrupted while probing '" + command + "'");
        } finally {
            watchdog.interrupt();
            ProcessTrees.killNow(process);
        }
    }

    static Result interpret(String command, String output) {
        String line = output.lines().filter(l -> l.startsWith(MARKER)).findFirst().orElse(null);
        if (line == null) {
            return failure("'" + command + "' does not look like Python; it printed: " + output.strip());
        }
        JsonNode answer;
        try {
            answer = ContextJson.MAPPER.readTree(line.substring(MARKER.length()));
        } catch (IOException e) {
            return failure("'" + command + "' gave an unreadable answer: " + line);
        }
        JsonNode version = answer.path("version");
        int major = version.path(0).asInt();
        int minor = version.path(1).asInt();
        String text = major + "." + minor + "." + version.path(2).asInt();
        String executable = answer.path("executable").asText("");
        Path path = !executable.isEmpty() && Files.isRegularFile(Path.of(executable))
                ? Path.of(executable) : Path.of(command);
        Interpreter interpreter = new Interpreter(command, path, text, answer.path("implementation").asText("Python"));
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            return failure("found " + interpreter.describe() + ", but Cloacina needs Python >= " + MIN_MAJOR + "."
                    + MIN_MINOR + "; name a newer one with -D" + SubprocessSettings.EXECUTABLE_PROPERTY
                    + "=... or $" + SubprocessSettings.EXECUTABLE_ENV);
        }
        return new Result(interpreter, null);
    }

    private static Result failure(String problem) {
        return new Result(null, problem);
    }
}
