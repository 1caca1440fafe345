package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One attempt at a sync, made fresh for each: its connections (the sync's own, and the
 * further ones that compare and download folders beside it), where each folder stood when it
 * began, and what its end says about the next attempt. Its connections are closed at its end,
 * or kept for the next sync if it got through.
 */
final class Attempt implements AutoCloseable {

    private final ImapConnection main;
    private final boolean reused;
    private final Cancellation cancel;
    private final Set<ImapConnection> helpers = ConcurrentHashMap.newKeySet();
    private final FolderStandings standings;
    /** The folder whose batch fetch was on the wire when a connection of this attempt broke, if one was. */
    private volatile FolderPath brokeBatching;
    /** Whether a further connection's failure ended the attempt (the sync's own connection was fine). */
    private volatile boolean helperFailed;
    /** Whether its connections were kept for the next sync. */
    private boolean kept;

    /** @param reused whether {@code main} is the connection the last sync kept */
    Attempt(ImapConnection main, boolean reused, Replica replica, Cancellation cancel) {
        this.main = main;
        this.reused = reused;
        this.cancel = cancel;
        this.standings = new FolderStandings(replica);
        cancel.watch(main);
    }

    ImapConnection main() {
        return main;
    }

    /** @return whether the attempt runs on the connection the last sync kept */
    boolean reused() {
        return reused;
    }

    FolderStandings standings() {
        return standings;
    }

    /** A further connection at work in this attempt: a cancel breaks it off, the attempt's end closes or keeps it. */
    void helping(ImapConnection helper) {
        helpers.add(helper);
        cancel.watch(helper);
    }

    /** Breaks off what the further connections are doing: the attempt failed. */
    void closeHelpers() {
        helpers.forEach(ImapConnection::close);
    }

    /** A further connection failed first: the attempt's failure is its, whatever the sync's own connection was. */
    void failedOnHelper() {
        helperFailed = true;
    }

    /** A connection failed while fetching the batch of {@code batching} (null if none was on the wire). */
    void failedOn(FolderPath batching) {
        brokeBatching = batching;
    }

    /** @return the folder whose batch fetch was on the wire when the attempt failed, or null */
    FolderPath brokeBatching() {
        return brokeBatching;
    }

    /** @return whether the attempt failed because the kept connection it ran on had died while unused */
    boolean keptConnectionDied() {
        return reused && !helperFailed;
    }

    /** @return every connection of the attempt, its own first */
    List<ImapConnection> connections() {
        List<ImapConnection> all = new ArrayList<>(List.of(main));
        all.addAll(helpers);
        return all;
    }

    /**
     * The attempt got through: its connections stay logged in for the next sync. The sync's own
     * connection last, so that the next sync takes it first: the same connection lists the
     * folders every time, and each folder's asker stays the same.
     */
    void keepConnections(KeptConnections kept) {
        KeptFolderCheck.prepare(connections());
        for (ImapConnection helper : helpers) {
            cancel.forget(helper);
            kept.keep(helper);
        }
        helpers.clear();
        cancel.forget(main);
        kept.keep(main);
        this.kept = true;
    }

    /** Closes what was not kept. */
    @Override
    public void close() {
        if (kept) {
            return;
        }
        for (ImapConnection connection : connections()) {
            cancel.forget(connection);
            connection.close();
        }
        helpers.clear();
    }
}
