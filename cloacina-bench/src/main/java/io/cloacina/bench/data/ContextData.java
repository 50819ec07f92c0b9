package io.cloacina.bench.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.ContextJson;

/**
 * The one generator of realistic benchmark contexts: {@code {"n": 1, "records": [...]}} where each record is
 * a customer with strings, numbers, a nested address and a few orders. Deterministic (a fixed-seed LCG), so
 * every run and every side sees the same data: the Python baselines read the JSON text this class writes
 * rather than generating their own.
 */
public final class ContextData {

    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances",
        "Ken", "Margaret", "Niklaus", "Radia", "Tony"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Thompson", "Hamilton", "Wirth", "Perlman", "Hoare"};
    private static final String[] CITIES = {"Lyon", "Porto", "Tartu", "Ghent", "Kraków", "Bergen", "Graz", "Turku"};
    private static final String[] SKUS = {"widget", "gadget", "sprocket", "flange", "gizmo", "doohickey"};

    private long seed = 0x5DEECE66DL;

    private ContextData() {
    }

    /** A context whose compact JSON encoding is at least {@code bytes} long (and at most one record more). */
    public static ObjectNode ofSize(int bytes) {
        return new ContextData().build(bytes);
    }

    /** The compact JSON text of {@link #ofSize(int)}. */
    public static byte[] jsonOfSize(int bytes) {
        try {
            return ContextJson.MAPPER.writeValueAsBytes(ofSize(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generated context must encode", e);
        }
    }

    private ObjectNode build(int bytes) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("n", 1);
        ArrayNode records = root.putArray("records");
        long size = encodedLength(root);
        for (int id = 0; size < bytes; id++) {
            ObjectNode record = record(nodes, id);
            records.add(record);
            size += encodedLength(record) + (id == 0 ? 0 : 1); // the separating comma
        }
        return root;
    }

    private ObjectNode record(JsonNodeFactory nodes, int id) {
        String first = pick(FIRST);
        String last = pick(LAST);
        ObjectNode record = nodes.objectNode();
        record.put("id", id);
        record.put("name", first + " " + last);
        record.put("email", first.toLowerCase() + "." + last.toLowerCase() + id + "@example.org");
        record.put("active", next(2) == 0);
        record.put("score", next(100_000) / 100.0);
        ObjectNode address = record.putObject("address");
        address.put("street", (1 + next(300)) + " " + pick(LAST) + " Street");
        address.put("city", pick(CITIES));
        address.put("zip", String.format("%05d", next(100_000)));
        ArrayNode orders = record.putArray("orders");
        int count = 1 + next(3);
        for (int i = 0; i < count; i++) {
            ObjectNode order = orders.addObject();
            order.put("sku", pick(SKUS) + "-" + next(1000));
            order.put("qty", 1 + next(20));
            order.put("price", next(50_000) / 100.0);
        }
        ArrayNode tags = record.putArray("tags");
        tags.add(pick(SKUS));
        tags.add(pick(CITIES));
        return record;
    }

    private String pick(String[] values) {
        return values[next(values.length)];
    }

    /** Knuth's MMIX LCG; the high bits are the good ones. */
    private int next(int bound) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int) Math.floorMod(seed >>> 33, (long) bound);
    }

    private static long encodedLength(ObjectNode node) {
        try {
            return ContextJson.MAPPER.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generated record must encode", e);
        }
    }
}
