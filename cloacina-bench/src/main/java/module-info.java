/**
 * Benchmarks of every backend against its raw channel (JMH), and the generator of docs/performance.md.
 * Not a library: nothing depends on it, and the normal build only runs each benchmark once.
 */
module io.cloacina.bench {
    requires io.cloacina.api;
    requires io.cloacina.packaging;
    requires io.cloacina.runner;
    requires io.cloacina.bridge;
    requires com.fasterxml.jackson.databind;
    requires jmh.core;
    requires jep;
    requires org.graalvm.polyglot;
    requires org.jfree.jfreechart;
    requires java.desktop;
    requires java.management;

    exports io.cloacina.bench;
    exports io.cloacina.bench.data;
    exports io.cloacina.bench.python;
    exports io.cloacina.bench.report;
    exports io.cloacina.bench.probe;
}
