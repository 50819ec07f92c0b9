package io.cloacina.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.python.BenchFiles;
import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.ContextJson;
import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Jep backend's raw channel: a Jep sub-interpreter owned by the benchmark thread, and one
 * {@code invoke} of a Python function doing what the task bridge must do at least: json.loads of the JSON
 * text the JVM encoded, the same task body, json.dumps back, decoded by Jackson. No queue, no thread handoff,
 * no bridge. Jep itself is set up by loading the jep backend once (it owns the one main interpreter).
 *
 * <p>{@code trivialTaskOnOwnThread} is the same invoke on an interpreter owned by a thread of its own, the
 * caller handing the call over and waiting for the result: the least any backend whose callers may be any
 * thread must pay (one thread wake-up each way), to show how much of the backend's cost is its design.
 */
public class JepRawBenchmark extends BenchDefaults {

    private static final String RAW = String.join("\n",
            "import json",
            "from bench_tasks import increment",
            "def _cloacina_raw(text):",
            "    return json.dumps(increment(json.loads(text)), separators=(',', ':'))");

    /** Thread scope: Jep only lets the thread that created an interpreter use it. */
    @State(Scope.Thread)
    public static class Raw {
        LoadedBackend backend;
        Interpreter interpreter;

        @Setup
        public void start() throws JepException {
            // The backend initialises Jep (native library, main interpreter); keep it loaded so both coexist
            // the way they would in an application.
            backend = LoadedBackend.open("jep", BenchPackages.single());
            interpreter = new JepConfig().addIncludePaths(BenchFiles.get().scripts().toString()).createSubInterpreter();
            interpreter.exec(RAW);
            ObjectNode out = roundTrip(this, JsonNodeFactory.instance.objectNode().put("n", 1));
            if (out.get("n").asInt() != 2) {
                throw new IllegalStateException("raw Jep invoke returned " + out);
            }
        }

        @TearDown
        public void stop() throws JepException {
            interpreter.close();
            backend.close();
        }
    }

    /** An interpreter created, used and closed only by its own thread, as the backend's are. */
    @State(Scope.Benchmark)
    public static class OwnThread {
        LoadedBackend backend;
        ExecutorService thread;
        Raw raw;

        @Setup
        public void start() {
            backend = LoadedBackend.open("jep", BenchPackages.single());
            thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-jep-interpreter"));
            raw = LoadedBackend.await(CompletableFuture.supplyAsync(() -> {
                Raw created = new Raw();
                try {
                    created.interpreter = new JepConfig().addIncludePaths(BenchFiles.get().scripts().toString())
                            .createSubInterpreter();
                    created.interpreter.exec(RAW);
                } catch (JepException e) {
                    throw new IllegalStateException("could not start the raw Jep interpreter", e);
                }
                return created;
            }, thread));
            ObjectNode out = handOver(this);
            if (out.get("n").asInt() != 2) {
                throw new IllegalStateException("raw Jep invoke on its own thread returned " + out);
            }
        }

        @TearDown
        public void stop() throws InterruptedException {
            LoadedBackend.await(CompletableFuture.runAsync(() -> {
                try {
                    raw.interpreter.close();
                } catch (JepException e) {
                    throw new IllegalStateException(e);
                }
            }, thread));
            LoadedBackend.stopThread(thread, "the raw interpreter's thread");
            backend.close();
        }
    }

    static ObjectNode roundTrip(Raw raw, ObjectNode context) {
        try {
            String text = ContextJson.MAPPER.writeValueAsString(context);
            String reply = (String) raw.interpreter.invoke("_cloacina_raw", text);
            return (ObjectNode) ContextJson.MAPPER.readTree(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JepException e) {
            throw new IllegalStateException("raw Jep invoke failed", e);
        }
    }

    @Benchmark
    public ObjectNode trivialTask(Raw raw) {
        return roundTrip(raw, JsonNodeFactory.instance.objectNode().put("n", 1));
    }

    @Benchmark
    public ObjectNode trivialTaskOnOwnThread(OwnThread own) {
        return handOver(own);
    }

    static ObjectNode handOver(OwnThread own) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("n", 1);
        return LoadedBackend.await(CompletableFuture.supplyAsync(() -> roundTrip(own.raw, input), own.thread));
    }

    @Benchmark
    public ObjectNode sizedContext(Raw raw, SizedRawInput data) {
        return roundTrip(raw, data.context.tree());
    }
}
