package io.cloacina.python.subprocess;

/** A worker process ended (or broke the protocol) while the JVM was waiting for its reply. */
final class WorkerDiedException extends Exception {

    WorkerDiedException(String description) {
        super(description, null, false, false);
    }
}
