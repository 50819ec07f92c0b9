package io.cloacina.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.error.TaskError;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.RetryPolicy;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskMetadata;
import io.cloacina.spi.TriggerDescriptor;
import io.cloacina.spi.TriggerRule;
import io.cloacina.spi.WorkflowDescriptor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the replies of {@code cloaca._host} ({@code {"ok": true, ...}} or {@code {"ok": false, "error": ...}})
 * into Java values or typed {@link TaskError}s, so every backend reports failures identically.
 *
 * @since 0.1
 */
public final class BridgeReplies {

    private BridgeReplies() {
    }

    public static JsonNode parse(String replyJson) {
        try {
            return ContextJson.MAPPER.readTree(replyJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cloaca bridge sent malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The tasks of a {@code load} reply; throws the load failure as a {@link TaskError}. */
    public static List<TaskDescriptor> tasks(JsonNode reply) {
        return discovery(reply).tasks();
    }

    /**
     * The tasks (with their metadata) and declared workflows of a {@code load} reply; throws the load failure as
     * a {@link TaskError}.
     *
     * @since 0.2
     */
    public static DiscoveredTasks discovery(JsonNode reply) {
        throwIfFailed(reply, null);
        List<TaskDescriptor> tasks = new ArrayList<>();
        for (JsonNode task : reply.path("tasks")) {
            List<String> dependencies = new ArrayList<>();
            task.path("dependencies").forEach(d -> dependencies.add(d.asText()));
            String id = task.path("id").asText();
            tasks.add(new TaskDescriptor(id, task.path("function").asText(), dependencies,
                    task.path("async").asBoolean(), metadata(id, task)));
        }
        List<WorkflowDescriptor> workflows = new ArrayList<>();
        for (JsonNode workflow : reply.path("workflows")) {
            Map<String, String> tags = new LinkedHashMap<>();
            workflow.path("tags").fields().forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
            List<String> taskIds = new ArrayList<>();
            workflow.path("tasks").forEach(t -> taskIds.add(t.asText()));
            workflows.add(new WorkflowDescriptor(workflow.path("name").asText(),
                    workflow.path("description").asText(""), tags, taskIds));
        }
        List<TriggerDescriptor> triggers = new ArrayList<>();
        for (JsonNode trigger : reply.path("triggers")) {
            JsonNode interval = trigger.get("poll_interval_ms");
            triggers.add(new TriggerDescriptor(trigger.path("name").asText(), textOrNull(trigger.get("workflow")),
                    interval == null || interval.isNull() ? null : Duration.ofMillis(interval.asLong()),
                    textOrNull(trigger.get("cron")), textOrNull(trigger.get("timezone")),
                    trigger.path("allow_concurrent").asBoolean(false)));
        }
        return new DiscoveredTasks(tasks, workflows, triggers);
    }

    private static TaskMetadata metadata(String taskId, JsonNode task) {
        try {
            JsonNode workflow = task.get("workflow");
            JsonNode retry = task.get("retry");
            return new TaskMetadata(workflow == null || workflow.isNull() ? null : workflow.asText(),
                    retry == null || retry.isNull() ? null : RetryPolicy.fromJson(retry),
                    TriggerRule.fromJson(task.get("trigger_rule")), task.path("on_success").asBoolean(false),
                    task.path("on_failure").asBoolean(false), task.path("handle").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cloaca bridge described task '" + taskId + "' in a form this host "
                    + "cannot read: " + e.getMessage(), e);
        }
    }

    /** The output context of an {@code execute} reply; throws the task's failure as a {@link TaskError}. */
    public static Context context(JsonNode reply, String taskId) {
        throwIfFailed(reply, taskId);
        JsonNode context = reply.get("context");
        if (context == null || !context.isObject()) {
            throw new TaskError.ValidationFailed(taskId, "cloaca bridge returned no context object");
        }
        return Context.adopt((ObjectNode) context);
    }

    /** The failure a reply carries, or {@code null} when it succeeded. */
    public static TaskError failure(JsonNode reply, String taskId) {
        if (reply.path("ok").asBoolean(false)) {
            return null;
        }
        JsonNode error = reply.path("error");
        PythonFailure failure = new PythonFailure(error.path("kind").asText("other"),
                error.path("type").asText("Exception"), error.path("message").asText(""),
                emptyToNull(error.path("traceback").asText("")));
        return failure.toTaskError(taskId);
    }

    private static void throwIfFailed(JsonNode reply, String taskId) {
        TaskError failure = failure(reply, taskId);
        if (failure != null) {
            throw failure;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
