package io.cloacina.bridge.support;

import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;

import java.util.List;
import java.util.Objects;

/**
 * A loaded package that is its own executor, the shape most backends take: holds the package and the tasks
 * its import registered, answers {@link #pythonPackage()}, {@link #discovery()} and {@link #executor()}, and
 * inherits the shared execution contract from {@link GuardedTaskExecutor}. A backend adds how tasks run
 * ({@link #start}), {@link #isClosed()} and {@link #close()}.
 *
 * @since 0.1
 */
public abstract class GuardedLoadedPackage extends GuardedTaskExecutor implements LoadedPackage {

    private final PythonPackage pythonPackage;
    private final DiscoveredTasks tasks;

    /**
     * @param pythonPackage the package as loaded
     * @param tasks         the tasks its entry module registered, in declaration order
     */
    protected GuardedLoadedPackage(PythonPackage pythonPackage, List<TaskDescriptor> tasks) {
        this(Objects.requireNonNull(pythonPackage, "pythonPackage"), new DiscoveredTasks(tasks));
    }

    /** With the declared workflows as well ({@code BridgeReplies.discovery}). @since 0.2 */
    protected GuardedLoadedPackage(PythonPackage pythonPackage, DiscoveredTasks tasks) {
        super(Objects.requireNonNull(pythonPackage, "pythonPackage").name(), tasks);
        this.pythonPackage = pythonPackage;
        this.tasks = tasks;
    }

    @Override
    public final PythonPackage pythonPackage() {
        return pythonPackage;
    }

    @Override
    public final TaskDiscovery discovery() {
        return tasks;
    }

    @Override
    public final TaskExecutor executor() {
        return this;
    }

    /** Whether the package registered a task with this id. */
    protected final boolean hasTask(String taskId) {
        return tasks.contains(taskId);
    }
}
