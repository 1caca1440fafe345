package dev.mapisync.store.local;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.util.Arrays;

/**
 * What a store is: the default store, which holds the well-known folders (the host's outbox,
 * sent items and the others) and protects them, or a remote store's replica, which journals
 * the user's changes for upload. Either way the Inbox cannot be renamed, replaced or deleted.
 */
enum StoreRole {
    /** The default store: the well-known folders exist and stay; nothing is journaled. */
    DEFAULT_STORE,
    /** A remote store's replica: the user's changes are journaled, the server's are mirrored. */
    REPLICA;

    /** @param action what would happen to it, for the message, for example {@code renamed} */
    void checkMovable(FolderPath path, String action) throws StoreException {
        boolean wellKnown = Arrays.stream(WellKnownFolder.values()).anyMatch(folder -> folder.path().equals(path));
        if (FolderNames.isInbox(path) || this == DEFAULT_STORE && wellKnown) {
            throw new StoreException(Status.PROVIDER_FAULT, "folder \"" + path + "\" is a well-known folder and cannot be "
                    + action);
        }
    }
}
