package io.cloacina.tck;

import io.cloacina.spi.SpiVersion;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A backend that runs no Python at all and gets everything wrong in the ways real backends could: it loads
 * packages that cannot be imported, invents tasks, hands the input back as the output, reports errors with the
 * wrong type, ignores timeouts, leaves a thread running after close, and is not registered with ServiceLoader. The kit must fail it, loudly.
 */
final class BrokenFakeRuntime implements PythonRuntime {

    static final String NAME = "broken-fake";

    static final String LEAKED_THREAD = "broken-fake-leaked-thread";

    private final Availability availability;
    private Thread leak;
    private final Set<Capability> capabilities;

    BrokenFakeRuntime(Availability availability, Set<Capability> capabilities) {
        this.availability = availability;
        // Broken here too: the reverse of the declaration order.
        java.util.List<Capability> reversed = new java.util.ArrayList<>(java.util.EnumSet.copyOf(
                capabilities.isEmpty() ? java.util.EnumSet.noneOf(Capability.class) : capabilities));
        java.util.Collections.reverse(reversed);
        this.capabilities = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(reversed));
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public int parallelism() {
        return 4;
    }

    /**
     * Broken too when the fake claims capabilities: it counts interpreters it never started. Without capabilities
     * it does not count them at all, so the kit skips that rule.
     */
    @Override
    public java.util.OptionalInt interpreters() {
        return capabilities.isEmpty() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(7);
    }

    @Override
    public LoadedPackage load(PythonPackage pkg) {
        startLeakOnce();
        return new FakePackage(pkg);
    }

    @Override
    public void close() {
    }

    /** A thread that outlives close() by a few seconds: the kit must notice it. */
    private synchronized void startLeakOnce() {
        if (leak == null) {
            leak = Thread.ofPlatform().daemon().name(LEAKED_THREAD).start(() -> {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private record FakePackage(PythonPackage pythonPackage) implements LoadedPackage, TaskDiscovery, TaskExecutor {

        @Override
        public TaskDiscovery discovery() {
            return this;
        }

        @Override
        public TaskExecutor executor() {
            return this;
        }

        @Override
        public List<TaskDescriptor> tasks() {
            // Every package gets one task it never declared, and dependencies and async flags are lost.
            return List.of(new TaskDescriptor("phantom", "phantom", List.of(), false));
        }

        @Override
        public CompletableFuture<Context> execute(String taskId, Context input, ExecutionOptions options) {
            return switch (taskId) {
                case "key_error", "crash" ->
                        CompletableFuture.failedFuture(new TaskError.ExecutionFailed(taskId, "boom", "Exception", null));
                case "spin" -> new CompletableFuture<>(); // never completes: timeouts and cancel are ignored
                default -> CompletableFuture.completedFuture(input.mutableCopy());
            };
        }

        @Override
        public void close() {
        }
    }
}
