package dev.mapisync.store.local;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** What an I/O failure of the store's files means to its caller: a full disk, a store it may not write, or a fault. */
final class StoreFailures {

    private StoreFailures() {
    }

    /** @param what what failed, for example {@code folder "Inbox" cannot be listed} */
    static StoreException of(String what, IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof FileSystemException fs && fs.getReason() != null && fs.getReason().contains("No space left")
                || message.contains("No space left")) {
            return new StoreException(Status.QUOTA, what + ": the disk is full (" + e.getMessage() + ")", e);
        }
        if (e instanceof AccessDeniedException || message.contains("Read-only file system")
                || message.contains("Operation not permitted")) {
            return new StoreException(Status.PROVIDER_FAULT, what + ": not writable (" + e.getMessage() + ")", e);
        }
        return new StoreException(Status.PROVIDER_FAULT, what + ": " + e, e);
    }
}
