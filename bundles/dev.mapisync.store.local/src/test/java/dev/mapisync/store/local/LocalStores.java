package dev.mapisync.store.local;

import dev.mapisync.api.store.StoreException;
import java.nio.file.Path;

/** The real default store outside a framework, for the tests of other modules (the IMAP store's, the integration tests). */
public final class LocalStores {

    private LocalStores() {
    }

    /** @return the default store, with its replicas, in {@code data} (made if missing) */
    public static LocalStore at(Path data) throws StoreException {
        return new LocalStore(data.toAbsolutePath().normalize());
    }

    /** @return the directory of the replica of {@code ownerId} in the store at {@code data}: its Inbox, its folders beside */
    public static Path replicaRoot(Path data, String ownerId) {
        return data.toAbsolutePath().normalize().resolve("replicas").resolve(LocalStore.directoryName(ownerId));
    }
}
