package io.cloacina.spi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.Context;

import java.util.Map;
import java.util.Objects;

/**
 * Values a host hands one execution of a task, which its Python code reads while it runs and which never reach
 * its output: how a W3C trace context crosses into Python, so that a task instrumented with OpenTelemetry joins
 * the host's trace. They travel in the input context, under the reserved key {@value #CONTEXT_KEY}, as a JSON
 * object of strings, so every backend carries them without a change of its own.
 *
 * <p>The bridge ({@code cloaca._host.execute}) takes the key out of the context before the task (or trigger)
 * sees it, and offers the values for that execution only: {@code cloaca.current_traceparent()} reads
 * {@value #TRACEPARENT}, {@code cloaca.current_tracestate()} reads {@value #TRACESTATE},
 * {@code cloaca.attempt_value(name, default=None)} reads any; each returns {@code None} when the execution got
 * none. The key is therefore reserved: a context entry of that name never reaches a task, and the output never
 * carries it. The compatibility kit checks this ({@code required_attemptValuesReachPythonAndNeverTheOutput}); the
 * workflow runner also drops the key from every output, so a backend that skips the bridge cannot pass it on.
 *
 * @since 0.3 (SPI 1.1)
 */
public final class AttemptValues {

    /** The reserved context key the values travel under. */
    public static final String CONTEXT_KEY = "__cloacina_attempt__";
    /** The W3C {@code traceparent} of the span the task runs in ({@code 00-<trace id>-<span id>-<flags>}). */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C {@code tracestate} that goes with it, when there is one. */
    public static final String TRACESTATE = "tracestate";

    private AttemptValues() {
    }

    /**
     * {@code input} with {@code values} under {@link #CONTEXT_KEY} (replacing what was there): the same object
     * when it is mutable, else a mutable copy. {@code input} itself when {@code values} is empty.
     *
     * @throws NullPointerException a name or a value is null
     */
    public static Context attach(Context input, Map<String, String> values) {
        Objects.requireNonNull(input, "input");
        if (values.isEmpty()) {
            return input;
        }
        ObjectNode carried = JsonNodeFactory.instance.objectNode();
        values.forEach((name, value) -> carried.put(Objects.requireNonNull(name, "attempt value name"),
                Objects.requireNonNull(value, () -> "attempt value '" + name + "'")));
        Context target = input.isReadOnly() ? input.mutableCopy() : input;
        return target.set(CONTEXT_KEY, carried);
    }
}
