package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The host's connection budget: first connections wait their turn and always come, kept ones
 * make room oldest first, further ones only within a fair share and never ahead of a waiter,
 * and a cancel ends a wait.
 */
class ConnectionPermitsTest {

    private static CompletableFuture<ConnectionPermits.Permit> firstLater(ConnectionPermits permits, String account) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return permits.first(account, () -> false).orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertWaiting(CompletableFuture<?> future) throws Exception {
        try {
            future.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("granted while the budget is spent");
        } catch (TimeoutException expected) {
            // Still waiting, as it should.
        }
    }

    @Test
    void aFirstConnectionWaitsItsTurnAndComesWhenAPlaceIsGivenBack() throws Exception {
        ConnectionPermits permits = new ConnectionPermits(2);
        ConnectionPermits.Permit a = permits.first("a", () -> false).orElseThrow();
        permits.first("b", () -> false).orElseThrow();
        CompletableFuture<ConnectionPermits.Permit> c = firstLater(permits, "c");
        assertWaiting(c);
        assertTrue(permits.further("a").isEmpty(), "no further connection while another account waits for its first");
        a.close();
        a.close();
        c.get(5, TimeUnit.SECONDS);
        assertEquals(2, permits.used(), "a permit given back once, however often closed");
    }

    @Test
    void keptConnectionsMakeRoomOldestFirst() throws Exception {
        ConnectionPermits permits = new ConnectionPermits(2);
        List<String> closed = new ArrayList<>();
        ConnectionPermits.Permit a = permits.first("a", () -> false).orElseThrow();
        ConnectionPermits.Permit b = permits.first("b", () -> false).orElseThrow();
        a.idle(() -> {
            closed.add("a");
            a.close();
        });
        b.idle(() -> {
            closed.add("b");
            b.close();
        });
        permits.first("c", () -> false).orElseThrow();
        assertEquals(List.of("a"), closed, "the oldest kept one, and only it");
        b.busy();
        CompletableFuture<ConnectionPermits.Permit> d = firstLater(permits, "d");
        assertWaiting(d);
        assertEquals(List.of("a"), closed, "a connection taken back into a sync is never closed for another");
    }

    @Test
    void furtherConnectionsComeWithinAFairShare() {
        ConnectionPermits permits = new ConnectionPermits(6);
        assertTrue(permits.further("a").isPresent(), "a sync of its own: up to the whole budget");
        permits.further("b").orElseThrow();
        // Two accounts at work: three each.
        assertTrue(permits.further("a").isPresent());
        assertTrue(permits.further("a").isPresent());
        assertTrue(permits.further("a").isEmpty(), "a fourth would take b's share");
        assertTrue(permits.further("b").isPresent());
        assertTrue(permits.further("b").isPresent());
        assertTrue(permits.further("b").isEmpty());
        assertEquals(6, permits.used());
    }

    @Test
    void aCancelEndsTheWait() throws Exception {
        ConnectionPermits permits = new ConnectionPermits(1);
        permits.first("a", () -> false).orElseThrow();
        long start = System.nanoTime();
        Optional<ConnectionPermits.Permit> none = permits.first("b", () -> System.nanoTime() - start > 200_000_000L);
        assertFalse(none.isPresent());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "ended soon after the cancel");
        assertTrue(permits.further("a").isEmpty(), "the budget is spent");
        assertEquals(1, permits.used());
    }
}
