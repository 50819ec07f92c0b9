package io.cloacina.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The data a task reads and writes: an ordered map of {@code String} keys to JSON values.
 *
 * <p>Values are Jackson nodes. Containers are copied on the way in and on the way out, so a
 * context never shares mutable state with its caller. {@link #snapshot()} is O(1): the snapshot and
 * this context share one map until either side writes (copy-on-write), which makes it cheap to hand
 * one task's output to several dependants.
 *
 * <p>Integers keep their exact value whatever their size ({@code BigInteger} beyond 64 bits).
 * A {@code Context} is not thread-safe for writes; snapshots are immutable and may be shared freely.
 *
 * @since 0.1
 */
public final class Context {

    private Map<String, JsonNode> entries;
    /** True while {@link #entries} is also referenced by a snapshot: the next write copies it first. */
    private boolean shared;
    private final boolean readOnly;

    public Context() {
        this(new LinkedHashMap<>(), false, false);
    }

    private Context(Map<String, JsonNode> entries, boolean shared, boolean readOnly) {
        this.entries = entries;
        this.shared = shared;
        this.readOnly = readOnly;
    }

    /** Builds a context from a JSON object text; fails with {@link ContextException} on anything else. */
    public static Context fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = ContextJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ContextException("Context JSON is malformed: " + e.getOriginalMessage());
        }
        return fromJsonNode(node);
    }

    /** Builds a context from the fields of a JSON object node (the node is not retained). */
    public static Context fromJsonNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ContextException("A context must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        Context context = new Context();
        node.fields().forEachRemaining(e -> context.entries.put(e.getKey(), e.getValue().deepCopy()));
        return context;
    }

    /** Takes ownership of already-private nodes without copying: for backends that just decoded them. */
    public static Context adopt(ObjectNode freshlyDecoded) {
        Context context = new Context();
        freshlyDecoded.fields().forEachRemaining(e -> context.entries.put(e.getKey(), e.getValue()));
        return context;
    }

    public Optional<JsonNode> get(String key) {
        JsonNode value = entries.get(key);
        return value == null ? Optional.empty() : Optional.of(value.deepCopy());
    }

    public boolean containsKey(String key) {
        return entries.containsKey(key);
    }

    /** Adds a new key; fails if the key is already present. */
    public Context insert(String key, JsonNode value) {
        checkKey(key);
        if (entries.containsKey(key)) {
            throw new ContextException("Key '" + key + "' already exists in the context (use update or set)");
        }
        writable().put(key, own(key, value));
        return this;
    }

    /** Replaces the value of an existing key; fails if the key is missing. */
    public Context update(String key, JsonNode value) {
        checkKey(key);
        if (!entries.containsKey(key)) {
            throw new ContextException("Key '" + key + "' is not in the context (use insert or set)");
        }
        writable().put(key, own(key, value));
        return this;
    }

    /** Inserts or replaces. */
    public Context set(String key, JsonNode value) {
        checkKey(key);
        writable().put(key, own(key, value));
        return this;
    }

    public Context set(String key, String value) {
        return set(key, ContextJson.MAPPER.getNodeFactory().textNode(value));
    }

    public Context set(String key, long value) {
        return set(key, ContextJson.MAPPER.getNodeFactory().numberNode(value));
    }

    /** Removes a key and returns its value, if it was present. */
    public Optional<JsonNode> remove(String key) {
        if (!entries.containsKey(key)) {
            return Optional.empty();
        }
        return Optional.of(writable().remove(key));
    }

    /** The keys in insertion order (an unmodifiable view of a stable copy). */
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** An immutable view of this context as it is now; O(1) until one side is written. */
    public Context snapshot() {
        if (readOnly) {
            return this;
        }
        shared = true;
        return new Context(entries, true, true);
    }

    /** A writable context with the same content (O(1) until written). */
    public Context mutableCopy() {
        if (!readOnly) {
            shared = true;
        }
        return new Context(entries, true, false);
    }

    /** A JSON object node holding a copy of every entry. */
    public ObjectNode toJsonNode() {
        ObjectNode node = ContextJson.MAPPER.createObjectNode();
        entries.forEach((k, v) -> node.set(k, v.deepCopy()));
        return node;
    }

    /** Read-only access to the entries without copying, for serialisers: callers must not mutate the nodes. */
    public Map<String, JsonNode> entriesView() {
        return Collections.unmodifiableMap(entries);
    }

    /** Compact JSON text; integers beyond 64 bits are written exactly. */
    public String toJson() {
        try {
            return ContextJson.MAPPER.writeValueAsString(entriesView());
        } catch (JsonProcessingException e) {
            throw new ContextException("Context could not be written as JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Context that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        String json = toJson();
        return json.length() > 500 ? json.substring(0, 500) + "…" : json;
    }

    private Map<String, JsonNode> writable() {
        if (readOnly) {
            throw new ContextException("This context is a read-only snapshot (use mutableCopy())");
        }
        if (shared) {
            entries = new LinkedHashMap<>(entries);
            shared = false;
        }
        return entries;
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "context key");
    }

    private static JsonNode own(String key, JsonNode value) {
        if (value == null) {
            return ContextJson.MAPPER.getNodeFactory().nullNode();
        }
        rejectNonFinite(value, key);
        return value.isContainerNode() ? value.deepCopy() : value;
    }

    /**
     * NaN and Infinity have no JSON form; refusing them here keeps every backend's round trip exact.
     * Iterative, because a context may legitimately be thousands of levels deep.
     */
    private static void rejectNonFinite(JsonNode root, String key) {
        java.util.ArrayDeque<PathNode> pending = new java.util.ArrayDeque<>();
        pending.push(new PathNode(root, null, key, -1));
        while (!pending.isEmpty()) {
            PathNode current = pending.pop();
            JsonNode value = current.node();
            if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
                throw new ContextException("Value at '" + current.path() + "' is " + value.doubleValue()
                        + ", which is not valid JSON");
            }
            if (value.isObject()) {
                value.fields().forEachRemaining(e -> pending.push(new PathNode(e.getValue(), current, e.getKey(), -1)));
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    pending.push(new PathNode(value.get(i), current, null, i));
                }
            }
        }
    }

    /** A node and where it sits; the dotted path is only built when an error needs it. */
    private record PathNode(JsonNode node, PathNode parent, String key, int index) {
        String path() {
            java.util.ArrayDeque<PathNode> chain = new java.util.ArrayDeque<>();
            for (PathNode at = this; at != null; at = at.parent()) {
                chain.push(at);
            }
            StringBuilder text = new StringBuilder();
            for (PathNode step : chain) {
                if (step.key() != null) {
                    text.append(text.isEmpty() ? "" : ".").append(step.key());
                } else {
                    text.append('[').append(step.index()).append(']');
                }
            }
            return text.toString();
        }
    }
}
