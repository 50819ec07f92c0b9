/**
 * The CPython worker-process backend ({@code "subprocess"}): each loaded package gets a pool of
 * {@code python3} processes that speak length-prefixed JSON over their standard streams.
 */
module io.cloacina.python.subprocess {
    requires io.cloacina.api;
    requires io.cloacina.bridge;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires jdk.jfr;

    exports io.cloacina.python.subprocess;

    provides io.cloacina.spi.PythonRuntime with io.cloacina.python.subprocess.SubprocessRuntime;
}
