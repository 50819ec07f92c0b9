/**
 * The workflow runner: runs a loaded package's task graph on any backend (dependencies, parallelism,
 * timeouts, cancellation) and reports every task's outcome; the trigger service polls a package's
 * {@code @cloaca.trigger}s and starts the runs they fire.
 */
module io.cloacina.runner {
    requires transitive io.cloacina.api;
    requires io.cloacina.bridge;
    requires org.slf4j;
    requires com.cronutils;
    requires jdk.jfr;

    exports io.cloacina.runner;
    exports io.cloacina.runner.triggers;
}
