package io.cloacina.runtime;

import java.util.List;

/**
 * No backend could be chosen; the message lists every backend found and why each is unavailable.
 *
 * @since 0.1
 */
public final class NoRuntimeAvailableException extends RuntimeException {

    private final List<RuntimeCandidate> found;

    public NoRuntimeAvailableException(String message, List<RuntimeCandidate> found) {
        super(message);
        this.found = List.copyOf(found);
    }

    public List<RuntimeCandidate> found() {
        return found;
    }
}
