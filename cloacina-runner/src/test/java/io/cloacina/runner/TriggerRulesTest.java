package io.cloacina.runner;

import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.spi.TriggerRule;
import io.cloacina.spi.TriggerRule.ContextValue;
import io.cloacina.spi.TriggerRule.Operator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cloacina 0.12's trigger-rule evaluation (reference 3.3), pinned operator by operator. */
class TriggerRulesTest {

    private static final Context INPUT = Context.fromJson("""
            {"count": 5, "ratio": 0.5, "one_int": 1, "one_float": 1.0, "name": "nightly load",
             "tags": ["eu", 3, {"k": 1}], "nothing": null, "nested": {"a": [1, 2]}}""");
    private static final Function<String, TaskStatus> NO_TASKS = id -> null;

    private static boolean holds(String key, Operator operator, String valueJson) {
        try {
            ContextValue condition = new ContextValue(key, operator, ContextJson.MAPPER.readTree(valueJson));
            return TriggerRules.evaluate(new TriggerRule.All(List.of(condition)), NO_TASKS, INPUT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void equalsIsExactJsonEqualityWhereOneIsNotOnePointZero() {
        assertTrue(holds("count", Operator.Equals, "5"));
        assertTrue(holds("one_int", Operator.Equals, "1"));
        assertFalse(holds("one_int", Operator.Equals, "1.0"));
        assertFalse(holds("one_float", Operator.Equals, "1"));
        assertTrue(holds("one_float", Operator.Equals, "1.0"));
        assertTrue(holds("nested", Operator.Equals, "{\"a\": [1, 2]}"));
        assertTrue(holds("nothing", Operator.Equals, "null"));
        assertFalse(holds("missing", Operator.Equals, "null"), "a missing key is not equal to anything");
        assertTrue(holds("missing", Operator.NotEquals, "null"));
        assertTrue(holds("count", Operator.NotEquals, "6"));
        assertFalse(holds("count", Operator.NotEquals, "5"));
    }

    @Test
    void greaterAndLessCompareNumbersAsDoublesAndAreFalseForAnythingElse() {
        assertTrue(holds("count", Operator.GreaterThan, "4.5"));
        assertFalse(holds("count", Operator.GreaterThan, "5"));
        assertTrue(holds("ratio", Operator.LessThan, "1"));
        assertFalse(holds("name", Operator.GreaterThan, "\"a\""), "strings are not ordered");
        assertFalse(holds("missing", Operator.LessThan, "10"));
        assertFalse(holds("count", Operator.LessThan, "\"10\""));
    }

    @Test
    void containsLooksInStringsAndArraysOnly() {
        assertTrue(holds("name", Operator.Contains, "\"load\""));
        assertFalse(holds("name", Operator.Contains, "\"LOAD\""));
        assertTrue(holds("tags", Operator.Contains, "\"eu\""));
        assertTrue(holds("tags", Operator.Contains, "3"));
        assertFalse(holds("tags", Operator.Contains, "3.0"));
        assertTrue(holds("tags", Operator.Contains, "{\"k\": 1}"));
        assertFalse(holds("nested", Operator.Contains, "\"a\""), "objects are not searched");
        assertFalse(holds("missing", Operator.Contains, "\"x\""));
        assertTrue(holds("missing", Operator.NotContains, "\"x\""), "NotContains is not Contains");
        assertFalse(holds("tags", Operator.NotContains, "\"eu\""));
    }

    @Test
    void existsAndNotExistsLookAtPresenceOnly() {
        assertTrue(holds("nothing", Operator.Exists, "null"), "a stored null exists");
        assertFalse(holds("missing", Operator.Exists, "null"));
        assertTrue(holds("missing", Operator.NotExists, "1"));
        assertFalse(holds("count", Operator.NotExists, "1"));
    }

    @Test
    void combinatorsAndTheirEmptyCases() {
        Map<String, TaskStatus> statuses = Map.of("a", TaskStatus.SUCCEEDED, "b", TaskStatus.FAILED,
                "c", TaskStatus.SKIPPED);
        Function<String, TaskStatus> status = statuses::get;
        TriggerRule.Condition aOk = new TriggerRule.TaskSuccess("a");
        TriggerRule.Condition bFailed = new TriggerRule.TaskFailed("b");
        TriggerRule.Condition cSkipped = new TriggerRule.TaskSkipped("c");
        TriggerRule.Condition bOk = new TriggerRule.TaskSuccess("b");
        TriggerRule.Condition dOk = new TriggerRule.TaskSuccess("d"); // not run yet: no status
        assertTrue(TriggerRules.evaluate(TriggerRule.ALWAYS, status, INPUT));
        assertTrue(TriggerRules.evaluate(new TriggerRule.All(List.of(aOk, bFailed, cSkipped)), status, INPUT));
        assertFalse(TriggerRules.evaluate(new TriggerRule.All(List.of(aOk, bOk)), status, INPUT));
        assertTrue(TriggerRules.evaluate(new TriggerRule.Any(List.of(bOk, aOk)), status, INPUT));
        assertFalse(TriggerRules.evaluate(new TriggerRule.Any(List.of(bOk, dOk)), status, INPUT));
        assertTrue(TriggerRules.evaluate(new TriggerRule.None(List.of(bOk, dOk)), status, INPUT));
        assertFalse(TriggerRules.evaluate(new TriggerRule.None(List.of(bOk, aOk)), status, INPUT));
        assertTrue(TriggerRules.evaluate(new TriggerRule.All(List.of()), status, INPUT), "All of nothing");
        assertFalse(TriggerRules.evaluate(new TriggerRule.Any(List.of()), status, INPUT), "Any of nothing");
        assertTrue(TriggerRules.evaluate(new TriggerRule.None(List.of()), status, INPUT), "None of nothing");
    }

    @Test
    void fullNamespaceNamesMeanTheTaskOfTheWorkflow() {
        Function<String, TaskStatus> status = Map.of("extract", TaskStatus.SUCCEEDED)::get;
        assertTrue(TriggerRules.evaluate(new TriggerRule.All(List.of(
                new TriggerRule.TaskSuccess("public::embedded::etl::extract"))), status, INPUT));
        assertEquals(List.of("extract", "load"), TriggerRules.namedTasks(new TriggerRule.Any(List.of(
                new TriggerRule.TaskSuccess("public::pkg::wf::extract"), new TriggerRule.TaskFailed("load"),
                new ContextValue("k", Operator.Exists, null)))));
    }

    @Test
    void rulesReadInWords() {
        assertEquals("any of (task 'load' failed, 'rows' > 10, 'mode' equals \"full\")",
                TriggerRules.describe(new TriggerRule.Any(List.of(new TriggerRule.TaskFailed("load"),
                        new ContextValue("rows", Operator.GreaterThan, ContextJson.MAPPER.getNodeFactory().numberNode(10)),
                        new ContextValue("mode", Operator.Equals, ContextJson.MAPPER.getNodeFactory().textNode("full"))))));
        assertEquals("always", TriggerRules.describe(TriggerRule.ALWAYS));
    }
}
