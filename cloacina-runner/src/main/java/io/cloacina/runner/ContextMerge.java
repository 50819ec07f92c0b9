package io.cloacina.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;

import java.util.Comparator;
import java.util.List;

/**
 * Cloacina's rule for combining contexts, applied left to right ({@code earlier}, then {@code later}):
 * <ul>
 *   <li>two objects merge recursively, key by key (the earlier object's keys keep their order, new keys
 *       follow in the later object's order);</li>
 *   <li>two arrays concatenate: the later array's elements are appended unless an equal element is already
 *       there (numbers compare by value, so {@code 1} and {@code 1.0} are equal, as in Python);</li>
 *   <li>anything else, including {@code null} and a type change: the later value wins.</li>
 * </ul>
 * Never mutates its inputs: the result shares no mutable node with them.
 *
 * @since 0.1
 */
public final class ContextMerge {

    /** JSON equality where numbers are equal when their values are, whatever their Java representation. */
    private static final Comparator<JsonNode> VALUE_EQUALITY = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private ContextMerge() {
    }

    /** Merges contexts in the order given (the first is the earliest); an empty list gives an empty context. */
    public static Context merge(List<Context> inOrder) {
        if (inOrder.size() == 1) {
            return inOrder.get(0).mutableCopy();
        }
        ObjectNode result = ContextJson.MAPPER.createObjectNode();
        for (Context context : inOrder) {
            context.entriesView().forEach((key, value) -> result.set(key, mergeValue(result.get(key), value)));
        }
        return Context.adopt(result);
    }

    /** Merges two contexts: {@code later} wins where the rule says so. */
    public static Context merge(Context earlier, Context later) {
        return merge(List.of(earlier, later));
    }

    /** Merges two JSON values by the rule; {@code earlier} may be {@code null} (absent). */
    public static JsonNode mergeValue(JsonNode earlier, JsonNode later) {
        if (earlier == null) {
            return later.deepCopy();
        }
        if (earlier.isObject() && later.isObject()) {
            ObjectNode merged = ContextJson.MAPPER.createObjectNode();
            earlier.properties().forEach(e -> merged.set(e.getKey(), e.getValue().deepCopy()));
            later.properties().forEach(e -> merged.set(e.getKey(), mergeValue(merged.get(e.getKey()), e.getValue())));
            return merged;
        }
        if (earlier.isArray() && later.isArray()) {
            ArrayNode merged = ((ArrayNode) earlier).deepCopy();
            for (JsonNode element : later) {
                if (!contains(merged, element)) {
                    merged.add(element.deepCopy());
                }
            }
            return merged;
        }
        return later.deepCopy();
    }

    private static boolean contains(ArrayNode array, JsonNode element) {
        for (JsonNode present : array) {
            if (present.equals(VALUE_EQUALITY, element)) {
                return true;
            }
        }
        return false;
    }
}
