package dev.mapisync.store.imap;

import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.Comparator;
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
     * Each folder is asked about by the holder of the next one (by name), so the same
     * connection asks about the same folder at every sync (a folder stays on its connection):
     * its server session then has that folder's status at hand (Dovecot: 0.1 ms, where a folder
     * the session did not look at lately costs 10 to 20 ms). A connection that holds nothing
     * asks where no other can.
     *
     * @param connections the attempt's connections, already checked (their NOOP answered);
     *        the first is the one the listing was asked on
     * @param listed each folder's standing as the listing reported it, by server name
     * @return for each folder that a connection holds and heard no news of, its standing as a
     *         connection that does not hold it sees it; folders nobody else could see are absent
     */
    static Map<String, FolderSyncState> confirm(List<ImapConnection> connections, Map<String, FolderSyncState> listed) {
        Map<String, FolderSyncState> confirmed = new HashMap<>();
        Optional<String> listedOwn = connections.get(0).selectedName();
        List<ImapConnection> holders = connections.stream().filter(c -> c.selectedName().isPresent())
                .sorted(Comparator.comparing(c -> c.selectedName().orElseThrow())).toList();
        List<ImapConnection> free = connections.stream().filter(c -> c.selectedName().isEmpty()).toList();
        for (int i = 0; i < holders.size(); i++) {
            ImapConnection holder = holders.get(i);
            String name = holder.selectedName().orElseThrow();
            if (!holder.heardNothing() || confirmed.containsKey(name)) {
                continue;
            }
            if (listed.containsKey(name) && !listedOwn.equals(Optional.of(name))) {
                confirmed.put(name, listed.get(name));
                continue;
            }
            asker(name, holders, i, free).flatMap(asker -> standing(asker, name))
                    .ifPresent(standing -> confirmed.put(name, standing));
        }
        return confirmed;
    }

    /**
     * Has each connection look once at the folder it will be asked to confirm at the next sync,
     * if it did not last time: the first look costs the server what a SELECT does (Dovecot reads
     * the folder's UID list), every later one next to nothing. Called when a sync has left its
     * folders selected, so that the next sync pays only the cheap looks.
     */
    static void prepare(List<ImapConnection> connections) {
        List<ImapConnection> holders = connections.stream().filter(c -> c.selectedName().isPresent())
                .sorted(Comparator.comparing(c -> c.selectedName().orElseThrow())).toList();
        List<ImapConnection> free = connections.stream().filter(c -> c.selectedName().isEmpty()).toList();
        for (int i = 0; i < holders.size(); i++) {
            String name = holders.get(i).selectedName().orElseThrow();
            asker(name, holders, i, free).filter(asker -> !asker.askedLastAbout(name))
                    .ifPresent(asker -> standing(asker, name));
        }
    }

    /** @return the holder of the next folder that is not this one, else a connection holding nothing */
    private static Optional<ImapConnection> asker(String name, List<ImapConnection> holders, int holder,
            List<ImapConnection> free) {
        for (int step = 1; step < holders.size(); step++) {
            ImapConnection next = holders.get((holder + step) % holders.size());
            if (!next.selectedName().orElseThrow().equals(name)) {
                return Optional.of(next);
            }
        }
        return free.stream().findFirst();
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
