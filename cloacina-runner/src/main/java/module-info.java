/**
 * The workflow runner: runs a loaded package's task graph on any backend (dependencies, parallelism,
 * timeouts, cancellation) and reports every task's outcome.
 */
module io.cloacina.runner {
    requires transitive io.cloacina.api;
    requires io.cloacina.bridge;
    requires org.slf4j;

    exports io.cloacina.runner;
}
