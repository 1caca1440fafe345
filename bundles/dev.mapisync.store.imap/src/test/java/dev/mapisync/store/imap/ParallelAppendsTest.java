package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The writers of a sync: content handed over but not stored stays within the byte budget. */
class ParallelAppendsTest {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(5);
        }
    }

    /**
     * A message of 8 bytes held on its way to the disk through {@code first}; another of 8 through
     * {@code second} waits (8 + 8 is over the budget at stake) until the first is stored.
     */
    private static void secondWaitsForFirst(ParallelAppends first, ParallelAppends second) throws Exception {
        CountDownLatch disk = new CountDownLatch(1);
        first.submit(8, () -> {
            try {
                disk.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicBoolean handedOver = new AtomicBoolean();
        Thread fetcher = new Thread(() -> {
            second.submit(8, () -> { });
            handedOver.set(true);
        });
        fetcher.start();
        await("the second message waits for the budget", () -> fetcher.getState() == Thread.State.TIMED_WAITING);
        assertFalse(handedOver.get(), "8 + 8 bytes exceed the budget of 10");
        disk.countDown();
        await("the second message goes once the first is stored", handedOver::get);
        fetcher.join(10_000);
        first.await();
        second.await();
    }

    @Test
    void twoSyncsShareTheHostsBudget() throws Exception {
        // Each sync's own budget would let both messages through; the host's holds the second back.
        MessageBytes host = new MessageBytes(10);
        try (ParallelAppends one = new ParallelAppends(4, 1_000, host, "test-writer-1");
                ParallelAppends other = new ParallelAppends(4, 1_000, host, "test-writer-2")) {
            secondWaitsForFirst(one, other);
            assertEquals(0, host.held(), "every byte given back");
        }
    }

    @Test
    void fetchingWaitsWhileTheBudgetIsSpent() throws Exception {
        try (ParallelAppends appends = new ParallelAppends(4, 10, new MessageBytes(Long.MAX_VALUE), "test-writer")) {
            secondWaitsForFirst(appends, appends);
        }
    }

    @Test
    void whatFollowsAllStoresRunsAfterThemAndOnlyIfTheyAllSucceeded() throws Exception {
        try (ParallelAppends appends = new ParallelAppends(4, 1_000, new MessageBytes(Long.MAX_VALUE), "test-writer")) {
            AtomicInteger stored = new AtomicInteger();
            AtomicInteger seenByState = new AtomicInteger(-1);
            for (int i = 0; i < 20; i++) {
                appends.submit(10, () -> {
                    Thread.yield();
                    stored.incrementAndGet();
                });
            }
            appends.afterAll(() -> seenByState.set(stored.get()));
            appends.await();
            assertEquals(20, seenByState.get(), "the sync state is written after every message of the folder");

            AtomicBoolean stateWritten = new AtomicBoolean();
            appends.submit(10, () -> {
                throw new StoreException(Status.QUOTA, "disk full");
            });
            appends.afterAll(() -> stateWritten.set(true));
            assertThrows(StoreException.class, appends::await);
            assertFalse(stateWritten.get(), "no sync state moves past a message that was not stored");
        }
    }

    @Test
    void severalConnectionsHandOverAtOnceAndNothingIsLost() throws Exception {
        try (ParallelAppends appends = new ParallelAppends(4, 1_000, new MessageBytes(Long.MAX_VALUE), "test-writer")) {
            AtomicInteger stored = new AtomicInteger();
            AtomicInteger statesWritten = new AtomicInteger();
            List<Thread> connections = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                Thread connection = new Thread(() -> {
                    for (int folder = 0; folder < 20; folder++) {
                        for (int i = 0; i < 50; i++) {
                            appends.submit(10, stored::incrementAndGet);
                        }
                        appends.afterAll(statesWritten::incrementAndGet);
                    }
                });
                connections.add(connection);
                connection.start();
            }
            for (Thread connection : connections) {
                connection.join(10_000);
            }
            appends.await();
            assertEquals(3 * 20 * 50, stored.get(), "every message handed over is stored");
            assertEquals(3 * 20, statesWritten.get(), "every folder's sync state is written");
        }
    }

    @Test
    void aMessageBiggerThanTheBudgetGoesAloneAndFailuresReachTheSync() throws Exception {
        try (ParallelAppends appends = new ParallelAppends(2, 10, new MessageBytes(Long.MAX_VALUE), "test-writer")) {
            AtomicInteger stored = new AtomicInteger();
            appends.submit(1_000, stored::incrementAndGet);
            appends.submit(1_000, stored::incrementAndGet);
            appends.submit(() -> {
                throw new StoreException(Status.QUOTA, "disk full");
            });
            StoreException failure = assertThrows(StoreException.class, appends::await);
            assertEquals(Status.QUOTA, failure.status());
            assertEquals(2, stored.get(), "each message over the budget was let through on its own");
        }
    }

    /**
     * A cancel (or an OutOfMemoryError) drops the messages still queued: their bytes go back to
     * the host's budget all the same, else every sync of every account would wait on bytes
     * nobody holds.
     */
    @Test
    void droppedMessagesGiveTheirBytesBackToTheHost() throws Exception {
        MessageBytes host = new MessageBytes(1_000);
        AtomicInteger stored = new AtomicInteger();
        AtomicBoolean syncStateWritten = new AtomicBoolean();
        try (ParallelAppends appends = new ParallelAppends(1, 1_000, host, "test-writer")) {
            CountDownLatch disk = new CountDownLatch(1);
            CountDownLatch underWay = new CountDownLatch(1);
            appends.submit(100, () -> {
                underWay.countDown();
                try {
                    disk.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stored.incrementAndGet();
            });
            for (int i = 0; i < 5; i++) {
                appends.submit(100, stored::incrementAndGet);
            }
            appends.afterAll(() -> syncStateWritten.set(true));
            assertEquals(600, host.held());
            assertTrue(underWay.await(10, TimeUnit.SECONDS), "the first store is under way");
            appends.dropQueued();
            disk.countDown();
        }
        assertEquals(1, stored.get(), "the one under way was stored, the queued ones dropped");
        assertFalse(syncStateWritten.get(), "what follows all stores does not follow dropped ones");
        assertEquals(0, host.held(), "every byte given back");
    }
}
