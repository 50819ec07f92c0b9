/**
 * Cloacina's traces through the OpenTelemetry API: {@link io.cloacina.opentelemetry.RunTracing} makes a span per
 * run and per task attempt and hands each attempt's W3C traceparent to its Python code. Optional: no other Cloacina
 * module depends on it or on OpenTelemetry, and it needs no SDK (without one, its spans are no-ops).
 */
module io.cloacina.opentelemetry {
    requires transitive io.cloacina.runner;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports io.cloacina.opentelemetry;
}
