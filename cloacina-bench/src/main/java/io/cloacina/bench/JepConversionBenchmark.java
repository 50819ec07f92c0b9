package io.cloacina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.data.SizedContexts;
import io.cloacina.bench.jep.JavaObjects;
import io.cloacina.bench.python.BenchPackages;
import io.cloacina.bench.python.LoadedBackend;
import io.cloacina.context.ContextJson;
import io.cloacina.spi.PythonPackage;
import io.cloacina.bridge.CloacaModule;
import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a context should cross into a Jep interpreter and back (issue 4, "Conversion"): the jep backend's
 * current path, JSON text both ways ({@code cloaca._host.execute_json}, Jackson on the JVM side), against
 * direct conversion (the context as Java Map/List/boxed values, copied into dicts and lists in Python, the
 * reply returned as Java objects by Jep and turned back into a tree; see jep_direct.py).
 *
 * <p>Both run in the same sub-interpreter, with the same package loaded through the same bridge, the same task
 * ("incr") and the same contexts, in the same JMH run; only the crossing differs. Each starts from the JVM's
 * context tree and ends with a decoded reply tree, as the backend must.
 */
public class JepConversionBenchmark extends BenchDefaults {

    private static final String TASK = "incr";
    private static final String DIRECT_SOURCE = resource("/io/cloacina/bench/python/jep_direct.py");

    /** Thread scope: Jep only lets the thread that created an interpreter use it. */
    @State(Scope.Thread)
    public static class Bridge {
        LoadedBackend backend;
        Interpreter interpreter;

        @Setup
        public void start() throws JepException {
            // The backend initialises Jep (native library, main interpreter) and stays loaded beside ours.
            backend = LoadedBackend.open("jep", BenchPackages.single());
            PythonPackage pkg = BenchPackages.single();
            interpreter = new JepConfig().createSubInterpreter();
            interpreter.set("_cloaca_path", CloacaModule.pythonPathEntry().toString());
            interpreter.set("_direct_source", DIRECT_SOURCE);
            interpreter.exec(String.join("\n",
                    "import sys, types",
                    "sys.path.insert(0, _cloaca_path)",
                    "from cloaca import _host",
                    "_jep_direct = types.ModuleType('jep_direct')",
                    "exec(compile(_direct_source, 'jep_direct.py', 'exec'), _jep_direct.__dict__)",
                    "_execute_direct = _jep_direct.execute_direct",
                    "_execute_json = _host.execute_json"));
            interpreter.set("_source_dir", pkg.sourceDir().toString());
            interpreter.set("_entry", pkg.entryModule());
            interpreter.exec("_loaded = _host.load(_source_dir, None, _entry)");
            Object loaded = interpreter.getValue("_loaded['ok']");
            if (!Boolean.TRUE.equals(loaded)) {
                throw new IllegalStateException("the bench package did not load: " + interpreter.getValue("str(_loaded)"));
            }
            checkBothAgree(this);
        }

        @TearDown
        public void stop() throws JepException {
            interpreter.exec("_host.unload()");
            interpreter.close();
            backend.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Sized {
        @Param({"1KB", "100KB", "1MB"})
        public String size;
        SizedContexts context;

        @Setup
        public void generate() {
            context = SizedContexts.of(size);
        }
    }

    /** The current path: the tree encoded by Jackson, json.loads/dumps in the bridge, the reply decoded by Jackson. */
    static JsonNode viaJson(Bridge bridge, ObjectNode context) {
        try {
            String text = ContextJson.MAPPER.writeValueAsString(context);
            String reply = (String) bridge.interpreter.invoke("_execute_json", TASK, text);
            JsonNode node = ContextJson.MAPPER.readTree(reply);
            return requireOk(node.get("ok").booleanValue(), node).get("context");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The candidate: Java objects handed to Jep both ways. */
    static JsonNode direct(Bridge bridge, ObjectNode context) {
        // Object[] so that Jep does not take the map for keyword arguments (invoke(String, Map) overload).
        Map<?, ?> reply = (Map<?, ?>) bridge.interpreter.invoke("_execute_direct", new Object[] {TASK, JavaObjects.fromTree(context)});
        return JavaObjects.toTree(requireOk(Boolean.TRUE.equals(reply.get("ok")), reply).get("context"));
    }

    private static <T> T requireOk(boolean ok, T reply) {
        if (!ok) {
            throw new IllegalStateException("task " + TASK + " failed: " + reply);
        }
        return reply;
    }

    /** The two paths must produce the same result, or comparing their speed means nothing. */
    static void checkBothAgree(Bridge bridge) {
        ObjectNode sample = JsonNodeFactory.instance.objectNode().put("n", 1);
        sample.put("big", new java.math.BigInteger("-170141183460469231731687303715884105733"));
        sample.put("emoji", "caf\u00e9 \uD83D\uDE00");
        sample.putArray("list").add(1.5).add(true).addNull().addObject().put("z", 1).put("a", 2);
        JsonNode json = viaJson(bridge, sample);
        JsonNode direct = direct(bridge, sample);
        if (!json.equals(direct) || json.get("n").asInt() != 2
                || !json.toString().equals(direct.toString())) { // toString: same key order too
            throw new IllegalStateException("the two paths disagree: json " + json + ", direct " + direct);
        }
    }

    @Benchmark
    public JsonNode trivialJson(Bridge bridge) {
        return viaJson(bridge, JsonNodeFactory.instance.objectNode().put("n", 1));
    }

    @Benchmark
    public JsonNode trivialDirect(Bridge bridge) {
        return direct(bridge, JsonNodeFactory.instance.objectNode().put("n", 1));
    }

    @Benchmark
    public JsonNode sizedJson(Bridge bridge, Sized data) {
        return viaJson(bridge, data.context.tree());
    }

    @Benchmark
    public JsonNode sizedDirect(Bridge bridge, Sized data) {
        return direct(bridge, data.context.tree());
    }

    private static String resource(String name) {
        try (InputStream in = JepConversionBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the bench jar is missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
