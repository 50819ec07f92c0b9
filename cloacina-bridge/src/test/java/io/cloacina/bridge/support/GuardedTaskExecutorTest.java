package io.cloacina.bridge.support;

import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TriggerDescriptor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardedTaskExecutorTest {

    /** Records what reaches the backend. */
    private static final class Recording extends GuardedTaskExecutor {
        final List<String> started = new ArrayList<>();

        Recording() {
            super("pkg", new DiscoveredTasks(List.of(new TaskDescriptor("extract", "extract", List.of(), false)),
                    List.of(), List.of(new TriggerDescriptor("new_files", "wf", Duration.ofSeconds(5), null, null,
                    false))));
        }

        @Override
        protected CompletableFuture<Context> start(String taskId, Context input, ExecutionOptions options) {
            started.add(taskId);
            return CompletableFuture.completedFuture(input);
        }

        @Override
        protected boolean isClosed() {
            return false;
        }
    }

    @Test
    void the_execution_id_of_a_known_trigger_reaches_the_backend() {
        Recording executor = new Recording();
        assertEquals("::trigger::new_files", TriggerDescriptor.executionId("new_files"));
        executor.execute(TriggerDescriptor.executionId("new_files"), new Context()).join();
        executor.execute("extract", new Context()).join();
        assertEquals(List.of("::trigger::new_files", "extract"), executor.started);
    }

    @Test
    void an_unknown_trigger_or_task_is_task_not_found_and_never_reaches_the_backend() {
        Recording executor = new Recording();
        TaskError trigger = failure(executor.execute("::trigger::old_files", new Context()));
        assertInstanceOf(TaskError.TaskNotFound.class, trigger);
        assertTrue(trigger.getMessage().contains("Trigger 'old_files' not found in package 'pkg'"), trigger.getMessage());
        assertInstanceOf(TaskError.TaskNotFound.class, failure(executor.execute("new_files", new Context())));
        assertInstanceOf(TaskError.TaskNotFound.class, failure(executor.execute("::trigger:new_files", new Context())));
        assertEquals(List.of(), executor.started);
    }

    @Test
    void trigger_names_are_read_back_from_execution_ids() {
        assertEquals("a", TriggerDescriptor.triggerName("::trigger::a"));
        assertEquals(null, TriggerDescriptor.triggerName("a"));
        assertEquals("::trigger::x", new TriggerDescriptor("x", null, null, "* * * * *", null, false).executionId());
    }

    private static TaskError failure(CompletableFuture<Context> future) {
        ExecutionException thrown = assertThrows(ExecutionException.class, future::get);
        return assertInstanceOf(TaskError.class, thrown.getCause());
    }
}
