package io.cloacina.tck.reference;

import io.cloacina.spi.PythonRuntime;
import io.cloacina.tck.PythonRuntimeCompatibilityKit;

/** The kit against real Python through the reference process backend : proves every required rule of the kit can be met. */
class ReferenceProcessCompatibilityTest extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        return new ReferenceProcessRuntime();
    }
}
