package io.cloacina.spi;

/**
 * Optional abilities a backend declares; the TCK skips, with a reason, the tests of those it lacks.
 *
 * @since 0.1
 */
public enum Capability {
    /** Independent tasks of one package run truly in parallel (not serialised by one GIL). */
    PARALLEL_EXECUTION,
    /** A task that kills its interpreter ({@code os._exit}, a segfault) fails with {@code WorkerCrashed}; the host lives on. */
    CRASH_ISOLATION,
    /** A task stuck in a pure-Python loop is stopped at its timeout or on cancel, and the package stays usable. */
    INTERRUPT_RUNNING_TASK,
    /** A task stuck inside C code is stopped too (only a process boundary can promise this). */
    INTERRUPT_NATIVE_CODE,
    /** CPython C extensions (numpy, ...) can be imported. */
    NATIVE_EXTENSIONS,
    /** Python code is denied host access (Java classes, processes) unless the embedder opts in. */
    SANDBOX
}
