package io.cloacina.context;

/**
 * A misuse of a {@link Context}: a key inserted twice, updated while missing, a write to a snapshot, bad JSON.
 *
 * @since 0.1
 */
public final class ContextException extends RuntimeException {
    public ContextException(String message) {
        super(message);
    }
}
