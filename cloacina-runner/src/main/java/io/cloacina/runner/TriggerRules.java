package io.cloacina.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.Context;
import io.cloacina.spi.TriggerRule;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Evaluates a task's {@link TriggerRule} once its dependencies have finished, with Cloacina 0.12's comparison
 * rules, and puts a rule into words for skip reasons. One implementation for every runner.
 *
 * <p>Task names in conditions may be short ({@code "extract"}) or Cloacina's full namespace
 * ({@code "public::pkg::workflow::extract"}): both name the task of the same workflow (Cloacina 0.12 stalls on
 * short names; we resolve them). {@code ContextValue} reads a top-level key of the task's input: the same deep
 * merge the task body gets (Cloacina reads a shallow one).
 *
 * @since 0.2
 */
public final class TriggerRules {

    /** Exact JSON equality, but integers compared by value whatever their Java type; 1 and 1.0 differ. */
    private static final Comparator<JsonNode> CLOACINA_EQUALITY = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() != b.isIntegralNumber()) {
                return 1;
            }
            return a.isIntegralNumber() ? a.bigIntegerValue().compareTo(b.bigIntegerValue())
                    : Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private TriggerRules() {
    }

    /**
     * Whether the rule lets the task run.
     *
     * @param statusOf the current status of a task of the workflow by id ({@code null} when it has none yet)
     * @param input    the task's input (the merge of its succeeded dependencies' outputs)
     */
    public static boolean evaluate(TriggerRule rule, Function<String, TaskStatus> statusOf, Context input) {
        return switch (rule) {
            case TriggerRule.Always always -> true;
            case TriggerRule.All all -> all.conditions().stream().allMatch(c -> holds(c, statusOf, input));
            case TriggerRule.Any any -> any.conditions().stream().anyMatch(c -> holds(c, statusOf, input));
            case TriggerRule.None none -> none.conditions().stream().noneMatch(c -> holds(c, statusOf, input));
        };
    }

    /** The task a condition names, as an id of the workflow: the last part of a {@code ::} namespace. */
    public static String taskId(String taskName) {
        int cut = taskName.lastIndexOf("::");
        return cut < 0 ? taskName : taskName.substring(cut + 2);
    }

    /** The ids of the tasks a rule's conditions name. */
    public static List<String> namedTasks(TriggerRule rule) {
        return conditions(rule).stream().map(TriggerRules::namedTask).filter(java.util.Objects::nonNull).toList();
    }

    /** The rule in words: {@code all of (task 'a' succeeded, 'rows' exists)}. */
    public static String describe(TriggerRule rule) {
        return switch (rule) {
            case TriggerRule.Always always -> "always";
            case TriggerRule.All all -> group("all of", all.conditions());
            case TriggerRule.Any any -> group("any of", any.conditions());
            case TriggerRule.None none -> group("none of", none.conditions());
        };
    }

    static boolean holds(TriggerRule.Condition condition, Function<String, TaskStatus> statusOf, Context input) {
        return switch (condition) {
            case TriggerRule.TaskSuccess t -> statusOf.apply(taskId(t.taskName())) == TaskStatus.SUCCEEDED;
            case TriggerRule.TaskFailed t -> statusOf.apply(taskId(t.taskName())) == TaskStatus.FAILED;
            case TriggerRule.TaskSkipped t -> statusOf.apply(taskId(t.taskName())) == TaskStatus.SKIPPED;
            case TriggerRule.ContextValue v -> compare(v, input.get(v.key()).orElse(null));
        };
    }

    private static boolean compare(TriggerRule.ContextValue condition, JsonNode actual) {
        JsonNode expected = condition.value();
        return switch (condition.operator()) {
            case Exists -> actual != null;
            case NotExists -> actual == null;
            case Equals -> actual != null && actual.equals(CLOACINA_EQUALITY, expected);
            case NotEquals -> actual == null || !actual.equals(CLOACINA_EQUALITY, expected);
            case GreaterThan -> numeric(actual, expected) && actual.doubleValue() > expected.doubleValue();
            case LessThan -> numeric(actual, expected) && actual.doubleValue() < expected.doubleValue();
            case Contains -> contains(actual, expected);
            case NotContains -> !contains(actual, expected);
        };
    }

    private static boolean numeric(JsonNode actual, JsonNode expected) {
        return actual != null && actual.isNumber() && expected.isNumber();
    }

    private static boolean contains(JsonNode actual, JsonNode expected) {
        if (actual == null) {
            return false;
        }
        if (actual.isTextual() && expected.isTextual()) {
            return actual.textValue().contains(expected.textValue());
        }
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (element.equals(CLOACINA_EQUALITY, expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<TriggerRule.Condition> conditions(TriggerRule rule) {
        return switch (rule) {
            case TriggerRule.Always always -> List.of();
            case TriggerRule.All all -> all.conditions();
            case TriggerRule.Any any -> any.conditions();
            case TriggerRule.None none -> none.conditions();
        };
    }

    private static String namedTask(TriggerRule.Condition condition) {
        return switch (condition) {
            case TriggerRule.TaskSuccess t -> taskId(t.taskName());
            case TriggerRule.TaskFailed t -> taskId(t.taskName());
            case TriggerRule.TaskSkipped t -> taskId(t.taskName());
            case TriggerRule.ContextValue v -> null;
        };
    }

    private static String group(String words, List<TriggerRule.Condition> conditions) {
        return words + " (" + conditions.stream().map(TriggerRules::words).collect(Collectors.joining(", ")) + ")";
    }

    private static String words(TriggerRule.Condition condition) {
        return switch (condition) {
            case TriggerRule.TaskSuccess t -> "task '" + taskId(t.taskName()) + "' succeeded";
            case TriggerRule.TaskFailed t -> "task '" + taskId(t.taskName()) + "' failed";
            case TriggerRule.TaskSkipped t -> "task '" + taskId(t.taskName()) + "' was skipped";
            case TriggerRule.ContextValue v -> switch (v.operator()) {
                case Exists -> "'" + v.key() + "' exists";
                case NotExists -> "'" + v.key() + "' does not exist";
                case Equals -> "'" + v.key() + "' equals " + v.value();
                case NotEquals -> "'" + v.key() + "' is not " + v.value();
                case GreaterThan -> "'" + v.key() + "' > " + v.value();
                case LessThan -> "'" + v.key() + "' < " + v.value();
                case Contains -> "'" + v.key() + "' contains " + v.value();
                case NotContains -> "'" + v.key() + "' does not contain " + v.value();
            };
        };
    }
}
