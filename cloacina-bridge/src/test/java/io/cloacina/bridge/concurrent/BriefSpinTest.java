package io.cloacina.bridge.concurrent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BriefSpinTest {

    @Test
    void off_by_default() {
        // Nothing in this module configures a budget.
        assertEquals(0, BriefSpin.budgetNanos());
        CompletableFuture<String> never = new CompletableFuture<>();
        BriefSpin.awaitBriefly(never);
        assertFalse(never.isDone());
    }

    @Test
    void sees_a_result_another_thread_delivers_while_it_spins() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread producer = Thread.ofPlatform().start(() -> {
            long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(200);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            result.complete("done");
        });
        boolean seen = BriefSpin.spin(result, TimeUnit.SECONDS.toNanos(5));
        producer.join();
        assertTrue(seen, "the spin ended when the result arrived");
    }

    @Test
    void gives_up_after_its_budget() {
        CompletableFuture<String> never = new CompletableFuture<>();
        long started = System.nanoTime();
        assertFalse(BriefSpin.spin(never, TimeUnit.MILLISECONDS.toNanos(20)));
        long spent = System.nanoTime() - started;
        assertTrue(spent >= TimeUnit.MILLISECONDS.toNanos(20), "spun its whole budget: " + spent + " ns");
        assertTrue(spent < TimeUnit.SECONDS.toNanos(2), "and not much longer: " + spent + " ns");
    }

    @Test
    void a_negative_budget_is_refused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BriefSpin.configure(java.time.Duration.ofNanos(-1)));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        assertEquals(0, BriefSpin.budgetNanos());
    }

    @Test
    void a_done_result_returns_at_once() {
        assertTrue(BriefSpin.spin(CompletableFuture.completedFuture("x"), TimeUnit.SECONDS.toNanos(5)));
    }
}
