package dev.mapisync.store.imap;

import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * The server folder an upload keeps selected between consecutive flag changes and deletes in
 * it: one SELECT for a run of them, where a SELECT of a large folder costs the server far more
 * than the change (docs/benchmarks.md, "Two-way Maildir"). Any other change closes it first.
 */
final class SelectedFolder {

    private IMAPFolder open;

    /** @return whether the change may find the folder still selected (flags and deletes) */
    static boolean keptFor(LocalChange change) {
        return change.kind() == LocalChange.Kind.FLAGS || change.kind() == LocalChange.Kind.DELETE;
    }

    /** @return whether this server folder is the one selected now */
    boolean holds(IMAPFolder folder) {
        return open != null && open.isOpen() && open.getFullName().equals(folder.getFullName());
    }

    /** @return the server folder, selected read-write: the one kept from the last change if it is that folder */
    IMAPFolder open(IMAPFolder folder) throws MessagingException {
        if (holds(folder)) {
            return open;
        }
        close();
        folder.open(Folder.READ_WRITE);
        open = folder;
        return folder;
    }

    void close() {
        if (open == null) {
            return;
        }
        IMAPFolder closing = open;
        open = null;
        try {
            ImapConnection.withMailClassLoader(() -> {
                if (closing.isOpen()) {
                    closing.close(false);
                }
                return null;
            });
        } catch (MessagingException | IOException | StoreException | RuntimeException e) {
            // The next command finds out whether the connection still serves.
        }
    }
}
