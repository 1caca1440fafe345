package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import jakarta.mail.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One sync of an IMAP account with its replica, run on the host's executor: the handle the
 * host holds, which ends the sync exactly once, however it ends. The sync's story is told by
 * its parts, in this order: {@link SyncAttempts} (the attempts and what ends each), {@link
 * Attempt} (one attempt's connections and state), {@link ChangeUpload} (the user's journaled
 * changes), {@link HierarchyMirror} (the folders), {@link FolderWorkers} (the folders spread
 * over connections), and for each folder {@link FolderPlanner} (what it needs, nothing
 * written), {@link ServerChanges} (expunges and flags applied) and {@link FolderDownload}
 * (its new messages); {@link SyncProgress} reports. Everything written into the replica is
 * idempotent and carries the server's UID, so a sync broken off at any point (cancel,
 * network, crash) resumes without downloading again what the replica holds and without
 * duplicates.
 *
 * <p>A message that fails is reported through {@code error} and skipped (the sync ends
 * {@link Status#PARTIAL}); a logon failure ends the sync at once; a broken connection is
 * retried with backoff before the sync ends {@link Status#NETWORK}; a cancel closes the
 * connections, which breaks off any blocking read at once.
 */
final class ImapSyncRun implements SyncHandle {

    static final int WRITERS = 4;
    /**
     * Fetched content waiting for the writers at most: the fetching waits beyond it. Small on
     * purpose: what waits when the young generation is collected gets promoted, and with 16 MB
     * a full sync in the launcher's 128 MB heap took three times the full collections (measured
     * at 20,000 messages: 28 against 10) and was no faster.
     */
    static final long WRITER_BUDGET = 6L * 1024 * 1024;

    private final SyncParts parts;
    private final CompletableFuture<Status> completion = new CompletableFuture<>();

    ImapSyncRun(ImapSettings settings, Session session, KeptConnections kept, ImapBudget budget, SyncRequest request,
            Replica replica) {
        Refusals refusals = new Refusals(ImapLogin.budget(session));
        this.parts = new SyncParts(settings, session, kept, budget, request, replica,
                new ParallelAppends(WRITERS, WRITER_BUDGET, budget.messageBytes(), "mapisync-imap-store"), refusals,
                new FetchTroubles(refusals), new SyncProgress(request.callback()), new Cancellation());
    }

    void start() {
        parts.request().session().executor().execute(this::run);
    }

    @Override
    public CompletionStage<Status> completion() {
        return completion;
    }

    @Override
    public void cancel() {
        parts.cancel().request();
    }

    private void run() {
        ParallelAppends writers = parts.writers();
        Status status = Status.PROVIDER_FAULT;
        try {
            status = new SyncAttempts(parts).run();
        } catch (StoreException e) {
            parts.progress().error(e.status(), "the replica: " + e.getMessage());
            status = e.status();
        } catch (RuntimeException e) {
            if (parts.cancelled()) {
                // A cancel closes the connections under the workers; Angus may say so as an IllegalStateException.
                status = Status.CANCELLED;
            } else {
                parts.progress().error(Status.PROVIDER_FAULT, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        } catch (OutOfMemoryError e) {
            // The heap is the whole host's: this sync lets go of what it holds and ends; the next one starts afresh.
            writers.dropQueued();
            parts.progress().error(Status.PROVIDER_FAULT, "out of memory (" + e.getMessage()
                    + "); the sync ended, the next one resumes");
        } finally {
            if (status == Status.CANCELLED) {
                writers.dropQueued();
            }
            writers.close();
            parts.progress().done(status);
            completion.complete(status);
        }
    }
}
