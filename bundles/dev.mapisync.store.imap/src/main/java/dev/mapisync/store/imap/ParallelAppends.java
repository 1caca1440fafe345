package dev.mapisync.store.imap;

import dev.mapisync.api.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores fetched messages into the replica from a few threads at once. Each stored message is
 * made durable (written, forced, renamed, directory forced) before it counts; one thread waits
 * for the disk once per message, several share its flushes, which is where a sync spends its
 * time. The content handed over but not yet stored is bounded by a byte budget: when the
 * disk lags, the fetching waits. One per sync run, closed with it: no thread outlives it.
 */
final class ParallelAppends implements AutoCloseable {

    /** A message store that may fail as the replica does. */
    interface Append {
        void run() throws StoreException;
    }

    private final ThreadPoolExecutor pool;
    private final long budget;
    /** The host's budget for message bytes in memory, shared with every other sync. */
    private final MessageBytes shared;
    /** Guarded by itself: several connections hand over at once. */
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    /** Bytes handed over and not yet stored; guarded by this. */
    private long inFlight;
    /** Set by {@link #dropQueued}: what has not started skips its store, and still gives its bytes back. */
    private volatile boolean dropped;

    /**
     * @param budget what this sync's writers may have waiting at most
     * @param shared what all syncs' writers and fetches may have at most, together
     */
    ParallelAppends(int threads, long budget, MessageBytes shared, String name) {
        this.budget = budget;
        this.shared = shared;
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Hands over a change that holds no content (a flag change, say). */
    void submit(Append append) {
        submit(0, append);
    }

    /**
     * Hands over a message of {@code bytes} held in memory; waits first while the budget is
     * spent (one message is always let through, however big). Long, as the wait, the take from
     * the host's budget and the task that gives both back read best together: each give-back
     * matches a take, whichever way the task ends.
     */
    void submit(long bytes, Append append) {
        synchronized (this) {
            while (inFlight > 0 && inFlight + bytes > budget) {
                try {
                    // Woken as each store ends; the writers always end (stored or failed).
                    wait(100);
                } catch (InterruptedException e) {
                    // A cancel: hand it over without waiting; the run is ending.
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            inFlight += bytes;
        }
        boolean sharedTaken = bytes == 0;
        try {
            if (!sharedTaken) {
                shared.take(bytes);
                sharedTaken = true;
            }
        } catch (InterruptedException e) {
            // A cancel: as above, handed over without waiting.
            Thread.currentThread().interrupt();
        }
        boolean giveBackShared = sharedTaken && bytes > 0;
        CompletableFuture<Void> stored = CompletableFuture.runAsync(() -> {
            try {
                if (dropped) {
                    // Failed, not done: what waits for all stores (a folder's sync state) must not follow.
                    throw new CancellationException("dropped: the sync ended");
                }
                append.run();
            } catch (StoreException e) {
                throw new CompletionException(e);
            } finally {
                release(bytes);
                if (giveBackShared) {
                    shared.giveBack(bytes);
                }
            }
        }, pool);
        synchronized (pending) {
            pending.add(stored);
        }
    }

    /**
     * Runs {@code then} on a writer once everything handed over so far is stored, and only if
     * all of it was (else the first failure stands for it too); the caller goes on meanwhile.
     */
    void afterAll(Append then) {
        synchronized (pending) {
            CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
            pending.clear();
            pending.add(all.thenRunAsync(() -> {
                try {
                    then.run();
                } catch (StoreException e) {
                    throw new CompletionException(e);
                }
            }, pool));
        }
    }

    /** @return what was handed over so far, no longer pending here */
    private List<CompletableFuture<Void>> takePending() {
        synchronized (pending) {
            List<CompletableFuture<Void>> taken = new ArrayList<>(pending);
            pending.clear();
            return taken;
        }
    }

    private synchronized void release(long bytes) {
        inFlight -= bytes;
        notifyAll();
    }

    /** Waits for every submitted append; the first failure is thrown once all have ended. */
    void await() throws StoreException, InterruptedException {
        Throwable first = null;
        for (CompletableFuture<Void> future : takePending()) {
            try {
                future.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            }
        }
        if (first instanceof StoreException store) {
            throw store;
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            // An OutOfMemoryError in a writer ends the sync as one on the sync's thread would.
            throw error;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    /**
     * Drops what was handed over and not yet started: on a cancel those messages are left for
     * the next sync (storing is idempotent) instead of delaying the end. Not to be awaited after.
     */
    void dropQueued() {
        // Not Future.cancel: a cancelled task never runs, so its finally would never give the bytes back.
        dropped = true;
        takePending();
    }

    /** Lets the appends under way end (a message is stored whole or not at all), then stops the threads. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
