/**
 * The Cloacina technology compatibility kit.
 *
 * <p>{@link io.cloacina.tck.PythonRuntimeCompatibilityKit} is the specification of a backend turned into tests:
 * a backend's test module subclasses it and supplies {@code createRuntime()}. The kit loads the fixture packages
 * shipped in this jar ({@link io.cloacina.tck.TckPackages}), runs their tasks through the backend and checks
 * results, error types, tracebacks, isolation, concurrency and, where a backend declares the capability,
 * timeouts, cancellation, crash isolation and parallelism. Every wait is bounded and scales with
 * {@code -Dcloacina.tck.timeout.scale}.
 */
package io.cloacina.tck;
