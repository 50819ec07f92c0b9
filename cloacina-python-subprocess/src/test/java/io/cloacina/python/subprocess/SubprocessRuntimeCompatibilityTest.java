package io.cloacina.python.subprocess;

import io.cloacina.spi.PythonRuntime;
import io.cloacina.tck.PythonRuntimeCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

/** The compatibility kit, run against real python3 worker processes. */
@DisplayName("TCK: subprocess backend")
class SubprocessRuntimeCompatibilityTest extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        // Two workers whatever the machine's processor count, so that the parallelism checks always run.
        return new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(2));
    }
}
