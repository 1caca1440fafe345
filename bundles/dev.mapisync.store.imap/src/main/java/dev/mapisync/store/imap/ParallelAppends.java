package dev.mapisync.store.imap;

import dev.mapisync.api.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores fetched messages into the replica from a few threads at once. Each stored message is
 * made durable (written, forced, renamed, directory forced) before it counts; one thread waits
 * for the disk once per message, several share its flushes, which is where a sync of many
 * small messages spends its time. One per sync run, closed with it: no thread outlives it.
 */
final class ParallelAppends implements AutoCloseable {

    /** A message store that may fail as the replica does. */
    interface Append {
        void run() throws StoreException;
    }

    private final ThreadPoolExecutor pool;
    private final List<Future<?>> pending = new ArrayList<>();

    ParallelAppends(int threads, String name) {
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    void submit(Append append) {
        pending.add(pool.submit(() -> {
            append.run();
            return null;
        }));
    }

    /** Waits for every submitted append; the first failure is thrown once all have ended. */
    void await() throws StoreException, InterruptedException {
        Throwable first = null;
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            }
        }
        pending.clear();
        if (first instanceof StoreException store) {
            throw store;
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
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
