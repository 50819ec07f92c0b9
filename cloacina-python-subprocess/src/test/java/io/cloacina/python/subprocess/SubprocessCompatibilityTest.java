package io.cloacina.python.subprocess;

import io.cloacina.spi.PythonRuntime;
import io.cloacina.tck.PythonRuntimeCompatibilityKit;

/** The whole Cloacina compatibility kit against the subprocess backend and a real python3. */
class SubprocessCompatibilityTest extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        return new SubprocessRuntime();
    }
}
