package io.cloacina.python.graal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.spi.Capability;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An embedder that opts out of the sandbox gets host classes, processes and host files (a second engine: slow). */
class GraalTrustedRuntimeTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void trustedPolicyAllowsWhatTheSandboxRefuses() {
        try (GraalRuntime runtime = new GraalRuntime(GraalSettings.defaults()
                .withSandbox(SandboxPolicy.TRUSTED).withContextsPerPackage(1))) {
            assertFalse(runtime.capabilities().contains(Capability.SANDBOX));
            LoadedPackage pkg = runtime.load(GraalFixtures.pkg("basics", "graal-basics", "basics.tasks"));
            Context input = Context.fromJson("""
                    {"probes": {
                      "java_type": "import java; assert java.type('java.lang.Math').max(2, 3) == 3",
                      "subprocess": "import subprocess; subprocess.run(['true'], check=True)",
                      "read_etc": "open('/etc/hostname').read()",
                      "append_os_py": "import os; open(os.__file__, 'a').close()"}}""");
            JsonNode outcomes = pkg.executor().execute("probe", input).orTimeout(60, TimeUnit.SECONDS).join()
                    .get("outcomes").orElseThrow();
            for (String allowed : java.util.List.of("java_type", "subprocess", "read_etc")) {
                assertEquals("allowed", outcomes.path(allowed).asText(), allowed + ": " + outcomes);
            }
            // Even a trusted task cannot write into GraalPy's home: every later context would run what it wrote.
            String write = outcomes.path("append_os_py").asText();
            assertTrue(write.startsWith("PermissionError") || write.startsWith("OSError"), "append_os_py: " + outcomes);
        }
    }
}
