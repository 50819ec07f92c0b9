package io.cloacina.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import io.cloacina.bridge.PythonFailure;
import io.cloacina.error.TaskError;
import io.cloacina.spi.TaskDescriptor;

import java.util.ArrayList;
import java.util.List;

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
        throwIfFailed(reply, null);
        List<TaskDescriptor> tasks = new ArrayList<>();
        for (JsonNode task : reply.path("tasks")) {
            List<String> dependencies = new ArrayList<>();
            task.path("dependencies").forEach(d -> dependencies.add(d.asText()));
            tasks.add(new TaskDescriptor(task.path("id").asText(), task.path("function").asText(), dependencies,
                    task.path("async").asBoolean()));
        }
        return List.copyOf(tasks);
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

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
