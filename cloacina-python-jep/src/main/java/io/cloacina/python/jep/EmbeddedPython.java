package io.cloacina.python.jep;

import jep.MainInterpreter;
import jep.PyConfig;

/**
 * Starts CPython inside this JVM, once: Jep's native library and Python's initialisation are process-wide
 * and cannot be redone, so the first installation to start wins and every later one must be the same.
 *
 * <p>{@link #start} only tells Jep which library and interpreter to use; CPython itself starts with the first
 * package's sub-interpreter ({@link #opened}, {@link #openFailed}). A failure there (an {@code
 * UnsatisfiedLinkError}, most often) is CPython's, is kept, and every later start fails with the same reason.
 * There is no throwaway interpreter to find that out first: a sub-interpreter's start costs ~50 ms (it imports
 * {@code site} again), a third of the backend's whole start on a small machine.
 *
 * <p>CPython started this way leaves SIGINT to the JVM (Python's own handler is not installed); a test sends
 * SIGINT to a child JVM to keep it that way.
 */
final class EmbeddedPython {

    private static JepInstallation started;
    /** A sub-interpreter was created once: CPython runs, and a later failure is that interpreter's own. */
    private static boolean running;
    private static String failure;

    private EmbeddedPython() {
    }

    /**
     * Points Jep at {@code installation} unless it already runs from it; throws with a reason when it runs from
     * another library or could not start before.
     */
    static synchronized void start(JepInstallation installation) {
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        if (started != null) {
            if (!started.library().equals(installation.library())) {
                throw new IllegalStateException("Jep already runs in this JVM from " + started.library()
                        + "; it cannot also load " + installation.library());
            }
            return;
        }
        try {
            MainInterpreter.setJepLibraryPath(installation.library().toString());
            if (installation.executable() != null) {
                // As if started as that executable: same prefix and sys.path, a virtualenv's included.
                MainInterpreter.setInitParams(new PyConfig().setProgramName(installation.executable()));
            }
        } catch (IllegalStateException alreadyStarted) {
            // Something else in this JVM started Jep first; use it as it is.
        }
        started = installation;
    }

    /** A sub-interpreter was created: CPython runs. */
    static synchronized void opened() {
        running = true;
    }

    /**
     * A sub-interpreter could not be created. Before any was, that is CPython failing to start: the reason is
     * kept for every later start and returned. Once one was, it is that interpreter's own failure: {@code null}.
     */
    static synchronized String openFailed(Throwable cause) {
        if (running) {
            return null;
        }
        if (failure == null) {
            failure = "Jep could not start CPython from " + started.library() + ": "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return failure;
    }
}
