package io.cloacina.tck;

import io.cloacina.context.Context;

/**
 * How one execution ended: with an output context or with an error (already unwrapped from
 * {@code ExecutionException}/{@code CompletionException}).
 */
record Outcome(Context output, Throwable error) {

    boolean succeeded() {
        return error == null;
    }
}
