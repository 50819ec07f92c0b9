/**
 * Cloacina's metrics through Micrometer: {@link io.cloacina.micrometer.RunMetrics} (runs and tasks) and
 * {@link io.cloacina.micrometer.BackendMetrics} (a backend's interpreters). Optional: no other Cloacina module
 * depends on it or on Micrometer.
 */
module io.cloacina.micrometer {
    requires transitive io.cloacina.runner;
    requires transitive micrometer.core;

    exports io.cloacina.micrometer;
}
