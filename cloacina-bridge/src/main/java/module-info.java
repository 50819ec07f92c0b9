/**
 * What every backend shares: the {@code cloaca} Python module and its host bridge ({@code cloaca._host}),
 * the bridge's reply protocol, and the concurrency helpers the backends and the runner use. For backend
 * authors; task authors and embedders never need it.
 */
module io.cloacina.bridge {
    requires transitive io.cloacina.api;
    requires org.slf4j;

    exports io.cloacina.bridge;
    exports io.cloacina.bridge.support;
    // Internal: our own backends, the runner and the benchmarks only.
    exports io.cloacina.bridge.concurrent to io.cloacina.runner, io.cloacina.python.subprocess,
            io.cloacina.python.jep, io.cloacina.python.graal, io.cloacina.bench;
    // The Python sources are read as resources by CloacaModule, from this module.
    opens io.cloacina.bridge.cloaca;
}
