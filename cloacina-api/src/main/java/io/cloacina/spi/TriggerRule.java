package io.cloacina.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a task whose dependencies have finished runs or is skipped: Cloacina 0.12's rules ({@code Always}, or
 * one level of {@code All}/{@code Any}/{@code None} over conditions; rules do not nest).
 *
 * @since 0.2
 */
public sealed interface TriggerRule {

    /** The default: run. */
    TriggerRule ALWAYS = new Always();

    /** Runs once the dependencies have finished, whatever their outcome. */
    record Always() implements TriggerRule {
    }

    /** Runs when every condition holds (none: true). */
    record All(List<Condition> conditions) implements TriggerRule {
        public All {
            conditions = List.copyOf(conditions);
        }
    }

    /** Runs when at least one condition holds (none: false). */
    record Any(List<Condition> conditions) implements TriggerRule {
        public Any {
            conditions = List.copyOf(conditions);
        }
    }

    /** Runs when no condition holds (none: true). */
    record None(List<Condition> conditions) implements TriggerRule {
        public None {
            conditions = List.copyOf(conditions);
        }
    }

    /** One test of a rule. */
    sealed interface Condition {
    }

    /** The named task completed. */
    record TaskSuccess(String taskName) implements Condition {
        public TaskSuccess {
            Objects.requireNonNull(taskName, "taskName");
        }
    }

    /** The named task failed. */
    record TaskFailed(String taskName) implements Condition {
        public TaskFailed {
            Objects.requireNonNull(taskName, "taskName");
        }
    }

    /** The named task was skipped. */
    record TaskSkipped(String taskName) implements Condition {
        public TaskSkipped {
            Objects.requireNonNull(taskName, "taskName");
        }
    }

    /** A top-level key of the task's input compared with a JSON value. */
    record ContextValue(String key, Operator operator, JsonNode value) implements Condition {
        public ContextValue {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            value = value == null ? JsonNodeFactory.instance.nullNode() : value.deepCopy();
        }

        @Override
        public JsonNode value() {
            return value.deepCopy();
        }
    }

    /** Cloacina's operators, by their canonical names. */
    enum Operator {
        Equals, NotEquals, GreaterThan, LessThan, Contains, NotContains, Exists, NotExists
    }

    /** Cloacina's JSON form ({@code {"type":"All","conditions":[{"type":"TaskSuccess","task_name":"x"}]}}). */
    default ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        List<Condition> conditions = switch (this) {
            case Always a -> null;
            case All a -> a.conditions();
            case Any a -> a.conditions();
            case None n -> n.conditions();
        };
        node.put("type", getClass().getSimpleName());
        if (conditions != null) {
            ArrayNode list = node.putArray("conditions");
            for (Condition condition : conditions) {
                ObjectNode c = list.addObject();
                c.put("type", condition.getClass().getSimpleName());
                switch (condition) {
                    case TaskSuccess t -> c.put("task_name", t.taskName());
                    case TaskFailed t -> c.put("task_name", t.taskName());
                    case TaskSkipped t -> c.put("task_name", t.taskName());
                    case ContextValue v -> {
                        c.put("key", v.key());
                        c.put("operator", v.operator().name());
                        c.set("value", v.value());
                    }
                }
            }
        }
        return node;
    }

    /** Reads the JSON form (a lone condition counts as {@code All} of it, as in Cloacina). */
    static TriggerRule fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return ALWAYS;
        }
        String type = node.path("type").asText();
        if (List.of("TaskSuccess", "TaskFailed", "TaskSkipped", "ContextValue").contains(type)) {
            return new All(List.of(condition(node)));
        }
        List<Condition> conditions = new ArrayList<>();
        node.path("conditions").forEach(c -> conditions.add(condition(c)));
        return switch (type) {
            case "Always" -> ALWAYS;
            case "All" -> new All(conditions);
            case "Any" -> new Any(conditions);
            case "None" -> new None(conditions);
            default -> throw new IllegalArgumentException("unknown trigger rule type '" + type + "' in " + node);
        };
    }

    private static Condition condition(JsonNode node) {
        String type = node.path("type").asText();
        return switch (type) {
            case "TaskSuccess" -> new TaskSuccess(node.path("task_name").asText());
            case "TaskFailed" -> new TaskFailed(node.path("task_name").asText());
            case "TaskSkipped" -> new TaskSkipped(node.path("task_name").asText());
            case "ContextValue" -> new ContextValue(node.path("key").asText(),
                    Operator.valueOf(node.path("operator").asText()), node.get("value"));
            default -> throw new IllegalArgumentException("unknown trigger condition type '" + type + "' in "
                    + node);
        };
    }
}
