package dev.mapisync.store.imap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sync's cancel: a flag every phase looks at between steps, and the connections it breaks
 * off at once (closing a socket ends any blocking read, so a cancel never waits on a silent
 * server).
 */
final class Cancellation {

    private volatile boolean requested;
    private final Set<ImapConnection> open = ConcurrentHashMap.newKeySet();

    /** Cancels: every watched connection is broken off. */
    void request() {
        requested = true;
        open.forEach(ImapConnection::abort);
    }

    boolean requested() {
        return requested;
    }

    /** A connection a cancel breaks off from now on; broken off at once if the cancel came first. */
    void watch(ImapConnection connection) {
        open.add(connection);
        if (requested) {
            connection.abort();
        }
    }

    /** The connection is closed or kept for the next sync: a cancel of this sync leaves it alone. */
    void forget(ImapConnection connection) {
        open.remove(connection);
    }

    /** Waits, unless cancelled. @return false if cancelled */
    boolean pause(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!requested && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, deadline - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !requested;
    }
}
