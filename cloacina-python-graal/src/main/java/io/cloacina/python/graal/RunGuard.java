package io.cloacina.python.graal;

import java.time.Duration;

/**
 * Lets another thread stop one call running in an interpreter, and only that call: once the call has
 * returned ({@link #finish()}), a late stop request does nothing, so it can never hit the next task that
 * borrows the same context.
 */
final class RunGuard {

    private final PackageInterpreter interpreter;
    private final Duration grace;
    private boolean running = true;
    private boolean stopped;

    RunGuard(PackageInterpreter interpreter, Duration grace) {
        this.interpreter = interpreter;
        this.grace = grace;
    }

    /**
     * Interrupts the call if it is still running. Holding the lock while interrupting is deliberate:
     * {@code Context.interrupt} returns once the running thread has left the context, and that thread then
     * waits here in {@link #finish()} before handing the context back.
     */
    synchronized void stop() {
        if (!running || stopped) {
            return;
        }
        stopped = true;
        interpreter.interrupt(grace);
    }

    /** Called by the running thread when the call has returned or thrown. */
    synchronized void finish() {
        running = false;
    }

    /** True until the call has returned or thrown. */
    synchronized boolean isRunning() {
        return running;
    }

    synchronized boolean wasStopped() {
        return stopped;
    }
}
