package com.example.pipe;

import io.cloacina.spi.PythonRuntime;
import io.cloacina.tck.PythonRuntimeCompatibilityKit;

class PipeRuntimeCompatibilityTest extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        return new PipeRuntime();
    }
}
