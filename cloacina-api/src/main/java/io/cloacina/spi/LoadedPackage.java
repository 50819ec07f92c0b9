package io.cloacina.spi;

import io.cloacina.spi.PythonPackage;

/**
 * A package whose Python environment is set up and whose tasks are known. Owns that environment:
 * {@link #close()} restores {@code sys.path}, evicts the package's modules and releases whatever the
 * backend holds for it. Tasks still running when it is closed fail with {@code Cancelled}.
 *
 * @since 0.1
 */
public interface LoadedPackage extends AutoCloseable {

    PythonPackage pythonPackage();

    TaskDiscovery discovery();

    TaskExecutor executor();

    /**
     * Every workflow of the package: its own (the module-level tasks, named {@link PythonPackage#workflowName()}),
     * first when it has tasks, then those declared with {@code WorkflowBuilder}, in declaration order.
     *
     * @since 0.2
     */
    default java.util.List<WorkflowDescriptor> workflows() {
        return Workflows.of(pythonPackage(), discovery());
    }

    /** Idempotent. */
    @Override
    void close();
}
