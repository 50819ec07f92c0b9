package io.cloacina.bench;

import io.cloacina.bench.data.SizedContexts;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The context-size parameter of the raw channels' {@code sizedContext} benchmarks: the same realistic context
 * (records with strings and numbers) that {@code TaskExecutorBenchmark.sizedContext} sends through a backend.
 */
@State(Scope.Benchmark)
public class SizedRawInput {

    @Param({"1KB", "100KB", "1MB", "10MB"})
    public String size;
    SizedContexts context;

    @Setup
    public void generate() {
        context = SizedContexts.of(size);
    }
}
