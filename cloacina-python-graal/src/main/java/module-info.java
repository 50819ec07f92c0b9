/**
 * Cloacina's GraalPy backend: Python tasks run inside the JVM on GraalPy, with no CPython installed, and
 * sandboxed by default (no host classes, no processes, read-only access to the package's own files).
 */
module io.cloacina.python.graal {
    requires io.cloacina.api;
    requires io.cloacina.bridge;
    requires org.graalvm.polyglot;
    requires org.slf4j;

    exports io.cloacina.python.graal;

    provides io.cloacina.spi.PythonRuntime with io.cloacina.python.graal.GraalRuntime;
}
