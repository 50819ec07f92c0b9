package io.cloacina.python.graal;

import io.cloacina.spi.PythonRuntime;
import io.cloacina.tck.PythonRuntimeCompatibilityKit;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole compatibility kit against GraalPy with its defaults: sandboxed, one shared engine. The one
 * opening is the kit's own scratch folder, where its runaway tasks write a heartbeat file: an embedder
 * gives a sandboxed package a writable folder the same way.
 */
class GraalRuntimeCompatibilityTest extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        Path scratch = packages().scratchFile("graal").getParent();
        GraalSettings defaults = GraalSettings.defaults();
        return new GraalRuntime(defaults.withSandbox(defaults.sandbox().withWritableFolders(List.of(scratch))));
    }
}
