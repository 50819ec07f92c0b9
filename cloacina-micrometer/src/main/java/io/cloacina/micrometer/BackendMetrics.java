package io.cloacina.micrometer;

import io.cloacina.spi.PythonRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * A backend's gauges, tagged {@code backend=<name>}:
 * <ul>
 *   <li>{@value #INTERPRETERS}: the Python interpreters it holds now, across its loaded packages — worker processes
 *       ({@code subprocess}), sub-interpreters ({@code jep}), contexts ({@code graal}) — from
 *       {@link PythonRuntime#interpreters()}. Not registered for a backend that does not count them.</li>
 *   <li>{@value #PARALLELISM}: how many tasks of one package it runs at once ({@link PythonRuntime#parallelism()}),
 *       to read {@link RunMetrics#TASKS_RUNNING} against.</li>
 * </ul>
 *
 * <pre>{@code
 * new BackendMetrics(runtime).bindTo(registry);
 * }</pre>
 *
 * The registry holds the runtime weakly, as Micrometer gauges do: the gauges read NaN once it is gone.
 *
 * @since 0.3
 */
public final class BackendMetrics implements MeterBinder {

    public static final String INTERPRETERS = "cloacina.backend.interpreters";
    public static final String PARALLELISM = "cloacina.backend.parallelism";

    private final PythonRuntime runtime;

    public BackendMetrics(PythonRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String backend = runtime.name();
        if (runtime.interpreters().isPresent()) {
            Gauge.builder(INTERPRETERS, runtime, r -> r.interpreters().orElse(0))
                    .tag(RunMetrics.TAG_BACKEND, backend)
                    .description("Python interpreters the backend holds now (worker processes, sub-interpreters, contexts)")
                    .register(registry);
        }
        Gauge.builder(PARALLELISM, runtime, PythonRuntime::parallelism)
                .tag(RunMetrics.TAG_BACKEND, backend)
                .description("Tasks of one package the backend runs at once")
                .register(registry);
    }
}
