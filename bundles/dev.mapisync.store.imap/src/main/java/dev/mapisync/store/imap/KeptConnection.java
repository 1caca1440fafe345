package dev.mapisync.store.imap;

import dev.mapisync.api.store.StoreException;
import jakarta.mail.MessagingException;
import java.io.IOException;

/**
 * The account's logged-in connection between two syncs, as mail clients keep theirs: the next
 * sync within {@link #KEEP_MILLIS} skips the login (on Dovecot a login costs more than all
 * else a sync of an unchanged mailbox does). At most one; it is checked (NOOP) before reuse,
 * and one found dead or too old is closed. Nothing closes it in between: the server's
 * idle logout does, or the next sync, or the account store going away.
 */
final class KeptConnection implements AutoCloseable {

    /** Kept this long at most: past it, the server may have logged it out anyway. */
    static final long KEEP_MILLIS = 5 * 60 * 1000;

    private ImapConnection kept;
    private long keptAt;

    /** @return the kept connection if it still works, else empty; either way the slot is free */
    synchronized ImapConnection take() {
        ImapConnection connection = kept;
        kept = null;
        if (connection == null) {
            return null;
        }
        boolean alive;
        try {
            alive = System.currentTimeMillis() - keptAt < KEEP_MILLIS
                    && ImapConnection.withMailClassLoader(() -> connection.store().isConnected());
        } catch (MessagingException | IOException | StoreException | RuntimeException e) {
            alive = false;
        }
        if (!alive) {
            connection.close();
            return null;
        }
        return connection;
    }

    /** Keeps a connection whose sync went well, closing the one kept before, if any. */
    synchronized void keep(ImapConnection connection) {
        if (kept != null) {
            kept.close();
        }
        kept = connection;
        keptAt = System.currentTimeMillis();
    }

    @Override
    public synchronized void close() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }
}
