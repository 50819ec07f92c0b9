package io.cloacina.cli;

import io.cloacina.temporal.TemporalConnection;

/** What the Temporal commands share: quiet logs and a connection with a message a person can act on. */
final class TemporalSupport {

    private TemporalSupport() {
    }

    /**
     * Temporal's own INFO logs (pollers starting, channels created) and its WARN for every failed activity (a
     * task's failure, which the run reports itself) would bury the progress: keep its warnings and errors only.
     * Set before the first Temporal class logs: slf4j-simple reads a logger's level when the logger is made.
     */
    static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.log.io.temporal", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.temporal.internal.activity", "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.grpc", "warn");
    }

    /** @throws UserError exit 3 when the cluster cannot be reached */
    static TemporalConnection connect(String target, String namespace) {
        quietLogs();
        try {
            return TemporalConnection.connect(target, namespace, null);
        } catch (IllegalStateException | IllegalArgumentException unreachable) {
            throw new UserError(ExitCodes.CANNOT_RUN, unreachable.getMessage()
                    + " (is a Temporal server running there? `cloacina temporal-dev` starts one on this machine)");
        }
    }

    static String namespace(String namespace) {
        return namespace == null ? TemporalConnection.DEFAULT_NAMESPACE : namespace;
    }
}
