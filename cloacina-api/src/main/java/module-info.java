/**
 * Cloacina's API: what a user or a backend author programs against. Contexts, task errors, the backend
 * SPIs ({@code PythonRuntime}, {@code TaskDiscovery}, {@code TaskExecutor}) and backend selection. Knows no
 * backend, no package format and no runner; those are modules of their own that depend on this one.
 */
module io.cloacina.api {
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.cloacina.context;
    exports io.cloacina.error;
    exports io.cloacina.spi;
    exports io.cloacina.runtime;

    uses io.cloacina.spi.PythonRuntime;
}
