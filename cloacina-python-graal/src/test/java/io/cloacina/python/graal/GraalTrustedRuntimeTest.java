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

/** An embedder that opts out of the sandbox gets host classes, processes and host files (a second engine: slow). */
class GraalTrustedRuntimeTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void trustedPolicyAllowsWhatTheSandboxRefuses() {
        try (GraalPythonRuntime runtime = new GraalPythonRuntime(GraalSettings.defaults()
                .withSandbox(SandboxPolicy.TRUSTED).withContextsPerPackage(1))) {
            assertFalse(runtime.capabilities().contains(Capability.SANDBOX));
            LoadedPackage pkg = runtime.load(GraalFixtures.pkg("basics", "graal-basics", "basics.tasks"));
            Context input = Context.fromJson("""
                    {"probes": {
                      "java_type": "import java; assert java.type('java.lang.Math').max(2, 3) == 3",
                      "subprocess": "import subprocess; subprocess.run(['true'], check=True)",
                      "read_etc": "open('/etc/hostname').read()"}}""");
            JsonNode outcomes = pkg.executor().execute("probe", input).orTimeout(60, TimeUnit.SECONDS).join()
                    .get("outcomes").orElseThrow();
            assertEquals("{\"java_type\":\"allowed\",\"subprocess\":\"allowed\",\"read_etc\":\"allowed\"}",
                    outcomes.toString());
        }
    }
}
