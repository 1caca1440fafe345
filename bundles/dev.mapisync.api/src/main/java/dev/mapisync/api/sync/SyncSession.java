package dev.mapisync.api.sync;

import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.Replica;
import java.util.concurrent.Executor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the host lends a provider for one sync.
 *
 * <p>MAPI counterpart: {@code MAPISIB.psesSync}, the {@code IMAPISession} through which a
 * provider reaches the profile and the default store. Implemented by the host only.
 * Thread-safe; valid until the sync's {@code done}.
 */
@ProviderType
public interface SyncSession {

    /** @return the default store, the one holding the Outbox */
    MessageStore defaultStore();

    /**
     * @return this store's replica: its own folder tree in the default store's storage, with
     *         its sync state and journal of local changes, isolated from every other store
     */
    Replica replica();

    /**
     * @return the executor the provider runs its sync work on; the host bounds and owns it,
     *         so the provider starts no threads of its own for ordinary work
     */
    Executor executor();
}
