package io.cloacina.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Context")
class ContextTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Nested
    @DisplayName("key operations")
    class KeyOperations {

        @Test
        void insert_adds_a_new_key_and_refuses_an_existing_one() {
            Context context = new Context().insert("a", NODES.numberNode(1));
            ContextException error = assertThrows(ContextException.class, () -> context.insert("a", NODES.numberNode(2)));
            assertTrue(error.getMessage().contains("'a' already exists"), error.getMessage());
            assertEquals(1, context.get("a").orElseThrow().asInt());
        }

        @Test
        void update_replaces_an_existing_key_and_refuses_a_missing_one() {
            Context context = new Context().insert("a", NODES.numberNode(1)).update("a", NODES.textNode("x"));
            assertEquals("x", context.get("a").orElseThrow().asText());
            ContextException error = assertThrows(ContextException.class, () -> context.update("b", NODES.nullNode()));
            assertTrue(error.getMessage().contains("'b' is not in the context"), error.getMessage());
        }

        @Test
        void set_inserts_or_replaces_and_remove_returns_the_old_value() {
            Context context = new Context().set("a", 1).set("a", 2);
            assertEquals(2, context.remove("a").orElseThrow().asInt());
            assertTrue(context.remove("a").isEmpty());
            assertTrue(context.isEmpty());
        }

        @Test
        void keys_keep_insertion_order() {
            Context context = new Context().set("z", 1).set("a", 2).set("m", 3);
            assertEquals(List.of("z", "a", "m"), context.keys());
        }
    }

    @Nested
    @DisplayName("JSON")
    class Json {

        @Test
        void whatever_nesting_depth_is_read_can_be_written_back() {
            String json = "{\"d\":" + "[".repeat(1_500) + "1" + "]".repeat(1_500) + "}";
            assertEquals(json, Context.fromJson(json).toJson());
        }

        @Test
        void integers_beyond_64_bits_round_trip_exactly() {
            String big = "123456789012345678901234567890";
            Context context = Context.fromJson("{\"n\":" + big + ",\"neg\":-" + big + "}");
            assertEquals(new BigInteger(big), context.get("n").orElseThrow().bigIntegerValue());
            assertEquals("{\"n\":" + big + ",\"neg\":-" + big + "}", context.toJson());
        }

        @Test
        void non_bmp_unicode_and_empty_keys_round_trip() {
            String json = "{\"\":\"\",\"emoji\":\"\uD83D\uDE80 caf\u00e9\"}";
            assertEquals(json, Context.fromJson(json).toJson());
        }

        @Test
        void a_non_object_or_malformed_text_is_refused_with_a_reason() {
            assertTrue(assertThrows(ContextException.class, () -> Context.fromJson("[1]")).getMessage()
                    .contains("must be a JSON object"));
            assertTrue(assertThrows(ContextException.class, () -> Context.fromJson("{\"a\":")).getMessage()
                    .contains("malformed"));
            assertThrows(ContextException.class, () -> Context.fromJson("{\"a\":NaN}"));
        }

        @Test
        void nan_and_infinity_are_refused_with_their_key_path() {
            ObjectNode nested = NODES.objectNode();
            nested.putArray("xs").add(1.0).add(DoubleNode.valueOf(Double.NaN));
            ContextException error = assertThrows(ContextException.class, () -> new Context().set("report", nested));
            assertTrue(error.getMessage().contains("report.xs[1]"), error.getMessage());
            assertThrows(ContextException.class, () -> new Context().set("x", DoubleNode.valueOf(Double.POSITIVE_INFINITY)));
        }

        @Test
        void a_value_thousands_of_levels_deep_is_checked_without_overflowing_the_stack() {
            ObjectNode root = NODES.objectNode();
            ObjectNode at = root;
            for (int depth = 0; depth < 5_000; depth++) {
                at = at.putObject("d");
            }
            at.put("bad", Double.NaN);
            ContextException error = assertThrows(ContextException.class, () -> new Context().set("deep", root));
            assertTrue(error.getMessage().startsWith("Value at 'deep.d.d.d"), error.getMessage().substring(0, 40));
            assertTrue(error.getMessage().contains(".d.bad' is NaN"));
        }

        @Test
        void equal_content_means_equal_contexts() {
            assertEquals(Context.fromJson("{\"a\":[1,{\"b\":null}]}"), Context.fromJson("{\"a\":[1,{\"b\":null}]}"));
            assertNotEquals(Context.fromJson("{\"a\":1}"), Context.fromJson("{\"a\":2}"));
        }
    }

    @Nested
    @DisplayName("isolation and snapshots")
    class Snapshots {

        @Test
        void values_put_in_are_copied_so_later_caller_mutation_does_not_leak_in() {
            ObjectNode value = NODES.objectNode().put("x", 1);
            Context context = new Context().set("v", value);
            value.put("x", 2);
            assertEquals(1, context.get("v").orElseThrow().get("x").asInt());
        }

        @Test
        void values_read_out_are_copies() {
            Context context = Context.fromJson("{\"v\":{\"x\":1}}");
            ((ObjectNode) context.get("v").orElseThrow()).put("x", 99);
            assertEquals(1, context.get("v").orElseThrow().get("x").asInt());
        }

        @Test
        void a_snapshot_does_not_see_later_writes_and_cannot_be_written() {
            Context context = Context.fromJson("{\"a\":1}");
            Context snapshot = context.snapshot();
            context.set("a", 2).set("b", 3);
            assertEquals(Context.fromJson("{\"a\":1}"), snapshot);
            assertTrue(snapshot.isReadOnly());
            assertThrows(ContextException.class, () -> snapshot.set("c", 1));
        }

        @Test
        void mutable_copies_of_one_snapshot_are_independent() {
            Context snapshot = Context.fromJson("{\"a\":1}").snapshot();
            Context first = snapshot.mutableCopy().set("a", 10);
            Context second = snapshot.mutableCopy();
            second.remove("a");
            assertEquals(10, first.get("a").orElseThrow().asInt());
            assertFalse(second.containsKey("a"));
            assertEquals(1, snapshot.get("a").orElseThrow().asInt());
        }

        @Test
        void to_json_node_is_a_detached_copy() {
            Context context = Context.fromJson("{\"v\":{\"x\":1}}");
            JsonNode node = context.toJsonNode();
            ((ObjectNode) node.get("v")).put("x", 5);
            assertEquals(1, context.get("v").orElseThrow().get("x").asInt());
        }
    }
}
