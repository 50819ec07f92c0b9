package io.cloacina.error;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

class TaskErrorOfTest {

    @Test
    void a_task_error_behind_future_wrappers_is_itself() {
        TaskError timeout = new TaskError.Timeout("load", java.time.Duration.ofSeconds(1));
        assertSame(timeout, TaskError.of("load", new CompletionException(new ExecutionException(timeout))));
    }

    @Test
    void a_cancellation_is_cancelled_naming_the_task() {
        TaskError error = TaskError.of("load", new CompletionException(new CancellationException()));
        assertInstanceOf(TaskError.Cancelled.class, error);
        assertEquals("load", error.taskId());
    }

    @Test
    void anything_else_is_a_worker_crash_carrying_it() {
        IllegalStateException bug = new IllegalStateException("backend bug");
        TaskError error = TaskError.of("load", bug);
        assertInstanceOf(TaskError.WorkerCrashed.class, error);
        assertSame(bug, error.getCause());
    }
}
