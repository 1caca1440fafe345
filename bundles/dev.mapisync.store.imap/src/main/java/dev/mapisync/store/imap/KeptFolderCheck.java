package dev.mapisync.store.imap;

import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the folders kept selected since the last sync are still the folders they were:
 * their UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ as seen from a connection that does not have
 * them selected. The connection that holds a folder cannot tell: a server owes it nothing when
 * the folder is deleted, renamed or replaced under it, and Dovecot 2.3 answers that
 * connection's NOOP, STATUS and LIST-STATUS from the folder as it was when selected (a
 * folder deleted and made again keeps its old UIDVALIDITY there). A folder not confirmed this
 * way is selected again.
 */
final class KeptFolderCheck {

    private KeptFolderCheck() {
    }

    /**
     * @param connections the attempt's connections, already checked (their NOOP answered);
     *        the first is the one the listing was asked on
     * @param listed each folder's standing as the listing reported it, by server name
     * @return for each folder that a connection holds and heard no news of, its standing as a
     *         connection that does not hold it sees it; folders nobody else could see are absent
     */
    static Map<String, FolderSyncState> confirm(List<ImapConnection> connections, Map<String, FolderSyncState> listed) {
        Map<String, FolderSyncState> confirmed = new HashMap<>();
        Optional<String> listedOwn = connections.get(0).selectedName();
        for (ImapConnection holder : connections) {
            Optional<String> held = holder.selectedName().filter(name -> holder.heardNothing());
            if (held.isEmpty() || confirmed.containsKey(held.get())) {
                continue;
            }
            String name = held.get();
            if (listed.containsKey(name) && !listedOwn.equals(held)) {
                confirmed.put(name, listed.get(name));
                continue;
            }
            for (ImapConnection asker : connections) {
                if (!asker.selectedName().equals(held)) {
                    standing(asker, name).ifPresent(standing -> confirmed.put(name, standing));
                    break;
                }
            }
        }
        return confirmed;
    }

    /** @return the folder's standing as {@code asker} sees it; empty if it could not say (then the folder is selected again) */
    private static Optional<FolderSyncState> standing(ImapConnection asker, String name) {
        try {
            return ImapConnection.withMailClassLoader(() -> asker.standingOf(name));
        } catch (MessagingException | IOException | StoreException | RuntimeException e) {
            // Gone on the server, or the asker's connection broke (its own work will find out): not confirmed.
            return Optional.empty();
        }
    }
}
