package dev.mapisync.api.store;

import dev.mapisync.api.Identity;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where the replicas of remote stores live: the default store's storage, one isolated tree
 * per provider instance (per account).
 *
 * <p>MAPI counterpart: the offline folder files (OST) Outlook keeps per account beside the
 * default store. Registered as an OSGi service by the default store's bundle; used by the
 * host, which hands each sync its replica through
 * {@link dev.mapisync.api.sync.SyncSession#replica()}. Thread-safe.
 */
@ProviderType
public interface ReplicaStorage {

    /**
     * Opens (creating on first use) the replica of one remote store. The same owner id always
     * opens the same replica, across restarts; two owners never share anything.
     *
     * @param owner the remote store's identity
     * @return its replica
     * @throws StoreException if the replica cannot be opened or created
     */
    Replica replica(Identity owner) throws StoreException;
}
