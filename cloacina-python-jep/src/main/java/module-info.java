/**
 * Cloacina's Jep backend: CPython embedded in the JVM, one sub-interpreter (and one thread) per loaded package.
 */
module io.cloacina.python.jep {
    requires io.cloacina.api;
    requires io.cloacina.bridge;
    requires jep;
    requires org.slf4j;

    // Jep calls JepLogSink.accept from Python, reflectively.
    opens io.cloacina.python.jep to jep;

    provides io.cloacina.spi.PythonRuntime with io.cloacina.python.jep.JepRuntime;
}
