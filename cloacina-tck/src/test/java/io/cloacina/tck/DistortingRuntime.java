package io.cloacina.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;
import io.cloacina.tck.reference.ReferenceProcessRuntime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A real backend (the reference one) whose outputs are subtly damaged on the way back, as a careless JSON
 * layer would damage them: null-valued keys dropped, or keys reordered. Everything else is right, so only the
 * kit's round-trip rules can catch it.
 */
final class DistortingRuntime implements PythonRuntime {

    enum Distortion { DROP_NULLS, REVERSE_KEYS }

    private final PythonRuntime inner = new ReferenceProcessRuntime();
    private final Distortion distortion;

    DistortingRuntime(Distortion distortion) {
        this.distortion = distortion;
    }

    @Override
    public String spiVersion() {
        return inner.spiVersion();
    }

    @Override
    public String name() {
        return BrokenFakeRuntime.NAME;
    }

    @Override
    public Availability availability() {
        return inner.availability();
    }

    @Override
    public int priority() {
        return -1000;
    }

    @Override
    public Set<Capability> capabilities() {
        return inner.capabilities();
    }

    @Override
    public int parallelism() {
        return inner.parallelism();
    }

    @Override
    public LoadedPackage load(PythonPackage pkg) {
        LoadedPackage loaded = inner.load(pkg);
        TaskExecutor damaged = (taskId, input, options) -> loaded.executor().execute(taskId, input, options)
                .thenApply(this::damage);
        return new LoadedPackage() {
            @Override
            public PythonPackage pythonPackage() {
                return loaded.pythonPackage();
            }

            @Override
            public TaskDiscovery discovery() {
                return loaded.discovery();
            }

            @Override
            public TaskExecutor executor() {
                return damaged;
            }

            @Override
            public void close() {
                loaded.close();
            }
        };
    }

    @Override
    public void close() {
        inner.close();
    }

    private Context damage(Context output) {
        ObjectNode tree = (ObjectNode) output.toJsonNode().deepCopy();
        return Context.adopt((ObjectNode) damage(tree));
    }

    private JsonNode damage(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        if (distortion == Distortion.REVERSE_KEYS) {
            Collections.reverse(fields);
        }
        ObjectNode copy = ContextJson.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> field : fields) {
            if (distortion == Distortion.DROP_NULLS && field.getValue().isNull()) {
                continue;
            }
            copy.set(field.getKey(), damage(field.getValue()));
        }
        return copy;
    }

    /** The kit against a backend that drops null-valued keys. */
    static class NullDroppingKitRun extends PythonRuntimeCompatibilityKit {
        @Override
        protected PythonRuntime createRuntime() {
            return new DistortingRuntime(Distortion.DROP_NULLS);
        }
    }

    /** The kit against a backend that reverses key order. */
    static class KeyReorderingKitRun extends PythonRuntimeCompatibilityKit {
        @Override
        protected PythonRuntime createRuntime() {
            return new DistortingRuntime(Distortion.REVERSE_KEYS);
        }
    }
}
