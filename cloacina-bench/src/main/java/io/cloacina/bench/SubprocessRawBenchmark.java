package io.cloacina.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.data.SizedContexts;
import io.cloacina.bench.python.RawEchoChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The subprocess backend's raw channel: Jackson encode, a framed write to python3's stdin, json.loads, the
 * task body, json.dumps, a framed read from its stdout, Jackson decode. The baseline of the subprocess
 * backend's per-task and context-size benchmarks.
 */
public class SubprocessRawBenchmark extends BenchDefaults {

    @State(Scope.Benchmark)
    public static class Channel {
        RawEchoChannel channel;

        @Setup
        public void start() {
            channel = new RawEchoChannel();
        }

        @TearDown
        public void stop() {
            channel.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Sized {
        @Param({"1KB", "100KB", "1MB", "10MB"})
        public String size;
        SizedContexts context;

        @Setup
        public void generate() {
            context = SizedContexts.of(size);
        }
    }

    @Benchmark
    public ObjectNode trivialTask(Channel raw) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("n", 1);
        return raw.channel.roundTrip(input);
    }

    @Benchmark
    public ObjectNode sizedContext(Channel raw, Sized data) {
        return raw.channel.roundTrip(data.context.tree());
    }
}
