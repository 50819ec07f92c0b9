package io.cloacina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.ContextJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * bin/cloacina's GraalPy runtime choice: interpreted by default, without Truffle's "interpreter only" warning
 * (chosen on purpose), and the optimizing runtime with CLOACINA_GRAAL_JIT=1 (the Graal compiler that the
 * package phase copied to target/graal-compiler). The engine's name, logged at debug level, tells which ran.
 */
class GraalJitProcessTest {

    private static final String WARNING = "fallback runtime";

    @TempDir
    Path temp;

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run runEtlOnGraal(boolean jit) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Cli.ROOT.resolve("bin/cloacina").toString(), "run", "examples/etl",
                "--backend", "graal")
                .directory(Cli.ROOT.toFile())
                .redirectOutput(temp.resolve("stdout").toFile())
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().put("CLOACINA_PROGRESS", "plain");
        builder.environment().put("CLOACINA_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
        if (jit) {
            builder.environment().put("CLOACINA_GRAAL_JIT", "1");
        } else {
            builder.environment().remove("CLOACINA_GRAAL_JIT");
        }
        Process process = builder.start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("bin/cloacina did not finish within 240s; stderr:\n" + read("stderr"));
        }
        Run run = new Run(process.exitValue(), read("stdout"), read("stderr"));
        assertEquals(0, run.code(), run::toString);
        JsonNode context = ContextJson.MAPPER.readTree(run.out());
        assertEquals(905.34, context.get("report").get("total_eur").asDouble(), run::toString);
        return run;
    }

    private String read(String name) throws java.io.IOException {
        return Files.readString(temp.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void by_default_graal_runs_interpreted_and_does_not_warn_about_it() throws Exception {
        Run run = runEtlOnGraal(false);
        assertTrue(run.err().contains("GraalPy engine (Interpreted)"), run::toString);
        assertFalse(run.err().contains(WARNING), run::toString);
    }

    @Test
    void with_CLOACINA_GRAAL_JIT_graal_runs_on_the_optimizing_runtime() throws Exception {
        Run run = runEtlOnGraal(true);
        assertTrue(run.err().contains("GraalPy engine (GraalVM CE)"), run::toString);
        assertFalse(run.err().contains(WARNING), run::toString);
    }
}
