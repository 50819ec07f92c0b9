package io.cloacina.tck;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * What the kit's waits are made of, for backend tests beyond it (in the manner of the Reactive Streams TCK's
 * {@code TestEnvironment}): every wait bounded and stretched by one factor ({@value TckTimeouts#PROPERTY}), a
 * missed deadline a failure that says what hung and which property to raise, and the check that a backend left
 * no thread running after {@code close()}.
 *
 * @since 0.1
 */
public final class TckEnvironment {

    private final TckTimeouts timeouts;

    public TckEnvironment(double scale) {
        this.timeouts = new TckTimeouts(scale);
    }

    /** The factor from {@value TckTimeouts#PROPERTY}, 1 when it is not set. */
    public static TckEnvironment fromSystemProperties() {
        return new TckEnvironment(TckTimeouts.scaleFromSystemProperty());
    }

    /** {@code base} stretched by this environment's factor. */
    public Duration scaled(Duration base) {
        return timeouts.scaled(base);
    }

    /**
     * The value of {@code future}, waiting at most {@code base} (scaled); on a missed deadline cancels it and
     * fails naming {@code what}. A failed future rethrows its cause.
     */
    public <T> T await(Future<T> future, Duration base, String what) throws Throwable {
        return Bounded.await(what, future, scaled(base));
    }

    /** The live threads now: take them before starting a backend, pass them to {@link #assertThreadsEnded}. */
    public static Set<Thread> liveThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * Waits (at most {@code base}, scaled) until every thread started since {@code before} has ended, ignoring
     * the JDK's and the test framework's own and those {@code allowed} accepts; fails with
     * {@code "<what>: [names of the threads left]"}.
     */
    public void assertThreadsEnded(Set<Thread> before, Predicate<Thread> allowed, Duration base, String what) {
        long deadline = System.nanoTime() + scaled(base).toNanos();
        List<Thread> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .filter(t -> !before.contains(t))
                    .filter(t -> !isPlatformThread(t))
                    .filter(allowed.negate())
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted while waiting for threads to end", e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": " + left.stream().map(Thread::getName).toList());
    }

    /**
     * The JVM's own handlers of SIGINT, SIGTERM, SIGHUP and SIGALRM, as identity strings (SIG_DFL and SIG_IGN
     * print as such, any other handler as its class and identity hash): compare before and after a task to
     * prove it did not take them over. Read through reflection (sun.misc is in jdk.unsupported, which the kit
     * does not require) by swapping the default in and back.
     */
    public static java.util.Map<String, String> jvmSignalHandlers() throws ReflectiveOperationException {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        java.lang.reflect.Method handle = signalType.getMethod("handle", signalType, handlerType);
        Object defaultHandler = handlerType.getField("SIG_DFL").get(null);
        java.util.Map<String, String> handlers = new java.util.TreeMap<>();
        for (String name : List.of("INT", "TERM", "HUP", "ALRM")) {
            Object signal = signalType.getConstructor(String.class).newInstance(name);
            Object current = handle.invoke(null, signal, defaultHandler);
            handle.invoke(null, signal, current);
            handlers.put(name, String.valueOf(current));
        }
        return handlers;
    }

    /** Threads the JDK or the test framework owns and keeps on purpose; a backend is not to blame for them. */
    static boolean isPlatformThread(Thread thread) {
        String name = thread.getName();
        return name.startsWith("cloacina-tck-") || name.startsWith("ForkJoinPool.commonPool")
                || name.equals("process reaper")
                || name.equals("CompletableFutureDelayScheduler") || name.startsWith("junit-") || name.equals("Attach Listener")
                || name.startsWith("surefire-") || name.equals("Common-Cleaner")
                // The virtual-thread scheduler's carriers, its delay scheduler and the JDK's innocuous helper
                // threads (VirtualThread-unblocker, ...) start on first use and outlive any one user.
                || thread.getClass().getName().startsWith("jdk.internal.misc.")
                || (thread.getThreadGroup() != null && thread.getThreadGroup().getName().equals("CarrierThreads"));
    }
}
