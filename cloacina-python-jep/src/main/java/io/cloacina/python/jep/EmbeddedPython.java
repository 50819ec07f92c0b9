package io.cloacina.python.jep;

import jep.JepConfig;
import jep.MainInterpreter;
import jep.PyConfig;
import jep.SubInterpreter;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts CPython inside this JVM, once: Jep's native library and Python's initialisation are process-wide
 * and cannot be redone, so the first installation to start wins and every later one must be the same.
 *
 * <p>CPython started this way leaves SIGINT to the JVM (Python's own handler is not installed); a test sends
 * SIGINT to a child JVM to keep it that way.
 */
final class EmbeddedPython {

    private static final long START_TIMEOUT_MILLIS = 60_000;
    private static JepInstallation started;
    private static String failure;

    private EmbeddedPython() {
    }

    /** Starts CPython from {@code installation} unless it already runs; throws with a reason when it cannot. */
    static synchronized void start(JepInstallation installation) {
        if (started != null) {
            if (!started.library().equals(installation.library())) {
                throw new IllegalStateException("Jep already runs in this JVM from " + started.library()
                        + "; it cannot also load " + installation.library());
            }
            return;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
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
        String problem = firstInterpreter();
        if (problem != null) {
            failure = "Jep could not start CPython from " + installation.library() + ": " + problem;
            throw new IllegalStateException(failure);
        }
        started = installation;
    }

    /**
     * Creating (and closing) one sub-interpreter makes Jep load its library and initialise CPython now, so a
     * broken installation fails here with its reason, once. On a throwaway thread because Jep ties
     * interpreters to threads.
     */
    private static String firstInterpreter() {
        AtomicReference<String> problem = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            // NoJavaImports: the default enquirer would list the whole class path (~140 ms) for this probe.
            try (SubInterpreter interpreter = new JepConfig().setClassEnquirer(NoJavaImports.INSTANCE)
                    .createSubInterpreter()) {
                interpreter.exec("import sys");
            } catch (Throwable e) { // UnsatisfiedLinkError is the common one
                problem.set(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, "cloacina-jep-start");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(START_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while starting";
        }
        if (thread.isAlive()) {
            return "CPython did not start within " + START_TIMEOUT_MILLIS / 1000 + " s";
        }
        return problem.get();
    }
}
