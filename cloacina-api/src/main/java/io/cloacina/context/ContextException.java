package io.cloacina.context;

/** A misuse of a {@link Context}: a key inserted twice, updated while missing, a write to a snapshot, bad JSON. */
public final class ContextException extends RuntimeException {
    public ContextException(String message) {
        super(message);
    }
}
