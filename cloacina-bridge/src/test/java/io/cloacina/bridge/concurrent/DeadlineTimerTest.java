package io.cloacina.bridge.concurrent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineTimerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG_LINGER = Duration.ofSeconds(30);

    @Test
    void runs_each_action_at_its_deadline_and_not_before() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-deadline")) {
            CompletableFuture<Long> lateRanAt = new CompletableFuture<>();
            CompletableFuture<Long> earlyRanAt = new CompletableFuture<>();
            long start = System.nanoTime();
            timer.schedule(Duration.ofMillis(300), () -> lateRanAt.complete(System.nanoTime()));
            // Wakes the thread 20 ms before the other is due: that one must stay queued.
            timer.schedule(Duration.ofMillis(280), () -> earlyRanAt.complete(System.nanoTime()));

            long early = earlyRanAt.get(WAIT.toMillis(), TimeUnit.MILLISECONDS) - start;
            assertTrue(early >= TimeUnit.MILLISECONDS.toNanos(280), "ran after " + early + " ns, before 280 ms");
            // Timestamps, not isDone() after a sleep: a loaded machine may delay this thread, never the clock.
            long late = lateRanAt.get(WAIT.toMillis(), TimeUnit.MILLISECONDS) - start;
            assertTrue(late >= TimeUnit.MILLISECONDS.toNanos(300), "ran after " + late + " ns, before 300 ms");
        }
    }

    @Test
    void a_cancelled_action_does_not_run() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-cancel")) {
            AtomicBoolean cancelledRan = new AtomicBoolean();
            // Due before the marker, so a cancel that did nothing would show; far enough to cancel in time.
            DeadlineTimer.Handle cancelled = timer.schedule(Duration.ofMillis(300), () -> cancelledRan.set(true));
            CompletableFuture<Void> later = new CompletableFuture<>();
            DeadlineTimer.Handle marker = timer.schedule(Duration.ofMillis(600), () -> later.complete(null));

            assertTrue(cancelled.cancel(), "the first cancel takes it out");
            assertFalse(cancelled.cancel(), "a second cancel has nothing to take out");
            later.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertFalse(cancelledRan.get(), "the cancelled action ran");
            assertFalse(marker.cancel(), "an action that ran cannot be cancelled");
            assertEquals(0, timer.pendingCount());
        }
    }

    @Test
    void an_earlier_deadline_registered_later_runs_first_and_wakes_the_thread() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-earlier", LONG_LINGER)) {
            ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
            timer.schedule(Duration.ofSeconds(20), () -> order.add("late"));
            awaitSleeping(timer);
            assertEquals(0, timer.signals());

            CompletableFuture<Void> early = new CompletableFuture<>();
            timer.schedule(Duration.ofMillis(100), () -> {
                order.add("early");
                early.complete(null);
            });

            assertEquals(1, timer.signals(), "the thread slept until the later deadline and had to be woken");
            early.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(List.of("early"), List.copyOf(order));
        }
    }

    @Test
    void registering_a_later_deadline_and_cancelling_do_not_wake_the_thread() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-quiet", LONG_LINGER)) {
            DeadlineTimer.Handle first = timer.schedule(Duration.ofSeconds(20), () -> { });
            awaitSleeping(timer);
            long wakeUps = timer.wakeUps();

            List<DeadlineTimer.Handle> later = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                later.add(timer.schedule(Duration.ofSeconds(20).plusMillis(i), () -> { }));
            }
            for (DeadlineTimer.Handle handle : later) {
                assertTrue(handle.cancel());
            }
            assertTrue(first.cancel(), "cancelling the one it sleeps until does not wake it either");

            assertEquals(0, timer.signals(), "no registration signalled the thread");
            // Nothing else holds the thread; a change here would be a (very rare) spurious wake-up of park.
            assertEquals(wakeUps, timer.wakeUps(), "the thread did not wake");
            assertEquals(Thread.State.TIMED_WAITING, timer.thread().getState());
        }
    }

    @Test
    void the_thread_ends_when_idle_and_a_new_one_starts_on_demand() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-idle", Duration.ofMillis(100))) {
            assertNull(timer.thread(), "no thread before the first registration");
            CountDownLatch ran = new CountDownLatch(1);
            timer.schedule(Duration.ofMillis(10), ran::countDown);
            Thread first = timer.thread();
            assertNotNull(first);
            assertTrue(ran.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            first.join(WAIT.toMillis());
            assertFalse(first.isAlive(), "the idle thread ended");
            assertNull(timer.thread());

            // A far deadline that is cancelled must not keep the thread for its whole length.
            timer.schedule(Duration.ofHours(1), () -> { }).cancel();
            Thread second = timer.thread();
            assertNotNull(second);
            second.join(WAIT.toMillis());
            assertFalse(second.isAlive(), "the thread ended after the cancelled far deadline");

            CountDownLatch ranAgain = new CountDownLatch(1);
            timer.schedule(Duration.ofMillis(10), ranAgain::countDown);
            assertTrue(ranAgain.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "a new thread runs it");
            assertEquals(3, timer.threadsStarted());
        }
    }

    @Test
    void many_threads_registering_and_cancelling_at_once_lose_and_duplicate_nothing() throws Exception {
        int threads = 4;
        int each = 3000;
        AtomicIntegerArray runs = new AtomicIntegerArray(threads * each);
        AtomicIntegerArray cancelled = new AtomicIntegerArray(threads * each);
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-concurrent", Duration.ofMillis(20))) {
            List<Thread> workers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                workers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(go);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = base; i < base + each; i++) {
                        int index = i;
                        DeadlineTimer.Handle handle = timer.schedule(Duration.ofMillis(random.nextInt(30)),
                                () -> runs.incrementAndGet(index));
                        if (random.nextBoolean()) {
                            if (random.nextInt(4) == 0) {
                                Thread.onSpinWait();
                                Thread.yield(); // some cancels race with the deadline
                            }
                            cancelled.set(index, handle.cancel() ? 1 : 0);
                        }
                    }
                }));
            }
            go.countDown();
            for (Thread worker : workers) {
                worker.join(WAIT.toMillis());
                assertFalse(worker.isAlive(), "a registering thread is stuck");
            }
            awaitTrue(() -> timer.pendingCount() == 0, "every action ran or was cancelled");
            Thread.sleep(100); // a cancelled action that wrongly runs would show up here
            int ran = 0;
            for (int i = 0; i < runs.length(); i++) {
                int expected = cancelled.get(i) == 1 ? 0 : 1;
                assertEquals(expected, runs.get(i), "action " + i + " (cancelled: " + cancelled.get(i) + ")");
                ran += runs.get(i);
            }
            assertTrue(ran > 0 && ran < threads * each, "both paths were exercised: " + ran + " ran");
        }
    }

    @Test
    void an_action_that_throws_does_not_stop_the_others() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-throws")) {
            CountDownLatch others = new CountDownLatch(2);
            timer.schedule(Duration.ofMillis(20), () -> {
                throw new IllegalStateException("expected by the test: this action fails");
            });
            timer.schedule(Duration.ofMillis(20), others::countDown); // same deadline, registered after
            timer.schedule(Duration.ofMillis(80), others::countDown);

            assertTrue(others.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the other actions ran");
            assertEquals(1, timer.threadsStarted(), "the same thread went on");
        }
    }

    @Test
    void huge_delays_never_run_and_do_not_disturb_short_ones() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-huge")) {
            AtomicBoolean hugeRan = new AtomicBoolean();
            List<DeadlineTimer.Handle> huge = List.of(
                    timer.schedule(Duration.ofDays(365L * 1000), () -> hugeRan.set(true)),
                    timer.schedule(Duration.ofNanos(Long.MAX_VALUE), () -> hugeRan.set(true)),
                    timer.schedule(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), () -> hugeRan.set(true)));
            CountDownLatch shortRan = new CountDownLatch(1);
            timer.schedule(Duration.ofMillis(20), shortRan::countDown);

            assertTrue(shortRan.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertFalse(hugeRan.get());
            for (DeadlineTimer.Handle handle : huge) {
                assertTrue(handle.cancel());
            }
        }
    }

    @Test
    void zero_and_negative_delays_run_at_once_even_when_registered_by_an_action() throws Exception {
        try (DeadlineTimer timer = new DeadlineTimer("test-timer-now", LONG_LINGER)) {
            CountDownLatch ran = new CountDownLatch(3);
            timer.schedule(Duration.ZERO, () -> {
                ran.countDown();
                timer.schedule(Duration.ZERO, ran::countDown); // from the timer's own thread
            });
            timer.schedule(Duration.ofMillis(-5), ran::countDown);
            assertTrue(ran.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void close_drops_pending_actions_ends_the_thread_and_refuses_more() throws Exception {
        DeadlineTimer timer = new DeadlineTimer("test-timer-close", LONG_LINGER);
        AtomicBoolean ran = new AtomicBoolean();
        DeadlineTimer.Handle pending = timer.schedule(Duration.ofMillis(500), () -> ran.set(true));
        Thread thread = timer.thread();
        assertNotNull(thread);

        timer.close();

        assertFalse(thread.isAlive(), "close() waits for the thread to end");
        assertFalse(pending.cancel(), "close dropped it");
        assertThrows(IllegalStateException.class, () -> timer.schedule(Duration.ofMillis(1), () -> ran.set(true)));
        Thread.sleep(700);
        assertFalse(ran.get(), "a dropped action ran after close");
        assertNull(timer.thread());
        timer.close(); // idempotent
    }

    @Test
    void a_timer_never_used_starts_no_thread_and_closes() {
        DeadlineTimer timer = new DeadlineTimer("test-timer-unused");
        timer.close();
        assertNull(timer.thread());
        assertEquals(0, timer.threadsStarted());
    }

    @Test
    void rejects_a_linger_that_is_not_positive() {
        assertThrows(IllegalArgumentException.class, () -> new DeadlineTimer("t", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new DeadlineTimer("t", Duration.ofDays(2)));
    }

    private static void awaitSleeping(DeadlineTimer timer) {
        awaitTrue(() -> {
            Thread thread = timer.thread();
            return thread != null && thread.getState() == Thread.State.TIMED_WAITING;
        }, "the timer thread sleeps");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting: " + what, e);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("start signal not given");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
