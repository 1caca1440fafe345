package dev.mapisync.store.imap;

import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
     * asks where no other can. INBOX is not asked about by the connection that lists the folders
 * (a LIST makes Dovecot look at INBOX anew for that session), and that connection stays the
 * same from sync to sync (see {@link KeptConnections}).
     *
     * @param connections the attempt's connections, already checked (their NOOP answered);
     *        the first is the one the listing was asked on
     * @param listed each folder's standing as the listing reported it, by server name
     * @return for each folder that a connection holds and heard no news of, its standing as a
     *         connection that does not hold it sees it; folders nobody else could see are absent
     */
    static Map<String, FolderSyncState> confirm(List<ImapConnection> connections, Map<String, FolderSyncState> listed) {
        Map<String, FolderSyncState> confirmed = new ConcurrentHashMap<>();
        Optional<String> listedOwn = connections.get(0).selectedName();
        Map<ImapConnection, List<String>> questions = new LinkedHashMap<>();
        forEachHeld(connections, (holder, name, asker) -> {
            if (!holder.heardNothing() || confirmed.containsKey(name)) {
                return;
            }
            if (listed.containsKey(name) && !listedOwn.equals(Optional.of(name))) {
                confirmed.put(name, listed.get(name));
            } else {
                asker.ifPresent(a -> questions.computeIfAbsent(a, k -> new ArrayList<>()).add(name));
            }
        });
        // Each asker on a thread of its own: the round trips overlap.
        Concurrently.forEach(new ArrayList<>(questions.entrySet()), "mapisync-imap-confirm", asked -> {
            for (String name : asked.getValue()) {
                standing(asked.getKey(), name).ifPresent(standing -> confirmed.put(name, standing));
            }
        });
        return confirmed;
    }

    /** What {@link #forEachHeld} hands over: a folder's holder, the folder, and who asks about it. */
    @FunctionalInterface
    private interface Held {
        void accept(ImapConnection holder, String name, Optional<ImapConnection> asker);
    }

    /** Goes through the held folders by name, each with its asker (see {@link #confirm}). */
    private static void forEachHeld(List<ImapConnection> connections, Held each) {
        List<ImapConnection> holders = connections.stream().filter(c -> c.selectedName().isPresent())
                .sorted(Comparator.comparing(c -> c.selectedName().orElseThrow())).toList();
        List<ImapConnection> free = connections.stream().filter(c -> c.selectedName().isEmpty()).toList();
        for (int i = 0; i < holders.size(); i++) {
            String name = holders.get(i).selectedName().orElseThrow();
            // Not the listing connection for INBOX: after a LIST, Dovecot looks at INBOX anew (10 ms, not 0.3).
            Optional<ImapConnection> notListing = name.equalsIgnoreCase("INBOX") ? Optional.of(connections.get(0))
                    : Optional.empty();
            each.accept(holders.get(i), name, asker(name, holders, i, free, notListing));
        }
    }

    /**
     * Has each connection look once at the folder it will be asked to confirm at the next sync,
     * if it did not last time: the first look costs the server what a SELECT does (Dovecot reads
     * the folder's UID list), every later one next to nothing. Called when a sync has left its
     * folders selected, so that the next sync pays only the cheap looks.
     */
    static void prepare(List<ImapConnection> connections) {
        Map<ImapConnection, String> looks = new LinkedHashMap<>();
        forEachHeld(connections, (holder, name, asker) -> asker.filter(a -> !a.askedLastAbout(name))
                .ifPresent(a -> looks.putIfAbsent(a, name)));
        Concurrently.forEach(new ArrayList<>(looks.entrySet()), "mapisync-imap-prepare",
                look -> standing(look.getKey(), look.getValue()));
    }

    /**
     * @param avoid a connection to pass over if another can ask
     * @return the holder of the next folder that is not this one, else a connection holding nothing
     */
    private static Optional<ImapConnection> asker(String name, List<ImapConnection> holders, int holder,
            List<ImapConnection> free, Optional<ImapConnection> avoid) {
        Optional<ImapConnection> fallback = Optional.empty();
        for (int step = 1; step < holders.size(); step++) {
            ImapConnection next = holders.get((holder + step) % holders.size());
            if (next.selectedName().orElseThrow().equals(name)) {
                continue;
            }
            if (avoid.isEmpty() || avoid.get() != next) {
                return Optional.of(next);
            }
            fallback = Optional.of(next);
        }
        Optional<ImapConnection> passedOver = fallback;
        return free.stream().findFirst().or(() -> passedOver);
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
