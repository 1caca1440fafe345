package dev.mapisync.store.local;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The lock of one store's files, and what it knows of their use: nothing is read or written
 * after the close (so the index's mark of a clean close stays true even when a sync that is
 * still winding down tries to store one more message), when the store was last used, and
 * whether its index may be open, which the idle check reads without the lock (a thousand
 * idle replicas, twice a second, take no lock).
 */
final class StoreLock {

    /** Work on the store's files, done under its lock. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException, StoreException;
    }

    /** What an idle store does (parks its index); @return whether it did it now */
    @FunctionalInterface
    interface IdleWork {
        boolean run() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** The store's name, for the message a use after the close gets. */
    private final String store;
    /** When the store was last used (System.nanoTime); guarded by the lock. */
    private long lastUse = System.nanoTime();
    /** Whether the index may be open: set by every use, cleared by {@link #ifIdle} once it is parked. */
    private volatile boolean maybeInUse = true;
    /** Guarded by the lock. */
    private boolean closed;

    StoreLock(String store) {
        this.store = store;
    }

    /** Takes the lock of an open store. @throws StoreException if it is closed; the lock is then not held */
    void lockOpen() throws StoreException {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new StoreException(Status.CANCELLED, store + " is closed; nothing more is read or written");
        }
        lastUse = System.nanoTime();
        maybeInUse = true;
    }

    void unlock() {
        lock.unlock();
    }

    /** Runs work under the lock of an open store; an I/O failure becomes a StoreException saying what failed. */
    <T> T locked(Supplier<String> what, Work<T> work) throws StoreException {
        lockOpen();
        try {
            return work.run();
        } catch (IOException e) {
            throw StoreFailures.of(what.get(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs work under the lock, open or closed, as a use (the index is opened by it). */
    <T> T anyway(Supplier<T> work) {
        lock.lock();
        try {
            maybeInUse = true;
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code park} if nothing used the store for {@code idleMillis}; a store in use at this
     * moment, closed, or parked already is left alone.
     *
     * @param parked whether the index is parked (asked under the lock)
     * @return whether it was parked now
     */
    boolean ifIdle(long idleMillis, Supplier<Boolean> parked, IdleWork park) {
        if (!maybeInUse || !lock.tryLock()) {
            return false;
        }
        try {
            if (closed || parked.get()) {
                // A use sets it again, under the lock, after this.
                maybeInUse = false;
                return false;
            }
            if (System.nanoTime() - lastUse < idleMillis * 1_000_000L) {
                return false;
            }
            return park.run();
        } catch (IOException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Closes: {@code last} runs once, under the lock, and nothing after it. */
    void close(Runnable last) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            last.run();
        } finally {
            lock.unlock();
        }
    }
}
