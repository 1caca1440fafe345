package dev.mapisync.store.imap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The account's logged-in connections between two syncs, as mail clients keep theirs: the
 * next sync within {@link #KEEP_MILLIS} skips the login (on Dovecot a login costs more than all
 * else a sync of an unchanged mailbox does). As many as the account's connections at most;
 * each is checked (NOOP) before reuse, and one found dead or too old is closed. Each may hold
 * the folder it synchronized last still selected ({@link ImapConnection}). Nothing closes
 * them in between: the server's idle logout does, or the next sync, or the account store
 * going away. The last kept is taken first: a sync keeps its own connection last, so that it is
 * the next sync's own again (the one that lists the folders, see {@link KeptFolderCheck}).
 * A kept connection keeps its place in the host's budget ({@link ConnectionPermits}) until a
 * sync of any account needs the place and none is free: then the oldest kept is closed.
 */
final class KeptConnections implements AutoCloseable {

    /** Kept this long at most: past it, the server may have logged it out anyway. */
    static final long KEEP_MILLIS = 5 * 60 * 1000;

    private record Kept(ImapConnection connection, long since) {
    }

    private final int capacity;
    /** The most recently kept first: the likeliest to be alive. */
    private final Deque<Kept> kept = new ArrayDeque<>();

    KeptConnections(int capacity) {
        this.capacity = capacity;
    }

    /** @return a kept connection that still works, else null; those found dead are closed and dropped */
    ImapConnection take() {
        for (;;) {
            Kept candidate;
            synchronized (this) {
                candidate = kept.pollFirst();
                if (candidate != null) {
                    // Under this lock, as keep and evict: the budget never closes a connection in use.
                    candidate.connection().permit().busy();
                }
            }
            if (candidate == null) {
                return null;
            }
            if (alive(candidate)) {
                return candidate.connection();
            }
            candidate.connection().close();
        }
    }

    private static boolean alive(Kept candidate) {
        // The NOOP goes out outside the lock: the sync's other connections take theirs meanwhile.
        return young(candidate) && candidate.connection().check();
    }

    private static boolean young(Kept candidate) {
        return System.currentTimeMillis() - candidate.since() < KEEP_MILLIS;
    }

    /**
     * Up to {@code max} kept connections, not checked yet: the caller hands each to the thread
     * that will use it, which checks it ({@link ImapConnection#check()}) and closes it if dead.
     * Those past their age are closed here.
     */
    List<ImapConnection> takeUnchecked(int max) {
        List<ImapConnection> taken = new ArrayList<>();
        List<Kept> old = new ArrayList<>();
        synchronized (this) {
            while (taken.size() < max && !kept.isEmpty()) {
                Kept candidate = kept.pollFirst();
                candidate.connection().permit().busy();
                if (young(candidate)) {
                    taken.add(candidate.connection());
                } else {
                    old.add(candidate);
                }
            }
        }
        old.forEach(k -> k.connection().close());
        return taken;
    }

    /** Keeps a connection whose sync went well; beyond the capacity, the oldest kept one is closed. */
    void keep(ImapConnection connection) {
        Kept oldest = null;
        synchronized (this) {
            connection.permit().idle(() -> evict(connection));
            kept.addFirst(new Kept(connection, System.currentTimeMillis()));
            if (kept.size() > capacity) {
                oldest = kept.pollLast();
            }
        }
        if (oldest != null) {
            oldest.connection().close();
        }
    }

    /** Closes a kept connection the budget needs the place of, unless a sync took it meanwhile. */
    private void evict(ImapConnection connection) {
        boolean held;
        synchronized (this) {
            held = kept.removeIf(k -> k.connection() == connection);
        }
        if (held) {
            connection.close();
        }
    }

    @Override
    public void close() {
        List<Kept> all;
        synchronized (this) {
            all = List.copyOf(kept);
            kept.clear();
        }
        all.forEach(k -> k.connection().close());
    }
}
