package io.cloacina.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.python.BenchFiles;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.ContextJson;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The GraalPy backend's raw channel: one GraalPy context on its own engine, entered by the benchmark thread,
 * and one {@code Value.execute} of a Python function doing json.loads of the JVM's JSON text, the same task
 * body, json.dumps back, decoded by Jackson. No pool, no thread handoff, no bridge.
 *
 * <p>{@code trivialTaskOnOwnThread} is the same call made by a thread that owns the context, the caller handing
 * it over and waiting: the least a backend whose callers may be any thread and never run Python themselves must
 * pay (one thread wake-up each way), as for the other backends' raw channels.
 */
public class GraalRawBenchmark extends BenchDefaults {

    @State(Scope.Benchmark)
    public static class Raw {
        Engine engine;
        Context context;
        Value function;

        @Setup
        public void start() throws IOException {
            engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
            context = Context.newBuilder("python").engine(engine).build();
            String tasks = Files.readString(BenchFiles.get().scripts().resolve("bench_tasks.py"));
            context.eval(Source.create("python", tasks));
            function = context.eval(Source.create("python", String.join("\n",
                    "import json",
                    "def _cloacina_raw(text):",
                    "    return json.dumps(increment(json.loads(text)), separators=(',', ':'))",
                    "_cloacina_raw")));
            ObjectNode out = roundTrip(this, JsonNodeFactory.instance.objectNode().put("n", 1));
            if (out.get("n").asInt() != 2) {
                throw new IllegalStateException("raw Value.execute returned " + out);
            }
        }

        @TearDown
        public void stop() {
            context.close();
            engine.close();
        }
    }

    /** The same raw channel on a context that a thread of its own uses: the caller hands each call over and waits. */
    @State(Scope.Benchmark)
    public static class OwnThread {
        final Raw raw = new Raw();
        ExecutorService thread;

        @Setup
        public void start() throws IOException {
            raw.start();
            thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-graal-owner"));
        }

        @TearDown
        public void stop() throws InterruptedException {
            LoadedBackend.stopThread(thread, "the raw context's owner thread");
            raw.stop();
        }
    }

    static ObjectNode roundTrip(Raw raw, ObjectNode input) {
        try {
            String text = ContextJson.MAPPER.writeValueAsString(input);
            String reply = raw.function.execute(text).asString();
            return (ObjectNode) ContextJson.MAPPER.readTree(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public ObjectNode trivialTask(Raw raw) {
        return roundTrip(raw, JsonNodeFactory.instance.objectNode().put("n", 1));
    }

    @Benchmark
    public ObjectNode trivialTaskOnOwnThread(OwnThread own) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("n", 1);
        return LoadedBackend.await(CompletableFuture.supplyAsync(() -> roundTrip(own.raw, input), own.thread));
    }

    @Benchmark
    public ObjectNode sizedContext(Raw raw, SizedRawInput data) {
        return roundTrip(raw, data.context.tree());
    }
}
