package io.cloacina.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What Ctrl-C must stop: the running workflow and the backend's workers. {@link CloacinaCli#main} installs one
 * JVM shutdown hook that runs the registered actions, newest first; in-process use (tests) installs none.
 */
final class ShutdownCleanup {

    private static final Deque<Runnable> ACTIONS = new ArrayDeque<>();

    private ShutdownCleanup() {
    }

    static void install() {
        Thread hook = new Thread(ShutdownCleanup::runAll, "cloacina-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static synchronized void register(Runnable action) {
        ACTIONS.push(action);
    }

    static synchronized void unregister(Runnable action) {
        ACTIONS.remove(action);
    }

    private static void runAll() {
        Runnable action;
        while ((action = next()) != null) {
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // shutting down: the next cleanup must still run
            }
        }
    }

    private static synchronized Runnable next() {
        return ACTIONS.poll();
    }
}
