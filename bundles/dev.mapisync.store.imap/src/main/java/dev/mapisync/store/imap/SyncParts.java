package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncRequest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.Optional;

/**
 * What every phase of one sync works with, bundled: the account and its server, the request,
 * the replica and the writers that fill it, how the sync reports, its cancel, and what it
 * learnt of the server's troubles. Lives as long as the sync; an attempt's own state is in
 * {@link Attempt}.
 *
 * @param writers the threads that put fetched messages and flag changes into the replica (they share its flushes)
 */
record SyncParts(ImapSettings settings, Session session, KeptConnections kept, ImapBudget budget,
        SyncRequest request, Replica replica, ParallelAppends writers, Refusals refusals,
        FetchTroubles troubles, SyncProgress progress, Cancellation cancel) {

    boolean cancelled() {
        return cancel.requested();
    }

    boolean has(SyncFlag flag) {
        return request.has(flag);
    }

    /** @return whether the request's folder scope (if it names one) covers the folder */
    boolean inScope(FolderPath path) {
        return request.folderScope().map(scope -> scope.stream().anyMatch(s -> s.contains(path))).orElse(true);
    }

    /** Waits for what was handed to the writers; the replica's failure is the sync's, an interrupt its cancel. */
    void awaitWriters() throws StoreException {
        try {
            writers.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.request();
        }
    }

    /** @return a further connection within the account's share of the host's budget, if there is room and it logs in */
    Optional<ImapConnection> further() throws MessagingException {
        Optional<ConnectionPermits.Permit> permit = budget.connections().further(settings.account());
        return permit.isEmpty() ? Optional.empty() : Optional.of(ImapLogin.open(session, settings, permit.get()));
    }
}
