package io.cloacina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.ContextJson;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the CLI in-process with captured stdout and stderr, and finds the test packages. */
final class Cli {

    /** The repository root (tests run in the cloacina-cli folder). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path EXAMPLES = ROOT.resolve("examples");
    static final Path PACKAGES = Path.of("src/test/resources/packages").toAbsolutePath();

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return ContextJson.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + e.getMessage() + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /**
     * Runs the CLI in this JVM on the subprocess backend (an explicit {@code --backend} still wins): these tests
     * are about the CLI, and the subprocess backend is the one that runs everywhere. Each backend has its own
     * TCK run; the process tests start {@code bin/cloacina} with the default choice.
     */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String previous = System.setProperty(PythonRuntimes.PROPERTY, "subprocess");
        try {
            int code = CloacinaCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Result(code, out.toString(), err.toString());
        } finally {
            if (previous == null) {
                System.clearProperty(PythonRuntimes.PROPERTY);
            } else {
                System.setProperty(PythonRuntimes.PROPERTY, previous);
            }
        }
    }

    static String pkg(String name) {
        return PACKAGES.resolve(name).toString();
    }

    static String example(String name) {
        return EXAMPLES.resolve(name).toString();
    }

    /** The subprocess backend is the one every machine of this project can run (it needs only python3). */
    static void assumeSubprocessBackend() {
        boolean available = PythonRuntimes.discover().stream()
                .anyMatch(c -> c.name().equals("subprocess") && c.available());
        assumeTrue(available, () -> "the subprocess backend is not on the test class path or is unavailable: "
                + PythonRuntimes.discover().stream().map(RuntimeCandidate::toString).toList()
                + " (cloacina-cli needs a runtime dependency on cloacina-python-subprocess)");
    }
}
