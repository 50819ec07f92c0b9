package io.cloacina.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContextMergeTest {

    private static Context ctx(String json) {
        return Context.fromJson(json);
    }

    private static JsonNode json(String text) throws Exception {
        return ContextJson.MAPPER.readTree(text);
    }

    private static void assertMerged(String expected, String... inOrder) throws Exception {
        List<Context> contexts = java.util.Arrays.stream(inOrder).map(ContextMergeTest::ctx).toList();
        assertEquals(json(expected), ContextMerge.merge(contexts).toJsonNode());
    }

    @Nested
    @DisplayName("objects")
    class Objects {
        @Test
        void disjoint_keys_are_all_kept_in_order() throws Exception {
            assertMerged("{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":1,\"b\":2}", "{\"c\":3}");
            assertEquals(List.of("a", "b", "c"),
                    ContextMerge.merge(ctx("{\"a\":1,\"b\":2}"), ctx("{\"c\":3}")).keys());
        }

        @Test
        void nested_objects_merge_recursively() throws Exception {
            assertMerged("{\"cfg\":{\"db\":{\"host\":\"h\",\"port\":5433,\"user\":\"u\"},\"debug\":true}}",
                    "{\"cfg\":{\"db\":{\"host\":\"h\",\"port\":5432},\"debug\":true}}",
                    "{\"cfg\":{\"db\":{\"port\":5433,\"user\":\"u\"}}}");
        }

        @Test
        void three_levels_deep_with_arrays_inside() throws Exception {
            assertMerged("{\"a\":{\"b\":{\"c\":{\"tags\":[\"x\",\"y\",\"z\"],\"n\":2}}}}",
                    "{\"a\":{\"b\":{\"c\":{\"tags\":[\"x\",\"y\"],\"n\":1}}}}",
                    "{\"a\":{\"b\":{\"c\":{\"tags\":[\"y\",\"z\"],\"n\":2}}}}");
        }
    }

    @Nested
    @DisplayName("arrays")
    class Arrays {
        @Test
        void concatenate_without_adding_duplicates() throws Exception {
            assertMerged("{\"rows\":[1,2,3,4]}", "{\"rows\":[1,2,3]}", "{\"rows\":[3,4,1]}");
        }

        @Test
        void duplicates_already_in_the_earlier_array_stay() throws Exception {
            assertMerged("{\"rows\":[1,1,2]}", "{\"rows\":[1,1]}", "{\"rows\":[2,2]}");
        }

        @Test
        void objects_inside_arrays_compare_by_value() throws Exception {
            assertMerged("{\"rows\":[{\"id\":1},{\"id\":2}]}", "{\"rows\":[{\"id\":1}]}",
                    "{\"rows\":[{\"id\":1},{\"id\":2}]}");
        }

        @Test
        void numbers_compare_by_value_like_python() throws Exception {
            assertMerged("{\"n\":[1,2.5]}", "{\"n\":[1]}", "{\"n\":[1.0,2.5]}");
        }

        @Test
        void three_contexts_concatenate_in_order() throws Exception {
            assertMerged("{\"log\":[\"a\",\"b\",\"c\"]}", "{\"log\":[\"a\"]}", "{\"log\":[\"b\",\"a\"]}",
                    "{\"log\":[\"c\"]}");
        }
    }

    @Nested
    @DisplayName("other values")
    class Scalars {
        @Test
        void the_later_value_wins() throws Exception {
            assertMerged("{\"x\":3}", "{\"x\":1}", "{\"x\":2}", "{\"x\":3}");
            assertMerged("{\"x\":1}", "{\"x\":3}", "{\"x\":2}", "{\"x\":1}");
        }

        @Test
        void a_type_change_takes_the_later_value() throws Exception {
            assertMerged("{\"x\":\"text\"}", "{\"x\":{\"a\":1}}", "{\"x\":\"text\"}");
            assertMerged("{\"x\":[1]}", "{\"x\":{\"a\":1}}", "{\"x\":[1]}");
            assertMerged("{\"x\":{\"a\":1}}", "{\"x\":[1]}", "{\"x\":{\"a\":1}}");
        }

        @Test
        void null_is_a_value_and_wins_when_later() throws Exception {
            assertMerged("{\"x\":null}", "{\"x\":5}", "{\"x\":null}");
            assertMerged("{\"x\":5}", "{\"x\":null}", "{\"x\":5}");
        }

        @Test
        void big_integers_survive() throws Exception {
            assertMerged("{\"big\":123456789012345678901234567890}", "{\"big\":1}",
                    "{\"big\":123456789012345678901234567890}");
        }
    }

    @Test
    void inputs_are_not_modified_and_share_nothing_with_the_result() throws Exception {
        Context earlier = ctx("{\"o\":{\"a\":[1]}}");
        Context later = ctx("{\"o\":{\"a\":[2],\"b\":1}}");
        Context merged = ContextMerge.merge(earlier, later);
        ((com.fasterxml.jackson.databind.node.ArrayNode) merged.entriesView().get("o").get("a")).add(99);
        assertEquals(json("{\"o\":{\"a\":[1]}}"), earlier.toJsonNode());
        assertEquals(json("{\"o\":{\"a\":[2],\"b\":1}}"), later.toJsonNode());
    }

    @Test
    void an_empty_list_gives_an_empty_context_and_one_context_is_copied() {
        assertEquals(0, ContextMerge.merge(List.of()).size());
        Context only = ctx("{\"a\":1}");
        Context merged = ContextMerge.merge(List.of(only));
        merged.set("b", 2);
        assertEquals(List.of("a"), only.keys());
    }
}
