package io.cloacina.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop gracefully, for {@code serve}. The JVM's own handling starts
 * the shutdown sequence at once: every shutdown hook runs, the subprocess backend's kills its workers, and a run
 * could not be given a grace period. So the first signal is taken here and only counts down a latch; the JVM's
 * handlers are put back at once, so that a second signal stops the process the usual way (exit 130 or 143).
 */
final class StopSignals {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile String received;

    private StopSignals() {
    }

    /** Takes SIGINT and SIGTERM over; a signal the JVM does not let go of (under {@code -Xrs}) keeps its default. */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, signals::handle));
            } catch (IllegalArgumentException unavailable) {
                // the JVM's default stays: the process then stops without a grace period
            }
        }
        return signals;
    }

    private void handle(Signal signal) {
        received = "SIG" + signal.getName();
        restore();
        requested.countDown();
    }

    /** Waits for the first signal; returns its name ({@code SIGTERM}). */
    String await() throws InterruptedException {
        requested.await();
        return received;
    }

    /** Gives the signals back to the JVM. Idempotent. */
    synchronized void restore() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException ignored) {
                // nothing to give back
            }
        });
        previous.clear();
    }
}
