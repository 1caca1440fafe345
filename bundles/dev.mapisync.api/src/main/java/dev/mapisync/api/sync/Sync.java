package dev.mapisync.api.sync;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A store's ability to synchronize itself with its server in the background.
 *
 * <p>MAPI counterpart: {@code IMAPISync}, with its one method
 * {@code SynchronizeInBackground(MAPISIB *)}. Implemented by store providers and reached
 * through {@link dev.mapisync.api.store.MessageStore#sync()}; called by the host.
 *
 * <p>Rules for the provider: {@link #synchronizeInBackground} returns at once, doing no I/O
 * on the caller's thread; the work runs on the request's session executor (or threads the
 * provider owns) and reports through the request's callback, calling {@code done} exactly
 * once. One store is never asked to run two syncs at once: the host serializes them.
 */
@ConsumerType
public interface Sync {

    /**
     * Starts a sync and returns at once.
     *
     * @param request what to sync, where to report, what the host lends
     * @return the handle to the running sync
     */
    SyncHandle synchronizeInBackground(SyncRequest request);
}
