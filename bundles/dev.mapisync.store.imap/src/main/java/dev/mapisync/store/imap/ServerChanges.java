package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import java.util.Map;
import java.util.Set;

/**
 * Applies what a {@link FolderPlan} found changed on the server to the replica, before the
 * folder's new messages are downloaded: the folder's new start (a renumbered folder is
 * emptied of what was downloaded, in the same commit), the expunges, and the flag changes.
 * Flag changes go to the writers, which share the disk's flushes, while the next folders are
 * compared; the folder's sync state is written after all of them ({@link FolderDownload}).
 * Each write is idempotent: a sync broken off in between does it again.
 */
final class ServerChanges {

    private final Replica replica;
    private final ParallelAppends writers;

    ServerChanges(Replica replica, ParallelAppends writers) {
        this.replica = replica;
        this.writers = writers;
    }

    void apply(FolderPlan plan) throws StoreException {
        FolderPath path = plan.path();
        if (plan.restart().isPresent()) {
            if (plan.renumbered()) {
                replica.resetFolder(path, plan.restart().get());
            } else {
                replica.setSyncState(path, plan.restart().get());
            }
        }
        for (String expunged : plan.expunged()) {
            replica.applyRemoteDelete(path, expunged);
        }
        for (Map.Entry<String, Set<MessageFlag>> change : plan.flags().entrySet()) {
            writers.submit(() -> replica.applyRemoteFlags(path, change.getKey(), change.getValue()));
        }
    }
}
