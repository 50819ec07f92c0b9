/**
 * Cloacina's API: contexts, task errors, packages, the backend SPIs and backend selection.
 * Knows no backend; backends depend on it.
 */
module io.cloacina.api {
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.cloacina.context;
    exports io.cloacina.error;
    exports io.cloacina.pkg;
    exports io.cloacina.spi;
    exports io.cloacina.runtime;
    exports io.cloacina.python;
    exports io.cloacina.runner;
    exports io.cloacina.concurrent;


    uses io.cloacina.spi.PythonRuntime;
}
