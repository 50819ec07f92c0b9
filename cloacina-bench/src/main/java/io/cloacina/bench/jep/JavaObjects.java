package io.cloacina.bench.jep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java half of the direct-conversion candidate: context trees to the plain Java objects Jep converts
 * (Map, List, String, Long, BigInteger, Double, Boolean, null) and back, in the shapes jep_direct.py uses:
 * an ArrayList is a Python list, any other List is a dict's (key, value, ...) tuple.
 */
public final class JavaObjects {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JavaObjects() {
    }

    public static Object fromTree(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), fromTree(entry.getValue()));
                }
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(fromTree(item));
                }
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
                }
                return node.doubleValue();
            }
            case NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    public static JsonNode toTree(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Long number) {
            // The node Jackson would decode from the same text: int when it fits, so trees compare equal.
            long n = number;
            return n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof ArrayList<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object item : list) {
                array.add(toTree(item));
            }
            return array;
        }
        if (value instanceof List<?> pairs) {
            ObjectNode object = NODES.objectNode();
            for (int i = 0; i < pairs.size(); i += 2) {
                object.set((String) pairs.get(i), toTree(pairs.get(i + 1)));
            }
            return object;
        }
        throw new IllegalArgumentException("Jep returned a " + value.getClass().getName());
    }
}
