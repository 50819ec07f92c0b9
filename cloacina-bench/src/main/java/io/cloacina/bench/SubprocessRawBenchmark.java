package io.cloacina.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.bench.python.RawEchoChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The subprocess backend's raw channel: Jackson encode, a framed write to python3's stdin, json.loads, the
 * task body, json.dumps, a framed read from its stdout, Jackson decode. The baseline of the subprocess
 * backend's per-task and context-size benchmarks.
 *
 * <p>{@code trivialTaskViaOwnerThread} is the same echo done by a thread that owns the pipes, the caller
 * handing the request over and waiting for the reply: the least any backend whose callers never block on
 * I/O must pay (one thread wake-up each way), to show how much of the backend's cost is its design.
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
    public static class OwnedChannel {
        RawEchoChannel channel;
        ExecutorService owner;

        @Setup
        public void start() {
            channel = new RawEchoChannel();
            owner = Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-echo-owner"));
        }

        @TearDown
        public void stop() throws InterruptedException {
            LoadedBackend.stopThread(owner, "the raw echo's owner thread");
            channel.close();
        }
    }

    @Benchmark
    public ObjectNode trivialTask(Channel raw) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("n", 1);
        return raw.channel.roundTrip(input);
    }

    @Benchmark
    public ObjectNode trivialTaskViaOwnerThread(OwnedChannel raw) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("n", 1);
        return LoadedBackend.await(CompletableFuture.supplyAsync(() -> raw.channel.roundTrip(input), raw.owner));
    }

    @Benchmark
    public ObjectNode sizedContext(Channel raw, SizedRawInput data) {
        return raw.channel.roundTrip(data.context.tree());
    }
}
