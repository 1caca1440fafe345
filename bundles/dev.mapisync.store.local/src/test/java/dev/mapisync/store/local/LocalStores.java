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
}
